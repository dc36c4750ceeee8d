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
    /// Called with (account-regions done, total, resources found) as the survey goes.
    pub progress: &'a (dyn Fn(usize, usize, usize) + Send + Sync),
}

impl std::fmt::Debug for Sweep<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sweep")
            .field("accounts", &self.accounts)
            .field("regions", &self.regions)
            .field("now", &self.now)
            .field("mode", &self.mode)
            .field("concurrency", &self.concurrency)
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
}

impl SweepReport {
    /// Whether everything was listed, read, done and delivered.
    pub fn complete(&self) -> bool {
        self.listing_failures.is_empty()
            && self.failures.is_empty()
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
    let survey = inventory::survey(
        Arc::clone(&sessions),
        sweep.accounts,
        sweep.regions,
        sweep.concurrency,
        sweep.progress,
    )
    .await;
    let organizations = aws_sdk_organizations::Client::new(sweep.base);
    let gathered = gather(
        survey.resources.into_values(),
        policy,
        &sessions,
        Some(&organizations),
        sweep.ledger,
    )
    .await;
    let mut enforcement = policy.enforcement.clone();
    if sweep.mode == Mode::DryRun {
        for rule in &mut enforcement.rules {
            rule.dry_run = true;
        }
    }
    let actions = super::AwsEnforcementActions::new(sessions);
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
    let mut report = SweepReport {
        findings: outcome
            .findings
            .iter()
            .filter(|f| shown(f))
            .cloned()
            .collect(),
        listing_failures: survey.failures,
        failures: gathered.failures,
        delivery: None,
        unrouted_messages: 0,
    };
    report.failures.extend(outcome.failures.iter().cloned());
    if let Some(notifiers) = notifiers {
        let messages = plan_notifications(&outcome.succeeded());
        if notifiers.is_empty() {
            report.unrouted_messages = messages.len();
        } else if !messages.is_empty() {
            report.delivery = Some(notifiers.deliver_all(&messages).await);
        }
    }
    Ok(report)
}
