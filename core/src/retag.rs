//! `autotag retag`'s decisions, pure: given a resource's tags as listed and what the policy
//! change adds or changes for its type ([`crate::policy::tag_sets::retag_delta`]), which tags to
//! write; and the run's summary per account and type, as a table, JSON lines or CSV.
//!
//! The rules: an added key is written only where the resource lacks it (write-once, as on
//! creation); a changed value is written only where the resource still holds the old policy's
//! value (an owner's own value is never overwritten); a stamp key is never written; and
//! nothing is written that would take the resource past 50 tags.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::audit::{OutputFormat, stamp_keys, write_records};
use crate::policy::TagPolicy;
use crate::policy::tag_sets::TagUpdate;
use crate::tags::MAX_TAGS_PER_RESOURCE;

pub mod versions;

/// What a run does to one resource.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ResourceChange {
    /// The tags to write (key → new value); empty when the resource is current.
    pub write: BTreeMap<String, String>,
    /// Keys left alone because the resource holds a value the policy never gave it (its owner
    /// set it), with that value.
    pub kept: BTreeMap<String, String>,
    /// Writing would take the resource past 50 tags: nothing is written.
    pub over_limit: bool,
}

/// The keys a retag never writes: every stamp key of both policies (backfill's date source
/// included).
pub fn protected_keys(old: &TagPolicy, new: &TagPolicy) -> BTreeSet<String> {
    [old, new]
        .into_iter()
        .flat_map(|policy| stamp_keys(&policy.keys, policy))
        .map(|key| key.as_str().to_owned())
        .collect()
}

/// What to write on a resource carrying `tags` for `updates` (its type's delta), never a key
/// in `protected`.
pub fn change_for(
    tags: &BTreeMap<String, String>,
    updates: &[TagUpdate],
    protected: &BTreeSet<String>,
) -> ResourceChange {
    let mut change = ResourceChange::default();
    for update in updates {
        let key = update.key.as_str();
        if protected.contains(key) {
            continue;
        }
        let value = update.value.as_str();
        match (tags.get(key), &update.previous) {
            (None, _) => {
                change.write.insert(key.to_owned(), value.to_owned());
            }
            (Some(now), _) if now == value => {}
            (Some(now), Some(previous)) if now == previous.as_str() => {
                change.write.insert(key.to_owned(), value.to_owned());
            }
            (Some(now), _) => {
                change.kept.insert(key.to_owned(), now.clone());
            }
        }
    }
    let added = change
        .write
        .keys()
        .filter(|key| !tags.contains_key(*key))
        .count();
    let counted = tags.keys().filter(|key| !key.starts_with("aws:")).count();
    if added > 0 && counted + added > MAX_TAGS_PER_RESOURCE {
        change.write.clear();
        change.over_limit = true;
    }
    change
}

/// What became of one resource in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Tags were written (or, in a dry run, would be).
    Updated,
    /// It already carries the new policy's tags, or only values its owner set.
    Current,
    /// Writing would pass the 50-tag limit.
    OverLimit,
    /// The write failed.
    Failed,
}

/// One summary row: an account and resource type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SummaryRow {
    /// The account.
    pub account: String,
    /// The registry resource type.
    pub resource_type: String,
    /// Resources of the type found.
    pub resources: usize,
    /// Resources written (in a dry run: that would be).
    pub updated: usize,
    /// Resources already current.
    pub current: usize,
    /// Tags left alone because their owner changed the value.
    pub kept: usize,
    /// Resources not written because of the 50-tag limit.
    pub over_limit: usize,
    /// Resources whose write failed.
    pub failed: usize,
    /// Tags written (in a dry run: that would be).
    pub tags_written: usize,
}

impl SummaryRow {
    /// Counts one resource's `change` and `outcome`.
    pub fn count(&mut self, change: &ResourceChange, outcome: Outcome) {
        self.resources += 1;
        self.kept += change.kept.len();
        match outcome {
            Outcome::Updated => {
                self.updated += 1;
                self.tags_written += change.write.len();
            }
            Outcome::Current => self.current += 1,
            Outcome::OverLimit => self.over_limit += 1,
            Outcome::Failed => self.failed += 1,
        }
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.resource_type.clone(),
            self.resources.to_string(),
            self.updated.to_string(),
            self.current.to_string(),
            self.kept.to_string(),
            self.over_limit.to_string(),
            self.failed.to_string(),
            self.tags_written.to_string(),
        ]
    }
}

/// The summary's columns.
pub const SUMMARY_HEADER: [&str; 9] = [
    "account",
    "resource_type",
    "resources",
    "updated",
    "current",
    "kept",
    "over_limit",
    "failed",
    "tags_written",
];

/// Writes `rows` in `format`.
pub fn write_summary(
    out: &mut impl fmt::Write,
    rows: &[SummaryRow],
    format: OutputFormat,
) -> fmt::Result {
    write_records(out, rows, &SUMMARY_HEADER, SummaryRow::cells, format)
}

/// [`write_summary`] into a new string.
pub fn render_summary(rows: &[SummaryRow], format: OutputFormat) -> String {
    let mut text = String::new();
    // Writing to a `String` cannot fail.
    let _ = write_summary(&mut text, rows, format);
    text
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]
    use super::*;
    use crate::policy::tag_sets::retag_delta;

    fn policy(text: &str) -> TagPolicy {
        TagPolicy::from_toml(text).unwrap()
    }

    fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    const OLD: &str = r#"
        [[tag_set]]
        resource_types = ["ecr:repository"]
        tags = { AutoTag_ManagedBy = "sre" }
    "#;
    const NEW: &str = r#"
        [[tag_set]]
        tags = { AutoTag_ManagedBy = "autotag", Compliance = "", Confidentiality = "internal" }
        resource_types = ["ecr:repository"]
    "#;

    #[test]
    fn added_keys_are_written_where_absent_and_changed_ones_where_the_old_value_is() {
        let (old, new) = (policy(OLD), policy(NEW));
        let delta = retag_delta(&old, &new);
        let updates = &delta["ecr:repository"];
        let protected = protected_keys(&old, &new);
        // Still the old value: replaced; absent keys: added.
        let change = change_for(
            &tags(&[("owner", "alice"), ("AutoTag_ManagedBy", "sre")]),
            updates,
            &protected,
        );
        assert_eq!(
            change.write,
            tags(&[
                ("AutoTag_ManagedBy", "autotag"),
                ("Compliance", ""),
                ("Confidentiality", "internal")
            ])
        );
        assert!(change.kept.is_empty() && !change.over_limit);
        // The owner's own values stay, an added key present with any value stays.
        let change = change_for(
            &tags(&[
                ("AutoTag_ManagedBy", "team-x"),
                ("Confidentiality", "secret"),
            ]),
            updates,
            &protected,
        );
        assert_eq!(change.write, tags(&[("Compliance", "")]));
        assert_eq!(
            change.kept,
            tags(&[
                ("AutoTag_ManagedBy", "team-x"),
                ("Confidentiality", "secret")
            ])
        );
        // A current resource: nothing (a re-run is a no-op).
        let current = tags(&[
            ("AutoTag_ManagedBy", "autotag"),
            ("Compliance", ""),
            ("Confidentiality", "internal"),
        ]);
        assert_eq!(
            change_for(&current, updates, &protected),
            ResourceChange::default()
        );
    }

    #[test]
    fn stamp_keys_are_never_written_and_the_limit_is_kept() {
        let new = policy(NEW);
        let updates = vec![TagUpdate {
            key: crate::tags::TagKey::parse("owner").unwrap(),
            value: crate::tags::TagValue::sanitize("x"),
            previous: None,
        }];
        let protected = protected_keys(&TagPolicy::default(), &new);
        assert!(protected.contains("owner") && protected.contains("dateCreated"));
        assert_eq!(
            change_for(&BTreeMap::new(), &updates, &protected),
            ResourceChange::default()
        );
        let delta = retag_delta(&TagPolicy::default(), &new);
        let full: BTreeMap<String, String> =
            (0..48).map(|n| (format!("k{n}"), String::new())).collect();
        let change = change_for(&full, &delta["ecr:repository"], &protected);
        assert!(change.over_limit && change.write.is_empty());
        // `aws:` keys do not count towards the limit.
        let mut with_aws: BTreeMap<String, String> =
            (0..47).map(|n| (format!("k{n}"), String::new())).collect();
        with_aws.insert("aws:cloudformation:stack-name".to_owned(), "s".to_owned());
        let change = change_for(&with_aws, &delta["ecr:repository"], &protected);
        assert_eq!(change.write.len(), 3);
    }

    #[test]
    fn the_summary_counts_and_renders() {
        let mut row = SummaryRow {
            account: "111111111111".to_owned(),
            resource_type: "ecr:repository".to_owned(),
            ..SummaryRow::default()
        };
        let change = ResourceChange {
            write: tags(&[("a", "1"), ("b", "")]),
            kept: tags(&[("c", "mine")]),
            over_limit: false,
        };
        row.count(&change, Outcome::Updated);
        row.count(&ResourceChange::default(), Outcome::Current);
        row.count(&change, Outcome::Failed);
        assert_eq!(
            (
                row.resources,
                row.updated,
                row.current,
                row.kept,
                row.failed
            ),
            (3, 1, 1, 2, 1)
        );
        assert_eq!(row.tags_written, 2);
        let csv = render_summary(std::slice::from_ref(&row), OutputFormat::Csv);
        assert_eq!(
            csv,
            "account,resource_type,resources,updated,current,kept,over_limit,failed,tags_written\r\n\
             111111111111,ecr:repository,3,1,1,2,0,1,2\r\n"
        );
        let json = render_summary(&[row], OutputFormat::Json);
        assert!(json.contains("\"tags_written\":2"), "{json}");
    }
}
