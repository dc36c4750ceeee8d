//! The scheduled enforce function's edge (`AUTOTAG_MODE=enforce-sweep`): each invocation, from
//! the hub stack's EventBridge Scheduler schedule or by hand, sweeps the policy's accounts and
//! regions once and acts. The payload is ignored, so whoever may invoke the function can only
//! start the sweep the policy already defines, never choose what it does.

use autotag_core::arn::AccountId;
use autotag_core::policy::TagPolicy;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::aws::enforce::sweep::{self, Mode, Sweep, SweepError, SweepReport};
use crate::aws::{self, AwsOptions};
use crate::ports::EnforcementLedger;

/// The `AUTOTAG_MODE` value of the enforce function.
pub const MODE: &str = "enforce-sweep";

/// Why a sweep invocation failed; Lambda counts it in the function's `Errors`, which the hub
/// stack alarms on.
#[derive(Debug, thiserror::Error)]
pub enum SweepInvocationError {
    /// The auto-tag role's sessions could not be set up.
    #[error("the spoke sessions cannot be set up")]
    Sessions(#[source] aws::sessions::SessionError),
    /// The accounts or regions to cover could not be listed.
    #[error("the accounts and regions to sweep cannot be listed: {0}")]
    Scope(String),
    /// The sweep could not start.
    #[error("the sweep cannot start")]
    Sweep(#[source] SweepError),
    /// The sweep ran, but some listing, step or message failed (each is logged); the next
    /// scheduled sweep tries again, since due dates live in the marks and the ledger.
    #[error(
        "the sweep is incomplete: `{listings}` listings, `{steps}` resources and `{messages}` messages failed, `{unreached}` accounts were left for the next sweep"
    )]
    Incomplete {
        /// Accounts the time budget left for the next sweep.
        unreached: usize,
        /// Account-regions not listed.
        listings: usize,
        /// Facts not read or steps not done.
        steps: usize,
        /// Messages not delivered.
        messages: usize,
        /// The summary, as a successful sweep returns it.
        summary: Value,
    },
}

impl From<SweepInvocationError> for lambda_runtime::Diagnostic {
    fn from(err: SweepInvocationError) -> Self {
        Self {
            error_type: "SweepFailed".to_owned(),
            error_message: crate::lambda::cause_chain(&err),
        }
    }
}

/// What a sweep keeps of the invocation's time for its last chunk of accounts to act and for
/// the messages (whose delivery has a deadline of its own, 120 s).
pub const RESERVE: std::time::Duration = std::time::Duration::from_secs(240);

/// The time a sweep may spend starting chunks of accounts, from the invocation's deadline
/// (milliseconds since the epoch, as Lambda gives it) and the time now.
pub fn budget(deadline_ms: u64, now: OffsetDateTime) -> std::time::Duration {
    let now_ms = u64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(u64::MAX);
    std::time::Duration::from_millis(deadline_ms.saturating_sub(now_ms)).saturating_sub(RESERVE)
}

/// Sweeps what `policy` covers as of `now`, as the hub identity `options` load, recording steps
/// in `ledger_table`, starting no chunk of accounts after `budget`; the summary, or why the
/// sweep failed or is incomplete. Every failure is logged with its resource and call.
pub async fn sweep(
    policy: &TagPolicy,
    options: &AwsOptions,
    ledger_table: Option<&str>,
    concurrency: usize,
    now: OffsetDateTime,
    budget: std::time::Duration,
) -> Result<Value, SweepInvocationError> {
    let base = aws::load_sdk_config(options).await;
    sweep_as(policy, base, ledger_table, concurrency, now, budget).await
}

/// [`sweep()`] as the hub identity `base` holds.
pub async fn sweep_as(
    policy: &TagPolicy,
    base: aws_config::SdkConfig,
    ledger_table: Option<&str>,
    concurrency: usize,
    now: OffsetDateTime,
    budget: std::time::Duration,
) -> Result<Value, SweepInvocationError> {
    let sessions = std::sync::Arc::new(
        aws::sessions::SpokeSessions::new(base.clone(), aws_sdk_sts::Client::new(&base), policy)
            .map_err(SweepInvocationError::Sessions)?,
    );
    let (accounts, regions) = aws::estate::of_policy(&base, policy)
        .await
        .map_err(|err| SweepInvocationError::Scope(err.to_string()))?;
    let ledger = ledger_table.map(|table| {
        aws::session_store::DynamoLedger::new(
            aws_sdk_dynamodb::Client::new(&base),
            table.to_owned(),
        )
    });
    let report = sweep::run(
        Sweep {
            policy,
            base: &base,
            accounts: &accounts,
            regions: &regions,
            ledger: ledger.as_ref().map(|l| l as &dyn EnforcementLedger),
            now,
            mode: Mode::Act,
            concurrency,
            progress: &|_, _, _| {},
            budget: Some(budget),
        },
        sessions,
    )
    .await
    .map_err(SweepInvocationError::Sweep)?;
    log_failures(&report);
    let summary = summary(&report, accounts.len(), regions.len());
    tracing::info!(summary = %summary, "enforcement sweep");
    if report.complete() {
        Ok(summary)
    } else {
        Err(SweepInvocationError::Incomplete {
            listings: report.listing_failures.len(),
            steps: report.failures.len(),
            messages: report.delivery.as_ref().map_or(0, |d| d.failed.len()),
            unreached: report.unreached_accounts.len(),
            summary,
        })
    }
}

fn log_failures(report: &SweepReport) {
    for failure in &report.listing_failures {
        tracing::warn!(account = %failure.account, region = %failure.region, operation = %failure.operation, error = %failure.error, "listing failed");
    }
    for failure in &report.failures {
        tracing::warn!(arn = %failure.arn, rule = ?failure.rule, operation = %failure.operation, error = %failure.error, "not enforced");
    }
    if let Some(delivery) = &report.delivery {
        for failed in &delivery.failed {
            tracing::warn!(channel = failed.channel, subject = %failed.subject, reason = %failed.reason, "notification not sent");
        }
    }
    if report.unrouted_messages > 0 {
        tracing::warn!(
            messages = report.unrouted_messages,
            "no notification channel configured: nothing was sent"
        );
    }
}

/// The counts a sweep returns and logs: findings by verdict, failures, messages.
fn summary(report: &SweepReport, accounts: usize, regions: usize) -> Value {
    let mut verdicts = std::collections::BTreeMap::<String, usize>::new();
    for finding in &report.findings {
        *verdicts
            .entry(finding.verdict.status().to_owned())
            .or_default() += 1;
    }
    json!({
        "accounts": accounts,
        "regions": regions,
        "findings": verdicts,
        "listing_failures": report.listing_failures.len(),
        "failures": report.failures.len(),
        "unreached_accounts": report.unreached_accounts.iter().map(AccountId::as_str).collect::<Vec<_>>(),
        "messages_delivered": report.delivery.as_ref().map_or(0, |d| d.delivered.len()),
        "messages_failed": report.delivery.as_ref().map_or(0, |d| d.failed.len()),
        "messages_unrouted": report.unrouted_messages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_the_time_left_less_the_reserve() {
        let now = OffsetDateTime::UNIX_EPOCH + time::Duration::hours(1);
        let now_ms = 3_600_000;
        assert_eq!(
            budget(now_ms + 900_000, now),
            std::time::Duration::from_secs(900) - RESERVE
        );
        // Less time than the reserve, or a deadline passed: no budget beyond the first chunk.
        assert_eq!(budget(now_ms + 60_000, now), std::time::Duration::ZERO);
        assert_eq!(budget(now_ms - 1, now), std::time::Duration::ZERO);
    }
}
