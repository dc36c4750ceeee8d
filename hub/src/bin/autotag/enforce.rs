//! `autotag enforce`: the `[[enforce]]` rules across the organization. `--report` lists the
//! findings without acting; `--sweep` acts on them and sends the run's messages
//! (hub/src/aws/enforce/sweep.rs, shared with the scheduled enforce function); `--sweep
//! --dry-run` shows what a sweep would do and changes nothing.

use std::io::Write;
use std::process::ExitCode;

use autotag_core::audit::OutputFormat;
use autotag_core::enforce::report::{render_report, report_rows};
use autotag_core::policy::TagPolicy;
use autotag_hub::aws::enforce::sweep::{self, Mode, Sweep};
use autotag_hub::aws::{self, AwsOptions};
use autotag_hub::estate::progress::Progress;
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

fn warn(line: serde_json::Value) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Sweeps `args.estate` in the mode the flags say, prints the findings in `output`, and warns on
/// stderr (one JSON line each) of what could not be listed, read, done or sent.
pub(crate) async fn run(
    args: EnforceArgs,
    mut policy: TagPolicy,
    options: &AwsOptions,
    output: Output,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        !policy.enforcement.rules.is_empty(),
        "the policy has no `[[enforce]]` rule (docs/config.md, \"Enforcement\")"
    );
    if let Some(topic) = args.notify_topic {
        policy.enforcement.notify_topic = Some(topic);
    }
    let now = args.at.unwrap_or_else(autotag_hub::clock::now);
    let (base, sessions) = aws::spoke_sessions(&policy, options).await?;
    let (accounts, regions) = args.estate.resolve(&base, &policy).await?;
    let ledger = args.ledger_table.as_ref().map(|table| {
        aws::session_store::DynamoLedger::new(aws_sdk_dynamodb::Client::new(&base), table.clone())
    });
    let mode = match (args.sweep, args.dry_run) {
        (true, false) => Mode::Act,
        (true, true) => Mode::DryRun,
        (false, _) => Mode::Report,
    };
    let progress = Progress::new("enforce");
    let report = sweep::run(
        Sweep {
            policy: &policy,
            base: &base,
            accounts: &accounts,
            regions: &regions,
            ledger: ledger.as_ref().map(|l| l as &dyn EnforcementLedger),
            now,
            mode,
            concurrency: args.estate.concurrency,
            progress: &|done, total, found| {
                progress.show(
                    done as f64 / total.max(1) as f64,
                    &format!("{done}/{total} account-regions · {found} resources"),
                    done == total,
                );
            },
            budget: None,
        },
        sessions,
    )
    .await?;
    for failure in &report.listing_failures {
        warn(
            json!({"warning": "listing failed", "account": failure.account, "region": failure.region, "operation": failure.operation, "error": failure.error}),
        );
    }
    for failure in &report.failures {
        warn(json!({"warning": "not enforced", "failure": failure}));
    }
    out.write_all(
        render_report(&report_rows(&report.findings), OutputFormat::from(output)).as_bytes(),
    )?;
    out.flush()?;
    if report.unrouted_messages > 0 {
        warn(
            json!({"warning": "no channel configured: nothing was sent (enforcement.notify_topic, webhook_secret or ses_from)", "messages": report.unrouted_messages}),
        );
    }
    if let Some(delivery) = &report.delivery {
        for sent in &delivery.delivered {
            tracing::info!(channel = sent.channel, subject = %sent.subject, attempts = sent.attempts, "notification sent");
        }
        for failed in &delivery.failed {
            warn(
                json!({"warning": "notification not sent", "channel": failed.channel, "recipient": failed.recipient, "subject": failed.subject, "reason": failed.reason}),
            );
        }
    }
    Ok(if mode == Mode::Report && report.non_compliant() {
        ExitCode::from(VERDICT)
    } else if !report.complete() {
        ExitCode::from(INCOMPLETE)
    } else {
        ExitCode::SUCCESS
    })
}
