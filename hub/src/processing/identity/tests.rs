//! Tests of the identity context.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]
use super::*;
use crate::ports::BoxError;
use crate::ports::memory::MemorySessions;
use crate::processing::tests::{FakeDeadLetters, FakeTagger};
use crate::processing::{Disposition, EventStatus, Processor, QueueMessage};
use async_trait::async_trait;
use autotag_core::arn::{AccountId, Region};
use autotag_core::inherit::{ParentRef, ParentStamp, PrincipalRef};
use autotag_core::registry::Route;
use std::collections::BTreeMap;
use std::sync::Mutex;

const ASSUME_ROLE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/fixtures/sts/AssumeRole-awsdocs-iam-user-guide-2.json"
));

/// Answers principal tags and parent stamps from maps; fails as told.
#[derive(Debug, Default)]
struct FakeDirectory {
    principal_tags: BTreeMap<String, String>,
    principal_failure: Option<FailureKind>,
    group_owner: Option<String>,
    stack_tag: Option<String>,
    asked: Mutex<Vec<String>>,
}

#[async_trait]
impl Directory for FakeDirectory {
    async fn principal_tags(
        &self,
        principal: &PrincipalRef,
        _: &Region,
        _: &str,
    ) -> Result<Option<BTreeMap<String, String>>, ResourceFailure> {
        self.asked.lock().unwrap().push(format!("{principal:?}"));
        match self.principal_failure {
            Some(kind) => Err(ResourceFailure {
                arn: "arn:aws:iam::111111111111:role/JohnRole2".into(),
                operation: "iam:ListRoleTags",
                kind,
                source: "Throttling or AccessDenied".into(),
            }),
            None => Ok(Some(self.principal_tags.clone())),
        }
    }

    async fn stack_of_resource(
        &self,
        _: &AccountId,
        _: &Region,
        _: &str,
        arn: &str,
    ) -> Result<Option<String>, ResourceFailure> {
        self.asked.lock().unwrap().push(format!("stack of {arn}"));
        Ok(self.stack_tag.clone())
    }

    async fn parent_stamp(
        &self,
        _: &AccountId,
        _: &Region,
        _: &str,
        parent: &ParentRef,
        _: &str,
    ) -> Result<Option<ParentStamp>, ResourceFailure> {
        self.asked.lock().unwrap().push(parent.to_string());
        Ok(Some(ParentStamp {
            name: parent.to_string(),
            owner: self.group_owner.clone(),
        }))
    }
}

/// A store whose reads and writes fail, as DynamoDB throttling would.
#[derive(Debug)]
struct BrokenSessions;

#[async_trait]
impl SessionStore for BrokenSessions {
    async fn remember(&self, _: &IssuedSession) -> Result<bool, BoxError> {
        Err("ProvisionedThroughputExceededException".into())
    }
    async fn find(&self, _: &str, _: &str) -> Result<Option<IssuedSession>, BoxError> {
        Err("ProvisionedThroughputExceededException".into())
    }
}

fn bucket_event(time: &str, access_key_id: &str) -> String {
    serde_json::json!({
        "id": "create-1", "source": "aws.s3", "account": "111111111111",
        "detail-type": "AWS API Call via CloudTrail",
        "detail": {
            "eventVersion": "1.08", "eventType": "AwsApiCall", "eventTime": time,
            "eventSource": "s3.amazonaws.com", "eventName": "CreateBucket", "awsRegion": "us-east-2",
            "recipientAccountId": "111111111111",
            "userIdentity": {
                "type": "AssumedRole", "principalId": "AROAIFR7WHDTSOYQYHFUE:Role2WithTags",
                "arn": "arn:aws:sts::111111111111:assumed-role/JohnRole2/Role2WithTags",
                "accountId": "111111111111", "accessKeyId": access_key_id,
                "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::111111111111:role/JohnRole2", "userName": "JohnRole2"}}
            },
            "requestParameters": {"bucketName": "johns-bucket"}
        }
    })
    .to_string()
}

fn setup(
    sessions: Arc<dyn SessionStore>,
    directory: Arc<FakeDirectory>,
) -> (Processor, Arc<FakeTagger>, Arc<FakeDeadLetters>) {
    setup_with_ledger(sessions, directory, None)
}

fn setup_with_ledger(
    sessions: Arc<dyn SessionStore>,
    directory: Arc<FakeDirectory>,
    ledger: Option<Arc<dyn StampLedger>>,
) -> (Processor, Arc<FakeTagger>, Arc<FakeDeadLetters>) {
    let tagger = Arc::new(FakeTagger::default());
    let dead_letters = Arc::new(FakeDeadLetters::default());
    let identity = IdentityContext::new(Some(sessions), Some(directory)).with_ledger(ledger);
    let processor = Processor::new(Arc::new(TagPolicy::default()), tagger.clone())
        .with_identity(identity)
        .with_dead_letters(dead_letters.clone(), 3);
    (processor, tagger, dead_letters)
}

async fn process(
    processor: &Processor,
    body: String,
    receive_count: u32,
    now: OffsetDateTime,
) -> Disposition {
    let message = QueueMessage {
        id: "m-1".into(),
        body,
        receive_count,
    };
    processor
        .process_messages(&[message], now)
        .await
        .remove(0)
        .disposition
}

fn written(tagger: &FakeTagger) -> BTreeMap<String, String> {
    tagger
        .tags
        .lock()
        .unwrap()
        .last()
        .unwrap()
        .iter()
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_recorded_session_gives_a_later_create_its_tags_and_human() {
    let store = Arc::new(MemorySessions::default());
    let directory = Arc::new(FakeDirectory {
        principal_tags: [
            ("Tier".to_owned(), "gold".to_owned()),
            ("CostCenter".to_owned(), "role".to_owned()),
        ]
        .into(),
        ..FakeDirectory::default()
    });
    let (processor, tagger, _) = setup(store.clone(), directory.clone());
    let now = time::macros::datetime!(2019-10-02 22:21 UTC);
    let recorded = processor.process_document(ASSUME_ROLE, now).await.unwrap();
    let crate::processing::ItemOutcome::Processed(outcome) = &recorded[0] else {
        panic!()
    };
    assert_eq!(outcome.status(), EventStatus::Recorded);
    assert!(
        store
            .find("ASIAWHOJDLGPOEXAMPLE", "111111111111")
            .await
            .unwrap()
            .is_some()
    );

    let disposition = process(
        &processor,
        bucket_event("2019-10-02T22:20:00Z", "ASIAWHOJDLGPOEXAMPLE"),
        1,
        now,
    )
    .await;
    assert_eq!(disposition, Disposition::Done);
    let tags = written(&tagger);
    assert_eq!(tags["owner"], "JohnDoe");
    assert_eq!(tags["Email"], "johndoe@example.com");
    assert_eq!(tags["CostCenter"], "12345", "session tags beat the role's");
    assert_eq!(tags["Tier"], "gold");
    assert_eq!(
        *directory.asked.lock().unwrap(),
        ["Role { account: AccountId(\"111111111111\"), name: \"JohnRole2\" }"]
    );
}

#[tokio::test]
async fn a_session_joins_only_calls_of_its_own_account_and_is_written_once() {
    let store = Arc::new(MemorySessions::default());
    let (processor, tagger, _) = setup(store.clone(), Arc::default());
    let now = time::macros::datetime!(2019-10-02 22:21 UTC);
    processor.process_document(ASSUME_ROLE, now).await.unwrap();
    // A second record of the same key (a redelivery, or anyone's later claim) changes
    // nothing that was recorded.
    let mut rewritten: serde_json::Value = serde_json::from_str(ASSUME_ROLE).unwrap();
    rewritten["detail"]["requestParameters"]["tags"] =
        serde_json::json!([{"key": "Email", "value": "mallory@example.com"}]);
    processor
        .process_document(&rewritten.to_string(), now)
        .await
        .unwrap();
    let kept = store
        .find("ASIAWHOJDLGPOEXAMPLE", "111111111111")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.tags["Email"], "johndoe@example.com");
    // A call in another account presenting the same key is not joined to it.
    let mut elsewhere: serde_json::Value = serde_json::from_str(&bucket_event(
        "2019-10-02T22:20:00Z",
        "ASIAWHOJDLGPOEXAMPLE",
    ))
    .unwrap();
    elsewhere["account"] = "222222222222".into();
    elsewhere["detail"]["recipientAccountId"] = "222222222222".into();
    elsewhere["detail"]["userIdentity"]["accountId"] = "222222222222".into();
    elsewhere["detail"]["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"] =
        "arn:aws:iam::222222222222:role/JohnRole2".into();
    let later = time::macros::datetime!(2019-10-02 22:40 UTC);
    let disposition = process(&processor, elsewhere.to_string(), 1, later).await;
    assert_eq!(disposition, Disposition::Done);
    let tags = written(&tagger);
    assert_eq!(tags["owner"], "JohnRole2/Role2WithTags", "not JohnDoe");
    assert!(!tags.contains_key("Email"), "{tags:?}");
}

#[tokio::test]
async fn a_chained_session_inherits_transitive_tags_from_the_recorded_parent() {
    let store = Arc::new(MemorySessions::default());
    let (processor, _, _) = setup(store.clone(), Arc::default());
    let now = time::macros::datetime!(2019-10-02 22:21 UTC);
    processor.process_document(ASSUME_ROLE, now).await.unwrap();
    // The issued session now assumes another role, passing nothing itself.
    let chained = serde_json::json!({
        "id": "chain-1", "source": "aws.sts", "account": "111111111111",
        "detail-type": "AWS API Call via CloudTrail",
        "detail": {
            "eventTime": "2019-10-02T22:30:00Z", "eventType": "AwsApiCall",
            "eventSource": "sts.amazonaws.com", "eventName": "AssumeRole", "awsRegion": "us-east-2",
            "recipientAccountId": "111111111111",
            "userIdentity": {"type": "AssumedRole", "accessKeyId": "ASIAWHOJDLGPOEXAMPLE", "accountId": "111111111111",
                "arn": "arn:aws:sts::111111111111:assumed-role/JohnRole2/Role2WithTags"},
            "requestParameters": {"roleArn": "arn:aws:iam::111111111111:role/Deployer", "roleSessionName": "deploy"},
            "responseElements": {"credentials": {"accessKeyId": "ASIACHAINEDEXAMPLE", "expiration": "Oct 2, 2019, 11:30:00 PM"}}
        }
    });
    processor
        .process_document(&chained.to_string(), now)
        .await
        .unwrap();
    let stored = store
        .find("ASIACHAINEDEXAMPLE", "111111111111")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.issued_to.as_deref(), Some("JohnDoe"));
    assert_eq!(stored.source_identity.as_deref(), Some("JohnDoe"));
    assert_eq!(stored.tags["Email"], "johndoe@example.com");
    assert_eq!(stored.tags["Department"], "Engineering");
}

#[tokio::test]
async fn an_unknown_session_waits_without_parking_then_stamps_what_is_known() {
    let (processor, tagger, dead_letters) =
        setup(Arc::new(MemorySessions::default()), Arc::default());
    let created = "2024-01-01T00:00:00Z";
    let soon = time::macros::datetime!(2024-01-01 00:01 UTC);
    let Disposition::Wait { reason, seconds } =
        process(&processor, bucket_event(created, "ASIAUNKNOWN"), 2, soon).await
    else {
        panic!()
    };
    assert!(reason.contains("ASIAUNKNOWN"), "{reason}");
    assert_eq!(seconds, 120, "half the four minutes left");
    // Past max_receives, a waiting message is still not parked: the wait is bounded by
    // time, and it goes on as a fresh copy of the message.
    assert!(matches!(
        process(&processor, bucket_event(created, "ASIAUNKNOWN"), 5, soon).await,
        Disposition::Requeue { seconds: 120, .. }
    ));
    assert!(dead_letters.parked.lock().unwrap().is_empty());
    assert!(tagger.applied.lock().unwrap().is_empty());

    let late = time::macros::datetime!(2024-01-01 00:06 UTC);
    assert_eq!(
        process(&processor, bucket_event(created, "ASIAUNKNOWN"), 6, late).await,
        Disposition::Done
    );
    assert_eq!(written(&tagger)["owner"], "JohnRole2/Role2WithTags");
}

#[tokio::test]
async fn lookup_failures_retry_when_transient_and_are_noted_otherwise() {
    let now = time::macros::datetime!(2024-01-01 00:01 UTC);
    let body = || bucket_event("2024-01-01T00:00:00Z", "AKIALONGTERMEXAMPLE");
    let throttled = Arc::new(FakeDirectory {
        principal_failure: Some(FailureKind::Transient),
        ..FakeDirectory::default()
    });
    let (processor, tagger, _) = setup(Arc::new(MemorySessions::default()), throttled);
    assert!(matches!(
        process(&processor, body(), 1, now).await,
        Disposition::Retry { .. }
    ));
    assert!(tagger.applied.lock().unwrap().is_empty());

    let denied = Arc::new(FakeDirectory {
        principal_failure: Some(FailureKind::Denied),
        ..FakeDirectory::default()
    });
    let (processor, tagger, _) = setup(Arc::new(MemorySessions::default()), denied);
    assert_eq!(process(&processor, body(), 1, now).await, Disposition::Done);
    assert_eq!(written(&tagger)["owner"], "JohnRole2/Role2WithTags");

    let (processor, _, _) = setup(Arc::new(BrokenSessions), Arc::default());
    let Disposition::Retry { reason } = process(
        &processor,
        bucket_event("2024-01-01T00:00:00Z", "ASIAKEY"),
        1,
        now,
    )
    .await
    else {
        panic!()
    };
    assert!(reason.contains("dynamodb:GetItem"), "{reason}");
    let outcome = processor.process_document(ASSUME_ROLE, now).await.unwrap();
    let crate::processing::ItemOutcome::Processed(outcome) = &outcome[0] else {
        panic!()
    };
    assert_eq!(
        outcome.status(),
        EventStatus::Failed,
        "a session that cannot be stored is retried"
    );
}

#[tokio::test]
async fn an_instance_launched_by_a_group_takes_the_group_owner() {
    let directory = Arc::new(FakeDirectory {
        group_owner: Some("alice".into()),
        ..FakeDirectory::default()
    });
    let (processor, tagger, _) = setup(Arc::new(MemorySessions::default()), directory.clone());
    let launch = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/fixtures/ec2/RunInstances-cloud-custodian-2.json"
    ));
    let now = time::macros::datetime!(2026-01-01 00:00 UTC);
    assert_eq!(
        process(&processor, launch.to_owned(), 1, now).await,
        Disposition::Done
    );
    assert_eq!(written(&tagger)["owner"], "alice");
    assert_eq!(
        *directory.asked.lock().unwrap(),
        ["the Auto Scaling group of instance `i-784cdacd`"]
    );
}

const CREATE_STACK: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/fixtures/cloudformation/CreateStack-constructed-1.json"
));
const STACK_ID: &str = "arn:aws:cloudformation:us-west-2:012345678910:stack/my-test-stack/a38e6a60-b397-11e3-b0fc-08002755629e";

fn volume_by_cloudformation() -> String {
    serde_json::json!({
        "id": "cfn-1", "source": "aws.ec2", "account": "012345678910",
        "detail-type": "AWS API Call via CloudTrail",
        "detail": {
            "eventTime": "2024-03-04T10:02:40Z", "eventType": "AwsApiCall",
            "eventSource": "ec2.amazonaws.com", "eventName": "CreateVolume", "awsRegion": "us-west-2",
            "recipientAccountId": "012345678910", "sourceIPAddress": "cloudformation.amazonaws.com",
            "userIdentity": {"type": "AssumedRole", "accessKeyId": "ASIAEXAMPLECFN",
                "arn": "arn:aws:sts::012345678910:assumed-role/StackServiceRole/AWSCloudFormation",
                "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::012345678910:role/StackServiceRole", "userName": "StackServiceRole"}},
                "invokedBy": "cloudformation.amazonaws.com"},
            "responseElements": {"volumeId": "vol-0cfn"}
        }
    })
    .to_string()
}

#[tokio::test]
async fn stack_resources_take_the_owner_the_ledger_keeps_for_their_stack() {
    let ledger = Arc::new(crate::ports::memory::MemoryLedger::default());
    let directory = Arc::new(FakeDirectory {
        stack_tag: Some(STACK_ID.into()),
        ..FakeDirectory::default()
    });
    let (processor, tagger, _) = setup_with_ledger(
        Arc::new(MemorySessions::default()),
        directory.clone(),
        Some(ledger.clone()),
    );
    let now = time::macros::datetime!(2024-03-04 10:03 UTC);
    // The volume arrives first: its stack is not in the ledger yet, so it waits.
    assert!(matches!(
        process(&processor, volume_by_cloudformation(), 1, now).await,
        Disposition::Wait { .. }
    ));
    assert_eq!(
        process(&processor, CREATE_STACK.to_owned(), 1, now).await,
        Disposition::Done
    );
    let stamp = ledger.find(STACK_ID).await.unwrap().unwrap();
    assert_eq!(stamp.tags["owner"], "Alice");
    assert_eq!(stamp.tags["dateCreated"], "2024-03-04T10:02:11Z");
    assert_eq!(stamp.route, Route::Ledger);
    // A redelivered CreateStack does not overwrite the stamp.
    assert_eq!(
        process(&processor, CREATE_STACK.to_owned(), 2, now).await,
        Disposition::Done
    );
    assert_eq!(
        process(&processor, volume_by_cloudformation(), 2, now).await,
        Disposition::Done
    );
    assert_eq!(written(&tagger)["owner"], "Alice");
    let asked = directory.asked.lock().unwrap().clone();
    assert!(
        asked.contains(&"stack of arn:aws:ec2:us-west-2:012345678910:volume/vol-0cfn".to_owned()),
        "{asked:?}"
    );
}

#[tokio::test]
async fn a_stack_creation_without_a_ledger_is_not_lost() {
    let (processor, _, dead_letters) = setup(Arc::new(MemorySessions::default()), Arc::default());
    let now = time::macros::datetime!(2024-03-04 10:03 UTC);
    assert!(matches!(
        process(&processor, CREATE_STACK.to_owned(), 1, now).await,
        Disposition::Retry { .. }
    ));
    let Disposition::Parked { reason } = process(&processor, CREATE_STACK.to_owned(), 3, now).await
    else {
        panic!()
    };
    assert!(reason.contains("no ledger table"), "{reason}");
    assert_eq!(dead_letters.parked.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_stack_and_its_resource_in_one_batch_are_both_done_in_it() {
    let ledger = Arc::new(crate::ports::memory::MemoryLedger::default());
    let directory = Arc::new(FakeDirectory {
        stack_tag: Some(STACK_ID.into()),
        ..FakeDirectory::default()
    });
    let (processor, tagger, _) = setup_with_ledger(
        Arc::new(MemorySessions::default()),
        directory,
        Some(ledger.clone()),
    );
    let now = time::macros::datetime!(2024-03-04 10:03 UTC);
    // The resource comes first in the batch: it waits for its stack in the first wave and is
    // applied in the next, once the stack's stamp is in the ledger.
    let messages = [
        QueueMessage {
            id: "volume".into(),
            body: volume_by_cloudformation(),
            receive_count: 1,
        },
        QueueMessage {
            id: "stack".into(),
            body: CREATE_STACK.to_owned(),
            receive_count: 1,
        },
    ];
    let results = processor.process_messages(&messages, now).await;
    assert!(
        results.iter().all(|r| r.disposition == Disposition::Done),
        "{results:?}"
    );
    assert_eq!(written(&tagger)["owner"], "Alice");
    assert_eq!(*tagger.calls.lock().unwrap(), [1, 1], "one call a wave");
}
