//! Route taggers: which calls are made with which arguments, partial failures, retries, and
//! resources that are gone.

use std::sync::{Arc, Mutex};

use autotag_core::event::parse_document;
use autotag_core::plan::{Outcome, TagPlan, plan};
use autotag_core::policy::TagPolicy;
use aws_smithy_mocks::mock;
use aws_smithy_types::error::ErrorMetadata;
use serde_json::json;

use crate::mocked;
use autotag_hub::aws;
use autotag_hub::ports::{FailureKind, ResourceStatus};

fn plan_for(detail: serde_json::Value) -> TagPlan {
    match plan(
        &event_for(detail),
        &TagPolicy::default(),
        autotag_hub::clock::now(),
    )
    .outcome
    {
        Outcome::Tag(plan) => plan,
        other => panic!("{other:?}"),
    }
}

/// The event of a CloudTrail record `detail`, with the fields a test leaves out filled in.
fn event_for(detail: serde_json::Value) -> autotag_core::event::Event {
    let mut detail = detail;
    let defaults = json!({
        "eventVersion": "1.08", "eventTime": "2024-05-01T10:00:00Z", "eventType": "AwsApiCall",
        "awsRegion": "us-east-1", "recipientAccountId": "222222222222",
        "userIdentity": {"type": "IAMUser", "userName": "alice", "arn": "arn:aws:iam::222222222222:user/alice"}
    });
    for (key, value) in defaults.as_object().unwrap() {
        detail
            .as_object_mut()
            .unwrap()
            .entry(key.clone())
            .or_insert(value.clone());
    }
    let account = detail["recipientAccountId"].clone();
    let doc = json!({"id": "e1", "source": "aws.ec2", "account": account,
        "detail-type": "AWS API Call via CloudTrail", "detail": detail});
    parse_document(&doc.to_string()).unwrap().remove(0).unwrap()
}

fn run_instances() -> TagPlan {
    plan_for(run_instances_record("2024-05-01T10:00:00Z"))
}

/// A `RunInstances` record of `i-1` (with `eni-1`) and `i-2` at `event_time`.
fn run_instances_record(event_time: &str) -> serde_json::Value {
    json!({
        "eventSource": "ec2.amazonaws.com", "eventName": "RunInstances", "eventTime": event_time,
        "responseElements": {"instancesSet": {"items": [
            {"instanceId": "i-1", "networkInterfaceSet": {"items": [{"networkInterfaceId": "eni-1"}]}},
            {"instanceId": "i-2"}
        ]}}
    })
}

type Captured<T> = Arc<Mutex<Vec<T>>>;

/// A store for requests seen by a mock rule: one handle for the rule, one for the test.
fn captured<T: Clone + Send + 'static>() -> (Captured<T>, Captured<T>) {
    let store = Arc::new(Mutex::new(Vec::new()));
    (store.clone(), store)
}

/// Instance `i-<name>` with its EBS volume `vol-<name>` attached, as `DescribeInstances` lists
/// it.
fn with_volume(name: &str) -> aws_sdk_ec2::types::builders::InstanceBuilder {
    use aws_sdk_ec2::types::{EbsInstanceBlockDevice, Instance, InstanceBlockDeviceMapping};
    Instance::builder()
        .instance_id(format!("i-{name}"))
        .block_device_mappings(
            InstanceBlockDeviceMapping::builder()
                .ebs(
                    EbsInstanceBlockDevice::builder()
                        .volume_id(format!("vol-{name}"))
                        .build(),
                )
                .build(),
        )
}

#[tokio::test]
async fn ec2_tags_instances_enis_and_volumes_in_one_call() {
    use aws_sdk_ec2::operation::{
        create_tags::CreateTagsOutput, describe_instances::DescribeInstancesOutput,
        describe_tags::DescribeTagsOutput,
    };
    use aws_sdk_ec2::types::Reservation;
    let describe_instances = mock!(aws_sdk_ec2::Client::describe_instances).then_output(|| {
        DescribeInstancesOutput::builder()
            .reservations(
                Reservation::builder()
                    .instances(with_volume("1").build())
                    .instances(with_volume("2").build())
                    .build(),
            )
            .build()
    });
    let describe_tags = mock!(aws_sdk_ec2::Client::describe_tags)
        .then_output(|| DescribeTagsOutput::builder().build());
    let (calls, seen) = captured::<(Vec<String>, Vec<String>)>();
    let create_tags = mock!(aws_sdk_ec2::Client::create_tags)
        .match_requests(move |req| {
            let keys = req
                .tags()
                .iter()
                .filter_map(|t| t.key().map(str::to_owned))
                .collect();
            calls.lock().unwrap().push((req.resources().to_vec(), keys));
            true
        })
        .then_output(|| CreateTagsOutput::builder().build());
    let client = mocked!(
        aws_sdk_ec2,
        &[&describe_instances, &describe_tags, &create_tags]
    );
    let plan = run_instances();
    let report = aws::ec2::tag(&client, &plan, &plan.batches[0]).await;

    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "one CreateTags for every id: {seen:?}");
    assert_eq!(seen[0].0, ["i-1", "i-2", "eni-1", "vol-1", "vol-2"]);
    assert_eq!(seen[0].1, ["owner", "dateCreated", "createdBy"]);
    assert_eq!(report.resources.len(), 5);
    assert_eq!(create_tags.num_calls(), 1);
}

/// A `RunInstances` plan of one instance, `i-<name>`, at `event_time`.
fn one_instance(name: &str, event_time: &str) -> TagPlan {
    plan_for(json!({
        "eventSource": "ec2.amazonaws.com", "eventName": "RunInstances", "eventTime": event_time,
        "responseElements": {"instancesSet": {"items": [{"instanceId": format!("i-{name}")}]}}
    }))
}

#[tokio::test]
async fn ec2_serves_many_plans_with_one_read_and_a_write_per_tag_set() {
    use aws_sdk_ec2::operation::{
        create_tags::{CreateTagsError, CreateTagsOutput},
        describe_instances::DescribeInstancesOutput,
        describe_tags::DescribeTagsOutput,
    };
    use aws_sdk_ec2::types::Reservation;
    let describe_instances = mock!(aws_sdk_ec2::Client::describe_instances).then_output(|| {
        let instance = |name: &str| with_volume(name).build();
        DescribeInstancesOutput::builder()
            .reservations(
                Reservation::builder()
                    .instances(instance("a"))
                    .instances(instance("b"))
                    .instances(instance("c"))
                    .build(),
            )
            .build()
    });
    let describe_tags = mock!(aws_sdk_ec2::Client::describe_tags)
        .then_output(|| DescribeTagsOutput::builder().build());
    // The write for the later tag set is denied: only its plan fails.
    let denied = mock!(aws_sdk_ec2::Client::create_tags)
        .match_requests(|req| req.resources().iter().any(|id| id == "i-c"))
        .then_error(|| {
            CreateTagsError::generic(
                ErrorMetadata::builder()
                    .code("UnauthorizedOperation")
                    .message("not allowed")
                    .build(),
            )
        });
    let (calls, seen) = captured::<Vec<String>>();
    let create_tags = mock!(aws_sdk_ec2::Client::create_tags)
        .match_requests(move |req| {
            calls.lock().unwrap().push(req.resources().to_vec());
            true
        })
        .then_output(|| CreateTagsOutput::builder().build());
    let client = mocked!(
        aws_sdk_ec2,
        &[&describe_instances, &describe_tags, &denied, &create_tags]
    );
    // Two plans created in the same second carry the same tags; the third does not.
    let plans = [
        one_instance("a", "2024-05-01T10:00:00Z"),
        one_instance("b", "2024-05-01T10:00:00Z"),
        one_instance("c", "2024-05-01T10:00:01Z"),
    ];
    let batches: Vec<_> = plans.iter().map(|p| (p, &p.batches[0])).collect();
    let reports = aws::ec2::tag_all(&client, &batches).await;

    assert_eq!(describe_instances.num_calls(), 1);
    assert_eq!(describe_tags.num_calls(), 1);
    assert_eq!(
        *seen.lock().unwrap(),
        [vec!["i-a", "vol-a", "i-b", "vol-b"]],
        "one write for the shared tag set"
    );
    assert_eq!(denied.num_calls(), 1);
    assert_eq!(reports.len(), 3);
    for (report, name) in reports.iter().take(2).zip(["a", "b"]) {
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        let arns: Vec<&str> = report.resources.iter().map(|r| r.arn.as_str()).collect();
        assert_eq!(
            arns,
            [
                format!("arn:aws:ec2:us-east-1:222222222222:instance/i-{name}"),
                format!("arn:aws:ec2:us-east-1:222222222222:volume/vol-{name}")
            ]
        );
    }
    let failed: Vec<&str> = reports[2].failures.iter().map(|f| f.arn.as_str()).collect();
    assert_eq!(
        failed,
        [
            "arn:aws:ec2:us-east-1:222222222222:instance/i-c",
            "arn:aws:ec2:us-east-1:222222222222:volume/vol-c"
        ]
    );
    assert!(reports[2].resources.is_empty());
}

#[tokio::test]
async fn ec2_reads_instances_tags_from_their_listing_and_keeps_an_owner_there() {
    use aws_sdk_ec2::operation::{
        create_tags::CreateTagsOutput, describe_instances::DescribeInstancesOutput,
        describe_tags::DescribeTagsOutput,
    };
    use aws_sdk_ec2::types::{Reservation, Tag};
    let describe_instances = mock!(aws_sdk_ec2::Client::describe_instances).then_output(|| {
        DescribeInstancesOutput::builder()
            .reservations(
                Reservation::builder()
                    .instances(
                        with_volume("1")
                            .tags(Tag::builder().key("owner").value("team-a").build())
                            .build(),
                    )
                    .instances(with_volume("2").build())
                    .build(),
            )
            .build()
    });
    let (asked, asked_for) = captured::<String>();
    let describe_tags = mock!(aws_sdk_ec2::Client::describe_tags)
        .match_requests(move |req| {
            asked.lock().unwrap().extend(
                req.filters()
                    .iter()
                    .flat_map(|f| f.values().iter().cloned()),
            );
            true
        })
        .then_output(|| DescribeTagsOutput::builder().build());
    let (calls, seen) = captured::<(Vec<String>, Vec<String>)>();
    let create_tags = mock!(aws_sdk_ec2::Client::create_tags)
        .match_requests(move |req| {
            let keys = req
                .tags()
                .iter()
                .filter_map(|t| t.key().map(str::to_owned))
                .collect();
            calls.lock().unwrap().push((req.resources().to_vec(), keys));
            true
        })
        .then_output(|| CreateTagsOutput::builder().build());
    let client = mocked!(
        aws_sdk_ec2,
        &[&describe_instances, &describe_tags, &create_tags]
    );
    let plan = run_instances();
    let report = aws::ec2::tag(&client, &plan, &plan.batches[0]).await;

    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(
        *asked_for.lock().unwrap(),
        ["eni-1", "vol-1", "vol-2"],
        "the listed instances' tags are not read again"
    );
    let mut seen = seen.lock().unwrap().clone();
    seen.sort();
    assert_eq!(
        seen,
        [
            (
                vec!["i-1".to_owned()],
                vec!["dateCreated".to_owned(), "createdBy".to_owned()]
            ),
            (
                vec![
                    "i-2".to_owned(),
                    "eni-1".to_owned(),
                    "vol-1".to_owned(),
                    "vol-2".to_owned()
                ],
                vec![
                    "owner".to_owned(),
                    "dateCreated".to_owned(),
                    "createdBy".to_owned()
                ]
            ),
        ]
    );
}

#[tokio::test]
async fn ec2_never_overwrites_an_existing_owner() {
    use aws_sdk_ec2::operation::{
        create_tags::CreateTagsOutput, describe_tags::DescribeTagsOutput,
    };
    use aws_sdk_ec2::types::TagDescription;
    let describe_tags = mock!(aws_sdk_ec2::Client::describe_tags).then_output(|| {
        DescribeTagsOutput::builder()
            .tags(
                TagDescription::builder()
                    .resource_id("vol-1")
                    .key("owner")
                    .value("team-a")
                    .build(),
            )
            .build()
    });
    let (calls, seen) = captured::<Vec<String>>();
    let create_tags = mock!(aws_sdk_ec2::Client::create_tags)
        .match_requests(move |req| {
            calls.lock().unwrap().push(
                req.tags()
                    .iter()
                    .filter_map(|t| t.key().map(str::to_owned))
                    .collect(),
            );
            true
        })
        .then_output(|| CreateTagsOutput::builder().build());
    let client = mocked!(aws_sdk_ec2, &[&describe_tags, &create_tags]);
    let plan = plan_for(
        json!({"eventSource": "ec2.amazonaws.com", "eventName": "CreateVolume", "responseElements": {"volumeId": "vol-1"}}),
    );
    let report = aws::ec2::tag(&client, &plan, &plan.batches[0]).await;
    assert_eq!(
        *seen.lock().unwrap(),
        vec![vec!["dateCreated".to_owned(), "createdBy".to_owned()]]
    );
    assert_eq!(
        report.resources[0].status,
        ResourceStatus::Tagged {
            keys: vec!["dateCreated".into(), "createdBy".into()]
        }
    );
}

#[tokio::test]
async fn ec2_retries_throttling_and_skips_gone_resources() {
    use aws_sdk_ec2::operation::{
        create_tags::{CreateTagsError, CreateTagsOutput},
        describe_tags::DescribeTagsOutput,
    };
    let describe_tags = mock!(aws_sdk_ec2::Client::describe_tags)
        .then_output(|| DescribeTagsOutput::builder().build());
    // The batch call is throttled once (the SDK retries it), then fails because one volume is
    // gone; the hub then tags one id at a time to find which.
    let batch = mock!(aws_sdk_ec2::Client::create_tags)
        .match_requests(|req| req.resources().len() == 2)
        .sequence()
        .http_status(503, None)
        .error(|| {
            CreateTagsError::generic(
                ErrorMetadata::builder()
                    .code("InvalidVolume.NotFound")
                    .build(),
            )
        })
        .build();
    let gone = mock!(aws_sdk_ec2::Client::create_tags)
        .match_requests(|req| req.resources() == ["vol-2"])
        .then_error(|| {
            CreateTagsError::generic(
                ErrorMetadata::builder()
                    .code("InvalidVolume.NotFound")
                    .message("gone")
                    .build(),
            )
        });
    let alive = mock!(aws_sdk_ec2::Client::create_tags)
        .match_requests(|req| req.resources() == ["vol-1"])
        .then_output(|| CreateTagsOutput::builder().build());
    let client = mocked!(aws_sdk_ec2, &[&describe_tags, &batch, &gone, &alive]);
    let mut plan = plan_for(
        json!({"eventSource": "ec2.amazonaws.com", "eventName": "CreateVolume", "responseElements": {"volumeId": "vol-1"}}),
    );
    let extra = plan_for(
        json!({"eventSource": "ec2.amazonaws.com", "eventName": "CreateVolume", "responseElements": {"volumeId": "vol-2"}}),
    );
    plan.batches[0]
        .resources
        .extend(extra.batches[0].resources.clone());

    let report = aws::ec2::tag(&client, &plan, &plan.batches[0]).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(batch.num_calls(), 2);
    let statuses: Vec<_> = report
        .resources
        .iter()
        .map(|r| (r.arn.rsplit('/').next().unwrap().to_owned(), &r.status))
        .collect();
    assert!(
        matches!(statuses[0], (ref id, ResourceStatus::Tagged { .. }) if id == "vol-1"),
        "{statuses:?}"
    );
    assert!(
        matches!(statuses[1], (ref id, ResourceStatus::Gone { .. }) if id == "vol-2"),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn ec2_access_denied_fails_every_resource_with_its_source() {
    use aws_sdk_ec2::operation::{create_tags::CreateTagsError, describe_tags::DescribeTagsOutput};
    let describe_tags = mock!(aws_sdk_ec2::Client::describe_tags)
        .then_output(|| DescribeTagsOutput::builder().build());
    let denied = mock!(aws_sdk_ec2::Client::create_tags).then_error(|| {
        CreateTagsError::generic(
            ErrorMetadata::builder()
                .code("UnauthorizedOperation")
                .message("not allowed")
                .build(),
        )
    });
    let client = mocked!(aws_sdk_ec2, &[&describe_tags, &denied]);
    let plan = run_instances();
    let mut only_instances = plan.clone();
    only_instances.tag_attached_volumes = false;
    let report = aws::ec2::tag(&client, &only_instances, &only_instances.batches[0]).await;
    assert_eq!(report.failures.len(), 3);
    assert!(
        report
            .failures
            .iter()
            .all(|f| f.kind == FailureKind::Denied)
    );
    let message = report.failures[0].to_string();
    assert!(
        message.contains("UnauthorizedOperation") && message.contains("ec2:CreateTags"),
        "{message}"
    );
}

#[tokio::test]
async fn tagging_api_reads_the_failure_map_and_retries_throttled_entries() {
    use aws_sdk_resourcegroupstagging::operation::{
        get_resources::GetResourcesOutput, tag_resources::TagResourcesOutput,
    };
    use aws_sdk_resourcegroupstagging::types::{ErrorCode, FailureInfo};
    let table_a = "arn:aws:dynamodb:us-east-1:222222222222:table/a";
    let table_b = "arn:aws:dynamodb:us-east-1:222222222222:table/b";
    let get = mock!(aws_sdk_resourcegroupstagging::Client::get_resources)
        .then_output(|| GetResourcesOutput::builder().build());
    let first = mock!(aws_sdk_resourcegroupstagging::Client::tag_resources)
        .match_requests(|req| req.resource_arn_list().len() == 2)
        .then_output(move || {
            TagResourcesOutput::builder()
                .failed_resources_map(
                    table_a,
                    FailureInfo::builder()
                        .status_code(500)
                        .error_code(ErrorCode::InternalServiceException)
                        .error_message("try again")
                        .build(),
                )
                .failed_resources_map(
                    table_b,
                    FailureInfo::builder()
                        .status_code(400)
                        .error_code(ErrorCode::InvalidParameterException)
                        .error_message("bad")
                        .build(),
                )
                .build()
        });
    let retry = mock!(aws_sdk_resourcegroupstagging::Client::tag_resources)
        .match_requests(move |req| req.resource_arn_list() == [table_a])
        .then_output(|| TagResourcesOutput::builder().build());
    let client = mocked!(aws_sdk_resourcegroupstagging, &[&get, &first, &retry]);
    let mut plan = plan_for(
        json!({"eventSource": "dynamodb.amazonaws.com", "eventName": "CreateTable", "requestParameters": {"tableName": "a"}}),
    );
    let other = plan_for(
        json!({"eventSource": "dynamodb.amazonaws.com", "eventName": "CreateTable", "requestParameters": {"tableName": "b"}}),
    );
    plan.batches[0]
        .resources
        .extend(other.batches[0].resources.clone());

    let report = aws::tagging::tag(&client, &plan, &plan.batches[0]).await;
    assert_eq!(report.resources.len(), 1);
    assert_eq!(report.resources[0].arn, table_a);
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.failures[0].arn, table_b);
    assert!(
        report.failures[0]
            .to_string()
            .contains("InvalidParameterException")
    );
    assert_eq!(retry.num_calls(), 1);
}

type TagPairs = Vec<(String, String)>;

fn s3_tag_set(
    pairs: &[(&str, &str)],
) -> aws_sdk_s3::operation::get_bucket_tagging::GetBucketTaggingOutput {
    pairs
        .iter()
        .fold(
            aws_sdk_s3::operation::get_bucket_tagging::GetBucketTaggingOutput::builder(),
            |b, (k, v)| {
                b.tag_set(
                    aws_sdk_s3::types::Tag::builder()
                        .key(*k)
                        .value(*v)
                        .build()
                        .unwrap(),
                )
            },
        )
        .build()
        .unwrap()
}

/// A `PutBucketTagging` mock for bucket `bucket` that keeps every tag set written, in order,
/// and (if given) makes it the set `state` holds, as S3 would.
fn s3_put(
    bucket: &'static str,
    state: Option<Captured<TagPairs>>,
) -> (aws_smithy_mocks::Rule, Captured<TagPairs>) {
    let (calls, seen) = captured::<TagPairs>();
    let put = mock!(aws_sdk_s3::Client::put_bucket_tagging)
        .match_requests(move |req| {
            let set: TagPairs = req
                .tagging()
                .map(|t| {
                    t.tag_set()
                        .iter()
                        .map(|t| (t.key().to_owned(), t.value().to_owned()))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(state) = &state {
                *state.lock().unwrap() = vec![set.clone()];
            }
            calls.lock().unwrap().push(set);
            req.bucket() == Some(bucket)
        })
        .then_output(|| {
            aws_sdk_s3::operation::put_bucket_tagging::PutBucketTaggingOutput::builder().build()
        });
    (put, seen)
}

#[tokio::test]
async fn s3_merges_stamps_into_the_existing_tag_set() {
    // The bucket: `team` at first, then whatever was written last.
    let state: Captured<TagPairs> =
        std::sync::Arc::new(Mutex::new(vec![vec![("team".into(), "data".into())]]));
    let read = state.clone();
    let get = mock!(aws_sdk_s3::Client::get_bucket_tagging).then_output(move || {
        let set = read.lock().unwrap()[0].clone();
        let pairs: Vec<(&str, &str)> = set.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        s3_tag_set(&pairs)
    });
    let (put, seen) = s3_put("logs-bucket", Some(state));
    let client = mocked!(aws_sdk_s3, &[&get, &put]);
    let plan = plan_for(
        json!({"eventSource": "s3.amazonaws.com", "eventName": "CreateBucket", "requestParameters": {"bucketName": "logs-bucket"}}),
    );
    let report = aws::s3::tag(&client, &plan, &plan.batches[0]).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "one write, confirmed by the read-back");
    let keys: Vec<&str> = seen[0].iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["team", "owner", "dateCreated", "createdBy"]);
    assert_eq!(seen[0][0].1, "data");
    assert_eq!(get.num_calls(), 2);
    assert!(matches!(
        report.resources[0].status,
        ResourceStatus::Tagged { .. }
    ));
}

/// Another writer replaced the tag set between our write and the read-back, with its own tag
/// and without our stamps: the hub merges again and writes a set with both, keeping the value
/// the other writer gave to a stamp key (write-once).
#[tokio::test]
async fn s3_writes_again_when_another_writer_dropped_the_stamps() {
    let get = mock!(aws_sdk_s3::Client::get_bucket_tagging)
        .sequence()
        .output(|| s3_tag_set(&[("team", "data")]))
        // The read-back: someone wrote `cost-center` and an `owner` of theirs over our set.
        .output(|| s3_tag_set(&[("team", "data"), ("cost-center", "42"), ("owner", "bob")]))
        .output(|| {
            s3_tag_set(&[
                ("team", "data"),
                ("cost-center", "42"),
                ("owner", "bob"),
                ("dateCreated", "2024-05-01T10:00:00Z"),
                ("createdBy", "arn:aws:iam::222222222222:user/alice"),
            ])
        })
        .build();
    let (put, seen) = s3_put("b", None);
    let client = mocked!(aws_sdk_s3, &[&get, &put]);
    let plan = plan_for(
        json!({"eventSource": "s3.amazonaws.com", "eventName": "CreateBucket", "requestParameters": {"bucketName": "b"}}),
    );
    let report = aws::s3::tag(&client, &plan, &plan.batches[0]).await;

    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "{seen:?}");
    let second: Vec<(&str, &str)> = seen[1]
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        second,
        [
            ("team", "data"),
            ("cost-center", "42"),
            ("owner", "bob"),
            ("dateCreated", "2024-05-01T10:00:00Z"),
            ("createdBy", "arn:aws:iam::222222222222:user/alice"),
        ]
    );
    assert_eq!(
        report.resources[0].status,
        ResourceStatus::Tagged {
            keys: vec!["dateCreated".into(), "createdBy".into()]
        }
    );
}

/// A writer that keeps dropping the stamps gets the hub a bounded number of writes, then a
/// transient failure, which the queue retries later.
#[tokio::test]
async fn s3_gives_up_after_three_lost_writes() {
    let get = mock!(aws_sdk_s3::Client::get_bucket_tagging)
        .then_output(|| s3_tag_set(&[("team", "data")]));
    let (put, seen) = s3_put("b", None);
    let client = mocked!(aws_sdk_s3, &[&get, &put]);
    let plan = plan_for(
        json!({"eventSource": "s3.amazonaws.com", "eventName": "CreateBucket", "requestParameters": {"bucketName": "b"}}),
    );
    let report = aws::s3::tag(&client, &plan, &plan.batches[0]).await;

    assert_eq!(seen.lock().unwrap().len(), 3);
    assert!(report.resources.is_empty(), "{:?}", report.resources);
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.failures[0].kind, FailureKind::Transient);
    let message = report.failures[0].to_string();
    assert!(
        message.contains("bucket `b` lost `owner`, `dateCreated`, `createdBy`"),
        "{message}"
    );
}

#[tokio::test]
async fn a_stamped_bucket_is_left_alone() {
    use aws_sdk_s3::operation::get_bucket_tagging::GetBucketTaggingOutput;
    use aws_sdk_s3::types::Tag;
    let get = mock!(aws_sdk_s3::Client::get_bucket_tagging).then_output(|| {
        let tag = |k: &str| Tag::builder().key(k).value("x").build().unwrap();
        GetBucketTaggingOutput::builder()
            .tag_set(tag("owner"))
            .tag_set(tag("dateCreated"))
            .tag_set(tag("createdBy"))
            .build()
            .unwrap()
    });
    let put = mock!(aws_sdk_s3::Client::put_bucket_tagging).then_output(|| unreachable!());
    let client = mocked!(aws_sdk_s3, &[&get, &put]);
    let plan = plan_for(
        json!({"eventSource": "s3.amazonaws.com", "eventName": "CreateBucket", "requestParameters": {"bucketName": "b"}}),
    );
    let report = aws::s3::tag(&client, &plan, &plan.batches[0]).await;
    assert_eq!(report.resources[0].status, ResourceStatus::AlreadyStamped);
    assert_eq!(put.num_calls(), 0);
}

/// A customer managed policy is tagged by its ARN (not its name), only with the keys it lacks,
/// and a policy deleted meanwhile is reported gone.
#[tokio::test]
async fn iam_policies_are_tagged_by_arn_with_what_they_lack() {
    use aws_sdk_iam::operation::list_policy_tags::ListPolicyTagsOutput;
    use aws_sdk_iam::operation::tag_policy::TagPolicyOutput;
    let policy_arn = "arn:aws:iam::222222222222:policy/team/deploy";
    let plan = plan_for(json!({
        "eventSource": "iam.amazonaws.com", "eventName": "CreatePolicy",
        "responseElements": {"policy": {"arn": policy_arn, "policyName": "deploy"}}
    }));
    let list = mock!(aws_sdk_iam::Client::list_policy_tags)
        .match_requests(move |req| req.policy_arn() == Some(policy_arn))
        .then_output(|| {
            ListPolicyTagsOutput::builder()
                .tags(
                    aws_sdk_iam::types::Tag::builder()
                        .key("owner")
                        .value("someone-else")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap()
        });
    let (seen, seen_by_test) = captured::<Vec<String>>();
    let tag = mock!(aws_sdk_iam::Client::tag_policy)
        .match_requests(move |req| {
            seen.lock()
                .unwrap()
                .push(req.tags().iter().map(|t| t.key().to_owned()).collect());
            req.policy_arn() == Some(policy_arn)
        })
        .then_output(|| TagPolicyOutput::builder().build());
    let client = mocked!(aws_sdk_iam, &[&list, &tag]);
    let report = aws::iam::tag(&client, &plan, &plan.batches[0]).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let keys = seen_by_test.lock().unwrap().clone();
    assert_eq!(
        keys,
        vec![vec!["dateCreated".to_owned(), "createdBy".to_owned()]]
    );

    let gone = mock!(aws_sdk_iam::Client::list_policy_tags).then_error(|| {
        aws_sdk_iam::operation::list_policy_tags::ListPolicyTagsError::generic(
            ErrorMetadata::builder().code("NoSuchEntity").build(),
        )
    });
    let client = mocked!(aws_sdk_iam, &[&gone]);
    let report = aws::iam::tag(&client, &plan, &plan.batches[0]).await;
    assert!(matches!(
        report.resources[0].status,
        ResourceStatus::Gone { .. }
    ));
}

/// An account being created is named by its create-account request: while Organizations is
/// still creating it the resource fails as not ready, once created the new account is tagged
/// by its id, and a creation that failed leaves nothing to tag.
#[tokio::test]
async fn organizations_tags_an_account_once_its_creation_has_succeeded() {
    use aws_sdk_organizations::operation::describe_create_account_status::DescribeCreateAccountStatusOutput;
    use aws_sdk_organizations::operation::list_tags_for_resource::ListTagsForResourceOutput;
    use aws_sdk_organizations::operation::tag_resource::TagResourceOutput;
    use aws_sdk_organizations::types::{CreateAccountState, CreateAccountStatus};
    let plan = plan_for(json!({
        "eventSource": "organizations.amazonaws.com", "eventName": "CreateAccount",
        "responseElements": {"createAccountStatus": {"id": "car-1", "state": "IN_PROGRESS"}}
    }));
    assert_eq!(
        plan.arns().next().unwrap().as_str(),
        "arn:aws:organizations::222222222222:account/car-1"
    );
    let status = |state: CreateAccountState| {
        move || {
            DescribeCreateAccountStatusOutput::builder()
                .create_account_status(
                    CreateAccountStatus::builder()
                        .id("car-1")
                        .state(state.clone())
                        .set_account_id(
                            (state == CreateAccountState::Succeeded)
                                .then(|| "333333333333".to_owned()),
                        )
                        .failure_reason(aws_sdk_organizations::types::CreateAccountFailureReason::EmailAlreadyExists)
                        .build(),
                )
                .build()
        }
    };
    let in_progress = mock!(aws_sdk_organizations::Client::describe_create_account_status)
        .then_output(status(CreateAccountState::InProgress));
    let client = mocked!(aws_sdk_organizations, &[&in_progress]);
    let report = aws::organizations::tag(&client, &plan, &plan.batches[0]).await;
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.failures[0].kind, FailureKind::Other);
    assert!(
        report.failures[0]
            .source
            .to_string()
            .contains("still `IN_PROGRESS`"),
        "{}",
        report.failures[0].source
    );

    let succeeded = mock!(aws_sdk_organizations::Client::describe_create_account_status)
        .match_requests(|req| req.create_account_request_id() == Some("car-1"))
        .then_output(status(CreateAccountState::Succeeded));
    let list = mock!(aws_sdk_organizations::Client::list_tags_for_resource)
        .match_requests(|req| req.resource_id() == Some("333333333333"))
        .then_output(|| ListTagsForResourceOutput::builder().build());
    let (seen, seen_by_test) = captured::<(String, Vec<String>)>();
    let tag = mock!(aws_sdk_organizations::Client::tag_resource)
        .match_requests(move |req| {
            seen.lock().unwrap().push((
                req.resource_id().unwrap_or_default().to_owned(),
                req.tags().iter().map(|t| t.key().to_owned()).collect(),
            ));
            true
        })
        .then_output(|| TagResourceOutput::builder().build());
    let client = mocked!(aws_sdk_organizations, &[&succeeded, &list, &tag]);
    let report = aws::organizations::tag(&client, &plan, &plan.batches[0]).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(
        *seen_by_test.lock().unwrap(),
        vec![(
            "333333333333".to_owned(),
            vec!["owner".into(), "dateCreated".into(), "createdBy".into()]
        )]
    );

    let failed = mock!(aws_sdk_organizations::Client::describe_create_account_status)
        .then_output(status(CreateAccountState::Failed));
    let client = mocked!(aws_sdk_organizations, &[&failed]);
    let report = aws::organizations::tag(&client, &plan, &plan.batches[0]).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert!(matches!(
        &report.resources[0].status,
        ResourceStatus::Gone { reason } if reason.contains("EMAIL_ALREADY_EXISTS")
    ));
}

/// An organizational unit is tagged by its id, the last segment of its ARN.
#[tokio::test]
async fn organizations_tags_an_organizational_unit_by_its_id() {
    use aws_sdk_organizations::operation::list_tags_for_resource::ListTagsForResourceOutput;
    use aws_sdk_organizations::operation::tag_resource::TagResourceOutput;
    let plan = plan_for(json!({
        "eventSource": "organizations.amazonaws.com", "eventName": "CreateOrganizationalUnit",
        "responseElements": {"organizationalUnit": {
            "arn": "arn:aws:organizations::222222222222:ou/o-aa111bb222/ou-ab12-cd34ef56", "id": "ou-ab12-cd34ef56"}}
    }));
    let list = mock!(aws_sdk_organizations::Client::list_tags_for_resource)
        .then_output(|| ListTagsForResourceOutput::builder().build());
    let tag = mock!(aws_sdk_organizations::Client::tag_resource)
        .match_requests(|req| req.resource_id() == Some("ou-ab12-cd34ef56"))
        .then_output(|| TagResourceOutput::builder().build());
    let client = mocked!(aws_sdk_organizations, &[&list, &tag]);
    let report = aws::organizations::tag(&client, &plan, &plan.batches[0]).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(tag.num_calls(), 1);
}

/// DAX and Roles Anywhere, which the tagging API does not serve, are tagged by ARN through
/// their own APIs with only the keys a resource lacks; a refusal keeps its SDK error.
#[tokio::test]
async fn dax_and_roles_anywhere_are_tagged_natively_with_what_they_lack() {
    use aws_sdk_dax::operation::list_tags::ListTagsOutput;
    use aws_sdk_dax::operation::tag_resource::TagResourceOutput as DaxTagged;
    use aws_sdk_rolesanywhere::operation::list_tags_for_resource::ListTagsForResourceOutput;
    use aws_sdk_rolesanywhere::operation::tag_resource::{TagResourceError, TagResourceOutput};
    let cluster = "arn:aws:dax:us-east-1:222222222222:cache/daxcluster";
    let plan = plan_for(json!({
        "eventSource": "dax.amazonaws.com", "eventName": "CreateCluster",
        "responseElements": {"cluster": {"clusterArn": cluster}}
    }));
    let list = mock!(aws_sdk_dax::Client::list_tags)
        .match_requests(move |req| req.resource_name() == Some(cluster))
        .then_output(|| {
            ListTagsOutput::builder()
                .tags(
                    aws_sdk_dax::types::Tag::builder()
                        .key("owner")
                        .value("bob")
                        .build(),
                )
                .build()
        });
    let (seen, seen_by_test) = captured::<Vec<String>>();
    let tag = mock!(aws_sdk_dax::Client::tag_resource)
        .match_requests(move |req| {
            seen.lock().unwrap().push(
                req.tags()
                    .iter()
                    .filter_map(|t| t.key().map(str::to_owned))
                    .collect(),
            );
            true
        })
        .then_output(|| DaxTagged::builder().build());
    let client = mocked!(aws_sdk_dax, &[&list, &tag]);
    let report = aws::dax::tag(&client, &plan, &plan.batches[0]).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(
        *seen_by_test.lock().unwrap(),
        vec![vec!["dateCreated".to_owned(), "createdBy".to_owned()]]
    );

    let profile =
        "arn:aws:rolesanywhere:us-east-1:222222222222:profile/ac4e09d1-a150-4924-bb76-23b00fa7c34a";
    let plan = plan_for(json!({
        "eventSource": "rolesanywhere.amazonaws.com", "eventName": "CreateProfile",
        "responseElements": {"profile": {"profileArn": profile}}
    }));
    let list = mock!(aws_sdk_rolesanywhere::Client::list_tags_for_resource)
        .match_requests(move |req| req.resource_arn() == Some(profile))
        .then_output(|| ListTagsForResourceOutput::builder().build());
    let tag = mock!(aws_sdk_rolesanywhere::Client::tag_resource)
        .match_requests(move |req| req.resource_arn() == Some(profile) && req.tags().len() == 3)
        .then_output(|| TagResourceOutput::builder().build());
    let client = mocked!(aws_sdk_rolesanywhere, &[&list, &tag]);
    let report = aws::rolesanywhere::tag(&client, &plan, &plan.batches[0]).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(tag.num_calls(), 1);

    let denied = mock!(aws_sdk_rolesanywhere::Client::tag_resource).then_error(|| {
        TagResourceError::generic(
            ErrorMetadata::builder()
                .code("AccessDeniedException")
                .build(),
        )
    });
    let client = mocked!(aws_sdk_rolesanywhere, &[&list, &denied]);
    let report = aws::rolesanywhere::tag(&client, &plan, &plan.batches[0]).await;
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.failures[0].kind, FailureKind::Denied);
    assert_eq!(report.failures[0].operation, "rolesanywhere:TagResource");
}

/// A Cloud Map namespace is named in its event by the operation creating it: while the
/// operation is pending the resource fails as not ready, once it has succeeded the namespace
/// it names is tagged by its ARN.
#[tokio::test]
async fn cloud_map_tags_a_namespace_once_its_operation_has_succeeded() {
    use aws_sdk_servicediscovery::operation::get_operation::GetOperationOutput;
    use aws_sdk_servicediscovery::operation::list_tags_for_resource::ListTagsForResourceOutput;
    use aws_sdk_servicediscovery::operation::tag_resource::TagResourceOutput;
    use aws_sdk_servicediscovery::types::{Operation, OperationStatus, OperationTargetType};
    let plan = plan_for(json!({
        "eventSource": "servicediscovery.amazonaws.com", "eventName": "CreateHttpNamespace",
        "responseElements": {"operationId": "op-1"}
    }));
    let operation = |status: OperationStatus| {
        move || {
            GetOperationOutput::builder()
                .operation(
                    Operation::builder()
                        .id("op-1")
                        .status(status.clone())
                        .targets(OperationTargetType::Namespace, "ns-abc123")
                        .build(),
                )
                .build()
        }
    };
    let pending = mock!(aws_sdk_servicediscovery::Client::get_operation)
        .then_output(operation(OperationStatus::Pending));
    let client = mocked!(aws_sdk_servicediscovery, &[&pending]);
    let report = aws::cloudmap::tag(&client, &plan, &plan.batches[0]).await;
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.failures[0].kind, FailureKind::Other);
    assert!(
        report.failures[0]
            .source
            .to_string()
            .contains("still `PENDING`"),
        "{}",
        report.failures[0].source
    );

    let namespace = "arn:aws:servicediscovery:us-east-1:222222222222:namespace/ns-abc123";
    let succeeded = mock!(aws_sdk_servicediscovery::Client::get_operation)
        .match_requests(|req| req.operation_id() == Some("op-1"))
        .then_output(operation(OperationStatus::Success));
    let list = mock!(aws_sdk_servicediscovery::Client::list_tags_for_resource)
        .match_requests(move |req| req.resource_arn() == Some(namespace))
        .then_output(|| ListTagsForResourceOutput::builder().build());
    let tag = mock!(aws_sdk_servicediscovery::Client::tag_resource)
        .match_requests(move |req| req.resource_arn() == Some(namespace) && req.tags().len() == 3)
        .then_output(|| TagResourceOutput::builder().build());
    let client = mocked!(aws_sdk_servicediscovery, &[&succeeded, &list, &tag]);
    let report = aws::cloudmap::tag(&client, &plan, &plan.batches[0]).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(tag.num_calls(), 1);
}

/// A dashboard, which the tagging API does not tag, is tagged by CloudWatch's own API with the
/// keys it lacks; its ARN has no region (dashboards are global).
#[tokio::test]
async fn cloudwatch_tags_a_dashboard_with_what_it_lacks() {
    use aws_sdk_cloudwatch::operation::list_tags_for_resource::ListTagsForResourceOutput;
    use aws_sdk_cloudwatch::operation::tag_resource::TagResourceOutput;
    let dashboard = "arn:aws:cloudwatch::222222222222:dashboard/orders";
    let plan = plan_for(json!({
        "eventSource": "monitoring.amazonaws.com", "eventName": "PutDashboard",
        "requestParameters": {"dashboardName": "orders", "dashboardBody": "{}"}
    }));
    let list = mock!(aws_sdk_cloudwatch::Client::list_tags_for_resource)
        .match_requests(move |req| req.resource_arn() == Some(dashboard))
        .then_output(|| {
            ListTagsForResourceOutput::builder()
                .tags(
                    aws_sdk_cloudwatch::types::Tag::builder()
                        .key("owner")
                        .value("team-a")
                        .build(),
                )
                .build()
        });
    let (seen, seen_by_test) = captured::<Vec<String>>();
    let tag = mock!(aws_sdk_cloudwatch::Client::tag_resource)
        .match_requests(move |req| {
            seen.lock().unwrap().push(
                req.tags()
                    .iter()
                    .filter_map(|t| t.key().map(str::to_owned))
                    .collect(),
            );
            req.resource_arn() == Some(dashboard)
        })
        .then_output(|| TagResourceOutput::builder().build());
    let client = mocked!(aws_sdk_cloudwatch, &[&list, &tag]);
    let report = aws::cloudwatch::tag(&client, &plan, &plan.batches[0]).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(
        *seen_by_test.lock().unwrap(),
        vec![vec!["dateCreated".to_owned(), "createdBy".to_owned()]]
    );
}

/// An API key, whose ARN the tagging API rejects, is tagged by API Gateway's own API with the
/// keys it lacks.
#[tokio::test]
async fn api_gateway_tags_an_api_key_with_what_it_lacks() {
    use aws_sdk_apigateway::operation::get_tags::GetTagsOutput;
    use aws_sdk_apigateway::operation::tag_resource::TagResourceOutput;
    let key = "arn:aws:apigateway:us-east-1::/apikeys/vxd2mzs5ef";
    let plan = plan_for(json!({
        "eventSource": "apigateway.amazonaws.com", "eventName": "CreateApiKey",
        "responseElements": {"id": "vxd2mzs5ef", "name": "partner-key"}
    }));
    let get = mock!(aws_sdk_apigateway::Client::get_tags)
        .match_requests(move |req| req.resource_arn() == Some(key))
        .then_output(|| GetTagsOutput::builder().tags("owner", "team-a").build());
    let (seen, seen_by_test) = captured::<Vec<String>>();
    let tag = mock!(aws_sdk_apigateway::Client::tag_resource)
        .match_requests(move |req| {
            let mut keys: Vec<String> = req
                .tags()
                .map(|t| t.keys().cloned().collect())
                .unwrap_or_default();
            keys.sort();
            seen.lock().unwrap().push(keys);
            req.resource_arn() == Some(key)
        })
        .then_output(|| TagResourceOutput::builder().build());
    let client = mocked!(aws_sdk_apigateway, &[&get, &tag]);
    let report = aws::apigateway::tag(&client, &plan, &plan.batches[0]).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(
        *seen_by_test.lock().unwrap(),
        vec![vec!["createdBy".to_owned(), "dateCreated".to_owned()]]
    );
}

#[tokio::test]
async fn ec2_leaves_out_static_tags_before_the_stamps_at_fifty() {
    use aws_sdk_ec2::operation::{
        create_tags::CreateTagsOutput, describe_tags::DescribeTagsOutput,
    };
    use aws_sdk_ec2::types::TagDescription;
    // A volume that already carries 46 tags, one of them AWS's own (which does not count).
    let describe_tags = mock!(aws_sdk_ec2::Client::describe_tags).then_output(|| {
        let tag = |key: String| {
            TagDescription::builder()
                .resource_id("vol-1")
                .key(key)
                .value("x")
                .build()
        };
        DescribeTagsOutput::builder()
            .set_tags(Some(
                (0..45)
                    .map(|n| tag(format!("team{n}")))
                    .chain([tag("aws:cloudformation:stack-name".into())])
                    .collect(),
            ))
            .build()
    });
    let (calls, seen) = captured::<Vec<String>>();
    let create_tags = mock!(aws_sdk_ec2::Client::create_tags)
        .match_requests(move |req| {
            calls.lock().unwrap().push(
                req.tags()
                    .iter()
                    .filter_map(|t| t.key().map(str::to_owned))
                    .collect(),
            );
            true
        })
        .then_output(|| CreateTagsOutput::builder().build());
    let client = mocked!(aws_sdk_ec2, &[&describe_tags, &create_tags]);
    let policy = TagPolicy::from_toml(
        "[static_tags]\nCostCenter = \"42\"\nWiki = \"https://wiki\"\nTier = \"gold\"",
    )
    .unwrap();
    let doc = json!({"id": "e1", "source": "aws.ec2", "account": "222222222222",
        "detail-type": "AWS API Call via CloudTrail", "detail": {
        "eventVersion": "1.08", "eventTime": "2024-05-01T10:00:00Z", "eventType": "AwsApiCall",
        "awsRegion": "us-east-1", "recipientAccountId": "222222222222",
        "userIdentity": {"type": "IAMUser", "userName": "alice", "arn": "arn:aws:iam::222222222222:user/alice"},
        "eventSource": "ec2.amazonaws.com", "eventName": "CreateVolume",
        "responseElements": {"volumeId": "vol-1"}}});
    let event = parse_document(&doc.to_string()).unwrap().remove(0).unwrap();
    let Outcome::Tag(plan) = plan(&event, &policy, autotag_hub::clock::now()).outcome else {
        panic!()
    };
    let report = aws::ec2::tag(&client, &plan, &plan.batches[0]).await;

    // 45 counted + 5 = 50: the stamps and the first static tags (in key order) fit, and
    // the last, `Wiki`, is left out.
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(
        *seen.lock().unwrap(),
        [["owner", "dateCreated", "createdBy", "CostCenter", "Tier"]]
    );
}

/// An instance as `DescribeInstances` lists it: its state, its root device type, its volumes.
fn instance(
    id: &str,
    state: aws_sdk_ec2::types::InstanceStateName,
    volumes: &[&str],
) -> aws_sdk_ec2::types::Instance {
    use aws_sdk_ec2::types::{
        DeviceType, EbsInstanceBlockDevice, Instance, InstanceBlockDeviceMapping, InstanceState,
    };
    volumes
        .iter()
        .fold(
            Instance::builder()
                .instance_id(id)
                .state(InstanceState::builder().name(state).build())
                .root_device_type(DeviceType::Ebs),
            |builder, volume| {
                builder.block_device_mappings(
                    InstanceBlockDeviceMapping::builder()
                        .ebs(EbsInstanceBlockDevice::builder().volume_id(*volume).build())
                        .build(),
                )
            },
        )
        .build()
}

fn listed(
    instances: Vec<aws_sdk_ec2::types::Instance>,
) -> aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput {
    aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput::builder()
        .reservations(
            aws_sdk_ec2::types::Reservation::builder()
                .set_instances(Some(instances))
                .build(),
        )
        .build()
}

fn instance_not_found() -> aws_sdk_ec2::operation::describe_instances::DescribeInstancesError {
    aws_sdk_ec2::operation::describe_instances::DescribeInstancesError::generic(
        ErrorMetadata::builder()
            .code("InvalidInstanceID.NotFound")
            .message("The instance ID 'i-2' does not exist")
            .build(),
    )
}

/// The EC2 mocks every volume test shares: no existing tags, and every `CreateTags` accepted,
/// its resource ids captured.
fn ec2_tagging_mocks() -> (
    aws_smithy_mocks::Rule,
    aws_smithy_mocks::Rule,
    Captured<Vec<String>>,
) {
    use aws_sdk_ec2::operation::{
        create_tags::CreateTagsOutput, describe_tags::DescribeTagsOutput,
    };
    let describe_tags = mock!(aws_sdk_ec2::Client::describe_tags)
        .then_output(|| DescribeTagsOutput::builder().build());
    let (calls, seen) = captured::<Vec<String>>();
    let create_tags = mock!(aws_sdk_ec2::Client::create_tags)
        .match_requests(move |req| {
            calls.lock().unwrap().push(req.resources().to_vec());
            true
        })
        .then_output(|| CreateTagsOutput::builder().build());
    (describe_tags, create_tags, seen)
}

fn status_of<'a>(report: &'a autotag_hub::ports::ApplyReport, id: &str) -> &'a ResourceStatus {
    let found = report
        .resources
        .iter()
        .find(|r| r.arn.ends_with(&format!("/{id}")));
    &found
        .unwrap_or_else(|| panic!("no report for `{id}`: {report:?}"))
        .status
}

/// EC2 fails a `DescribeInstances` of several ids when one is not found: the route asks again
/// one id at a time, so that only the missing instance is left for later; the other instance,
/// its volume and the ENI are tagged.
#[tokio::test]
async fn an_instance_not_found_while_listing_volumes_affects_only_that_instance() {
    use aws_sdk_ec2::types::InstanceStateName;
    let both = mock!(aws_sdk_ec2::Client::describe_instances)
        .match_requests(|req| req.instance_ids().len() == 2)
        .then_error(instance_not_found);
    let first = mock!(aws_sdk_ec2::Client::describe_instances)
        .match_requests(|req| req.instance_ids() == ["i-1"])
        .then_output(|| {
            listed(vec![instance(
                "i-1",
                InstanceStateName::Running,
                &["vol-1"],
            )])
        });
    let second = mock!(aws_sdk_ec2::Client::describe_instances)
        .match_requests(|req| req.instance_ids() == ["i-2"])
        .then_error(instance_not_found);
    let (describe_tags, create_tags, seen) = ec2_tagging_mocks();
    let client = mocked!(
        aws_sdk_ec2,
        &[&both, &first, &second, &describe_tags, &create_tags]
    );
    let plan = run_instances();
    let report = aws::ec2::tag(&client, &plan, &plan.batches[0]).await;

    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(*seen.lock().unwrap(), vec![vec!["i-1", "eni-1", "vol-1"]]);
    for id in ["i-1", "eni-1", "vol-1"] {
        assert!(
            matches!(status_of(&report, id), ResourceStatus::Tagged { .. }),
            "{id}: {report:?}"
        );
    }
    let ResourceStatus::Gone { reason } = status_of(&report, "i-2") else {
        panic!("{report:?}")
    };
    assert!(reason.contains("InvalidInstanceID.NotFound"), "{reason}");
    assert_eq!(report.resources.len(), 4);
}

/// Any other error listing the volumes fails the instances of that call, not the other
/// resources of the plan.
#[tokio::test]
async fn a_failed_volume_listing_fails_only_the_instances() {
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesError;
    let describe = mock!(aws_sdk_ec2::Client::describe_instances).then_error(|| {
        DescribeInstancesError::generic(
            ErrorMetadata::builder()
                .code("UnauthorizedOperation")
                .build(),
        )
    });
    let (describe_tags, create_tags, seen) = ec2_tagging_mocks();
    let client = mocked!(aws_sdk_ec2, &[&describe, &describe_tags, &create_tags]);
    let plan = run_instances();
    let report = aws::ec2::tag(&client, &plan, &plan.batches[0]).await;

    assert_eq!(*seen.lock().unwrap(), vec![vec!["eni-1"]]);
    let failed: Vec<&str> = report.failures.iter().map(|f| f.arn.as_str()).collect();
    assert_eq!(
        failed,
        [
            "arn:aws:ec2:us-east-1:222222222222:instance/i-1",
            "arn:aws:ec2:us-east-1:222222222222:instance/i-2"
        ]
    );
    assert!(
        report
            .failures
            .iter()
            .all(|f| f.kind == FailureKind::Denied && f.operation == "ec2:DescribeInstances")
    );
}

/// A processor whose every plan goes to the EC2 route, over a mocked client.
#[derive(Debug)]
struct Ec2Only(aws_sdk_ec2::Client);

#[async_trait::async_trait]
impl autotag_hub::ports::ResourceTagger for Ec2Only {
    async fn apply(&self, plan: &TagPlan) -> autotag_hub::ports::ApplyReport {
        let mut report = autotag_hub::ports::ApplyReport::default();
        for batch in &plan.batches {
            report.absorb(aws::ec2::tag(&self.0, plan, batch).await);
        }
        report
    }
}

/// An instance still pending with no volume listed, or not listed at all, just after its
/// creation: it is not tagged, and the processor makes the event wait; the other instance is
/// tagged with its volume meanwhile.
#[tokio::test]
async fn an_instance_whose_volumes_are_not_listed_yet_waits() {
    use aws_sdk_ec2::types::InstanceStateName;
    let just_now = (autotag_hub::clock::now() - time::Duration::seconds(30))
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    for pending_one in [
        listed(vec![
            instance("i-1", InstanceStateName::Pending, &[]),
            instance("i-2", InstanceStateName::Running, &["vol-2"]),
        ]),
        // Not listed at all, without an error.
        listed(vec![instance(
            "i-2",
            InstanceStateName::Running,
            &["vol-2"],
        )]),
    ] {
        let describe =
            mock!(aws_sdk_ec2::Client::describe_instances).then_output(move || pending_one.clone());
        let (describe_tags, create_tags, seen) = ec2_tagging_mocks();
        let client = mocked!(aws_sdk_ec2, &[&describe, &describe_tags, &create_tags]);
        let processor = autotag_hub::processing::Processor::new(
            std::sync::Arc::new(TagPolicy::default()),
            std::sync::Arc::new(Ec2Only(client)),
        );
        let outcome = processor
            .process_event(
                &event_for(run_instances_record(&just_now)),
                autotag_hub::clock::now(),
            )
            .await;

        assert_eq!(
            outcome.status(),
            autotag_hub::processing::EventStatus::Waiting,
            "{:?}",
            outcome.report
        );
        assert!(outcome.problem().unwrap().contains("instance/i-1"));
        assert_eq!(*seen.lock().unwrap(), vec![vec!["i-2", "eni-1", "vol-2"]]);
    }
}

/// Long after its creation, an instance that still lists no EBS volume is a failure (retried,
/// then parked with the reason), never done with its volumes unstamped.
#[tokio::test]
async fn an_instance_without_volumes_long_after_its_creation_fails() {
    use aws_sdk_ec2::types::InstanceStateName;
    let describe = mock!(aws_sdk_ec2::Client::describe_instances).then_output(|| {
        listed(vec![
            instance("i-1", InstanceStateName::Running, &[]),
            instance("i-2", InstanceStateName::Running, &["vol-2"]),
        ])
    });
    let (describe_tags, create_tags, seen) = ec2_tagging_mocks();
    let client = mocked!(aws_sdk_ec2, &[&describe, &describe_tags, &create_tags]);
    let plan = run_instances();
    let report = aws::ec2::tag(&client, &plan, &plan.batches[0]).await;

    assert_eq!(*seen.lock().unwrap(), vec![vec!["i-2", "eni-1", "vol-2"]]);
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    let failure = &report.failures[0];
    assert_eq!(
        failure.arn,
        "arn:aws:ec2:us-east-1:222222222222:instance/i-1"
    );
    assert_eq!(failure.kind, FailureKind::Transient);
    assert!(
        failure
            .to_string()
            .contains("instance `i-1` boots from EBS but lists no EBS volume yet"),
        "{failure}"
    );
}

/// An instance that boots from its instance store has no EBS volume to wait for.
#[tokio::test]
async fn an_instance_store_instance_is_tagged_without_volumes() {
    use aws_sdk_ec2::types::{DeviceType, Instance, InstanceState, InstanceStateName};
    let describe = mock!(aws_sdk_ec2::Client::describe_instances).then_output(|| {
        listed(vec![
            Instance::builder()
                .instance_id("i-1")
                .state(
                    InstanceState::builder()
                        .name(InstanceStateName::Running)
                        .build(),
                )
                .root_device_type(DeviceType::InstanceStore)
                .build(),
            instance("i-2", InstanceStateName::Running, &["vol-2"]),
        ])
    });
    let (describe_tags, create_tags, seen) = ec2_tagging_mocks();
    let client = mocked!(aws_sdk_ec2, &[&describe, &describe_tags, &create_tags]);
    let plan = run_instances();
    let report = aws::ec2::tag(&client, &plan, &plan.batches[0]).await;

    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![vec!["i-1", "i-2", "eni-1", "vol-2"]]
    );
}

/// A listing whose every page names a next one stops at the page cap with a failure that says
/// so, and nothing is written.
#[tokio::test]
async fn a_listing_that_never_ends_stops_at_the_page_cap() {
    use aws_sdk_resourcegroupstagging::operation::get_resources::GetResourcesOutput;
    let get = mock!(aws_sdk_resourcegroupstagging::Client::get_resources).then_output(|| {
        GetResourcesOutput::builder()
            .pagination_token("more")
            .build()
    });
    let tag =
        mock!(aws_sdk_resourcegroupstagging::Client::tag_resources).then_output(|| unreachable!());
    let client = mocked!(aws_sdk_resourcegroupstagging, &[&get, &tag]);
    let plan = plan_for(
        json!({"eventSource": "dynamodb.amazonaws.com", "eventName": "CreateTable", "requestParameters": {"tableName": "a"}}),
    );
    let report = aws::tagging::tag(&client, &plan, &plan.batches[0]).await;

    assert_eq!(get.num_calls(), aws::MAX_PAGES);
    assert_eq!(tag.num_calls(), 0);
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.failures[0].kind, FailureKind::Other);
    let message = report.failures[0].to_string();
    assert!(
        message.contains("`tag:GetResources` still returned a next page after 100 pages"),
        "{message}"
    );
}
