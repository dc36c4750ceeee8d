//! Smoke test of the moto harness itself: fresh accounts are isolated from each other.

use autotag_tests::moto;

const REGION: &str = "us-east-1";
const ROLE: &str = "OrganizationAccountAccessRole";

async fn instance_ids(ec2: &aws_sdk_ec2::Client) -> anyhow::Result<Vec<String>> {
    let out = ec2.describe_instances().send().await?;
    Ok(out
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .filter_map(|i| i.instance_id().map(str::to_owned))
        .collect())
}

#[tokio::test]
async fn instance_run_in_one_account_is_invisible_in_another() -> anyhow::Result<()> {
    let moto = moto::shared()?;
    let (a, b) = (moto::fresh_account(), moto::fresh_account());
    assert_ne!(a, b);
    let ec2_a = aws_sdk_ec2::Client::new(&moto.account_config(&a, REGION, ROLE, "smoke").await?);
    let ec2_b = aws_sdk_ec2::Client::new(&moto.account_config(&b, REGION, ROLE, "smoke").await?);

    let run = ec2_a
        .run_instances()
        .image_id(moto::EXAMPLE_AMI)
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .send()
        .await?;
    assert_eq!(
        run.owner_id(),
        Some(a.as_str()),
        "reservation owned by account A"
    );
    let launched: Vec<String> = run
        .instances()
        .iter()
        .filter_map(|i| i.instance_id().map(str::to_owned))
        .collect();
    assert_eq!(launched.len(), 1);

    assert_eq!(
        instance_ids(&ec2_a).await?,
        launched,
        "account A sees its instance"
    );
    assert!(
        instance_ids(&ec2_b).await?.is_empty(),
        "account B sees nothing"
    );
    Ok(())
}
