//! `autotag backfill`: the creations CloudTrail still remembers (the organization trail's log
//! files in S3, `LookupEvents`, or files), played through the hub's plan and taggers oldest
//! first; then, with `--mark-unknown`, the unknown-owner marker on what no record explains.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use autotag_hub::aws::{self, AwsOptions};
use autotag_hub::estate::backfill::{self, BackfillOptions, Checkpoint, Counts, TrailReader};
use autotag_hub::estate::progress::Progress;
use clap::Args;
use serde_json::json;
use time::{Date, Duration, OffsetDateTime, Time};

use crate::estate::EstateArgs;

/// Exit status when some events or pieces failed (they are in the checkpoint, retried next run).
const SOME_FAILED: u8 = crate::conventions::INCOMPLETE;

/// The backfill's options.
#[derive(Debug, Args)]
pub(crate) struct BackfillArgs {
    #[command(flatten)]
    pub(crate) estate: EstateArgs,
    /// The organization trail's log files: `s3://bucket/AWSLogs/<org-id>/` (or `.../AWSLogs/`).
    #[arg(long, conflicts_with = "lookup_events")]
    pub(crate) s3: Option<String>,
    /// CloudTrail `LookupEvents` in each account and region (the last 90 days).
    #[arg(long)]
    pub(crate) lookup_events: bool,
    /// CloudTrail log files, event files or `-` for standard input; `.gz` is read as gzip.
    pub(crate) files: Vec<PathBuf>,
    /// The first day to read (UTC, `YYYY-MM-DD`); default: `--days` before today.
    #[arg(long, value_parser = date)]
    pub(crate) from: Option<Date>,
    /// The last day to read (UTC, inclusive); default: today.
    #[arg(long, value_parser = date)]
    pub(crate) to: Option<Date>,
    /// Days to read back when `--from` is not given (CloudTrail's event history keeps 90).
    #[arg(long, default_value_t = 90)]
    pub(crate) days: i64,
    /// Where progress is kept, so a stopped run resumes and failed pieces are retried.
    #[arg(long, default_value = "autotag-backfill.checkpoint.json")]
    pub(crate) checkpoint: PathBuf,
    /// Plan and print; write nothing, not even the checkpoint.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Afterwards, mark resources that carry no owner with the unknown-owner marker.
    #[arg(long)]
    pub(crate) mark_unknown: bool,
    /// The hub's session table, so sessions recorded from the trail are joined.
    #[arg(long, env = "AUTOTAG_SESSION_TABLE")]
    pub(crate) session_table: Option<String>,
    /// The hub's ledger table, where every stamp written is recorded.
    #[arg(long, env = "AUTOTAG_LEDGER_TABLE")]
    pub(crate) ledger_table: Option<String>,
}

fn date(text: &str) -> Result<Date, String> {
    Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|err| format!("`{text}` is not a `YYYY-MM-DD` date: {err}"))
}

/// Lines to stdout, progress to stderr.
struct CliReport {
    out: Mutex<std::io::Stdout>,
    progress: Progress,
}

impl backfill::Report for CliReport {
    fn line(&self, line: &serde_json::Value) {
        let out = self
            .out
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = writeln!(out.lock(), "{line}");
    }

    fn progress(&self, counts: &Counts, done: f64, _elapsed: std::time::Duration) {
        self.progress.show(done, &status(counts), false);
    }
}

fn status(counts: &Counts) -> String {
    format!(
        "{}/{} streams · {} pieces · {} records · {} tagged · {} already · {} failed",
        counts.streams_done,
        counts.streams,
        counts.pieces,
        counts.records,
        counts.tagged,
        counts.already_stamped,
        counts.failed
    )
}

pub(crate) async fn run(
    args: BackfillArgs,
    policy: autotag_core::policy::TagPolicy,
    options: &AwsOptions,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let sources = usize::from(args.s3.is_some())
        + usize::from(args.lookup_events)
        + usize::from(!args.files.is_empty());
    anyhow::ensure!(
        sources == 1 || (sources == 0 && args.mark_unknown),
        "give one source: --s3 s3://bucket/prefix, --lookup-events, or files"
    );
    let today = crate::now().date();
    let to = args.to.unwrap_or(today);
    let from = args
        .from
        .unwrap_or(to - Duration::days(args.days.max(1) - 1));
    anyhow::ensure!(from <= to, "--from `{from}` is after --to `{to}`");
    let window = (
        OffsetDateTime::new_utc(from, Time::MIDNIGHT),
        OffsetDateTime::new_utc(to, Time::MIDNIGHT) + Duration::days(1) - Duration::nanoseconds(1),
    );
    // One set of spoke sessions for tagging, LookupEvents and the survey: each account's
    // role is assumed once.
    let (base, sessions) = aws::spoke_sessions(&policy, options).await?;
    let processor = aws::processor_on(
        &base,
        Arc::clone(&sessions),
        policy.clone(),
        aws::HubStores {
            max_receives: 1,
            session_table: args.session_table.clone(),
            ledger_table: args.ledger_table.clone(),
            ..aws::HubStores::default()
        },
    );
    let needs_estate = args.lookup_events || args.mark_unknown;
    let (accounts, regions) = if needs_estate {
        args.estate.resolve(&base, &policy).await?
    } else {
        (Vec::new(), Vec::new())
    };
    let mut exit = ExitCode::SUCCESS;
    if sources == 1 {
        let (reader, source): (Arc<dyn TrailReader>, String) = if let Some(url) = &args.s3 {
            let rest = url
                .strip_prefix("s3://")
                .with_context(|| format!("`{url}` is not an `s3://bucket/prefix` address"))?;
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            let config = aws_sdk_s3::config::Builder::from(&base)
                .force_path_style(base.endpoint_url().is_some())
                .build();
            let reader = aws::trail::S3LogFiles::new(
                aws_sdk_s3::Client::from_conf(config),
                bucket.to_owned(),
                prefix,
                args.estate.accounts.clone(),
                // Without `--regions` or `scope.regions`, every region folder under the prefix.
                if args.estate.regions.is_empty() {
                    policy
                        .regions
                        .iter()
                        .map(|r| r.as_str().to_owned())
                        .collect()
                } else {
                    args.estate.regions.clone()
                },
                (from, to),
            );
            (Arc::new(reader), format!("s3://{bucket}/{prefix}"))
        } else if args.lookup_events {
            let reader = aws::trail::LookupEvents::new(
                Arc::clone(&sessions),
                accounts.iter().map(|a| a.as_str().to_owned()).collect(),
                regions.iter().map(|r| r.as_str().to_owned()).collect(),
                window,
            );
            (Arc::new(reader), "lookup-events".to_owned())
        } else {
            let names: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
            (
                Arc::new(backfill::Files::new(args.files.clone())),
                format!("files:{}", names.join(",")),
            )
        };
        let checkpoint = Checkpoint::load(&args.checkpoint, &source)?;
        let report = Arc::new(CliReport {
            out: Mutex::new(std::io::stdout()),
            progress: Progress::new("backfill"),
        });
        let counts = backfill::run(
            reader,
            processor.clone(),
            checkpoint,
            BackfillOptions {
                window,
                dry_run: args.dry_run,
                concurrency: args.estate.concurrency,
                checkpoint_path: Some(args.checkpoint.clone()),
            },
            report.clone(),
        )
        .await?;
        report.progress.show(1.0, &status(&counts), true);
        writeln!(
            out,
            "{}",
            json!({"backfill": counts, "dry_run": args.dry_run})
        )?;
        if counts.failed > 0 {
            exit = ExitCode::from(SOME_FAILED);
        }
    }
    if args.mark_unknown {
        let survey = crate::estate::survey(
            "mark-unknown",
            Arc::clone(&sessions),
            &accounts,
            &regions,
            args.estate.concurrency,
        )
        .await;
        let (mut marked, mut failed) = (0_usize, survey.failures.len());
        let now = crate::now();
        for observed in survey.resources.values() {
            let Some((plan, applied)) =
                backfill::mark_unknown(&processor, observed, now, args.dry_run).await
            else {
                continue;
            };
            let tags: serde_json::Map<String, serde_json::Value> = plan
                .tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_str().into()))
                .collect();
            let failures: Vec<String> = applied
                .iter()
                .flat_map(|r| r.failures.iter().map(ToString::to_string))
                .collect();
            let written = applied.as_ref().is_some_and(|r| {
                r.resources.iter().any(|res| {
                    matches!(
                        res.status,
                        autotag_hub::ports::ResourceStatus::Tagged { .. }
                    )
                })
            });
            marked += usize::from(written);
            failed += usize::from(!failures.is_empty());
            writeln!(
                out,
                "{}",
                json!({"mark_unknown": observed.arn, "tags": tags, "written": written, "dry_run": args.dry_run, "failures": failures})
            )?;
        }
        writeln!(
            out,
            "{}",
            json!({"mark_unknown": {"resources": survey.resources.len(), "marked": marked, "failed": failed}, "dry_run": args.dry_run})
        )?;
        if failed > 0 {
            exit = ExitCode::from(SOME_FAILED);
        }
    }
    Ok(exit)
}
