//! `autotag enforce`: the `[[enforce]]` rules across the organization. `--report` lists the
//! findings without acting; `--sweep` acts on them (hub/src/enforce.rs) and sends the security
//! team's summary; `--sweep --dry-run` shows what a sweep would do and changes nothing.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use autotag_core::audit::OutputFormat;
use autotag_core::enforce::notify::plan_notifications;
use autotag_core::enforce::report::{render_report, report_rows};
use autotag_core::enforce::{Finding, OutOfScope, Verdict};
use autotag_core::policy::TagPolicy;
use autotag_hub::aws::notify::dispatch::Notifiers;
use autotag_hub::aws::{self, AwsOptions};
use autotag_hub::enforce::Run;
use autotag_hub::ports::EnforcementLedger;
use clap::Args;
use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::conventions::{INCOMPLETE, Output, VERDICT};
use crate::estate::EstateArgs;

/// The enforcer's options.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("mode").required(true).args(["sweep", "report"])))]
pub(crate) struct EnforceArgs {
    #[command(flatten)]
    pub(crate) estate: EstateArgs,
    /// Run the steps that are due: messages, marks, stops and terminations, each recorded in
    /// the ledger.
    #[arg(long)]
    pub(crate) sweep: bool,
    /// List every rule's findings without acting or sending anything; exit status 4 when a
    /// resource does not comply.
    #[arg(long)]
    pub(crate) report: bool,
    /// With --sweep: show what the sweep would do, and change, record and send nothing.
    #[arg(long, requires = "sweep")]
    pub(crate) dry_run: bool,
    /// Evaluate as of this time (RFC 3339) instead of now. For testing and rehearsal only:
    /// with --sweep it really runs what would be due then (a grace period ends early).
    #[arg(long, value_parser = rfc3339)]
    pub(crate) at: Option<OffsetDateTime>,
    /// The hub's ledger table, where each step reached is recorded (AUTOTAG_LEDGER_TABLE);
    /// without it the ladder is read from the marks alone.
    #[arg(long, env = "AUTOTAG_LEDGER_TABLE")]
    pub(crate) ledger_table: Option<String>,
    /// The SNS topic the security team's summary goes to; default: the policy's
    /// `enforcement.notify_topic`.
    #[arg(long)]
    pub(crate) notify_topic: Option<String>,
}

fn rfc3339(text: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|err| format!("`{text}` is not an RFC 3339 time: {err}"))
}

/// Whether a finding belongs in the output: not the pairs of a rule and a resource of a type
/// it does not cover, nor gone resources.
fn shown(finding: &Finding) -> bool {
    !matches!(
        finding.verdict,
        Verdict::OutOfScope(OutOfScope::ResourceType | OutOfScope::Gone)
    )
}

fn warn(line: serde_json::Value) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

pub(crate) async fn run(
    args: EnforceArgs,
    policy: TagPolicy,
    options: &AwsOptions,
    output: Output,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        !policy.enforcement.rules.is_empty(),
        "the policy has no `[[enforce]]` rule (docs/config.md)"
    );
    let now = args.at.unwrap_or_else(autotag_hub::clock::now);
    let (base, sessions) = aws::spoke_sessions(&policy, options).await?;
    let (accounts, regions) = args.estate.resolve(&base, &policy).await?;
    let ledger = args.ledger_table.as_ref().map(|table| {
        aws::session_store::DynamoLedger::new(aws_sdk_dynamodb::Client::new(&base), table.clone())
    });
    let survey = crate::estate::survey(
        "enforce",
        Arc::clone(&sessions),
        &accounts,
        &regions,
        args.estate.concurrency,
    )
    .await;
    let mut incomplete = !survey.failures.is_empty();
    let organizations = aws_sdk_organizations::Client::new(&base);
    let gathered = aws::enforce::gather(
        survey.resources.into_values(),
        &policy,
        &sessions,
        Some(&organizations),
        ledger.as_ref().map(|l| l as &dyn EnforcementLedger),
    )
    .await;
    for failure in &gathered.failures {
        incomplete = true;
        warn(json!({"warning": "not enforced: facts unreadable", "failure": failure}));
    }
    let mut enforcement = policy.enforcement.clone();
    if args.dry_run {
        for rule in &mut enforcement.rules {
            rule.dry_run = true;
        }
    }
    let act = args.sweep && !args.dry_run;
    let actions = aws::enforce::AwsEnforcementActions::new(Arc::clone(&sessions));
    let outcome = autotag_hub::enforce::run(
        Run {
            enforcement: &enforcement,
            now,
            act,
            concurrency: args.estate.concurrency,
        },
        gathered.facts,
        &actions,
        ledger.as_ref().map(|l| l as &dyn EnforcementLedger),
    )
    .await;
    for failure in &outcome.failures {
        incomplete = true;
        warn(json!({"warning": "enforcement step failed", "failure": failure}));
    }
    let findings: Vec<Finding> = outcome
        .findings
        .iter()
        .filter(|f| shown(f))
        .cloned()
        .collect();
    out.write_all(render_report(&report_rows(&findings), OutputFormat::from(output)).as_bytes())?;
    if act {
        incomplete |= !notify(
            &policy,
            args.notify_topic.as_deref(),
            &base,
            &outcome.succeeded(),
        )
        .await?;
    }
    let non_compliant = findings
        .iter()
        .any(|f| matches!(f.verdict, Verdict::NonCompliant(_)));
    Ok(if args.report && non_compliant {
        ExitCode::from(VERDICT)
    } else if incomplete {
        ExitCode::from(INCOMPLETE)
    } else {
        ExitCode::SUCCESS
    })
}

/// Sends the run's messages through the channels the policy configures (`notify_topic`,
/// `webhook_secret`, `ses_from`; `--notify-topic` overrides the topic); `false` when one that
/// should go could not. Actions stay done either way.
async fn notify(
    policy: &TagPolicy,
    topic: Option<&str>,
    base: &aws_config::SdkConfig,
    findings: &[Finding],
) -> anyhow::Result<bool> {
    let mut enforcement = policy.enforcement.clone();
    if let Some(topic) = topic {
        enforcement.notify_topic = Some(topic.to_owned());
    }
    let messages = plan_notifications(findings);
    if messages.is_empty() {
        return Ok(true);
    }
    let notifiers = Notifiers::from_enforcement(base, &enforcement)?;
    if notifiers.is_empty() {
        warn(
            json!({"warning": "no channel configured: nothing was sent (enforcement.notify_topic, webhook_secret or ses_from)", "messages": messages.len()}),
        );
        return Ok(true);
    }
    let report = notifiers.deliver_all(&messages).await;
    for sent in &report.delivered {
        tracing::info!(channel = sent.channel, subject = %sent.subject, attempts = sent.attempts, "notification sent");
    }
    for failed in &report.failed {
        warn(
            json!({"warning": "notification not sent", "channel": failed.channel, "recipient": failed.recipient, "subject": failed.subject, "reason": failed.reason}),
        );
    }
    Ok(report.failed.is_empty())
}
