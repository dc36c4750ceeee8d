//! Tests of the stamp ledger.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]
use std::sync::Arc;

use super::*;
use crate::ports::memory::{MemoryAlerts, MemoryLedger};
use crate::processing::identity::IdentityContext;
use crate::processing::tests::{FakeTagger, volume_event};
use crate::processing::{EventStatus, ItemOutcome, Processor};
use serde_json::json;

struct Hub {
    processor: Processor,
    tagger: Arc<FakeTagger>,
    ledger: Arc<MemoryLedger>,
    alerts: Arc<MemoryAlerts>,
}

fn hub() -> Hub {
    let (tagger, ledger, alerts) = (
        Arc::new(FakeTagger::default()),
        Arc::new(MemoryLedger::default()),
        Arc::new(MemoryAlerts::default()),
    );
    let identity = IdentityContext::new(None, None).with_ledger(Some(ledger.clone()));
    let processor = Processor::new(Arc::new(TagPolicy::default()), tagger.clone())
        .with_identity(identity)
        .with_alerts(Some(alerts.clone()));
    Hub {
        processor,
        tagger,
        ledger,
        alerts,
    }
}

async fn status(hub: &Hub, body: &str) -> EventStatus {
    let items = hub
        .processor
        .process_delivered(body, crate::clock::now())
        .await
        .unwrap();
    match items.into_iter().next().unwrap() {
        ItemOutcome::Processed(outcome) => outcome.status(),
        ItemOutcome::Unreadable(rejected) => panic!("{}", rejected.reason),
    }
}

/// An EC2 tag change in `account` by `user`, as EventBridge delivers it.
fn ec2_change(account: &str, user: &str, name: &str, parameters: serde_json::Value) -> String {
    json!({
        "id": "ev-change", "source": "aws.ec2", "account": account,
        "detail-type": "AWS API Call via CloudTrail",
        "detail": {
            "eventTime": now_text(), "eventType": "AwsApiCall",
            "eventSource": "ec2.amazonaws.com", "eventName": name, "awsRegion": "us-east-1",
            "recipientAccountId": account,
            "userIdentity": {"type": "IAMUser", "userName": user, "arn": format!("arn:aws:iam::{account}:user/{user}")},
            "requestParameters": parameters
        }
    })
    .to_string()
}

/// Now, in whole seconds as CloudTrail writes it.
fn now_text() -> String {
    crate::clock::now()
        .replace_nanosecond(0)
        .unwrap()
        .format(&Rfc3339)
        .unwrap()
}

const VOLUME: &str = "arn:aws:ec2:us-east-1:222222222222:volume/vol-1";

#[tokio::test]
async fn every_stamp_written_is_recorded_once_with_its_event() {
    let hub = hub();
    let now = now_text();
    assert_eq!(status(&hub, &volume_event(&now)).await, EventStatus::Tagged);
    let stamp = hub.ledger.find(VOLUME).await.unwrap().unwrap();
    assert_eq!(stamp.tags["owner"], "alice");
    assert_eq!(stamp.tags["dateCreated"], now);
    assert_eq!(
        (stamp.route, stamp.resource_type.as_str()),
        (Route::Ec2, "ec2:volume")
    );
    assert_eq!(stamp.event_id, "ev-1");
    // A redelivery finds the stamp recorded and leaves it as it was.
    let later = (crate::clock::now() + time::Duration::seconds(5))
        .format(&Rfc3339)
        .unwrap();
    status(&hub, &volume_event(&later)).await;
    assert_eq!(hub.ledger.find(VOLUME).await.unwrap().unwrap(), stamp);
}

#[tokio::test]
async fn a_removed_stamp_is_put_back_over_what_is_there_and_the_team_told() {
    let hub = hub();
    let now = now_text();
    status(&hub, &volume_event(&now)).await;
    let removal = ec2_change(
        "222222222222",
        "mallory",
        "DeleteTags",
        json!({"resourcesSet": {"items": [{"resourceId": "vol-1"}]}, "tagSet": {"items": [{"key": "owner"}]}}),
    );
    assert_eq!(status(&hub, &removal).await, EventStatus::Restored);
    let written = hub.tagger.tags.lock().unwrap().last().cloned().unwrap();
    assert!(
        written.contains(&("owner".to_owned(), "alice".to_owned())),
        "{written:?}"
    );
    let alerts = hub.alerts.sent();
    assert_eq!(alerts.len(), 1);
    let alert: serde_json::Value = serde_json::from_str(&alerts[0].1).unwrap();
    assert_eq!(alert["changedBy"], "arn:aws:iam::222222222222:user/mallory");
    assert_eq!(alert["keys"][0]["key"], "owner");
    assert_eq!(alert["keys"][0]["recorded"], "alice");
    assert_eq!(alert["resource"], VOLUME);
}

#[tokio::test]
async fn changes_that_leave_the_stamps_or_touch_unknown_resources_do_nothing() {
    let hub = hub();
    let now = now_text();
    status(&hub, &volume_event(&now)).await;
    let applied_before = hub.tagger.applied.lock().unwrap().len();
    let unrelated = ec2_change(
        "222222222222",
        "bob",
        "CreateTags",
        json!({"resourcesSet": {"items": [{"resourceId": "vol-1"}]}, "tagSet": {"items": [{"key": "team", "value": "x"}]}}),
    );
    assert_eq!(status(&hub, &unrelated).await, EventStatus::Skipped);
    let unknown = ec2_change(
        "222222222222",
        "bob",
        "DeleteTags",
        json!({"resourcesSet": {"items": [{"resourceId": "vol-9"}]}}),
    );
    assert_eq!(status(&hub, &unknown).await, EventStatus::Skipped);
    assert_eq!(hub.tagger.applied.lock().unwrap().len(), applied_before);
    assert!(hub.alerts.sent().is_empty());
}

#[tokio::test]
async fn a_change_from_one_account_never_restores_another_accounts_stamp() {
    // Bucket ARNs name no account: the ledger's record of the bucket says whose it is.
    let hub = hub();
    let bucket = "arn:aws:s3:::shared-name";
    hub.ledger
        .record(
            bucket,
            &LedgerStamp {
                account: "222222222222".into(),
                region: "us-east-1".into(),
                route: Route::S3Bucket,
                resource_type: "s3:bucket".into(),
                tags: [("owner".to_owned(), "alice".to_owned())].into(),
                event_id: "ev-0".into(),
                recorded_at: "2026-01-01T00:00:00Z".into(),
            },
        )
        .await
        .unwrap();
    let change = json!({
        "id": "ev-x", "source": "aws.s3", "account": "333333333333",
        "detail-type": "AWS API Call via CloudTrail",
        "detail": {
            "eventTime": now_text(), "eventType": "AwsApiCall",
            "eventSource": "s3.amazonaws.com", "eventName": "DeleteBucketTagging", "awsRegion": "us-east-1",
            "recipientAccountId": "333333333333",
            "userIdentity": {"type": "IAMUser", "userName": "eve", "arn": "arn:aws:iam::333333333333:user/eve"},
            "requestParameters": {"bucketName": "shared-name"}
        }
    })
    .to_string();
    assert_eq!(status(&hub, &change).await, EventStatus::Skipped);
    assert!(hub.tagger.applied.lock().unwrap().is_empty());
    assert!(hub.alerts.sent().is_empty());
}

/// A ledger or a topic that is down.
#[derive(Debug, Default)]
struct Down;

#[async_trait::async_trait]
impl StampLedger for Down {
    async fn record(&self, _: &str, _: &LedgerStamp) -> Result<bool, crate::ports::BoxError> {
        Err("ProvisionedThroughputExceededException".into())
    }
    async fn find(&self, _: &str) -> Result<Option<LedgerStamp>, crate::ports::BoxError> {
        Err("ProvisionedThroughputExceededException".into())
    }
    async fn all(&self) -> Result<BTreeMap<String, LedgerStamp>, crate::ports::BoxError> {
        Err("ProvisionedThroughputExceededException".into())
    }
}

#[async_trait::async_trait]
impl Alerts for Down {
    async fn publish(&self, _: &str, _: &str) -> Result<(), crate::ports::BoxError> {
        Err("sns unavailable".into())
    }
}

#[tokio::test]
async fn a_ledger_or_topic_that_is_down_fails_the_event_so_it_is_retried() {
    // The ledger cannot record the stamp: the event fails (and is retried), never silently.
    let tagger = Arc::new(FakeTagger::default());
    let down = Processor::new(Arc::new(TagPolicy::default()), tagger.clone())
        .with_identity(IdentityContext::new(None, None).with_ledger(Some(Arc::new(Down))));
    let items = down
        .process_delivered(&volume_event(&now_text()), crate::clock::now())
        .await
        .unwrap();
    let ItemOutcome::Processed(outcome) = items.into_iter().next().unwrap() else {
        panic!()
    };
    assert_eq!(outcome.status(), EventStatus::Failed);
    assert!(outcome.problem().unwrap().contains("dynamodb:PutItem"));
    // The topic cannot take the alert: the stamp is restored, and the event fails so that
    // the alert is sent on the retry.
    let hub = hub();
    status(&hub, &volume_event(&now_text())).await;
    let silent = Processor::new(Arc::new(TagPolicy::default()), hub.tagger.clone())
        .with_identity(IdentityContext::new(None, None).with_ledger(Some(hub.ledger.clone())))
        .with_alerts(Some(Arc::new(Down)));
    let removal = ec2_change(
        "222222222222",
        "mallory",
        "DeleteTags",
        json!({"resourcesSet": {"items": [{"resourceId": "vol-1"}]}}),
    );
    let items = silent
        .process_delivered(&removal, crate::clock::now())
        .await
        .unwrap();
    let ItemOutcome::Processed(outcome) = items.into_iter().next().unwrap() else {
        panic!()
    };
    assert_eq!(outcome.status(), EventStatus::Failed);
    assert!(outcome.problem().unwrap().contains("sns:Publish"));
    let written = hub.tagger.tags.lock().unwrap().last().cloned().unwrap();
    assert!(written.contains(&("owner".to_owned(), "alice".to_owned())));
}
