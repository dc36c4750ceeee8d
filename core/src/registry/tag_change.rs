//! Tag-change events: the calls that add, overwrite or remove tags on resources that already
//! exist, read into what they changed, so the hub can put back a stamp its ledger holds.
//!
//! A stamp is only worth what it costs to remove it. Every service the registry stamps has calls
//! that change tags after creation (`DeleteTags`, `UntagResource`, `PutBucketTagging`...). Each
//! service file lists its own as its `TAG_CHANGES`, and [`table`] joins them, one row per
//! `(eventSource, eventName)`. A row ([`TagChangeRow`], with its types and builders in
//! [`crate::services::row`]) says where the record names the resources and the tags, and what the
//! call does to the tag set ([`ChangeKind`]).
//! [`TagChangeRow::read`] turns a record into a [`TagChange`]; [`stamp_drift`] says which keys of
//! a recorded stamp it removed or overwrote.
//!
//! Resources are named as the registry names them when it stamps them, so the hub finds them in
//! its ledger by ARN: the same templates, the same refusals (a value holding template syntax, an
//! ARN in another account than the vouched one).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use crate::arn::{AccountId, Arn, Region};
use crate::event::Record;
use crate::json_path::{strings_at, value_at};
use crate::registry::{ArnContext, ExtractError, Locator, Transform, build_arn};

pub use crate::services::row::{ChangeKind, TagChangeRow, TagsAt, Target, arn_paths};

/// What a tag-change call did to the tag sets of its resources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// These keys were removed.
    Removed {
        /// The keys.
        keys: Vec<String>,
    },
    /// Every tag was removed.
    RemovedAll,
    /// These tags were written; other tags stay.
    Set {
        /// The tags.
        tags: BTreeMap<String, String>,
    },
    /// The whole tag set was replaced by these tags: a key absent from them was removed.
    Replaced {
        /// The tags.
        tags: BTreeMap<String, String>,
    },
}

/// A tag-change call, read from its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagChange {
    /// The vouched account the resources live in.
    pub account: AccountId,
    /// The region the hub reaches the resources in (a global service's control-plane region).
    pub region: Region,
    /// The partition, from the record's region.
    pub partition: &'static str,
    /// The resources whose tags changed, as the registry names them.
    pub resources: Vec<Arn>,
    /// What changed.
    pub change: Change,
    /// Whether the service compares tag keys ignoring case: pass it to [`stamp_drift`].
    pub case_insensitive_keys: bool,
    /// The caller's ARN, when the record names one.
    pub actor: Option<String>,
    /// The record's `eventTime`, normalised like `dateCreated`.
    pub event_time: String,
}

/// A key of a recorded stamp that a change removed or overwrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DriftedKey {
    /// The stamp's key, as recorded.
    pub key: String,
    /// The recorded value.
    pub recorded: String,
    /// The value the change wrote, or `None` when it removed the key.
    pub now: Option<String>,
}

/// Which keys of `stamp` (recorded key to value) `change` removed or overwrote with another
/// value, in the stamp's key order. Keys match ignoring ASCII case when `case_insensitive`;
/// values always match exactly. A key written again with its recorded value has not drifted.
pub fn stamp_drift(
    stamp: &BTreeMap<String, String>,
    change: &Change,
    case_insensitive: bool,
) -> Vec<DriftedKey> {
    let same = |a: &str, b: &str| {
        if case_insensitive {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let written = |tags: &BTreeMap<String, String>, key: &str| -> Option<String> {
        tags.get(key).cloned().or_else(|| {
            tags.iter()
                .find(|(candidate, _)| same(candidate, key))
                .map(|(_, value)| value.clone())
        })
    };
    stamp
        .iter()
        .filter_map(|(key, recorded)| {
            let now = match change {
                Change::RemovedAll => None,
                Change::Removed { keys } => {
                    if keys.iter().any(|removed| same(removed, key)) {
                        None
                    } else {
                        return None;
                    }
                }
                Change::Set { tags } => match written(tags, key) {
                    Some(value) if value != *recorded => Some(value),
                    _ => return None,
                },
                Change::Replaced { tags } => match written(tags, key) {
                    Some(value) if value == *recorded => return None,
                    other => other,
                },
            };
            Some(DriftedKey {
                key: key.clone(),
                recorded: recorded.clone(),
                now,
            })
        })
        .collect()
}

/// Why a tag-change record cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagChangeError {
    /// A resource could not be named, or is in another account.
    #[error(transparent)]
    Resource(#[from] ExtractError),
    /// The record names no resource autotag stamps.
    #[error("`{event_name}` names no resource autotag stamps")]
    NoResource {
        /// The event's name.
        event_name: &'static str,
    },
}

impl TagChangeRow {
    /// The paths where the row looks for its resources, in order.
    pub fn target_paths(&self) -> Vec<&'static str> {
        self.targets.iter().map(Target::path).collect()
    }

    /// Whether the row finds its resources by ARN, in any of the request fields services name
    /// it with ([`arn_paths`]).
    pub fn by_arn(&self) -> bool {
        self.target_paths() == arn_paths()
    }

    /// The resources the record changed and what it did to them. `context` holds the vouched
    /// account: an ARN naming another account is refused, as the registry refuses it.
    pub fn read(
        &self,
        record: &Record,
        context: ArnContext<'_>,
    ) -> Result<(Vec<Arn>, Change), TagChangeError> {
        let resources = self.resources(record, context)?;
        if resources.is_empty() {
            return Err(TagChangeError::NoResource {
                event_name: self.event_name,
            });
        }
        Ok((resources, self.change(record.json())))
    }

    fn resources(
        &self,
        record: &Record,
        context: ArnContext<'_>,
    ) -> Result<Vec<Arn>, ExtractError> {
        let json = record.json();
        let mut found: Vec<Arn> = Vec::new();
        for target in self.targets {
            let (path, values) = match target {
                Target::At(locator) => (locator.path, strings_at(json, locator.path)),
                Target::ByPrefix { path, .. } => (*path, strings_at(json, path)),
            };
            let values: Vec<&str> = values.into_iter().filter(|v| !v.is_empty()).collect();
            if values.is_empty() {
                continue;
            }
            for value in values {
                let locator = match target {
                    // An ARN is the resource's own name; a template would nest it in another.
                    Target::At(locator) if value.starts_with("arn:") => Locator {
                        transform: Transform::AsIs,
                        arn: "{id}",
                        ..*locator
                    },
                    Target::At(locator) => *locator,
                    Target::ByPrefix { prefixes, .. } => match by_prefix(prefixes, value) {
                        Some(template) => Locator {
                            path,
                            transform: Transform::AsIs,
                            arn: template,
                        },
                        None => continue,
                    },
                };
                let arn = build_arn(&locator, value, context, json)?;
                if !arn.account().is_empty() && arn.account() != context.account.as_str() {
                    return Err(ExtractError::OtherAccount {
                        path,
                        arn: arn.as_str().to_owned(),
                        found: arn.account().to_owned(),
                        expected: context.account.as_str().to_owned(),
                    });
                }
                if !found.contains(&arn) {
                    found.push(arn);
                }
            }
            break;
        }
        Ok(found)
    }

    fn change(&self, json: &Value) -> Change {
        match self.kind {
            ChangeKind::RemoveAll => Change::RemovedAll,
            ChangeKind::Set => Change::Set {
                tags: tags_at(json, self.tags),
            },
            ChangeKind::Replace => Change::Replaced {
                tags: tags_at(json, self.tags),
            },
            ChangeKind::Remove | ChangeKind::RemoveOrAll => {
                let mut keys: Vec<String> = Vec::new();
                for path in self.keys {
                    for key in strings_at(json, path) {
                        if !keys.iter().any(|known| known == key) {
                            keys.push(key.to_owned());
                        }
                    }
                }
                if keys.is_empty() && self.kind == ChangeKind::RemoveOrAll {
                    Change::RemovedAll
                } else {
                    Change::Removed { keys }
                }
            }
        }
    }
}

/// The template of the first prefix `id` starts with, if the rest of the id is an id's
/// letters, digits and dashes (so no id can carry a path or a qualifier into the ARN).
fn by_prefix(prefixes: &[(&str, &'static str)], id: &str) -> Option<&'static str> {
    prefixes.iter().find_map(|(prefix, template)| {
        let rest = id.strip_prefix(prefix)?;
        let plain =
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        plain.then_some(*template)
    })
}

/// The tags at the first of `paths` that holds any.
fn tags_at(json: &Value, paths: &[TagsAt]) -> BTreeMap<String, String> {
    for at in paths {
        let (path, list) = match at {
            TagsAt::List(path) => (*path, Some(true)),
            TagsAt::Map(path) => (*path, Some(false)),
            TagsAt::Either(path) => (*path, None),
        };
        let Some(value) = value_at(json, path).filter(|v| !v.is_null()) else {
            continue;
        };
        let as_list = list.unwrap_or(value.is_array());
        let tags: BTreeMap<String, String> = if as_list {
            let items: Vec<&Value> = match value {
                Value::Array(items) => items.iter().collect(),
                one => vec![one],
            };
            items
                .into_iter()
                .filter_map(|item| {
                    let key = text(value_at(item, "key")?)?;
                    let value = value_at(item, "value").and_then(text).unwrap_or_default();
                    Some((key, value))
                })
                .collect()
        } else {
            value
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(key, value)| Some((key.clone(), text(value)?)))
                .collect()
        };
        if !tags.is_empty() {
            return tags;
        }
    }
    BTreeMap::new()
}

/// A tag key or value as text: CloudTrail writes XML-born values as JSON scalars
/// (`"Value": true` for S3's tag `true`).
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => match items.as_slice() {
            [only] => text(only),
            _ => None,
        },
        _ => None,
    }
}

/// The row for `(event_source, event_name)`, if the call changes tags. A versioned name
/// (Lambda's `TagResource20170331v2`) matches its row whatever the version.
pub fn lookup(event_source: &str, event_name: &str) -> Option<&'static TagChangeRow> {
    crate::registry::find_call(
        || {
            table()
                .iter()
                .filter(move |row| row.event_source == event_source)
        },
        event_name,
        |row| row.event_name,
    )
}

/// The row the hub reads `(event_source, event_name)` by as a tag change: a call in [`table`]
/// that no registry row stamps through (a stamping row wins, since its event creates; an
/// untaggable one, as EC2 `CreateTags`, creates nothing but changes tags). The one rule for the
/// plan and for backfill, which leaves past changes alone.
pub fn change_row(event_source: &str, event_name: &str) -> Option<&'static TagChangeRow> {
    let stamps = crate::registry::lookup(event_source, event_name)
        .is_some_and(|row| row.route != crate::registry::Route::Untaggable);
    lookup(event_source, event_name).filter(|_| !stamps)
}

/// Every tag-change event: the union of the services' `TAG_CHANGES`, sorted by source, then
/// name. Built on first use, since static slices cannot be joined at compile time.
pub fn table() -> &'static [TagChangeRow] {
    static UNION: OnceLock<Vec<TagChangeRow>> = OnceLock::new();
    UNION.get_or_init(|| {
        let mut rows: Vec<TagChangeRow> = crate::services::ALL
            .iter()
            .flat_map(|service| service.tag_changes.iter().copied())
            .collect();
        rows.sort_by_key(|row| (row.event_source, row.event_name));
        rows
    })
}

/// Event sources the registry stamps that have no tag-change row, and why: each service
/// file's `TAG_CHANGES_NOT_READ`.
pub fn not_covered() -> Vec<(&'static str, &'static str)> {
    crate::services::ALL
        .iter()
        .filter_map(|service| {
            let why = service.tag_changes_not_read?;
            let source = service.rows.first()?.event_source;
            Some((source, why))
        })
        .collect()
}

#[cfg(test)]
mod tests;
