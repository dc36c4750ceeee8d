//! The pure half of `autotag audit` and of backfill's unknown-owner marker (issue 12).
//!
//! The hub lists the resources of each account and region and hands them here as [`Observed`],
//! with what its ledger recorded when it stamped them ([`LedgerEntry`]). This module decides each
//! resource's [`StampStatus`], builds the [`AuditRow`]s an auditor reads, filters them
//! ([`AuditFilter`]), sums them up per account, region and resource type ([`Coverage`]) and
//! renders both as a table, JSON lines or CSV ([`OutputFormat`]). [`unknown_marker`] says what
//! backfill writes on a resource nobody stamped.
//!
//! Tag keys are compared exactly, as AWS compares them: `Owner` is not the `owner` stamp.

mod coverage;
mod render;
mod types;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use crate::ecr::check::LabelCheck;
use crate::policy::{StampKeys, TagPolicy};
use crate::tags::{TagKey, TagSet, TagValue};

pub use coverage::{Coverage, CoverageKey, CoverageLine, CoverageScope, StatusCounts};
pub(crate) use render::write_records;
pub use render::{
    OutputFormat, UnknownFormat, csv_row, render_coverage, render_rows, write_coverage, write_rows,
};
pub use types::{LISTINGS, Listing, resource_type_of, route_of};

/// One resource as the hub found it in a spoke account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observed {
    /// The resource's ARN.
    pub arn: String,
    /// The account it lives in.
    pub account: String,
    /// The region it was listed in.
    pub region: String,
    /// Its type in the registry's naming (`ec2:instance`, `s3:bucket`); filters match it with
    /// wildcards, whatever the naming.
    pub resource_type: String,
    /// Every tag it carries now, as listed.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// The resource's own creation time (RFC 3339), when its service reports one.
    #[serde(default)]
    pub created_at: Option<String>,
    /// The call that listed it, e.g. `tagging:GetResources` or `ec2:DescribeInstances`.
    pub found_by: String,
}

/// What the hub's ledger recorded when it stamped a resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// The stamped resource's ARN.
    pub arn: String,
    /// The tags written.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// The event that caused the stamp, when there was one.
    #[serde(default)]
    pub event_id: Option<String>,
    /// When the stamp was recorded (RFC 3339).
    pub recorded_at: String,
}

/// A stamp key whose live value is not the one the ledger recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftedKey {
    /// The tag key.
    pub key: String,
    /// The value autotag wrote.
    pub recorded: String,
    /// The value the resource carries now; `None` when the tag was removed.
    pub live: Option<String>,
}

/// Where a resource stands with respect to its stamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum StampStatus {
    /// The owner key holds an owner.
    Stamped,
    /// The owner key holds the policy's `backfill.unknown_owner` marker.
    OwnerUnknown,
    /// The owner key is absent.
    Unstamped,
    /// A stamp the ledger recorded was removed or changed. It wins over the other statuses: a
    /// tampered stamp says nothing reliable about the owner.
    Drifted {
        /// The keys that drifted, in the policy's stamp order.
        #[serde(rename = "drifted")]
        keys: Vec<DriftedKey>,
    },
}

impl StampStatus {
    /// The status's name, as every output format writes it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Stamped => "stamped",
            Self::OwnerUnknown => "owner_unknown",
            Self::Unstamped => "unstamped",
            Self::Drifted { .. } => "drifted",
        }
    }
}

/// Classifies one resource. A ledger entry for another ARN is ignored, as if there were none:
/// it cannot say anything about this resource.
pub fn classify(
    observed: &Observed,
    ledger: Option<&LedgerEntry>,
    policy: &TagPolicy,
) -> StampStatus {
    let drifted = drift(observed, ledger_for(observed, ledger), policy);
    if !drifted.is_empty() {
        return StampStatus::Drifted { keys: drifted };
    }
    match observed.tags.get(policy.keys.owner.as_str()) {
        None => StampStatus::Unstamped,
        Some(owner) if owner == policy.backfill.unknown_owner.as_str() => StampStatus::OwnerUnknown,
        Some(_) => StampStatus::Stamped,
    }
}

fn ledger_for<'a>(observed: &Observed, ledger: Option<&'a LedgerEntry>) -> Option<&'a LedgerEntry> {
    ledger.filter(|entry| entry.arn == observed.arn)
}

/// Every key autotag writes as a stamp, optional ones included, and backfill's date source:
/// other recorded tags (static, inherited) are the owners' to change.
pub(crate) fn stamp_keys<'a>(
    keys: &'a StampKeys,
    policy: &'a TagPolicy,
) -> impl Iterator<Item = &'a TagKey> {
    [
        Some(&keys.owner),
        Some(&keys.date_created),
        Some(&keys.created_by),
        keys.invoked_by.as_ref(),
        keys.source_ip.as_ref(),
        keys.user_agent.as_ref(),
        keys.principal_type.as_ref(),
        Some(&policy.backfill.date_source_key),
    ]
    .into_iter()
    .flatten()
}

/// The stamp a resource carrying `tags` has now, its stamp keys only: what `autotag audit --adopt` records
/// for a stamped resource the ledger lacks (stamped before the ledger existed, or whose record
/// failed), so that its stamp is protected from then on. `None` without an owner key.
pub fn live_stamp(
    tags: &BTreeMap<String, String>,
    policy: &TagPolicy,
) -> Option<BTreeMap<String, String>> {
    tags.get(policy.keys.owner.as_str())?;
    Some(
        stamp_keys(&policy.keys, policy)
            .filter_map(|key| {
                tags.get(key.as_str())
                    .map(|value| (key.to_string(), value.clone()))
            })
            .collect(),
    )
}

fn drift(observed: &Observed, ledger: Option<&LedgerEntry>, policy: &TagPolicy) -> Vec<DriftedKey> {
    let Some(ledger) = ledger else {
        return Vec::new();
    };
    stamp_keys(&policy.keys, policy)
        .filter_map(|key| {
            let recorded = ledger.tags.get(key.as_str())?;
            let live = observed.tags.get(key.as_str());
            (live != Some(recorded)).then(|| DriftedKey {
                key: key.to_string(),
                recorded: recorded.clone(),
                live: live.cloned(),
            })
        })
        .collect()
}

/// One line of an audit: the resource as observed, its status, and its stamps read out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    /// The resource's ARN.
    pub arn: String,
    /// The account it lives in.
    pub account: String,
    /// The region it was listed in.
    pub region: String,
    /// Its resource type.
    pub resource_type: String,
    /// Every tag it carries now.
    pub tags: BTreeMap<String, String>,
    /// Its own creation time, when its service reports one.
    pub created_at: Option<String>,
    /// The call that listed it.
    pub found_by: String,
    /// Its status.
    #[serde(flatten)]
    pub status: StampStatus,
    /// The live value of the owner key.
    pub owner: Option<String>,
    /// The live value of the `dateCreated` key.
    pub date_created: Option<String>,
    /// The live value of the `createdBy` key.
    pub created_by: Option<String>,
    /// Whether the ledger holds an entry for it. Resources stamped before the ledger existed
    /// are `Stamped` without one.
    pub recorded: bool,
    /// For an ECR repository, the latest push's label check ([`LabelCheck::summary`]:
    /// `agree`, `mismatch: …`, `unreadable`); absent when none was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<String>,
    /// That check in full (image, mismatches, reason, times).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_check: Option<LabelCheck>,
}

impl AuditRow {
    /// Classifies `observed` and reads its stamps with the policy's keys.
    pub fn new(observed: Observed, ledger: Option<&LedgerEntry>, policy: &TagPolicy) -> Self {
        let status = classify(&observed, ledger, policy);
        let recorded = ledger_for(&observed, ledger).is_some();
        let live = |key: &TagKey| observed.tags.get(key.as_str()).cloned();
        let keys = &policy.keys;
        let (owner, date_created, created_by) = (
            live(&keys.owner),
            live(&keys.date_created),
            live(&keys.created_by),
        );
        let Observed {
            arn,
            account,
            region,
            resource_type,
            tags,
            created_at,
            found_by,
        } = observed;
        Self {
            arn,
            account,
            region,
            resource_type,
            tags,
            created_at,
            found_by,
            status,
            owner,
            date_created,
            created_by,
            recorded,
            labels: None,
            label_check: None,
        }
    }

    /// The row with the ledger's latest label check of its repository; a check of another
    /// ARN is ignored.
    pub fn with_label_check(mut self, check: Option<&LabelCheck>) -> Self {
        if let Some(check) = check.filter(|c| c.repository_arn == self.arn) {
            self.labels = Some(check.summary());
            self.label_check = Some(check.clone());
        }
        self
    }
}

/// The value backfill writes under the date source key: `dateCreated` is the resource's own
/// creation time, not an `eventTime`.
pub const DATE_SOURCE_RESOURCE: &str = "resource";

/// The tags backfill writes on a resource with no owner: the owner `backfill.unknown_owner`
/// and, when the resource reports its creation time, that time as `dateCreated` (in the format
/// of the stamps) with `<backfill.date_source_key>=resource`. Never a `createdBy`: nobody knows
/// who created it.
///
/// `None` when the resource carries the owner key, whatever its value: stamps are written once.
/// The date pair is left out when the resource already carries either key of it, or when
/// `created_at` is not RFC 3339 or lies outside the years 0000 to 9999 in UTC. A `Drifted`
/// resource whose owner was removed also gets `Some`; whether to restore its stamp from the
/// ledger instead is the caller's choice.
pub fn unknown_marker(observed: &Observed, policy: &TagPolicy) -> Option<TagSet> {
    let keys = &policy.keys;
    let carries = |key: &TagKey| observed.tags.contains_key(key.as_str());
    if carries(&keys.owner) {
        return None;
    }
    let mut marker = TagSet::new();
    marker.insert_if_absent(keys.owner.clone(), policy.backfill.unknown_owner.clone());
    let date_source = &policy.backfill.date_source_key;
    let created = observed.created_at.as_deref().and_then(creation_time);
    if let Some(created) = created
        && !carries(&keys.date_created)
        && !carries(date_source)
    {
        marker.insert_if_absent(keys.date_created.clone(), TagValue::sanitize(&created));
        marker.insert_if_absent(
            date_source.clone(),
            TagValue::sanitize(DATE_SOURCE_RESOURCE),
        );
    }
    Some(marker)
}

/// `created_at` in the stamps' `dateCreated` format, or `None` when it cannot be one. Unlike an
/// `eventTime` it may predate CloudTrail: buckets are older.
fn creation_time(text: &str) -> Option<String> {
    let utc = OffsetDateTime::parse(text, &Rfc3339)
        .ok()?
        .checked_to_offset(UtcOffset::UTC)?;
    (0..=9999)
        .contains(&utc.year())
        .then(|| crate::plan::format_time(utc))
}

/// Which rows an auditor asked for. Empty lists and `None` admit everything; each given
/// criterion must hold. Patterns may hold `*`, matching any run of characters (`AWS::EC2::*`,
/// `ec2:*`, `eu-*`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditFilter {
    /// Account patterns; one must match.
    #[serde(default)]
    pub accounts: Vec<String>,
    /// Region patterns; one must match.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Resource type patterns, matched ignoring ASCII case since types are spelt in more than
    /// one style; one must match.
    #[serde(default)]
    pub types: Vec<String>,
    /// An owner pattern, matched exactly like tag values; rows without an owner never match.
    #[serde(default)]
    pub owner: Option<String>,
    /// Only rows whose status is `Unstamped`: what backfill would mark.
    #[serde(default)]
    pub unstamped_only: bool,
    /// Only ECR repositories whose latest push's labels disagree with their tags.
    #[serde(default)]
    pub label_mismatch_only: bool,
}

impl AuditFilter {
    /// Whether `row` passes every criterion.
    pub fn matches(&self, row: &AuditRow) -> bool {
        let any = |patterns: &[String], text: &str| {
            patterns.is_empty() || patterns.iter().any(|p| wildcard_match(p, text))
        };
        let resource_type = row.resource_type.to_ascii_lowercase();
        let types_match = self.types.is_empty()
            || self
                .types
                .iter()
                .any(|p| wildcard_match(&p.to_ascii_lowercase(), &resource_type));
        let owner_match = match (&self.owner, &row.owner) {
            (None, _) => true,
            (Some(pattern), Some(owner)) => wildcard_match(pattern, owner),
            (Some(_), None) => false,
        };
        any(&self.accounts, &row.account)
            && any(&self.regions, &row.region)
            && types_match
            && owner_match
            && (!self.unstamped_only || row.status == StampStatus::Unstamped)
            && (!self.label_mismatch_only
                || row
                    .label_check
                    .as_ref()
                    .is_some_and(LabelCheck::is_mismatch))
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters, none included.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let middle: Vec<&str> = parts.collect();
    let Some((last, middle)) = middle.split_last() else {
        // No `*`: the whole text must be the pattern.
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = rest.get(at + part.len()..).unwrap_or_default(),
            None => return false,
        }
    }
    // The last part is anchored at the end and must not overlap what the others consumed.
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests;
