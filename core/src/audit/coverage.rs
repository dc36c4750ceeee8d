//! Coverage: how many audited resources carry a real owner, per account, region and resource
//! type, for `autotag audit --min-coverage`.
//!
//! A resource is *stamped* when its status is [`StampStatus::Stamped`]: only a real owner makes
//! someone answerable for it, so the stamped percentage, which `--min-coverage` checks, counts
//! nothing else. A resource is *covered* when it is stamped or carries the unknown-owner marker
//! ([`StampStatus::OwnerUnknown`]): it has been looked at, and the covered percentage tells how
//! far backfill got. A drifted resource is neither, since its stamp was tampered with. With no
//! resources both percentages are `None` (written `n/a`), and any minimum is met: there is
//! nothing unstamped to fail on.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{AuditRow, StampStatus};

/// How many resources are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// Resources with a real owner.
    pub stamped: u64,
    /// Resources with the unknown-owner marker.
    pub owner_unknown: u64,
    /// Resources without the owner key.
    pub unstamped: u64,
    /// Resources whose recorded stamp was removed or changed.
    pub drifted: u64,
}

impl StatusCounts {
    /// Counts one more resource in `status`.
    pub fn add(&mut self, status: &StampStatus) {
        match status {
            StampStatus::Stamped => self.stamped += 1,
            StampStatus::OwnerUnknown => self.owner_unknown += 1,
            StampStatus::Unstamped => self.unstamped += 1,
            StampStatus::Drifted { .. } => self.drifted += 1,
        }
    }

    fn merge(&mut self, other: &Self) {
        self.stamped += other.stamped;
        self.owner_unknown += other.owner_unknown;
        self.unstamped += other.unstamped;
        self.drifted += other.drifted;
    }

    /// Every resource counted.
    pub fn total(&self) -> u64 {
        self.stamped + self.owner_unknown + self.unstamped + self.drifted
    }

    /// The stamped share in percent, `None` without resources.
    pub fn stamped_percent(&self) -> Option<f64> {
        percent(self.stamped, self.total())
    }

    /// The covered (stamped or marked unknown) share in percent, `None` without resources.
    pub fn covered_percent(&self) -> Option<f64> {
        percent(self.stamped + self.owner_unknown, self.total())
    }

    /// Whether the stamped share is at least `min_percent`. Without resources, always. The
    /// comparison is made on the counts, not on a rounded percentage, so 2 of 3 does not meet
    /// 66.67 and 1 of 1 meets 100. A `NaN` minimum is never met when there are resources.
    pub fn meets(&self, min_percent: f64) -> bool {
        let total = self.total();
        // `as` is exact below 2^53 resources.
        total == 0 || self.stamped as f64 * 100.0 >= min_percent * total as f64
    }
}

fn percent(part: u64, total: u64) -> Option<f64> {
    (total > 0).then(|| part as f64 * 100.0 / total as f64)
}

/// One (account, region, resource type) cell of the coverage.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CoverageKey {
    /// The account.
    pub account: String,
    /// The region.
    pub region: String,
    /// The resource type.
    pub resource_type: String,
}

/// Status counts per (account, region, resource type), with totals per account and region and
/// overall.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    by_type: BTreeMap<CoverageKey, StatusCounts>,
}

/// What a [`CoverageLine`] sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageScope {
    /// One resource type in one region of one account.
    ResourceType,
    /// Every type in one region of one account.
    Region,
    /// Every region of one account.
    Account,
    /// Everything audited.
    Total,
}

impl CoverageScope {
    /// The scope's name, as every output format writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ResourceType => "resource_type",
            Self::Region => "region",
            Self::Account => "account",
            Self::Total => "total",
        }
    }
}

/// One line of the coverage summary; the dimensions it sums over are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageLine {
    /// What the line sums.
    pub scope: CoverageScope,
    /// The account, unless the line is the total.
    pub account: Option<String>,
    /// The region, for region and resource type lines.
    pub region: Option<String>,
    /// The resource type, for resource type lines.
    pub resource_type: Option<String>,
    /// The counts.
    pub counts: StatusCounts,
}

impl Coverage {
    /// An empty coverage.
    pub fn new() -> Self {
        Self::default()
    }

    /// The coverage of `rows`.
    pub fn from_rows<'a>(rows: impl IntoIterator<Item = &'a AuditRow>) -> Self {
        let mut coverage = Self::new();
        for row in rows {
            coverage.add(row);
        }
        coverage
    }

    /// Counts one more row.
    pub fn add(&mut self, row: &AuditRow) {
        let key = CoverageKey {
            account: row.account.clone(),
            region: row.region.clone(),
            resource_type: row.resource_type.clone(),
        };
        self.by_type.entry(key).or_default().add(&row.status);
    }

    /// The counts per (account, region, resource type).
    pub fn by_type(&self) -> &BTreeMap<CoverageKey, StatusCounts> {
        &self.by_type
    }

    /// The counts per (account, region).
    pub fn by_region(&self) -> BTreeMap<(String, String), StatusCounts> {
        let mut sums: BTreeMap<(String, String), StatusCounts> = BTreeMap::new();
        for (key, counts) in &self.by_type {
            sums.entry((key.account.clone(), key.region.clone()))
                .or_default()
                .merge(counts);
        }
        sums
    }

    /// The counts per account.
    pub fn by_account(&self) -> BTreeMap<String, StatusCounts> {
        let mut sums: BTreeMap<String, StatusCounts> = BTreeMap::new();
        for (key, counts) in &self.by_type {
            sums.entry(key.account.clone()).or_default().merge(counts);
        }
        sums
    }

    /// The counts over everything.
    pub fn total(&self) -> StatusCounts {
        let mut sum = StatusCounts::default();
        for counts in self.by_type.values() {
            sum.merge(counts);
        }
        sum
    }

    /// Whether the overall stamped share is at least `min_percent` (see [`StatusCounts::meets`]).
    pub fn meets(&self, min_percent: f64) -> bool {
        self.total().meets(min_percent)
    }

    /// Every line of the summary, as the renderers write it: each account's types region by
    /// region, each region followed by its total, each account by its total, then the total.
    pub fn lines(&self) -> Vec<CoverageLine> {
        let regions = self.by_region();
        let mut lines = Vec::new();
        for (account, account_counts) in self.by_account() {
            for ((_, region), region_counts) in regions.iter().filter(|((a, _), _)| *a == account) {
                for (key, counts) in self
                    .by_type
                    .iter()
                    .filter(|(key, _)| key.account == account && key.region == *region)
                {
                    lines.push(CoverageLine {
                        scope: CoverageScope::ResourceType,
                        account: Some(account.clone()),
                        region: Some(region.clone()),
                        resource_type: Some(key.resource_type.clone()),
                        counts: *counts,
                    });
                }
                lines.push(CoverageLine {
                    scope: CoverageScope::Region,
                    account: Some(account.clone()),
                    region: Some(region.clone()),
                    resource_type: None,
                    counts: *region_counts,
                });
            }
            lines.push(CoverageLine {
                scope: CoverageScope::Account,
                account: Some(account),
                region: None,
                resource_type: None,
                counts: account_counts,
            });
        }
        lines.push(CoverageLine {
            scope: CoverageScope::Total,
            account: None,
            region: None,
            resource_type: None,
            counts: self.total(),
        });
        lines
    }
}
