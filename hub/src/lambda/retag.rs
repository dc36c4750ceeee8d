//! The retag function's edge (`AUTOTAG_MODE=retag`): the hub stack's rule on the default bus
//! invokes it with the Parameter Store Change event of the policy parameter, and it applies
//! what the change adds or changes among the fixed tags to the existing resources
//! ([`crate::estate::retag`], which `autotag retag` runs too).
//!
//! The event is only a trigger. Nothing in it is believed beyond "the parameter may have
//! changed": it carries no version (its `detail` holds `operation`, `name`, `type` and
//! `description`,
//! <https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-systems-manager-event-examples.html>),
//! and whoever may invoke the function could send any payload. An event that is not a change
//! of the configured parameter is ignored; otherwise the versions come from the parameter's
//! history and the ledger's watermark ([`autotag_core::retag::versions`]). Running on a forged
//! event can only bring the estate to the policy the parameter holds, which a retag does anyway.

use std::sync::Arc;

use autotag_core::policy::TagPolicy;
use autotag_core::retag::versions::{self, VersionChoice};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::aws::config_store::{ParameterError, ParameterPolicy};
use crate::aws::session_store::DynamoLedger;
use crate::aws::{self, AwsOptions};
use crate::estate::retag::{self, Retag, RetagReport};
use crate::ports::{BoxError, EnforcementActions};

/// The `AUTOTAG_MODE` value of the retag function.
pub const MODE: &str = "retag";

/// The event source of Parameter Store's events.
pub const SOURCE: &str = "aws.ssm";
/// The detail type of a parameter's creation, update, deletion or label change.
pub const DETAIL_TYPE: &str = "Parameter Store Change";
/// The operations that make a new version, which the hub stack's rule matches.
pub const OPERATIONS: [&str; 2] = ["Create", "Update"];

/// Why an invocation failed; Lambda retries it (retag is idempotent), then sends it to the
/// function's dead-letter queue, and the function's `Errors` are alarmed.
#[derive(Debug, thiserror::Error)]
pub enum RetagInvocationError {
    /// The parameter's history could not be read.
    #[error("the policy parameter's history cannot be read")]
    History(#[source] ParameterError),
    /// The watermark could not be read.
    #[error("the retag watermark of `{parameter}` cannot be read from table `{table}`")]
    ReadWatermark {
        /// The parameter.
        parameter: String,
        /// The ledger table.
        table: String,
        /// The DynamoDB error.
        #[source]
        source: BoxError,
    },
    /// A version chosen is not in the parameter's history.
    #[error("version `{version}` is not in the policy parameter's history")]
    VersionMissing {
        /// The version.
        version: u64,
    },
    /// A version of the policy does not parse.
    #[error("version `{version}` of the policy parameter is not a valid policy")]
    Policy {
        /// The version.
        version: u64,
        /// Why.
        #[source]
        source: autotag_core::policy::PolicyError,
    },
    /// The auto-tag role's sessions could not be set up.
    #[error("the spoke sessions cannot be set up")]
    Sessions(#[source] aws::sessions::SessionError),
    /// The accounts or regions to cover could not be listed.
    #[error("the accounts and regions to retag cannot be listed")]
    Scope(#[source] BoxError),
    /// The run went over the estate, but something was not listed or written (each is
    /// logged with its resource and call); the watermark stays, so the retry (or the next
    /// change) applies the change again, which is safe.
    #[error(
        "the retag from version `{from}` to `{to}` is incomplete: `{listings}` listings and `{writes}` writes failed, `{unreached}` accounts were not reached"
    )]
    Incomplete {
        /// The version the estate was at.
        from: u64,
        /// The version retagged to.
        to: u64,
        /// Account-regions not listed.
        listings: usize,
        /// Resources not written.
        writes: usize,
        /// Accounts the time budget left.
        unreached: usize,
        /// The summary, as a complete run returns it.
        summary: Value,
    },
    /// The run was complete but the watermark could not be written.
    #[error("the retag watermark of `{parameter}` cannot be written to version `{version}`")]
    WriteWatermark {
        /// The parameter.
        parameter: String,
        /// The version.
        version: u64,
        /// The DynamoDB error.
        #[source]
        source: BoxError,
    },
}

impl From<RetagInvocationError> for lambda_runtime::Diagnostic {
    fn from(err: RetagInvocationError) -> Self {
        Self {
            error_type: "RetagFailed".to_owned(),
            error_message: crate::lambda::cause_chain(&err),
        }
    }
}

/// Why an event is not a change of the policy parameter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Ignored {
    /// `source` is not `aws.ssm`.
    #[error("the source is not `aws.ssm`")]
    Source,
    /// `detail-type` is not `Parameter Store Change`.
    #[error("the detail type is not `Parameter Store Change`")]
    DetailType,
    /// `detail.name` is not the policy parameter.
    #[error("the parameter named is not the policy parameter")]
    OtherParameter,
    /// `detail.operation` makes no new version (a deletion, a label).
    #[error("the operation makes no new version")]
    Operation,
}

/// Whether `event` says that `parameter` changed: its source, detail type, parameter name and
/// operation. Nothing else of it is read.
pub fn vet(event: &Value, parameter: &str) -> Result<(), Ignored> {
    let field = |path: &str| event.pointer(path).and_then(Value::as_str);
    if field("/source") != Some(SOURCE) {
        return Err(Ignored::Source);
    }
    if field("/detail-type") != Some(DETAIL_TYPE) {
        return Err(Ignored::DetailType);
    }
    if field("/detail/name") != Some(parameter) {
        return Err(Ignored::OtherParameter);
    }
    match field("/detail/operation") {
        Some(operation) if OPERATIONS.contains(&operation) => Ok(()),
        _ => Err(Ignored::Operation),
    }
}

/// What the function works with, from its environment.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    /// The policy parameter (`AUTOTAG_CONFIG_PARAMETER`).
    pub parameter: &'a str,
    /// The ledger table holding the watermark (`AUTOTAG_LEDGER_TABLE`).
    pub ledger_table: &'a str,
    /// Account-regions listed, and resources written, at once.
    pub concurrency: usize,
    /// When the run started.
    pub now: OffsetDateTime,
    /// How long the run may take before it starts another chunk of accounts
    /// ([`crate::lambda::enforce::budget`]).
    pub budget: std::time::Duration,
}

/// Handles one invocation with `event`, as the hub identity `options` load.
pub async fn retag(
    event: &Value,
    settings: Settings<'_>,
    options: &AwsOptions,
) -> Result<Value, RetagInvocationError> {
    retag_as(event, settings, aws::load_sdk_config(options).await, None).await
}

/// [`retag()`] as the hub identity `base` holds, writing through `writes` when given instead of
/// through the auto-tag role (tests fail a write on purpose this way: the emulator enforces no
/// IAM, so no real write can be made to fail).
pub async fn retag_as(
    event: &Value,
    settings: Settings<'_>,
    base: aws_config::SdkConfig,
    writes: Option<&dyn EnforcementActions>,
) -> Result<Value, RetagInvocationError> {
    let parameter = settings.parameter;
    if let Err(why) = vet(event, parameter) {
        // The reason only: the event is not logged.
        tracing::info!(reason = %why, "not a change of the policy parameter: ignored");
        return Ok(json!({"status": "ignored", "reason": why.to_string()}));
    }
    let history = ParameterPolicy::new(aws_sdk_ssm::Client::new(&base), parameter)
        .history()
        .await
        .map_err(RetagInvocationError::History)?;
    let ledger = DynamoLedger::new(
        aws_sdk_dynamodb::Client::new(&base),
        settings.ledger_table.to_owned(),
    );
    let watermark = ledger.retag_watermark(parameter).await.map_err(|source| {
        RetagInvocationError::ReadWatermark {
            parameter: parameter.to_owned(),
            table: settings.ledger_table.to_owned(),
            source,
        }
    })?;
    let numbers: Vec<u64> = history.iter().map(|(version, _)| *version).collect();
    let (old, new) = match versions::choose(&numbers, watermark) {
        VersionChoice::Empty => {
            tracing::warn!(
                parameter,
                "the policy parameter has no version: nothing to do"
            );
            return Ok(json!({"status": "nothing", "reason": "the parameter has no version"}));
        }
        VersionChoice::Current { version } => {
            tracing::info!(
                parameter,
                version,
                "the estate is already at the latest version"
            );
            return Ok(json!({"status": "current", "version": version}));
        }
        VersionChoice::First { version } => {
            // The first policy reaches resources by stamping and `autotag backfill`; recording
            // it gives the next change a version to be compared with.
            tracing::info!(
                parameter,
                version,
                "the first version of the policy: nothing to retag; recorded as the baseline"
            );
            advance(&ledger, parameter, version, settings.now).await?;
            return Ok(json!({"status": "first", "version": version}));
        }
        VersionChoice::Retag { old, new, fallback } => {
            if let Some(why) = fallback {
                tracing::warn!(parameter, from = old, to = new, reason = %why, "retagging from the version before the latest");
            }
            (old, new)
        }
    };
    let policy = |version: u64| -> Result<TagPolicy, RetagInvocationError> {
        // `choose` picks from the history's versions; an empty text would read as the
        // built-in policy, so a version not found is an error, never a default.
        let text = history
            .iter()
            .find(|(v, _)| *v == version)
            .map(|(_, text)| text.as_str())
            .ok_or(RetagInvocationError::VersionMissing { version })?;
        TagPolicy::from_toml(text)
            .map_err(|source| RetagInvocationError::Policy { version, source })
    };
    let (old_policy, new_policy) = (policy(old)?, policy(new)?);
    let sessions = Arc::new(
        aws::sessions::SpokeSessions::new(
            base.clone(),
            aws_sdk_sts::Client::new(&base),
            &new_policy,
        )
        .map_err(RetagInvocationError::Sessions)?,
    );
    let (accounts, regions) = aws::estate::of_policy(&base, &new_policy)
        .await
        .map_err(RetagInvocationError::Scope)?;
    let run = Retag {
        old: &old_policy,
        new: &new_policy,
        accounts: &accounts,
        regions: &regions,
        dry_run: false,
        concurrency: settings.concurrency,
        progress: &|_, _| {},
        budget: Some(settings.budget),
    };
    let report = match writes {
        Some(actions) => retag::run_with(run, sessions, actions).await,
        None => retag::run(run, sessions).await,
    };
    log_failures(&report);
    let mut summary = summary(&report, old, new, accounts.len(), regions.len());
    if !report.complete() {
        tracing::warn!(summary = %summary, "retag incomplete: the watermark stays");
        return Err(RetagInvocationError::Incomplete {
            from: old,
            to: new,
            listings: report.listing_failures.len(),
            writes: report.failures.len(),
            unreached: report.unreached_accounts.len(),
            summary,
        });
    }
    let advanced = advance(&ledger, parameter, new, settings.now).await?;
    if let Some(object) = summary.as_object_mut() {
        object.insert("watermark_advanced".into(), advanced.into());
    }
    tracing::info!(summary = %summary, "retag");
    Ok(summary)
}

/// Records `version` as the watermark; `false` when a later version is recorded already.
async fn advance(
    ledger: &DynamoLedger,
    parameter: &str,
    version: u64,
    now: OffsetDateTime,
) -> Result<bool, RetagInvocationError> {
    let advanced = ledger
        .advance_retag_watermark(parameter, version, now)
        .await
        .map_err(|source| RetagInvocationError::WriteWatermark {
            parameter: parameter.to_owned(),
            version,
            source,
        })?;
    if !advanced {
        tracing::info!(
            parameter,
            version,
            "a version as recent or more is recorded already: the watermark stays"
        );
    }
    Ok(advanced)
}

fn log_failures(report: &RetagReport) {
    for failure in &report.listing_failures {
        tracing::warn!(account = %failure.account, region = %failure.region, operation = %failure.operation, error = %failure.error, "listing failed");
    }
    for failure in &report.failures {
        tracing::warn!(arn = %failure.arn, operation = %failure.operation, error = %failure.error, "not retagged");
    }
    if !report.unreached_accounts.is_empty() {
        tracing::warn!(
            accounts = ?report.unreached_accounts,
            "the time budget left these accounts"
        );
    }
}

/// The counts a run returns and logs.
fn summary(report: &RetagReport, from: u64, to: u64, accounts: usize, regions: usize) -> Value {
    let total = |count: fn(&autotag_core::retag::SummaryRow) -> usize| -> usize {
        report.summary.iter().map(count).sum()
    };
    json!({
        "status": "retagged",
        "from": from,
        "to": to,
        "accounts": accounts,
        "regions": regions,
        "resources": total(|r| r.resources),
        "updated": total(|r| r.updated),
        "current": total(|r| r.current),
        "kept": total(|r| r.kept),
        "over_limit": total(|r| r.over_limit),
        "failed": total(|r| r.failed),
        "tags_written": total(|r| r.tags_written),
        "listing_failures": report.listing_failures.len(),
        "unreached_accounts": report.unreached_accounts.iter().map(autotag_core::arn::AccountId::as_str).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAMETER: &str = "/autotag/config";

    /// A Parameter Store Change event as the Systems Manager user guide shows one.
    fn change(name: &str, operation: &str) -> Value {
        json!({
            "version": "0",
            "id": "9547ef2d-3b7e-4057-b6cb-5fdf09ee7c8f",
            "detail-type": "Parameter Store Change",
            "source": "aws.ssm",
            "account": "111111111111",
            "time": "2026-12-04T16:43:48Z",
            "region": "us-east-1",
            "resources": [format!("arn:aws:ssm:us-east-1:111111111111:parameter{name}")],
            "detail": {"operation": operation, "name": name, "type": "SecureString", "description": "autotag policy"}
        })
    }

    #[test]
    fn a_change_of_the_policy_parameter_is_a_notice() {
        assert_eq!(vet(&change(PARAMETER, "Update"), PARAMETER), Ok(()));
        assert_eq!(vet(&change(PARAMETER, "Create"), PARAMETER), Ok(()));
    }

    #[test]
    fn anything_else_is_ignored_with_its_reason() {
        let mut forged = change(PARAMETER, "Update");
        forged["source"] = json!("my.app");
        assert_eq!(vet(&forged, PARAMETER), Err(Ignored::Source));
        let mut other_type = change(PARAMETER, "Update");
        other_type["detail-type"] = json!("Parameter Store Policy Action");
        assert_eq!(vet(&other_type, PARAMETER), Err(Ignored::DetailType));
        assert_eq!(
            vet(&change("/autotag/other", "Update"), PARAMETER),
            Err(Ignored::OtherParameter)
        );
        // A name that only starts like it, or the name without its leading slash.
        assert_eq!(
            vet(&change("/autotag/config-old", "Update"), PARAMETER),
            Err(Ignored::OtherParameter)
        );
        assert_eq!(
            vet(&change("autotag/config", "Update"), PARAMETER),
            Err(Ignored::OtherParameter)
        );
        for operation in ["Delete", "LabelParameterVersion"] {
            assert_eq!(
                vet(&change(PARAMETER, operation), PARAMETER),
                Err(Ignored::Operation)
            );
        }
        // Not an event at all: a Scheduler's `{}`, an SQS batch.
        assert_eq!(vet(&json!({}), PARAMETER), Err(Ignored::Source));
        assert_eq!(
            vet(&json!({"Records": [{"eventSource": "aws:sqs"}]}), PARAMETER),
            Err(Ignored::Source)
        );
    }
}
