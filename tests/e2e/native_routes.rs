//! Routes for services the Resource Groups Tagging API does not serve, end to end: a DAX
//! cluster created in a spoke is stamped through the hub by DAX's own `TagResource`.

use anyhow::Context;
use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::org::{Org, REGION};
use serde_json::json;

fn scratch() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("autotag-e2e-native-{}", std::process::id()))
}

#[tokio::test]
async fn a_dax_cluster_is_stamped_through_daxs_own_api() -> anyhow::Result<()> {
    // GIVEN a spoke where IAM user frank creates a DAX cluster
    let org = Org::create(1).await?;
    let spoke = org.spokes[0].clone();
    let policy = org.write_policy(&scratch(), &[&spoke], "")?;
    let frank = org.user(&spoke, "frank").await?;
    let dax = aws_sdk_dax::Client::new(&frank);
    let cluster = dax
        .create_cluster()
        .cluster_name("sessions")
        .node_type("dax.t3.small")
        .replication_factor(1)
        .iam_role_arn(format!("arn:aws:iam::{spoke}:role/DAXServiceRole"))
        .send()
        .await?;
    let cluster_arn = cluster
        .cluster()
        .and_then(|c| c.cluster_arn())
        .context("no cluster ARN")?
        .to_owned();

    // WHEN CloudTrail reports it
    let when = cloudtrail::now();
    let record = cloudtrail::record(
        "dax/CreateCluster-awsdocs-amazon-dynamodb-developer-guide-1.json",
        &Caller::of(&frank).await?,
        REGION,
        &when,
        &[
            ("/requestParameters/clusterName", json!("sessions")),
            ("/responseElements/cluster/clusterArn", json!(cluster_arn)),
        ],
    )?;
    org.emit(&spoke, &record).await?;
    let lines = org.run_hub(&policy, 3).await?;

    // THEN the cluster carries frank's stamps, written by the DAX route.
    let admin = aws_sdk_dax::Client::new(&org.admin(&spoke).await?);
    let tags: std::collections::BTreeMap<String, String> = admin
        .list_tags()
        .resource_name(&cluster_arn)
        .send()
        .await?
        .tags()
        .iter()
        .filter_map(|t| Some((t.key()?.to_owned(), t.value()?.to_owned())))
        .collect();
    assert_eq!(
        tags.get("owner").map(String::as_str),
        Some("frank"),
        "{tags:?} {lines:#?}"
    );
    assert_eq!(tags.get("dateCreated"), Some(&when), "{tags:?}");
    Ok(())
}
