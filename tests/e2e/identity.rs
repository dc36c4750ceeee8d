//! The human behind every call, end to end: a user's tagged role session recorded from its STS
//! event and joined by access key id, instances Auto Scaling launches owned by whoever created
//! their group, and resources of a CloudFormation stack owned by whoever created the stack.

use std::path::PathBuf;
use std::time::Duration;

use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::moto;
use autotag_tests::org::{Org, REGION, tags_of};
use autotag_tests::resources::{self, Launched};
use serde_json::{Value, json};

fn scratch() -> PathBuf {
    std::env::temp_dir().join(format!("autotag-e2e-identity-{}", std::process::id()))
}

#[tokio::test]
async fn a_tagged_role_session_stamps_its_tags_and_its_human() -> anyhow::Result<()> {
    // GIVEN a hub with a session table, and a spoke role carrying IAM tags of its own
    let org = Org::create(1).await?.with_hub_tables().await?;
    let spoke = org.spokes[0].clone();
    let policy = org.write_policy(&scratch(), &[&spoke], "")?;
    let admin = org.admin(&spoke).await?;
    let role = aws_sdk_iam::Client::new(&admin)
        .create_role()
        .role_name("Deployer")
        .assume_role_policy_document("{}")
        .tags(
            aws_sdk_iam::types::Tag::builder()
                .key("CostCenter")
                .value("from-role")
                .build()?,
        )
        .tags(
            aws_sdk_iam::types::Tag::builder()
                .key("Tier")
                .value("gold")
                .build()?,
        )
        .send()
        .await?;
    let role_arn = role.role().map(|r| r.arn().to_owned()).unwrap_or_default();

    // WHEN IAM user carol assumes it with session tags, and CloudTrail reports the AssumeRole,
    let carol = org.user(&spoke, "carol").await?;
    let session = resources::assume_role_with_tags(
        &carol,
        &role_arn,
        "botocore-session-1700000000",
        &[("CostCenter", "1234"), ("Project", "apollo")],
        &["Project"],
    )
    .await?;
    let when = cloudtrail::now();
    let in_session = Caller::of(&session.config).await?;
    let assume = cloudtrail::issued_session(
        "sts/AssumeRole-awsdocs-iam-user-guide-2.json",
        &Caller::of(&carol).await?,
        &in_session,
        REGION,
        &when,
        &[
            (
                "/requestParameters/tags",
                json!([{"key": "CostCenter", "value": "1234"}, {"key": "Project", "value": "apollo"}]),
            ),
            ("/requestParameters/transitiveTagKeys", json!(["Project"])),
            (
                "/responseElements/credentials/expiration",
                json!(session.expiration),
            ),
        ],
    )?;
    org.emit(&spoke, &assume).await?;
    // and, with those credentials, she creates a bucket and launches an instance,
    let bucket = format!("apollo-{spoke}");
    moto::s3_client(&session.config)
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await?;
    let Launched { instance, eni, .. } = resources::run_instance(&session.config).await?;
    assert_eq!(
        in_session.user_identity["accessKeyId"], session.access_key_id,
        "the create calls carry the issued key"
    );
    for record in [
        cloudtrail::record(
            "s3/CreateBucket-invictus-aws_dataset-1.json",
            &in_session,
            REGION,
            &when,
            &[("/requestParameters/bucketName", json!(bucket))],
        )?,
        cloudtrail::record(
            "ec2/RunInstances-invictus-aws_dataset-1.json",
            &in_session,
            REGION,
            &when,
            &[
                (
                    "/responseElements/instancesSet/items/0/instanceId",
                    json!(instance),
                ),
                (
                    "/responseElements/instancesSet/items/0/networkInterfaceSet/items/0/networkInterfaceId",
                    json!(eni),
                ),
            ],
        )?,
    ] {
        org.emit(&spoke, &record).await?;
    }
    let lines = org.run_hub(&policy, 3).await?;

    // THEN the session was recorded, and both resources carry carol as owner, the session's
    // tags over the role's, and the role's other tags.
    let statuses: Vec<&Value> = lines
        .iter()
        .flat_map(|l| l["events"].as_array().into_iter().flatten())
        .map(|e| &e["status"])
        .collect();
    assert!(statuses.contains(&&json!("recorded")), "{lines:?}");
    for arn in [
        format!("arn:aws:s3:::{bucket}"),
        format!("arn:aws:ec2:{REGION}:{spoke}:instance/{instance}"),
    ] {
        let tags = tags_of(&admin, &arn).await?;
        assert_eq!(
            tags.get("owner").map(String::as_str),
            Some("carol"),
            "{arn}: {tags:?}"
        );
        assert_eq!(tags.get("createdBy"), Some(&session.arn), "{arn}: {tags:?}");
        assert_eq!(
            tags.get("CostCenter").map(String::as_str),
            Some("1234"),
            "{arn}: {tags:?}"
        );
        assert_eq!(
            tags.get("Project").map(String::as_str),
            Some("apollo"),
            "{arn}: {tags:?}"
        );
        assert_eq!(
            tags.get("Tier").map(String::as_str),
            Some("gold"),
            "{arn}: {tags:?}"
        );
    }
    Ok(())
}

fn launch_record(caller: &Caller, when: &str, launched: &Launched) -> anyhow::Result<Value> {
    cloudtrail::record(
        "ec2/RunInstances-invictus-aws_dataset-1.json",
        caller,
        REGION,
        when,
        &[
            (
                "/responseElements/instancesSet/items/0/instanceId",
                json!(launched.instance),
            ),
            (
                "/responseElements/instancesSet/items/0/networkInterfaceSet/items/0/networkInterfaceId",
                json!(launched.eni),
            ),
        ],
    )
}

fn group_record(caller: &Caller, when: &str, name: &str) -> anyhow::Result<Value> {
    cloudtrail::record(
        "autoscaling/CreateAutoScalingGroup-constructed-1.json",
        caller,
        REGION,
        when,
        &[("/requestParameters/autoScalingGroupName", json!(name))],
    )
}

#[tokio::test]
async fn instances_a_group_launches_are_owned_by_whoever_created_the_group() -> anyhow::Result<()> {
    // GIVEN a hub that waits up to 10 s for a launching group's stamp
    let org = Org::create(1).await?;
    let spoke = org.spokes[0].clone();
    let policy = org.write_policy(&scratch(), &[&spoke], "\n[inherit]\nwait_seconds = 10\n")?;
    let admin = org.admin(&spoke).await?;

    // WHEN IAM user bob creates group `web`, CloudTrail reports it and the hub stamps it,
    let bob = org.user(&spoke, "bob").await?;
    let bob_caller = Caller::of(&bob).await?;
    let web = resources::create_auto_scaling_group(&bob, "web").await?;
    let when = cloudtrail::now();
    org.emit(&spoke, &group_record(&bob_caller, &when, "web")?)
        .await?;
    org.run_hub(&policy, 3).await?;
    let group_arn =
        format!("arn:aws:autoscaling:{REGION}:{spoke}:autoScalingGroup:*:autoScalingGroupName/web");
    let group_tags = tags_of(&admin, &group_arn).await?;
    assert_eq!(
        group_tags.get("owner").map(String::as_str),
        Some("bob"),
        "{group_tags:?}"
    );

    // and Auto Scaling's launch into `web` is reported, with a launch into group `batch`
    // whose own creation has not been reported yet,
    let batch = resources::create_auto_scaling_group(&bob, "batch").await?;
    let service = Caller::auto_scaling(&spoke);
    org.emit(&spoke, &launch_record(&service, &when, &web)?)
        .await?;
    org.emit(&spoke, &launch_record(&service, &when, &batch)?)
        .await?;
    let lines = org.run_hub(&policy, 3).await?;

    // THEN the instance in `web` is bob's at once, and the one in `batch` waits, untagged,
    let instance_arn = |id: &str| format!("arn:aws:ec2:{REGION}:{spoke}:instance/{id}");
    let web_tags = tags_of(&admin, &instance_arn(&web.instance)).await?;
    assert_eq!(
        web_tags.get("owner").map(String::as_str),
        Some("bob"),
        "{web_tags:?}"
    );
    assert_eq!(
        web_tags.get("createdBy").and_then(|c| c.split('/').nth(1)),
        Some("AWSServiceRoleForAutoScaling"),
        "the caller is still recorded: {web_tags:?}"
    );
    let volume_tags = tags_of(
        &admin,
        &format!("arn:aws:ec2:{REGION}:{spoke}:volume/{}", web.volume),
    )
    .await?;
    assert_eq!(
        volume_tags.get("owner").map(String::as_str),
        Some("bob"),
        "{volume_tags:?}"
    );
    let waits: Vec<&Value> = lines
        .iter()
        .filter(|l| l["disposition"] == "wait")
        .collect();
    assert_eq!(waits.len(), 1, "{lines:?}");
    assert!(
        waits[0]["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("batch"),
        "{lines:?}"
    );
    let waiting_tags = tags_of(&admin, &instance_arn(&batch.instance)).await?;
    assert_eq!(waiting_tags.get("owner"), None, "{waiting_tags:?}");
    assert_eq!(
        waiting_tags
            .get("aws:autoscaling:groupName")
            .map(String::as_str),
        Some("batch"),
        "Auto Scaling's own tag, which led autotag to the group: {waiting_tags:?}"
    );

    // and once `batch` is reported and stamped, the waiting launch is stamped with its owner.
    org.emit(&spoke, &group_record(&bob_caller, &when, "batch")?)
        .await?;
    org.run_hub(&policy, 3).await?;
    let wait_seconds = waits[0]["events"]
        .as_array()
        .and_then(|events| events.iter().find_map(|e| e["waiting"]["seconds"].as_u64()))
        .unwrap_or(5);
    tokio::time::sleep(Duration::from_secs(wait_seconds + 1)).await;
    org.run_hub(&policy, 3).await?;
    let batch_tags = tags_of(&admin, &instance_arn(&batch.instance)).await?;
    assert_eq!(
        batch_tags.get("owner").map(String::as_str),
        Some("bob"),
        "{batch_tags:?}"
    );
    Ok(())
}

#[tokio::test]
async fn resources_of_a_stack_are_owned_by_whoever_created_the_stack() -> anyhow::Result<()> {
    // GIVEN a hub with its ledger
    let org = Org::create(1).await?.with_hub_tables().await?;
    let spoke = org.spokes[0].clone();
    let policy = org.write_policy(&scratch(), &[&spoke], "")?;
    let admin = org.admin(&spoke).await?;

    // WHEN IAM user dave creates a stack holding a volume, and CloudTrail reports it,
    let dave = org.user(&spoke, "dave").await?;
    let template = json!({"Resources": {"Data": {"Type": "AWS::EC2::Volume",
        "Properties": {"AvailabilityZone": "us-east-1a", "Size": 1}}}});
    let cloudformation = aws_sdk_cloudformation::Client::new(&dave);
    let stack_id = cloudformation
        .create_stack()
        .stack_name("data")
        .template_body(template.to_string())
        .send()
        .await?
        .stack_id()
        .unwrap_or_default()
        .to_owned();
    let volume = cloudformation
        .describe_stack_resources()
        .stack_name(&stack_id)
        .send()
        .await?
        .stack_resources()
        .iter()
        .find_map(|r| r.physical_resource_id().map(str::to_owned))
        .unwrap_or_default();
    let when = cloudtrail::now();
    let create_stack = cloudtrail::record(
        "cloudformation/CreateStack-constructed-1.json",
        &Caller::of(&dave).await?,
        REGION,
        &when,
        &[
            ("/requestParameters/stackName", json!("data")),
            ("/responseElements/stackId", json!(stack_id)),
        ],
    )?;
    org.emit(&spoke, &create_stack).await?;
    org.run_hub(&policy, 3).await?;
    // and CloudFormation's own call creating the volume, with the stack's service role, follows,
    let service_role = Caller {
        user_identity: json!({
            "type": "AssumedRole",
            "principalId": "AROAEXAMPLESTACKROLE:AWSCloudFormation",
            "arn": format!("arn:aws:sts::{spoke}:assumed-role/StackServiceRole/AWSCloudFormation"),
            "accountId": spoke,
            "sessionContext": {"sessionIssuer": {"type": "Role", "accountId": spoke,
                "arn": format!("arn:aws:iam::{spoke}:role/StackServiceRole"), "userName": "StackServiceRole"}},
            "invokedBy": "cloudformation.amazonaws.com"
        }),
        account: spoke.clone(),
    };
    let create_volume = cloudtrail::record(
        "ec2/CreateVolume-invictus-aws_dataset-1.json",
        &service_role,
        REGION,
        &when,
        &[("/responseElements/volumeId", json!(volume))],
    )?;
    org.emit(&spoke, &create_volume).await?;
    let lines = org.run_hub(&policy, 3).await?;

    // THEN the volume is dave's, found through its `aws:cloudformation:stack-id` tag and the
    // stack's stamp in the ledger; the service role is still recorded as the creator.
    let tags = tags_of(
        &admin,
        &format!("arn:aws:ec2:{REGION}:{spoke}:volume/{volume}"),
    )
    .await?;
    assert_eq!(
        tags.get("owner").map(String::as_str),
        Some("dave"),
        "{tags:?} {lines:?}"
    );
    assert_eq!(
        tags.get("createdBy").map(String::as_str),
        Some(
            format!("arn:aws:sts::{spoke}:assumed-role/StackServiceRole/AWSCloudFormation")
                .as_str()
        ),
        "{tags:?}"
    );
    Ok(())
}

/// The Lambda's shortcut for waiting messages, against a real queue: the message comes back when
/// told, not after the queue's visibility timeout.
#[tokio::test]
async fn a_waiting_message_is_made_visible_again_when_its_wait_says() -> anyhow::Result<()> {
    use autotag_hub::ports::Redelivery;
    let org = Org::create(0).await?;
    let hub = org.admin(&org.hub).await?;
    let sqs = aws_sdk_sqs::Client::new(&hub);
    let queue_url = sqs
        .create_queue()
        .queue_name("waits")
        .attributes(
            aws_sdk_sqs::types::QueueAttributeName::VisibilityTimeout,
            "900",
        )
        .send()
        .await?
        .queue_url()
        .unwrap_or_default()
        .to_owned();
    sqs.send_message()
        .queue_url(&queue_url)
        .message_body("{}")
        .send()
        .await?;
    let receive = || sqs.receive_message().queue_url(&queue_url).send();
    let first = receive().await?;
    let handle = first
        .messages()
        .first()
        .and_then(|m| m.receipt_handle())
        .unwrap_or_default()
        .to_owned();
    assert!(receive().await?.messages().is_empty(), "hidden for 900 s");
    let queue_arn = format!("arn:aws:sqs:{REGION}:{}:waits", org.hub);
    autotag_hub::aws::queue::SqsRedelivery::new(sqs.clone())
        .redeliver_after(&queue_arn, &handle, 0)
        .await
        .map_err(|err| anyhow::anyhow!(err))?;
    assert_eq!(
        receive().await?.messages().len(),
        1,
        "visible again at once"
    );
    // A message that has used its deliveries waits as a fresh copy, received from one again.
    let redelivery = autotag_hub::aws::queue::SqsRedelivery::new(sqs.clone());
    redelivery
        .requeue(&queue_arn, r#"{"copy":true}"#, 0)
        .await
        .map_err(|err| anyhow::anyhow!(err))?;
    let copy = sqs
        .receive_message()
        .queue_url(&queue_url)
        .message_system_attribute_names(
            aws_sdk_sqs::types::MessageSystemAttributeName::ApproximateReceiveCount,
        )
        .send()
        .await?;
    let copy = copy
        .messages()
        .first()
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("the copy was not delivered"))?;
    assert_eq!(copy.body(), Some(r#"{"copy":true}"#));
    assert_eq!(
        copy.attributes()
            .and_then(
                |a| a.get(&aws_sdk_sqs::types::MessageSystemAttributeName::ApproximateReceiveCount)
            )
            .map(String::as_str),
        Some("1"),
        "its deliveries count from one again"
    );
    Ok(())
}
