//! The accounts and regions an org-wide command covers: given on the command line, else the
//! organization's active accounts and the hub account's enabled regions.

use std::io::Write;

use anyhow::Context;
use autotag_core::arn::{AccountId, Region};
use autotag_core::policy::TagPolicy;
use autotag_hub::aws;
use clap::Args;

/// Where an org-wide command looks.
#[derive(Debug, Args)]
pub(crate) struct EstateArgs {
    /// Accounts to cover (comma-separated); default: every active account of the organization.
    #[arg(long, value_delimiter = ',')]
    pub(crate) accounts: Vec<String>,
    /// Regions to cover (comma-separated); default: the config's `scope.regions`, else every
    /// region enabled for the hub account.
    #[arg(long, value_delimiter = ',')]
    pub(crate) regions: Vec<String>,
    /// Account-regions worked on at once.
    #[arg(long, default_value_t = 8)]
    pub(crate) concurrency: usize,
}

impl EstateArgs {
    /// The accounts (those in the policy's scope) and regions to cover.
    pub(crate) async fn resolve(
        &self,
        base: &aws_config::SdkConfig,
        policy: &TagPolicy,
    ) -> anyhow::Result<(Vec<AccountId>, Vec<Region>)> {
        let accounts = if self.accounts.is_empty() {
            aws::estate::accounts(base)
                .await
                .map_err(|err| anyhow::anyhow!(err))
                .context("listing the organization's accounts (or pass --accounts)")?
        } else {
            self.accounts
                .iter()
                .map(|a| AccountId::parse(a.trim()))
                .collect::<Result<_, _>>()?
        };
        let accounts: Vec<AccountId> = accounts
            .into_iter()
            .filter(|account| policy.scope.contains(account))
            .collect();
        let regions = if !self.regions.is_empty() {
            self.regions
                .iter()
                .map(|r| Region::parse(r.trim()))
                .collect::<Result<_, _>>()?
        } else if !policy.regions.is_empty() {
            policy.regions.clone()
        } else {
            aws::estate::regions(base)
                .await
                .map_err(|err| anyhow::anyhow!(err))
                .context("listing the enabled regions (or pass --regions)")?
        };
        anyhow::ensure!(!accounts.is_empty(), "no account in scope to cover");
        anyhow::ensure!(!regions.is_empty(), "no region to cover");
        Ok((accounts, regions))
    }
}

/// Lists `accounts` × `regions` as the autotag role, with a progress line headed `label` on
/// stderr, and each listing that failed as a JSON warning line on stderr (stdout keeps one
/// format).
pub(crate) async fn survey(
    label: &'static str,
    sessions: std::sync::Arc<aws::sessions::SpokeSessions>,
    accounts: &[AccountId],
    regions: &[Region],
    concurrency: usize,
) -> aws::inventory::Survey {
    let progress = autotag_hub::estate::progress::Progress::new(label);
    let survey = aws::inventory::survey(
        sessions,
        accounts,
        regions,
        concurrency,
        &|done, total, found| {
            progress.show(
                done as f64 / total.max(1) as f64,
                &format!("{done}/{total} account-regions · {found} resources"),
                done == total,
            );
        },
    )
    .await;
    for failure in &survey.failures {
        let line = serde_json::json!({"warning": "listing failed", "account": failure.account, "region": failure.region, "operation": failure.operation, "error": failure.error});
        let _ = writeln!(std::io::stderr(), "{line}");
    }
    survey
}
