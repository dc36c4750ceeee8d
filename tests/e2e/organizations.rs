//! Organizations on its native route, end to end: an OU and an account created in the
//! management account are stamped through the hub; the account by the id Organizations gives it
//! once created, found from the create-account request its event names.

use anyhow::Context;
use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::org::{Org, REGION};
use aws_sdk_organizations::types::OrganizationFeatureSet;
use serde_json::json;

fn scratch() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("autotag-e2e-orgs-{}", std::process::id()))
}

async fn tags_of(
    orgs: &aws_sdk_organizations::Client,
    id: &str,
) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
    let output = orgs.list_tags_for_resource().resource_id(id).send().await?;
    Ok(output
        .tags()
        .iter()
        .map(|t| (t.key().to_owned(), t.value().to_owned()))
        .collect())
}

#[tokio::test]
async fn new_accounts_and_organizational_units_are_stamped_in_the_management_account()
-> anyhow::Result<()> {
    // GIVEN a management account connected as a spoke, where IAM user erin runs the organization
    let org = Org::create(1).await?;
    let management = org.spokes[0].clone();
    let policy = org.write_policy(&scratch(), &[&management], "")?;
    let erin = org.user(&management, "erin").await?;
    let orgs = aws_sdk_organizations::Client::new(&erin);
    orgs.create_organization()
        .feature_set(OrganizationFeatureSet::All)
        .send()
        .await?;
    let root = orgs
        .list_roots()
        .send()
        .await?
        .roots()
        .first()
        .and_then(|r| r.id())
        .context("no root")?
        .to_owned();

    // WHEN erin creates an OU and an account, and CloudTrail reports both
    let ou = orgs
        .create_organizational_unit()
        .parent_id(&root)
        .name("payments")
        .send()
        .await?;
    let ou = ou.organizational_unit().context("no OU")?;
    let (ou_id, ou_arn) = (
        ou.id().context("no OU id")?.to_owned(),
        ou.arn().context("no OU arn")?.to_owned(),
    );
    let created = orgs
        .create_account()
        .account_name("payments-prod")
        .email(format!("payments-prod-{management}@example.com"))
        .send()
        .await?;
    let request = created
        .create_account_status()
        .and_then(|s| s.id())
        .context("no create-account request id")?
        .to_owned();
    let account = orgs
        .describe_create_account_status()
        .create_account_request_id(&request)
        .send()
        .await?
        .create_account_status()
        .and_then(|s| s.account_id())
        .context("moto created no account")?
        .to_owned();
    let caller = Caller::of(&erin).await?;
    let when = cloudtrail::now();
    let ou_record = cloudtrail::record(
        "organizations/CreateOrganizationalUnit-awsdocs-aws-organizations-docs-1.json",
        &caller,
        REGION,
        &when,
        &[
            ("/responseElements/organizationalUnit/arn", json!(ou_arn)),
            ("/responseElements/organizationalUnit/id", json!(ou_id)),
        ],
    )?;
    // The event is logged while the account is still being created: it names the request only.
    let account_record = cloudtrail::record(
        "organizations/CreateAccount-awsdocs-aws-organizations-docs-1.json",
        &caller,
        REGION,
        &when,
        &[("/responseElements/createAccountStatus/id", json!(request))],
    )?;
    org.emit(&management, &ou_record).await?;
    org.emit(&management, &account_record).await?;
    let lines = org.run_hub(&policy, 3).await?;

    // THEN both carry erin's stamps: the OU by its id, the account by the id it was given.
    for id in [&ou_id, &account] {
        let tags = tags_of(&orgs, id).await?;
        assert_eq!(
            tags.get("owner").map(String::as_str),
            Some("erin"),
            "{id}: {tags:?} {lines:#?}"
        );
        assert_eq!(tags.get("dateCreated"), Some(&when), "{id}: {tags:?}");
    }
    Ok(())
}
