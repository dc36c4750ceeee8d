//! `autotag enforce --report`: what the policy's `[[enforce]]` rules find across the
//! organization (per rule, account and owner: compliant, what is missing, the next step and its
//! due date), read through the auto-tag role, without acting on anything.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use autotag_core::arn::AccountId;
use autotag_core::audit::OutputFormat;
use autotag_core::enforce::report::{render_report, report_rows};
use autotag_core::enforce::{Creator, ResourceFacts, ResourceState, Verdict, assess};
use autotag_core::policy::TagPolicy;
use autotag_hub::aws::{self, AwsOptions};
use clap::Args;

use crate::conventions::{INCOMPLETE, Output, VERDICT};
use crate::estate::EstateArgs;

/// The options of `autotag enforce`.
#[derive(Debug, Args)]
pub(crate) struct EnforceArgs {
    #[command(flatten)]
    pub(crate) estate: EstateArgs,
    /// List every finding without acting. Acting on them (`--sweep`: marks, stops, messages)
    /// is not built yet, so this is the only mode.
    #[arg(long, required = true)]
    pub(crate) report: bool,
    /// Judge as of this time (RFC 3339) instead of now: where the ladder would stand then.
    #[arg(long, value_parser = rfc3339)]
    pub(crate) at: Option<time::OffsetDateTime>,
}

fn rfc3339(text: &str) -> Result<time::OffsetDateTime, String> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map_err(|err| format!("`{text}` is not an RFC 3339 time: {err}"))
}

/// Lists the resources of `args.estate`, judges each against every rule in scope, and prints
/// the findings; exit status 4 when one is not compliant, 3 when a listing failed.
pub(crate) async fn run(
    args: EnforceArgs,
    policy: TagPolicy,
    options: &AwsOptions,
    output: Output,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        !policy.enforcement.rules.is_empty(),
        "the policy has no `[[enforce]]` rule (docs/config.md, \"Enforcement\")"
    );
    let now = args.at.unwrap_or_else(autotag_hub::clock::now);
    let (base, sessions) = aws::spoke_sessions(&policy, options).await?;
    let (accounts, regions) = args.estate.resolve(&base, &policy).await?;
    let survey = crate::estate::survey(
        "enforce",
        sessions,
        &accounts,
        &regions,
        args.estate.concurrency,
    )
    .await;
    let mut findings = Vec::new();
    for observed in survey.resources.into_values() {
        let account = AccountId::parse(&observed.account)
            .with_context(|| format!("`{}` was listed in no account", observed.arn))?;
        let created = observed.created_at.as_deref().and_then(|t| rfc3339(t).ok());
        let facts = ResourceFacts {
            creator: Creator::from_tags(&policy.keys, &observed.tags),
            arn: observed.arn,
            resource_type: observed.resource_type,
            account,
            region: observed.region,
            // The OU path, the instance state and the ledger's last actions are read by the
            // sweep, which is not built yet; without them the report judges by the tags and
            // marks alone.
            ou_path: None,
            tags: observed.tags,
            created,
            state: ResourceState::NotApplicable,
            details: Default::default(),
            last_actions: Default::default(),
        };
        findings.extend(
            assess(&policy.enforcement, &facts, now)
                .findings
                .into_iter()
                .filter(|f| !matches!(f.verdict, Verdict::OutOfScope(_))),
        );
    }
    let rows = report_rows(&findings);
    out.write_all(render_report(&rows, OutputFormat::from(output)).as_bytes())?;
    out.flush()?;
    let non_compliant = findings
        .iter()
        .any(|f| matches!(f.verdict, Verdict::NonCompliant(_)));
    Ok(if !survey.failures.is_empty() {
        ExitCode::from(INCOMPLETE)
    } else if non_compliant {
        ExitCode::from(VERDICT)
    } else {
        ExitCode::SUCCESS
    })
}
