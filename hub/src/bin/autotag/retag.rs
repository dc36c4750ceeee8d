//! `autotag retag`: after a policy change, write what it adds or changes among the fixed tags
//! on every existing resource of the types concerned (hub/src/estate/retag.rs), and print the
//! summary per account and type.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use autotag_core::policy::TagPolicy;
use autotag_core::policy::tag_sets::retag_delta;
use autotag_core::retag::render_summary;
use autotag_hub::aws::{self, AwsOptions};
use autotag_hub::estate::progress::Progress;
use autotag_hub::estate::retag::{self, Retag};
use clap::Args;
use serde_json::json;

use crate::conventions::{INCOMPLETE, Output};
use crate::estate::EstateArgs;

/// The retag's options.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("before").required(true).args(["from", "from_parameter_version"])))]
pub(crate) struct RetagArgs {
    #[command(flatten)]
    pub(crate) estate: EstateArgs,
    /// The policy before the change (TOML).
    #[arg(long, value_name = "FILE")]
    pub(crate) from: Option<PathBuf>,
    /// The policy before the change: this version of the policy's SSM parameter
    /// (`--config-parameter`, else `--parameter`).
    #[arg(long, value_name = "N")]
    pub(crate) from_parameter_version: Option<u64>,
    /// The parameter `--from-parameter-version` reads when the policy is given with
    /// `--config`.
    #[arg(long, default_value = "/autotag/config")]
    pub(crate) parameter: String,
    /// Show what would be written, and write nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// The hub's ledger table (AUTOTAG_LEDGER_TABLE). With the policy read from
    /// `--config-parameter` and `--from-parameter-version`, a complete run records the
    /// parameter's version it brought the estate to, as the hub's retag function does, so that
    /// the function's next run starts from it.
    #[arg(long, env = "AUTOTAG_LEDGER_TABLE")]
    pub(crate) ledger_table: Option<String>,
}

fn warn(line: serde_json::Value) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// The policy before the change, from the file or the parameter's version.
async fn before(
    args: &RetagArgs,
    config_parameter: Option<&str>,
    options: &AwsOptions,
) -> anyhow::Result<TagPolicy> {
    if let Some(file) = &args.from {
        let text = crate::conventions::read_input(file)?;
        return TagPolicy::from_toml(&text)
            .with_context(|| format!("the old policy `{}`", file.display()));
    }
    let version = args
        .from_parameter_version
        .context("--from or --from-parameter-version is required")?;
    let name = config_parameter.unwrap_or(&args.parameter);
    let stored = aws::config_store::ParameterPolicy::connect(options, name)
        .await
        .read_version(version)
        .await?;
    TagPolicy::from_toml(&stored.text)
        .with_context(|| format!("parameter `{name}` (version {version})"))
}

/// Retags `args.estate` from the old policy to `policy` (version `version` of
/// `config_parameter` when it was read from there), prints the summary in `output`, and
/// warns on stderr (one JSON line each) of what could not be listed or written.
pub(crate) async fn run(
    args: RetagArgs,
    policy: TagPolicy,
    config_parameter: Option<&str>,
    version: Option<u64>,
    options: &AwsOptions,
    output: Output,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let old = before(&args, config_parameter, options).await?;
    let delta = retag_delta(&old, &policy);
    for (resource_type, updates) in &delta {
        let keys: Vec<&str> = updates.iter().map(|u| u.key.as_str()).collect();
        tracing::info!(resource_type, ?keys, "tags to apply");
    }
    if delta.is_empty() {
        warn(json!({"warning": "the change adds or changes no fixed tag: nothing to retag"}));
        out.write_all(render_summary(&[], output.into()).as_bytes())?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let (base, sessions) = aws::spoke_sessions(&policy, options).await?;
    let (accounts, regions) = args.estate.resolve(&base, &policy).await?;
    let progress = Progress::new("retag");
    let report = retag::run(
        Retag {
            old: &old,
            new: &policy,
            accounts: &accounts,
            regions: &regions,
            dry_run: args.dry_run,
            concurrency: args.estate.concurrency,
            progress: &|done, status| progress.show(done, status, done >= 1.0),
            budget: None,
        },
        sessions,
    )
    .await;
    for failure in &report.listing_failures {
        warn(
            json!({"warning": "listing failed", "account": failure.account, "region": failure.region, "operation": failure.operation, "error": failure.error}),
        );
    }
    for failure in &report.failures {
        warn(json!({"warning": "not retagged", "failure": failure}));
    }
    for resource in &report.resources {
        tracing::info!(arn = %resource.arn, outcome = ?resource.outcome, write = ?resource.change.write, kept = ?resource.change.kept, dry_run = args.dry_run, "retag");
    }
    for account in &report.unreached_accounts {
        warn(json!({"warning": "not reached", "account": account.as_str()}));
    }
    if report.complete() && !args.dry_run {
        advance_watermark(&args, config_parameter, version, &base).await?;
    }
    out.write_all(render_summary(&report.summary, output.into()).as_bytes())?;
    out.flush()?;
    Ok(if report.complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(INCOMPLETE)
    })
}

/// After a complete run from `--from-parameter-version` to version `version` of the policy
/// parameter, records `version` as the retag function's watermark, when `--ledger-table` is
/// given. Only when the run started at or before the recorded version (or none is recorded):
/// otherwise the versions between were not retagged, and the watermark stays for the function
/// to apply them. The write never moves the watermark backwards.
async fn advance_watermark(
    args: &RetagArgs,
    config_parameter: Option<&str>,
    version: Option<u64>,
    base: &aws_config::SdkConfig,
) -> anyhow::Result<()> {
    let (Some(table), Some(parameter), Some(from), Some(to)) = (
        &args.ledger_table,
        config_parameter,
        args.from_parameter_version,
        version,
    ) else {
        return Ok(());
    };
    let ledger =
        aws::session_store::DynamoLedger::new(aws_sdk_dynamodb::Client::new(base), table.clone());
    let recorded = ledger
        .retag_watermark(parameter)
        .await
        .map_err(|err| anyhow::anyhow!(err))
        .with_context(|| format!("reading the retag watermark of `{parameter}` in `{table}`"))?;
    if let Some(recorded) = recorded
        && from > recorded
    {
        warn(
            json!({"warning": "the watermark stays: this run started after the recorded version, whose changes since were not retagged", "parameter": parameter, "recorded": recorded, "from": from}),
        );
        return Ok(());
    }
    let advanced = ledger
        .advance_retag_watermark(parameter, to, autotag_hub::clock::now())
        .await
        .map_err(|err| anyhow::anyhow!(err))
        .with_context(|| format!("recording the retag watermark of `{parameter}` in `{table}`"))?;
    if advanced {
        tracing::info!(parameter, version = to, "retag watermark recorded");
    }
    Ok(())
}
