//! The issue-2 flow end to end: resources created in spoke accounts with the spokes' own
//! credentials, their CloudTrail records forwarded spoke bus → hub bus → hub queue, consumed by
//! `autotag hub`, and the tags read back in the spokes.

use std::path::PathBuf;

use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::moto;
use autotag_tests::org::{Org, REGION, tags_of};
use autotag_tests::resources::{self, Launched};
use serde_json::{Value, json};

fn scratch() -> PathBuf {
    std::env::temp_dir().join(format!("autotag-e2e-{}", std::process::id()))
}

fn assert_stamped(
    tags: &std::collections::BTreeMap<String, String>,
    owner: &str,
    created_by: &str,
    when: &str,
) {
    assert_eq!(
        tags.get("owner").map(String::as_str),
        Some(owner),
        "{tags:?}"
    );
    assert_eq!(
        tags.get("createdBy").map(String::as_str),
        Some(created_by),
        "{tags:?}"
    );
    assert_eq!(
        tags.get("dateCreated").map(String::as_str),
        Some(when),
        "{tags:?}"
    );
}

#[tokio::test]
async fn resources_in_two_spokes_are_stamped_through_the_hub() -> anyhow::Result<()> {
    // GIVEN a hub and two spokes, and a policy allowing both spokes
    let org = Org::create(2).await?;
    let (a, b) = (org.spokes[0].clone(), org.spokes[1].clone());
    let policy = org.write_policy(&scratch(), &[&a, &b], "")?;
    let when = "2026-01-15T09:30:00Z";

    // WHEN an IAM user in spoke A launches an instance and creates a bucket and a repository,
    let alice = org.user(&a, "alice").await?;
    let alice_caller = Caller::of(&alice).await?;
    let Launched {
        instance,
        eni,
        volume,
    } = resources::run_instance(&alice).await?;
    let bucket = format!("e2e-bucket-{a}");
    moto::s3_client(&alice)
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await?;
    let repo = aws_sdk_ecr::Client::new(&alice)
        .create_repository()
        .repository_name("app")
        .send()
        .await?;
    let repo_arn = repo
        .repository()
        .and_then(|r| r.repository_arn())
        .unwrap_or_default()
        .to_owned();
    // and an SSO user in spoke B creates a role and a DynamoDB table,
    let jane = org
        .role_session(
            &b,
            "AWSReservedSSO_Developer_0123456789abcdef",
            "jane@example.com",
        )
        .await?;
    let jane_caller = Caller::of(&jane).await?;
    let role_arn = resources::create_role(&jane, "app-runner").await?;
    let table_arn = resources::create_table(&jane, "orders").await?;
    // and CloudTrail reports each call on the spoke's default bus,
    let records = [
        (
            &a,
            cloudtrail::record(
                "ec2/RunInstances-invictus-aws_dataset-1.json",
                &alice_caller,
                REGION,
                when,
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
        ),
        (
            &a,
            cloudtrail::record(
                "s3/CreateBucket-invictus-aws_dataset-1.json",
                &alice_caller,
                REGION,
                when,
                &[("/requestParameters/bucketName", json!(bucket))],
            )?,
        ),
        (
            &a,
            cloudtrail::record(
                "ecr/CreateRepository-constructed-1.json",
                &alice_caller,
                REGION,
                when,
                &[(
                    "/responseElements/repository/repositoryArn",
                    json!(repo_arn),
                )],
            )?,
        ),
        (
            &b,
            cloudtrail::record(
                "iam/CreateRole-invictus-aws_dataset-1.json",
                &jane_caller,
                REGION,
                when,
                &[
                    ("/responseElements/role/arn", json!(role_arn)),
                    ("/responseElements/role/roleName", json!("app-runner")),
                ],
            )?,
        ),
        (
            &b,
            cloudtrail::record(
                "dynamodb/CreateTable-vikyol-aws-tags-1.json",
                &jane_caller,
                REGION,
                when,
                &[(
                    "/responseElements/tableDescription/tableArn",
                    json!(table_arn),
                )],
            )?,
        ),
    ];
    for (account, record) in &records {
        org.emit(account, record).await?;
    }
    // and the hub drains its queue,
    let lines = org.run_hub(&policy, 3).await?;

    // THEN every message was done,
    assert_eq!(lines.len(), 5, "{lines:#?}");
    assert!(
        lines.iter().all(|l| l["disposition"] == "done"),
        "{lines:#?}"
    );
    // and every resource carries owner, dateCreated (the event time) and createdBy, read back
    // with the spokes' own credentials.
    let alice_arn = format!("arn:aws:iam::{a}:user/alice");
    let admin_a = org.admin(&a).await?;
    for arn in [
        format!("arn:aws:ec2:{REGION}:{a}:instance/{instance}"),
        format!("arn:aws:ec2:{REGION}:{a}:network-interface/{eni}"),
        format!("arn:aws:ec2:{REGION}:{a}:volume/{volume}"),
        format!("arn:aws:s3:::{bucket}"),
        repo_arn.clone(),
    ] {
        assert_stamped(&tags_of(&admin_a, &arn).await?, "alice", &alice_arn, when);
    }
    let jane_arn = jane_caller.user_identity["arn"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let admin_b = org.admin(&b).await?;
    for arn in [role_arn.clone(), table_arn.clone()] {
        assert_stamped(
            &tags_of(&admin_b, &arn).await?,
            "jane@example.com",
            &jane_arn,
            when,
        );
    }
    // Nothing leaked into the other spoke.
    assert!(
        tags_of(
            &admin_b,
            &format!("arn:aws:ec2:{REGION}:{b}:instance/{instance}")
        )
        .await?
        .is_empty()
    );
    Ok(())
}

#[tokio::test]
async fn out_of_scope_failed_and_redelivered_events_change_nothing() -> anyhow::Result<()> {
    // GIVEN a hub whose policy allows only the first of two spokes
    let org = Org::create(2).await?;
    let (allowed, outside) = (org.spokes[0].clone(), org.spokes[1].clone());
    let policy = org.write_policy(&scratch(), &[&allowed], "")?;
    let when = cloudtrail::now();
    let bob_config = org
        .role_session(&allowed, "deployer", "ci-pipeline")
        .await?;
    let bob = Caller::of(&bob_config).await?;
    let eve_config = org
        .role_session(&outside, "deployer", "ci-pipeline")
        .await?;
    let eve = Caller::of(&eve_config).await?;
    let in_scope = resources::create_volume(&bob_config).await?;
    let out_of_scope = resources::create_volume(&eve_config).await?;
    let never_created = resources::create_volume(&bob_config).await?;
    let set_volume = |id: &str| [("/responseElements/volumeId", json!(id))];
    let fixture = "ec2/CreateVolume-invictus-aws_dataset-1.json";

    // WHEN the out-of-scope spoke's event, a failed call's event, and the same event twice
    // arrive at the hub
    org.emit(
        &outside,
        &cloudtrail::record(fixture, &eve, REGION, &when, &set_volume(&out_of_scope))?,
    )
    .await?;
    let mut failed = cloudtrail::record(fixture, &bob, REGION, &when, &set_volume(&never_created))?;
    failed["errorCode"] = json!("Client.VolumeLimitExceeded");
    org.emit(&allowed, &failed).await?;
    let good = cloudtrail::record(fixture, &bob, REGION, &when, &set_volume(&in_scope))?;
    org.emit(&allowed, &good).await?;
    let first = org.run_hub(&policy, 3).await?;
    org.emit(&allowed, &good).await?;
    let second = org.run_hub(&policy, 3).await?;

    // THEN the spoke rule never forwarded the failed call (its pattern excludes `errorCode`),
    // the hub skipped the out-of-scope account, and neither volume carries anything,
    assert_eq!(first.len(), 2, "{first:#?}");
    let reasons: Vec<&str> = first
        .iter()
        .filter_map(|l| l["events"][0]["reason"].as_str())
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains("out of scope")),
        "{first:#?}"
    );
    let outside_admin = org.admin(&outside).await?;
    let arn = |account: &str, id: &str| format!("arn:aws:ec2:{REGION}:{account}:volume/{id}");
    assert!(
        tags_of(&outside_admin, &arn(&outside, &out_of_scope))
            .await?
            .is_empty()
    );
    let allowed_admin = org.admin(&allowed).await?;
    assert!(
        tags_of(&allowed_admin, &arn(&allowed, &never_created))
            .await?
            .is_empty()
    );
    // the in-scope volume is stamped once, with the role session as owner,
    let stamped = tags_of(&allowed_admin, &arn(&allowed, &in_scope)).await?;
    assert_eq!(
        stamped.get("owner").map(String::as_str),
        Some("deployer/ci-pipeline")
    );
    assert_eq!(stamped.get("dateCreated"), Some(&when));
    // and the redelivered event wrote nothing.
    assert_eq!(second.len(), 1, "{second:#?}");
    assert_eq!(
        second[0]["events"][0]["applied"][0]["status"], "already_stamped",
        "{second:#?}"
    );
    assert_eq!(
        tags_of(&allowed_admin, &arn(&allowed, &in_scope)).await?,
        stamped
    );
    Ok(())
}

#[tokio::test]
async fn what_cannot_be_tagged_lands_in_the_dead_letter_queue_with_its_reason() -> anyhow::Result<()>
{
    // GIVEN a queue created in a spoke (the emulator's tagging API cannot tag SQS queues, so
    // tagging fails there as a throttled or broken AWS would), and a malformed event
    let org = Org::create(1).await?;
    let spoke = org.spokes[0].clone();
    let policy = org.write_policy(&scratch(), &[&spoke], "")?;
    let config = org.role_session(&spoke, "deployer", "ci").await?;
    let caller = Caller::of(&config).await?;
    let url = aws_sdk_sqs::Client::new(&config)
        .create_queue()
        .queue_name("jobs")
        .send()
        .await?;
    let url = url.queue_url().unwrap_or_default().to_owned();
    let record = cloudtrail::record(
        "sqs/CreateQueue-vikyol-aws-tags-1.json",
        &caller,
        REGION,
        &cloudtrail::now(),
        &[("/responseElements/queueUrl", json!(url))],
    )?;
    org.emit(&spoke, &record).await?;
    let mut malformed = record.clone();
    malformed["eventTime"] = json!("yesterday");
    org.emit(&spoke, &malformed).await?;

    // WHEN the hub processes them, parking after two deliveries
    let lines = org.run_hub(&policy, 2).await?;

    // THEN the malformed event is parked at once, the failing one after its second delivery,
    let parked: Vec<&Value> = lines
        .iter()
        .filter(|l| l["disposition"] == "parked")
        .collect();
    let retried: Vec<&Value> = lines
        .iter()
        .filter(|l| l["disposition"] == "retry")
        .collect();
    assert_eq!(parked.len(), 2, "{lines:#?}");
    assert_eq!(retried.len(), 1, "{lines:#?}");
    // and both are in the dead-letter queue, each with its reason.
    let dead = org.dead_letters().await?;
    assert_eq!(dead.len(), 2, "{dead:#?}");
    assert!(
        dead.iter()
            .any(|(_, reason)| reason.contains("`eventTime` `yesterday`")),
        "{dead:#?}"
    );
    assert!(
        dead.iter()
            .any(|(_, reason)| reason.contains("tag:TagResources") && reason.contains("jobs")),
        "{dead:#?}"
    );

    // WHEN they are replayed after "the cause was fixed",
    let args = [
        "replay",
        "--dead-letter-url",
        &org.dead_letter_url,
        "--queue-url",
        &org.queue_url,
    ];
    let (status, lines) = org.run_autotag(None, &args).await?;
    // THEN both move back to the hub queue with their reasons reported, and the hub sees them again.
    assert!(status.success(), "{lines:#?}");
    assert_eq!(lines[0]["moved"], 2, "{lines:#?}");
    assert!(org.dead_letters().await?.is_empty());
    let again = org.run_hub(&policy, 2).await?;
    assert_eq!(again.len(), 3, "{again:#?}");
    Ok(())
}

#[tokio::test]
async fn handle_processes_a_file_of_events_for_real() -> anyhow::Result<()> {
    // GIVEN a log file holding the CloudTrail record of a bucket created in a spoke
    let org = Org::create(1).await?;
    let spoke = org.spokes[0].clone();
    let policy = org.write_policy(
        &scratch(),
        &[&spoke],
        "[tags]\nuser_agent = \"userAgent\"\n",
    )?;
    let config = org.role_session(&spoke, "deployer", "release-7").await?;
    let caller = Caller::of(&config).await?;
    let bucket = format!("handled-{spoke}");
    moto::s3_client(&config)
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await?;
    let when = cloudtrail::now();
    let record = cloudtrail::record(
        "s3/CreateBucket-invictus-aws_dataset-1.json",
        &caller,
        REGION,
        &when,
        &[("/requestParameters/bucketName", json!(bucket))],
    )?;
    let file = scratch().join(format!("trail-{spoke}.json"));
    std::fs::write(&file, json!({"Records": [record]}).to_string())?;

    // WHEN `autotag handle` processes it
    let (status, lines) = org
        .run_autotag(
            Some(&policy),
            &["handle", file.to_str().unwrap_or_default()],
        )
        .await?;

    // THEN it reports the bucket tagged, and the bucket carries the stamps and the optional tag.
    assert!(status.success(), "{lines:#?}");
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["status"], "tagged", "{lines:#?}");
    assert_eq!(lines[0]["applied"][0]["status"], "tagged");
    let tags = tags_of(&org.admin(&spoke).await?, &format!("arn:aws:s3:::{bucket}")).await?;
    assert_eq!(
        tags.get("owner").map(String::as_str),
        Some("deployer/release-7")
    );
    assert!(tags.contains_key("userAgent"), "{tags:?}");
    Ok(())
}

#[tokio::test]
async fn a_volume_near_fifty_tags_gets_its_stamps_before_static_tags() -> anyhow::Result<()> {
    // GIVEN a volume that already carries 46 tags, and a policy adding three static tags
    let org = Org::create(1).await?;
    let spoke = org.spokes[0].clone();
    let policy = org.write_policy(
        &scratch(),
        &[&spoke],
        "[static_tags]\nCostCenter = \"42\"\nTier = \"gold\"\nWiki = \"https://wiki\"\n",
    )?;
    let admin = org.admin(&spoke).await?;
    let volume = resources::create_volume(&admin).await?;
    let ec2 = aws_sdk_ec2::Client::new(&admin);
    let mut create = ec2.create_tags().resources(&volume);
    for n in 0..46 {
        create = create.tags(
            aws_sdk_ec2::types::Tag::builder()
                .key(format!("team-{n}"))
                .value("x")
                .build(),
        );
    }
    create.send().await?;
    let caller = Caller::of(&admin).await?;
    let when = cloudtrail::now();
    org.emit(
        &spoke,
        &cloudtrail::record(
            "ec2/CreateVolume-invictus-aws_dataset-1.json",
            &caller,
            REGION,
            &when,
            &[("/responseElements/volumeId", json!(volume))],
        )?,
    )
    .await?;

    // WHEN the hub handles its creation
    let lines = org.run_hub(&policy, 3).await?;

    // THEN the stamps and the first static tag fill the 50 slots, and the rest are left out
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(lines[0]["disposition"], "done", "{lines:#?}");
    let tags = tags_of(
        &admin,
        &format!("arn:aws:ec2:{REGION}:{spoke}:volume/{volume}"),
    )
    .await?;
    assert_eq!(tags.len(), 50, "{tags:?}");
    assert_eq!(
        tags.get("dateCreated").map(String::as_str),
        Some(when.as_str())
    );
    assert!(
        tags.contains_key("owner") && tags.contains_key("createdBy"),
        "{tags:?}"
    );
    assert_eq!(tags.get("CostCenter").map(String::as_str), Some("42"));
    assert!(
        !tags.contains_key("Tier") && !tags.contains_key("Wiki"),
        "{tags:?}"
    );
    Ok(())
}

/// Issue 17's per-type tag sets, written by the hub: a set for `ec2:instance` reaches the
/// instance of a `RunInstances` and not its network interface or volume; a set for
/// `ecr:repository` reaches the repository, with the seed's empty placeholder values.
#[tokio::test]
async fn a_tag_set_reaches_only_the_resource_types_it_names() -> anyhow::Result<()> {
    // GIVEN a policy with a set for instances and one for repositories,
    let org = Org::create(1).await?;
    let a = org
        .spokes
        .first()
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("no spoke"))?;
    let policy = org.write_policy(
        &scratch().join("tag-sets"),
        &[&a],
        "\n[[tag_set]]\nresource_types = [\"ec2:instance\"]\ntags = { Patching = \"weekly\" }\n\
         \n[[tag_set]]\nresource_types = [\"ecr:repository\"]\n\
         tags = { Confidentiality = \"\", Compliance = \"\", AutoTag_ManagedBy = \"autotag\" }\n",
    )?;
    let alice = org.user(&a, "alice").await?;
    let caller = Caller::of(&alice).await?;
    let Launched {
        instance,
        eni,
        volume,
    } = resources::run_instance(&alice).await?;
    let repo_arn = resources::create_repository(&alice, "sets").await?;
    let when = cloudtrail::now();
    // WHEN CloudTrail reports both creations and the hub processes them,
    org.emit(
        &a,
        &cloudtrail::record(
            "ec2/RunInstances-invictus-aws_dataset-1.json",
            &caller,
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
    )
    .await?;
    org.emit(
        &a,
        &cloudtrail::record(
            "ecr/CreateRepository-constructed-1.json",
            &caller,
            REGION,
            &when,
            &[(
                "/responseElements/repository/repositoryArn",
                json!(repo_arn),
            )],
        )?,
    )
    .await?;
    org.run_hub(&policy, 3).await?;

    // THEN the instance has its set and its stamps, its interface and volume only the stamps,
    let ec2 = |kind: &str, id: &str| format!("arn:aws:ec2:{REGION}:{a}:{kind}/{id}");
    let on_instance = tags_of(&alice, &ec2("instance", &instance)).await?;
    assert_eq!(
        on_instance.get("Patching").map(String::as_str),
        Some("weekly"),
        "{on_instance:?}"
    );
    assert!(on_instance.contains_key("owner"), "{on_instance:?}");
    for arn in [ec2("network-interface", &eni), ec2("volume", &volume)] {
        let tags = tags_of(&alice, &arn).await?;
        assert!(tags.contains_key("owner"), "{arn}: {tags:?}");
        assert!(!tags.contains_key("Patching"), "{arn}: {tags:?}");
    }
    // and the repository carries the seed's set, placeholders empty.
    let on_repo = tags_of(&alice, &repo_arn).await?;
    assert_eq!(
        on_repo.get("Confidentiality").map(String::as_str),
        Some(""),
        "{on_repo:?}"
    );
    assert_eq!(
        on_repo.get("AutoTag_ManagedBy").map(String::as_str),
        Some("autotag")
    );
    assert!(on_repo.contains_key("owner"), "{on_repo:?}");
    Ok(())
}
