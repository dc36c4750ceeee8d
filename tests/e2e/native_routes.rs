//! Routes for services the Resource Groups Tagging API does not serve, end to end: a DAX
//! cluster created in a spoke is stamped through the hub by DAX's own `TagResource`, and a
//! Cloud Map namespace, whose event names only the operation creating it, by Cloud Map's.

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

#[tokio::test]
async fn a_cloud_map_namespace_is_found_from_its_operation_and_stamped() -> anyhow::Result<()> {
    // GIVEN a spoke where IAM user grace creates an HTTP namespace: the call returns only an
    // operation id
    let org = Org::create(1).await?;
    let spoke = org.spokes[0].clone();
    let policy = org.write_policy(&scratch(), &[&spoke], "")?;
    let grace = org.user(&spoke, "grace").await?;
    let cloudmap = aws_sdk_servicediscovery::Client::new(&grace);
    let operation = cloudmap
        .create_http_namespace()
        .name("orders.internal")
        .send()
        .await?
        .operation_id()
        .context("no operation id")?
        .to_owned();

    // WHEN CloudTrail reports the call
    let when = cloudtrail::now();
    let record = cloudtrail::record(
        "servicediscovery/CreateHttpNamespace-constructed-1.json",
        &Caller::of(&grace).await?,
        REGION,
        &when,
        &[
            ("/requestParameters/name", json!("orders.internal")),
            ("/responseElements/operationId", json!(operation)),
        ],
    )?;
    org.emit(&spoke, &record).await?;
    let lines = org.run_hub(&policy, 3).await?;

    // THEN the namespace the operation created carries grace's stamps.
    let admin = aws_sdk_servicediscovery::Client::new(&org.admin(&spoke).await?);
    let namespace = admin
        .list_namespaces()
        .send()
        .await?
        .namespaces()
        .iter()
        .find(|n| n.name() == Some("orders.internal"))
        .and_then(|n| n.arn())
        .context("no namespace")?
        .to_owned();
    let tags: std::collections::BTreeMap<String, String> = admin
        .list_tags_for_resource()
        .resource_arn(&namespace)
        .send()
        .await?
        .tags()
        .iter()
        .map(|t| (t.key().to_owned(), t.value().to_owned()))
        .collect();
    assert_eq!(
        tags.get("owner").map(String::as_str),
        Some("grace"),
        "{tags:?} {lines:#?}"
    );
    assert_eq!(tags.get("dateCreated"), Some(&when), "{tags:?}");
    Ok(())
}
