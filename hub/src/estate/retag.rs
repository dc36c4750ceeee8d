//! `autotag retag`: after the policy changed, apply what the change adds or changes among the
//! fixed tags (`[static_tags]`, `[[tag_set]]`) to every existing resource of the types
//! concerned, across accounts × regions. Shared by the CLI and anything else that runs it (a
//! Lambda): [`run`] surveys the estate as the auto-tag role and writes through
//! [`AwsEnforcementActions`]; [`apply`] does the writing over resources already listed, through
//! any [`EnforcementActions`], so that tests can fail writes on purpose.
//!
//! What is written on a resource is decided by [`autotag_core::retag::change_for`] from the tags
//! the survey listed: added keys where absent, changed values where the old value is still
//! there, never a stamp. A value someone sets between the listing and the write (seconds) is
//! the one window where a retag may overwrite it; a second run then reports it as kept.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use autotag_core::arn::{AccountId, Region};
use autotag_core::audit::Observed;
use autotag_core::policy::TagPolicy;
use autotag_core::policy::tag_sets::{TagUpdate, retag_delta};
use autotag_core::retag::{Outcome, ResourceChange, SummaryRow, change_for, protected_keys};
use futures::StreamExt as _;
use serde::Serialize;

use crate::aws::enforce::AwsEnforcementActions;
use crate::aws::inventory::{self, SurveyFailure};
use crate::aws::sessions::SpokeSessions;
use crate::ports::{EnforceTarget, EnforcementActions};

/// One resource a run wrote (or would write), or could not.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceResult {
    /// The resource.
    pub arn: String,
    /// Its account.
    pub account: String,
    /// Its region.
    pub region: String,
    /// Its registry type.
    pub resource_type: String,
    /// What happened.
    pub outcome: Outcome,
    /// What was (or would be) written, and what was kept.
    pub change: ResourceChange,
}

/// A write that failed.
#[derive(Debug, Clone, Serialize)]
pub struct RetagFailure {
    /// The resource.
    pub arn: String,
    /// Its account.
    pub account: String,
    /// Its region.
    pub region: String,
    /// The call that failed (`ecr:TagResource`).
    pub operation: String,
    /// What AWS said, with the cause chain.
    pub error: String,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct RetagReport {
    /// One row per account and resource type found.
    pub summary: Vec<SummaryRow>,
    /// Every resource of a type in the delta, with what was done.
    pub resources: Vec<ResourceResult>,
    /// The writes that failed.
    pub failures: Vec<RetagFailure>,
    /// The listings that failed (those account-regions were not retagged).
    pub listing_failures: Vec<SurveyFailure>,
    /// The accounts the time budget left unvisited.
    pub unreached_accounts: Vec<AccountId>,
}

impl RetagReport {
    /// Whether every account was reached, and everything listed and written.
    pub fn complete(&self) -> bool {
        self.failures.is_empty()
            && self.listing_failures.is_empty()
            && self.unreached_accounts.is_empty()
    }
}

/// How [`apply`] writes.
#[derive(Clone, Copy)]
pub struct Writing<'a> {
    /// Where writes go.
    pub actions: &'a dyn EnforcementActions,
    /// Decide and count, write nothing.
    pub dry_run: bool,
    /// Writes at once.
    pub concurrency: usize,
    /// Called with (resources done, total) as the writes go.
    pub progress: &'a (dyn Fn(usize, usize) + Send + Sync),
}

impl std::fmt::Debug for Writing<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writing")
            .field("dry_run", &self.dry_run)
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

/// Applies `delta` to the `observed` resources of its types, never writing a key in
/// `protected`; a failed write is reported and the others go on.
pub async fn apply(
    observed: impl IntoIterator<Item = Observed>,
    delta: &BTreeMap<&'static str, Vec<TagUpdate>>,
    protected: &BTreeSet<String>,
    writing: Writing<'_>,
) -> RetagReport {
    let concerned: Vec<(Observed, ResourceChange)> = observed
        .into_iter()
        .filter_map(|o| {
            let updates = delta.get(o.resource_type.as_str())?;
            let change = change_for(&o.tags, updates, protected);
            Some((o, change))
        })
        .collect();
    let total = concerned.len();
    let results: Vec<(ResourceResult, Option<RetagFailure>)> =
        futures::stream::iter(concerned.into_iter().map(|(o, change)| async move {
            let (outcome, failure) = if change.over_limit {
                (Outcome::OverLimit, None)
            } else if change.write.is_empty() {
                (Outcome::Current, None)
            } else if writing.dry_run {
                (Outcome::Updated, None)
            } else {
                write(writing.actions, &o, &change.write).await
            };
            let result = ResourceResult {
                arn: o.arn,
                account: o.account,
                region: o.region,
                resource_type: o.resource_type,
                outcome,
                change,
            };
            (result, failure)
        }))
        .buffer_unordered(writing.concurrency.max(1))
        .enumerate()
        .map(|(index, done)| {
            (writing.progress)(index + 1, total);
            done
        })
        .collect()
        .await;
    let mut report = RetagReport::default();
    let mut rows: BTreeMap<(String, String), SummaryRow> = BTreeMap::new();
    for (result, failure) in results {
        rows.entry((result.account.clone(), result.resource_type.clone()))
            .or_insert_with(|| SummaryRow {
                account: result.account.clone(),
                resource_type: result.resource_type.clone(),
                ..SummaryRow::default()
            })
            .count(&result.change, result.outcome);
        report.failures.extend(failure);
        report.resources.push(result);
    }
    report.resources.sort_by(|a, b| a.arn.cmp(&b.arn));
    report.failures.sort_by(|a, b| a.arn.cmp(&b.arn));
    report.summary = rows.into_values().collect();
    report
}

async fn write(
    actions: &dyn EnforcementActions,
    observed: &Observed,
    tags: &BTreeMap<String, String>,
) -> (Outcome, Option<RetagFailure>) {
    let failed = |operation: String, error: String| RetagFailure {
        arn: observed.arn.clone(),
        account: observed.account.clone(),
        region: observed.region.clone(),
        operation,
        error,
    };
    let target = match (
        AccountId::parse(&observed.account),
        Region::parse(&observed.region),
    ) {
        (Ok(account), Ok(region)) => EnforceTarget {
            arn: observed.arn.clone(),
            resource_type: observed.resource_type.clone(),
            account,
            region,
        },
        (Err(err), _) => {
            return (
                Outcome::Failed,
                Some(failed("retag".into(), err.to_string())),
            );
        }
        (_, Err(err)) => {
            return (
                Outcome::Failed,
                Some(failed("retag".into(), err.to_string())),
            );
        }
    };
    match actions.set_tags(&target, tags).await {
        Ok(()) => (Outcome::Updated, None),
        Err(err) => {
            let operation = err.operation.to_owned();
            (Outcome::Failed, Some(failed(operation, err.to_string())))
        }
    }
}

/// What a run over the estate covers.
#[derive(Clone, Copy)]
pub struct Retag<'a> {
    /// The policy before the change.
    pub old: &'a TagPolicy,
    /// The policy now.
    pub new: &'a TagPolicy,
    /// The accounts to cover.
    pub accounts: &'a [AccountId],
    /// The regions to cover.
    pub regions: &'a [Region],
    /// Decide and count, write nothing.
    pub dry_run: bool,
    /// Account-regions listed, and resources written, at once.
    pub concurrency: usize,
    /// Called with (fraction done, status) as the run goes: for each chunk of accounts, the
    /// survey is the first half, the writes the second.
    pub progress: &'a (dyn Fn(f64, &str) + Send + Sync),
    /// How long the run may take before it starts another chunk of accounts; `None` to cover
    /// every account in one pass. A chunk is as many accounts as keep `concurrency`
    /// account-regions listing at once; the accounts not started are reported unreached.
    pub budget: Option<std::time::Duration>,
}

impl std::fmt::Debug for Retag<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Retag")
            .field("accounts", &self.accounts)
            .field("regions", &self.regions)
            .field("dry_run", &self.dry_run)
            .field("budget", &self.budget)
            .finish_non_exhaustive()
    }
}

/// Retags the estate `retag` covers as the auto-tag role through `sessions`. Nothing is listed
/// when the change adds and changes nothing.
pub async fn run(retag: Retag<'_>, sessions: Arc<SpokeSessions>) -> RetagReport {
    let actions = AwsEnforcementActions::new(Arc::clone(&sessions));
    run_with(retag, sessions, &actions).await
}

/// [`run`], listing through `sessions` and writing through `actions`.
pub async fn run_with(
    retag: Retag<'_>,
    sessions: Arc<SpokeSessions>,
    actions: &dyn EnforcementActions,
) -> RetagReport {
    let delta = retag_delta(retag.old, retag.new);
    if delta.is_empty() {
        return RetagReport::default();
    }
    let protected = protected_keys(retag.old, retag.new);
    let verb = if retag.dry_run { "checked" } else { "written" };
    let chunk = match retag.budget {
        Some(_) => (retag.concurrency / retag.regions.len().max(1)).max(1),
        None => retag.accounts.len().max(1),
    };
    let chunks = retag.accounts.len().div_ceil(chunk).max(1) as f64;
    let started = std::time::Instant::now();
    let mut report = RetagReport::default();
    for (index, accounts) in retag.accounts.chunks(chunk).enumerate() {
        if let Some(budget) = retag.budget
            && index > 0
            && started.elapsed() >= budget
        {
            report.unreached_accounts =
                retag.accounts.iter().skip(index * chunk).cloned().collect();
            break;
        }
        let at = |fraction: f64| (index as f64 + fraction) / chunks;
        let survey = inventory::survey(
            Arc::clone(&sessions),
            accounts,
            retag.regions,
            retag.concurrency,
            &|done, total, found| {
                (retag.progress)(
                    at(done as f64 / total.max(1) as f64 / 2.0),
                    &format!("listing: {done}/{total} account-regions · {found} resources"),
                );
            },
        )
        .await;
        let part = apply(
            survey.resources.into_values(),
            &delta,
            &protected,
            Writing {
                actions,
                dry_run: retag.dry_run,
                concurrency: retag.concurrency,
                progress: &|done, total| {
                    (retag.progress)(
                        at(0.5 + done as f64 / total.max(1) as f64 / 2.0),
                        &format!("{verb}: {done}/{total} resources"),
                    );
                },
            },
        )
        .await;
        report.summary.extend(part.summary);
        report.resources.extend(part.resources);
        report.failures.extend(part.failures);
        report.listing_failures.extend(survey.failures);
    }
    report
        .summary
        .sort_by(|a, b| (&a.account, &a.resource_type).cmp(&(&b.account, &b.resource_type)));
    report.resources.sort_by(|a, b| a.arn.cmp(&b.arn));
    report.failures.sort_by(|a, b| a.arn.cmp(&b.arn));
    report
}
