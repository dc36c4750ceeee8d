//! `autotag audit`: every resource of the organization with its stamp status, the coverage per
//! account, region and type, the stamps that drifted from the ledger, and their repair.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use autotag_core::audit::{
    AuditFilter, AuditRow, Coverage, OutputFormat, StampStatus, render_coverage, render_rows,
};
use autotag_hub::aws::{self, AwsOptions};
use clap::Args;
use serde_json::json;

use crate::conventions::Output;
use crate::estate::EstateArgs;

/// Exit status when coverage is below `--min-coverage`.
const BELOW_COVERAGE: u8 = crate::conventions::VERDICT;
/// Exit status when some account or region could not be listed (or a repair failed).
const INCOMPLETE: u8 = crate::conventions::INCOMPLETE;

/// The auditor's options.
#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    #[command(flatten)]
    pub(crate) estate: EstateArgs,
    /// The hub's ledger table; without it, drift cannot be seen (AUTOTAG_LEDGER_TABLE).
    #[arg(long, env = "AUTOTAG_LEDGER_TABLE")]
    pub(crate) ledger_table: Option<String>,
    /// Print the coverage summary only (the table prints it after the rows anyway).
    #[arg(long)]
    pub(crate) coverage: bool,
    /// Only these resource types (`ec2:*`, `s3:bucket`).
    #[arg(long = "type", value_delimiter = ',')]
    pub(crate) resource_type: Vec<String>,
    /// Only resources owned by this owner.
    #[arg(long)]
    pub(crate) owner: Option<String>,
    /// Only unstamped resources.
    #[arg(long)]
    pub(crate) unstamped: bool,
    /// Only resources whose stamps differ from the ledger.
    #[arg(long)]
    pub(crate) drift: bool,
    /// Only ECR repositories whose latest pushed image's labels disagree with their tags
    /// (`[ecr] label_tags`; needs --ledger-table, where the hub records each push's check).
    #[arg(long)]
    pub(crate) label_mismatch: bool,
    /// Put the ledger's stamps back on drifted resources (needs --ledger-table).
    #[arg(long)]
    pub(crate) repair: bool,
    /// Record in the ledger the live stamp of stamped resources it lacks (stamped before the
    /// ledger existed, or whose record failed), so a later removal is repaired (needs
    /// --ledger-table).
    #[arg(long)]
    pub(crate) adopt: bool,
    /// Also list resources of types autotag does not stamp.
    #[arg(long)]
    pub(crate) all_types: bool,
    /// Exit with status 4 when less than this percentage of resources is stamped.
    #[arg(long, value_parser = percent)]
    pub(crate) min_coverage: Option<f64>,
}

fn percent(text: &str) -> Result<f64, String> {
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(value) if (0.0..=100.0).contains(&value) => Ok(value),
        _ => Err(format!("`{text}` is not a percentage from 0 to 100")),
    }
}

pub(crate) async fn run(
    args: AuditArgs,
    policy: autotag_core::policy::TagPolicy,
    options: &AwsOptions,
    output: Output,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        !args.repair || args.ledger_table.is_some(),
        "--repair puts back what the ledger holds: give --ledger-table"
    );
    anyhow::ensure!(
        !args.adopt || args.ledger_table.is_some(),
        "--adopt records stamps in the ledger: give --ledger-table"
    );
    anyhow::ensure!(
        !args.label_mismatch || args.ledger_table.is_some(),
        "--label-mismatch reads the checks the hub records in the ledger: give --ledger-table"
    );
    let (base, sessions) = aws::spoke_sessions(&policy, options).await?;
    let (accounts, regions) = args.estate.resolve(&base, &policy).await?;
    let ledger_store = args.ledger_table.as_ref().map(|table| {
        aws::session_store::DynamoLedger::new(aws_sdk_dynamodb::Client::new(&base), table.clone())
    });
    let ledger = match (&ledger_store, &args.ledger_table) {
        (Some(store), Some(table)) => {
            use autotag_hub::ports::StampLedger;
            store
                .all()
                .await
                .map_err(|err| anyhow::anyhow!("reading the ledger `{table}`: {err}"))?
        }
        _ => BTreeMap::new(),
    };
    let survey = crate::estate::survey(
        "audit",
        Arc::clone(&sessions),
        &accounts,
        &regions,
        args.estate.concurrency,
    )
    .await;
    let label_checks = match (&ledger_store, &args.ledger_table) {
        (Some(store), Some(table)) => {
            use autotag_hub::ports::LabelLedger;
            let repositories: Vec<String> = survey
                .resources
                .values()
                .filter(|observed| observed.resource_type == autotag_core::ecr::REPOSITORY_TYPE)
                .map(|observed| observed.arn.clone())
                .collect();
            store.label_checks(&repositories).await.map_err(|err| {
                anyhow::anyhow!("reading the label checks of the ledger `{table}`: {err}")
            })?
        }
        _ => BTreeMap::new(),
    };
    // Accounts and regions are chosen at the source (`--accounts`, `--regions`): what is not
    // listed costs no call.
    let filter = AuditFilter {
        accounts: Vec::new(),
        regions: Vec::new(),
        types: args.resource_type.clone(),
        owner: args.owner.clone(),
        unstamped_only: args.unstamped,
        label_mismatch_only: args.label_mismatch,
    };
    let typed = AuditFilter {
        types: args.resource_type.clone(),
        ..AuditFilter::default()
    };
    let all: Vec<AuditRow> = survey
        .resources
        .into_values()
        .filter(|observed| {
            args.all_types || autotag_core::audit::route_of(&observed.resource_type).is_some()
        })
        .map(|observed| {
            // Bucket ARNs name no account: a record of another account's bucket of the same
            // name is not this bucket's.
            let entry = ledger
                .get(&observed.arn)
                .filter(|stamp| stamp.account == observed.account)
                .map(|stamp| autotag_hub::processing::ledger::entry(&observed.arn, stamp));
            let check = label_checks.get(&observed.arn);
            AuditRow::new(observed, entry.as_ref(), &policy).with_label_check(check)
        })
        .filter(|row| typed.matches(row))
        .collect();
    // Coverage is of every resource of the types asked for, whatever rows are shown.
    let coverage = Coverage::from_rows(&all);
    let rows: Vec<AuditRow> = all
        .into_iter()
        .filter(|row| filter.matches(row))
        .filter(|row| !args.drift || matches!(row.status, StampStatus::Drifted { .. }))
        .collect();
    let format = OutputFormat::from(output);
    if !args.coverage {
        out.write_all(render_rows(&rows, format).as_bytes())?;
    }
    if args.coverage || matches!(output, Output::Table) {
        if matches!(output, Output::Table) && !args.coverage {
            writeln!(out)?;
        }
        out.write_all(render_coverage(&coverage, format).as_bytes())?;
    }
    let mut incomplete = !survey.failures.is_empty();
    if args.repair {
        let processor = aws::processor_on(
            &base,
            Arc::clone(&sessions),
            policy.clone(),
            aws::HubStores {
                ledger_table: args.ledger_table.clone(),
                ..aws::HubStores::default()
            },
        );
        for row in rows
            .iter()
            .filter(|r| matches!(r.status, StampStatus::Drifted { .. }))
        {
            let Some(stamp) = ledger.get(&row.arn) else {
                continue;
            };
            let report = autotag_hub::processing::ledger::restore(
                processor.tagger(),
                &row.arn,
                stamp,
                &policy,
                autotag_hub::clock::now(),
            )
            .await;
            let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
            incomplete |= !failures.is_empty();
            let line =
                json!({"repair": row.arn, "restored": failures.is_empty(), "failures": failures});
            let _ = writeln!(std::io::stderr(), "{line}");
        }
    }
    if let (true, Some(table)) = (args.adopt, &args.ledger_table) {
        incomplete |= !adopt(&rows, &ledger, table, &base, &policy).await;
    }
    if let Some(min) = args.min_coverage
        && !coverage.meets(min)
    {
        let _ = writeln!(
            std::io::stderr(),
            "autotag: stamped coverage is below --min-coverage {min}%"
        );
        return Ok(ExitCode::from(BELOW_COVERAGE));
    }
    Ok(if incomplete {
        ExitCode::from(INCOMPLETE)
    } else {
        ExitCode::SUCCESS
    })
}

/// Records the live stamp of each stamped row the ledger lacks; `false` when one failed.
async fn adopt(
    rows: &[AuditRow],
    ledger: &BTreeMap<String, autotag_hub::ports::LedgerStamp>,
    table: &str,
    base: &aws_config::SdkConfig,
    policy: &autotag_core::policy::TagPolicy,
) -> bool {
    use autotag_hub::ports::{LedgerStamp, StampLedger};
    let store = aws::session_store::DynamoLedger::new(
        aws_sdk_dynamodb::Client::new(base),
        table.to_owned(),
    );
    let recorded_at = autotag_hub::clock::now()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let mut all_recorded = true;
    for row in rows
        .iter()
        .filter(|r| matches!(r.status, StampStatus::Stamped))
    {
        if ledger.contains_key(&row.arn) {
            continue;
        }
        let (Some(tags), Some((resource_type, route))) = (
            autotag_core::audit::live_stamp(&row.tags, policy),
            autotag_core::audit::route_of(&row.resource_type),
        ) else {
            continue;
        };
        let stamp = LedgerStamp {
            account: row.account.clone(),
            region: row.region.clone(),
            route,
            resource_type: resource_type.to_owned(),
            tags,
            event_id: ADOPTED_EVENT.to_owned(),
            recorded_at: recorded_at.clone(),
        };
        let line = match store.record(&row.arn, &stamp).await {
            Ok(written) => json!({"adopt": row.arn, "recorded": written}),
            Err(err) => {
                all_recorded = false;
                json!({"adopt": row.arn, "recorded": false, "error": err.to_string()})
            }
        };
        let _ = writeln!(std::io::stderr(), "{line}");
    }
    all_recorded
}

/// The event id the ledger records for stamps adopted from the live tags.
const ADOPTED_EVENT: &str = "autotag-audit:adopted";
