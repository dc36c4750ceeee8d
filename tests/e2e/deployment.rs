//! The organization deployment proved in the emulator: what the generated templates create,
//! and the issue-2 flow running on those resources, not on hand-made ones.

use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::deployed::{self, EMULATOR_CANNOT_RUN};
use autotag_tests::org::{EXTERNAL_ID, REGION, tags_of};
use autotag_tests::resources;
use serde_json::json;

const OTHER_REGION: &str = "eu-west-1";

#[tokio::test]
async fn the_deployed_organization_stamps_resources_in_two_regions() -> anyhow::Result<()> {
    // GIVEN an organization deployed from the generated artifacts, spoke rules in two regions
    let deployed = deployed::deploy(&[REGION, OTHER_REGION]).await?;
    let org = &deployed.org;
    let (a, b) = (org.spokes[0].clone(), org.spokes[1].clone());
    assert_eq!(
        EMULATOR_CANNOT_RUN,
        [
            "Function",
            "QueueToFunction",
            "ErrorsAlarm",
            "ThrottlesAlarm",
            "RetagFunction",
            "RetagInvokeConfig",
            "RetagRule",
            "RetagPermission",
            "RetagErrorsAlarm"
        ]
    );

    // THEN the StackSets made the auto-tag role, trusting only the hub function with the
    // external id from the organization,
    for account in [&a, &b] {
        let admin = org.admin(account).await?;
        let role = aws_sdk_iam::Client::new(&admin)
            .get_role()
            .role_name("autotag")
            .send()
            .await?;
        let trust = role
            .role()
            .and_then(|r| r.assume_role_policy_document())
            .unwrap_or_default();
        let trust = trust
            .replace("%22", "\"")
            .replace("%3A", ":")
            .replace("%2F", "/");
        assert!(
            trust.contains(&format!(
                "arn:aws:iam::{}:role/autotag-hub-function",
                org.hub
            )),
            "{trust}"
        );
        assert!(
            trust.contains(&format!("arn:aws:iam::{}:role/autotag-operator", org.hub)),
            "{trust}"
        );
        assert!(
            trust.contains(EXTERNAL_ID) && trust.contains(&deployed.organization_id),
            "{trust}"
        );
        // and the forwarding rules in both regions, one per pattern.
        let expected = autotag_core::render::documents::event_patterns()?.len();
        for region in [REGION, OTHER_REGION] {
            let config = org
                .moto
                .account_config(account, region, "OrganizationAccountAccessRole", "audit")
                .await?;
            let rules = aws_sdk_eventbridge::Client::new(&config)
                .list_rules()
                .limit(100)
                .send()
                .await?;
            let forwarding = rules
                .rules()
                .iter()
                .filter(|r| r.name().is_some_and(|n| n.contains("Forward")))
                .count();
            assert_eq!(forwarding, expected, "rules in {account} {region}");
        }
    }
    // and the SCP is attached to the OU.
    let management = org.admin(&org.hub).await?;
    let attached = aws_sdk_organizations::Client::new(&management)
        .list_policies_for_target()
        .target_id(&deployed.ou_id)
        .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .send()
        .await?;
    for scp_id in &deployed.scp_ids {
        assert!(
            attached
                .policies()
                .iter()
                .any(|p| p.id() == Some(scp_id.as_str()))
        );
    }

    // WHEN a role session in spoke A creates a volume in us-east-1, and one in spoke B creates
    // a volume in eu-west-1, and CloudTrail reports them on those regions' default buses
    let session_a = org.role_session(&a, "deployer", "ci-a").await?;
    let caller_a = Caller::of(&session_a).await?;
    let volume_a = resources::create_volume(&session_a).await?;
    let session_b = org
        .moto
        .account_config(&b, OTHER_REGION, "deployer", "ci-b")
        .await?;
    let caller_b = Caller::of(&session_b).await?;
    let volume_b = aws_sdk_ec2::Client::new(&session_b)
        .create_volume()
        .availability_zone("eu-west-1a")
        .size(1)
        .send()
        .await?
        .volume_id()
        .unwrap_or_default()
        .to_owned();
    let when = cloudtrail::now();
    let fixture = "ec2/CreateVolume-invictus-aws_dataset-1.json";
    let record_a = cloudtrail::record(
        fixture,
        &caller_a,
        REGION,
        &when,
        &[("/responseElements/volumeId", json!(volume_a))],
    )?;
    let record_b = cloudtrail::record(
        fixture,
        &caller_b,
        OTHER_REGION,
        &when,
        &[("/responseElements/volumeId", json!(volume_b))],
    )?;
    org.emit_in(&a, REGION, &record_a).await?;
    org.emit_in(&b, OTHER_REGION, &record_b).await?;
    // and the hub drains the queue the hub stack made,
    let policy = org.write_policy(
        &std::env::temp_dir().join(format!("autotag-deploy-{}", std::process::id())),
        &[&a, &b],
        "",
    )?;
    let lines = org.run_hub(&policy, 3).await?;

    // THEN both volumes carry their creators' stamps, each in its own region.
    assert_eq!(lines.len(), 2, "{lines:#?}");
    let tags_a = tags_of(
        &org.admin(&a).await?,
        &format!("arn:aws:ec2:{REGION}:{a}:volume/{volume_a}"),
    )
    .await?;
    assert_eq!(
        tags_a.get("owner").map(String::as_str),
        Some("deployer/ci-a")
    );
    let admin_b = org
        .moto
        .account_config(&b, OTHER_REGION, "OrganizationAccountAccessRole", "audit")
        .await?;
    let tags_b = tags_of(
        &admin_b,
        &format!("arn:aws:ec2:{OTHER_REGION}:{b}:volume/{volume_b}"),
    )
    .await?;
    assert_eq!(
        tags_b.get("owner").map(String::as_str),
        Some("deployer/ci-b")
    );
    assert_eq!(tags_b.get("dateCreated"), Some(&when));
    Ok(())
}
