//! The estate an org-wide command covers: the organization's active accounts and the regions
//! enabled for the hub account, as the operator's own credentials see them.

use autotag_core::arn::{AccountId, Region};
use aws_config::SdkConfig;

use crate::ports::BoxError;

/// The active accounts of the organization (from its management or delegated-admin account).
pub async fn accounts(base: &SdkConfig) -> Result<Vec<AccountId>, BoxError> {
    let client = aws_sdk_organizations::Client::new(base);
    let mut accounts = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .list_accounts()
            .set_next_token(token)
            .send()
            .await
            .map_err(|err| format!("organizations:ListAccounts: {}", super::describe(&err)))?;
        for account in page.accounts() {
            let active = account.status().is_none_or(|s| s.as_str() == "ACTIVE");
            if let (Some(id), true) = (account.id(), active) {
                accounts.push(AccountId::parse(id)?);
            }
        }
        match page.next_token {
            Some(next) if !next.is_empty() => token = Some(next),
            _ => return Ok(accounts),
        }
    }
}

/// The regions enabled for the hub's account.
pub async fn regions(base: &SdkConfig) -> Result<Vec<Region>, BoxError> {
    let client = aws_sdk_ec2::Client::new(base);
    let output = client
        .describe_regions()
        .send()
        .await
        .map_err(|err| format!("ec2:DescribeRegions: {}", super::describe(&err)))?;
    let mut regions = output
        .regions()
        .iter()
        .filter_map(|r| r.region_name())
        .map(Region::parse)
        .collect::<Result<Vec<_>, _>>()?;
    regions.sort();
    Ok(regions)
}

/// The accounts and regions `policy` covers: its listed accounts (else the organization's active
/// accounts), and its `scope.regions` (else the regions enabled for the hub account).
pub async fn of_policy(
    base: &SdkConfig,
    policy: &autotag_core::policy::TagPolicy,
) -> Result<(Vec<AccountId>, Vec<Region>), BoxError> {
    let accounts = match &policy.scope {
        autotag_core::policy::AccountScope::Only(listed) => listed.iter().cloned().collect(),
        autotag_core::policy::AccountScope::All => accounts(base).await?,
    };
    let regions = if policy.regions.is_empty() {
        regions(base).await?
    } else {
        policy.regions.clone()
    };
    Ok((accounts, regions))
}
