//! One enforcement sweep over accounts × regions, shared by `autotag enforce` and the scheduled
//! enforce function: survey the estate as the auto-tag role, gather each concerned resource's
//! facts, run the steps due ([`crate::enforce::run`]), and send the run's messages through the
//! channels the policy configures. Messages go only for the steps that happened.

use std::sync::Arc;

use autotag_core::arn::{AccountId, Region};
use autotag_core::enforce::notify::plan_notifications;
use autotag_core::enforce::{Finding, OutOfScope, Verdict};
use autotag_core::policy::TagPolicy;
use aws_config::SdkConfig;
use time::OffsetDateTime;

use super::gather;
use crate::aws::inventory::{self, SurveyFailure};

use crate::aws::notify::dispatch::{DeliveryReport, Notifiers};
use crate::aws::sessions::SpokeSessions;
use crate::enforce::{EnforceFailure, Run};
use crate::ports::EnforcementLedger;

/// How a sweep runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Judge only: change, record and send nothing (`--report`).
    Report,
    /// Show what acting would do, every rule as a dry run: change, record and send nothing.
    DryRun,
    /// Run the steps due, record them, and send the messages.
    Act,
}

/// What a sweep covers and how.
#[derive(Clone, Copy)]
pub struct Sweep<'a> {
    /// The policy whose rules are enforced.
    pub policy: &'a TagPolicy,
    /// The hub's SDK configuration (Organizations, the notification channels).
    pub base: &'a SdkConfig,
    /// The accounts to cover.
    pub accounts: &'a [AccountId],
    /// The regions to cover.
    pub regions: &'a [Region],
    /// Where the steps reached are recorded; without it the ladder is read from the marks.
    pub ledger: Option<&'a dyn EnforcementLedger>,
    /// The time the rules are evaluated at.
    pub now: OffsetDateTime,
    /// Report, dry run, or act.
    pub mode: Mode,
    /// Account-regions listed, and resources acted on, at once.
    pub concurrency: usize,
    /// Called with (account-regions done, total, resources found) as each chunk's survey goes.
    pub progress: &'a (dyn Fn(usize, usize, usize) + Send + Sync),
    /// How long the sweep may take before it starts another chunk of accounts; `None` to cover
    /// every account in one pass. With a budget, the accounts are taken in turn from a place
    /// that moves with the hour, so a sweep that runs out of time does not always leave the
    /// same accounts for later.
    pub budget: Option<std::time::Duration>,
}

impl std::fmt::Debug for Sweep<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sweep")
            .field("accounts", &self.accounts)
            .field("regions", &self.regions)
            .field("now", &self.now)
            .field("mode", &self.mode)
            .field("concurrency", &self.concurrency)
            .field("budget", &self.budget)
            .finish_non_exhaustive()
    }
}

/// What a sweep found and did.
#[derive(Debug, Default)]
pub struct SweepReport {
    /// The findings worth showing: every rule's judgement on every resource of a type it covers
    /// (and, when acting, only those whose steps happened are messaged).
    pub findings: Vec<Finding>,
    /// The account-regions that could not be listed (their resources were not judged).
    pub listing_failures: Vec<SurveyFailure>,
    /// The facts that could not be read, or the steps that could not be done.
    pub failures: Vec<EnforceFailure>,
    /// The messages' delivery, when the sweep acted and had messages to send.
    pub delivery: Option<DeliveryReport>,
    /// Messages planned while no channel is configured (none was sent).
    pub unrouted_messages: usize,
    /// The accounts swept.
    pub reached_accounts: Vec<AccountId>,
    /// The accounts the budget left for the next sweep.
    pub unreached_accounts: Vec<AccountId>,
}

impl SweepReport {
    /// Whether everything was listed, read, done and delivered.
    pub fn complete(&self) -> bool {
        self.listing_failures.is_empty()
            && self.failures.is_empty()
            && self.unreached_accounts.is_empty()
            && self
                .delivery
                .as_ref()
                .is_none_or(|delivery| delivery.failed.is_empty())
    }

    /// Whether a resource in scope does not comply.
    pub fn non_compliant(&self) -> bool {
        self.findings
            .iter()
            .any(|f| matches!(f.verdict, Verdict::NonCompliant(_)))
    }
}

/// Why a sweep could not start.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// The policy has nothing to enforce.
    #[error("the policy has no `[[enforce]]` rule (docs/config.md)")]
    NoRule,
    /// A notification channel is misconfigured (an unreadable ARN, a webhook secret's ARN).
    #[error("the notification channels cannot be set up")]
    Channels(#[source] crate::aws::notify::NotifyError),
}

/// Whether a finding belongs in the output: not the pairs of a rule and a resource of a type it
/// does not cover, nor gone resources.
fn shown(finding: &Finding) -> bool {
    !matches!(
        finding.verdict,
        Verdict::OutOfScope(OutOfScope::ResourceType | OutOfScope::Gone)
    )
}

/// `accounts` in the order a sweep takes them: as given, or, `rotated`, starting at a place
/// that moves each hour (`now`), so that runs cut short by their budget cover every account
/// over time.
fn in_turn(accounts: &[AccountId], rotated: bool, now: OffsetDateTime) -> Vec<AccountId> {
    let mut ordered = accounts.to_vec();
    if rotated && !ordered.is_empty() {
        let hours = usize::try_from(now.unix_timestamp().max(0) / 3600).unwrap_or(0);
        let start = hours % ordered.len();
        ordered.rotate_left(start);
    }
    ordered
}

/// Runs one sweep as `sweep` says, the auto-tag role reached through `sessions`.
pub async fn run(
    sweep: Sweep<'_>,
    sessions: Arc<SpokeSessions>,
) -> Result<SweepReport, SweepError> {
    let policy = sweep.policy;
    if policy.enforcement.rules.is_empty() {
        return Err(SweepError::NoRule);
    }
    // Set up the channels before acting, so a misconfigured one stops the sweep before any
    // step whose message could not go.
    let notifiers = match sweep.mode {
        Mode::Act => Some(
            Notifiers::from_enforcement(sweep.base, &policy.enforcement)
                .map_err(SweepError::Channels)?,
        ),
        Mode::Report | Mode::DryRun => None,
    };
    let mut enforcement = policy.enforcement.clone();
    if sweep.mode == Mode::DryRun {
        for rule in &mut enforcement.rules {
            rule.dry_run = true;
        }
    }
    let organizations = aws_sdk_organizations::Client::new(sweep.base);
    let actions = super::AwsEnforcementActions::new(Arc::clone(&sessions));
    let started = std::time::Instant::now();
    let mut report = SweepReport::default();
    let mut succeeded = Vec::new();
    let accounts = in_turn(sweep.accounts, sweep.budget.is_some(), sweep.now);
    let chunk = match sweep.budget {
        // Accounts a chunk covers: enough to keep `concurrency` account-regions listing at once.
        Some(_) => (sweep.concurrency / sweep.regions.len().max(1)).max(1),
        None => accounts.len().max(1),
    };
    for (index, accounts) in accounts.chunks(chunk).enumerate() {
        if let Some(budget) = sweep.budget
            && index > 0
            && started.elapsed() >= budget
        {
            report.unreached_accounts = sweep
                .accounts
                .iter()
                .filter(|a| !report.reached_accounts.contains(a))
                .cloned()
                .collect();
            break;
        }
        let survey = inventory::survey(
            Arc::clone(&sessions),
            accounts,
            sweep.regions,
            sweep.concurrency,
            sweep.progress,
        )
        .await;
        let gathered = gather(
            survey.resources.into_values(),
            policy,
            &sessions,
            Some(&organizations),
            sweep.ledger,
        )
        .await;
        let outcome = crate::enforce::run(
            Run {
                enforcement: &enforcement,
                now: sweep.now,
                act: sweep.mode == Mode::Act,
                concurrency: sweep.concurrency,
            },
            gathered.facts,
            &actions,
            sweep.ledger,
        )
        .await;
        report.reached_accounts.extend(accounts.iter().cloned());
        report
            .findings
            .extend(outcome.findings.iter().filter(|f| shown(f)).cloned());
        report.listing_failures.extend(survey.failures);
        report.failures.extend(gathered.failures);
        report.failures.extend(outcome.failures.iter().cloned());
        succeeded.extend(outcome.succeeded());
    }
    if let Some(notifiers) = notifiers {
        let messages = plan_notifications(&succeeded);
        if notifiers.is_empty() {
            report.unrouted_messages = messages.len();
        } else if !messages.is_empty() {
            report.delivery = Some(notifiers.deliver_all(&messages).await);
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accounts(ids: &[&str]) -> Vec<AccountId> {
        ids.iter().map(|id| AccountId::parse(id).unwrap()).collect()
    }

    #[test]
    fn a_budgeted_sweep_starts_at_a_place_that_moves_each_hour() {
        let all = accounts(&["111111111111", "222222222222", "333333333333"]);
        let at = |hours: i64| OffsetDateTime::UNIX_EPOCH + time::Duration::hours(hours);
        let first = |hours| in_turn(&all, true, at(hours)).first().cloned();
        assert_eq!(first(0), all.first().cloned());
        assert_eq!(first(1), all.get(1).cloned());
        assert_eq!(first(5), all.get(2).cloned());
        // Every account is still there, once.
        let mut turned = in_turn(&all, true, at(4));
        turned.sort();
        assert_eq!(turned, all);
        // Without a budget, the order is the caller's.
        assert_eq!(in_turn(&all, false, at(4)), all);
        assert!(in_turn(&[], true, at(4)).is_empty());
    }
}
