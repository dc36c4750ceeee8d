//! Image checks with hand fakes: results, what is retried and what is final.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use super::*;
use crate::ports::BoxError;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// How a fake read goes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Read {
    Ok(&'static str),
    Fail(FailureKind, &'static str),
}

/// An [`ImageFacts`] answering each call from a script: the blob reads in turn (the last one
/// repeats), and the repository's tags.
#[derive(Debug)]
pub(crate) struct Facts {
    pub(crate) blobs: Mutex<Vec<Read>>,
    pub(crate) tags: BTreeMap<String, String>,
    pub(crate) calls: Mutex<usize>,
}

impl Facts {
    pub(crate) fn new(blobs: &[Read], tags: &[(&str, &str)]) -> Self {
        Self {
            blobs: Mutex::new(blobs.to_vec()),
            tags: tags
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            calls: Mutex::new(0),
        }
    }
}

fn failed(push: &ImagePush, kind: FailureKind, message: &str) -> ResourceFailure {
    ResourceFailure {
        arn: push.repository_arn.clone(),
        operation: "ecr:BatchGetImage",
        kind,
        source: message.to_owned().into(),
    }
}

#[async_trait::async_trait]
impl ImageFacts for Facts {
    async fn config_blob(&self, push: &ImagePush) -> Result<Vec<u8>, ResourceFailure> {
        *self.calls.lock().unwrap() += 1;
        let mut blobs = self.blobs.lock().unwrap();
        let read = if blobs.len() > 1 {
            blobs.remove(0)
        } else {
            blobs[0]
        };
        match read {
            Read::Ok(blob) => Ok(blob.as_bytes().to_vec()),
            Read::Fail(kind, message) => Err(failed(push, kind, message)),
        }
    }
    async fn repository_tags(
        &self,
        _: &ImagePush,
    ) -> Result<BTreeMap<String, String>, ResourceFailure> {
        Ok(self.tags.clone())
    }
}

#[derive(Debug, Default)]
pub(crate) struct Sent(pub(crate) Mutex<Vec<(String, String)>>);

#[async_trait::async_trait]
impl Alerts for Sent {
    async fn publish(&self, subject: &str, message: &str) -> Result<(), BoxError> {
        self.0
            .lock()
            .unwrap()
            .push((subject.to_owned(), message.to_owned()));
        Ok(())
    }
}

fn push() -> ImagePush {
    ImagePush {
        account: autotag_core::arn::AccountId::parse("111111111111").unwrap(),
        region: autotag_core::arn::Region::parse("us-east-1").unwrap(),
        repository: "app".to_owned(),
        repository_arn: "arn:aws:ecr:us-east-1:111111111111:repository/app".to_owned(),
        digest: "sha256:abc".to_owned(),
        image_tag: Some("v1".to_owned()),
        pushed_at: Some("2024-01-01T00:00:00Z".to_owned()),
    }
}

fn policy() -> TagPolicy {
    TagPolicy::from_toml("[ecr]\nlabel_tags = { team = \"Team\" }").unwrap()
}

const SEARCH: &str = r#"{"config": {"Labels": {"team": "search"}}}"#;
const PAYMENTS: &str = r#"{"config": {"Labels": {"team": "payments"}}}"#;

#[tokio::test]
async fn a_mismatch_is_alerted_with_the_owner_and_agreement_is_quiet() {
    let sent = Arc::new(Sent::default());
    let tags = [("Team", "payments"), ("owner", "alice")];
    let checks = ImageChecks::new(
        Arc::new(Facts::new(&[Read::Ok(SEARCH)], &tags)),
        Some(sent.clone() as Arc<dyn Alerts>),
    );
    let check = checks
        .check(&policy(), &push(), crate::clock::now())
        .await
        .unwrap();
    let PushCheck::Mismatched { mismatches, owner } = &check else {
        panic!("{check:?}");
    };
    assert_eq!(owner.as_deref(), Some("alice"));
    assert_eq!(mismatches.len(), 1);
    let sent_now = sent.0.lock().unwrap().clone();
    assert_eq!(sent_now.len(), 1);
    assert!(sent_now[0].0.contains("app"), "{sent_now:?}");
    assert!(
        sent_now[0].1.contains("Owner: alice")
            && sent_now[0].1.contains("`search`")
            && sent_now[0].1.contains("`payments`"),
        "{sent_now:?}"
    );

    let agreeing = ImageChecks::new(
        Arc::new(Facts::new(&[Read::Ok(PAYMENTS)], &tags)),
        Some(sent.clone() as Arc<dyn Alerts>),
    );
    assert_eq!(
        agreeing
            .check(&policy(), &push(), crate::clock::now())
            .await
            .unwrap(),
        PushCheck::Agrees
    );
    assert_eq!(sent.0.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn what_will_not_change_is_unreadable_and_what_may_is_retried() {
    let sent = Arc::new(Sent::default());
    let check = |read: Read| {
        let sent = Arc::clone(&sent);
        async move {
            ImageChecks::new(
                Arc::new(Facts::new(&[read], &[("Team", "payments")])),
                Some(sent as Arc<dyn Alerts>),
            )
            .check(&policy(), &push(), crate::clock::now())
            .await
        }
    };
    // Final: the image is gone, the manifest names no config, the config is not JSON.
    for read in [
        Read::Fail(FailureKind::Other, "ImageNotFoundException: gone"),
        Read::Fail(FailureKind::Other, "the manifest names no config blob"),
        Read::Ok("<html>not json</html>"),
    ] {
        let result = check(read).await;
        assert!(
            matches!(&result, Ok(PushCheck::Unreadable { .. })),
            "{read:?}: {result:?}"
        );
    }
    // Worth another delivery: throttling, a 5xx, a denial to be fixed and replayed.
    for kind in [FailureKind::Transient, FailureKind::Denied] {
        let result = check(Read::Fail(kind, "ThrottlingException: slow down")).await;
        let failure = result.unwrap_err();
        assert_eq!(failure.kind, kind);
        assert_eq!(failure.arn, push().repository_arn);
    }
    assert!(sent.0.lock().unwrap().is_empty());
}

/// A `PutImage` EventBridge event of `app` in 222222222222, as the hub queue carries it.
pub(crate) fn push_event(id: &str) -> String {
    serde_json::json!({
        "id": id, "source": "aws.ecr", "account": "222222222222",
        "detail-type": "AWS API Call via CloudTrail",
        "detail": {
            "eventTime": "2024-01-01T00:00:00Z", "eventType": "AwsApiCall",
            "eventSource": "ecr.amazonaws.com", "eventName": "PutImage",
            "awsRegion": "us-east-1", "recipientAccountId": "222222222222",
            "userIdentity": {"type": "IAMUser", "userName": "alice", "arn": "arn:aws:iam::222222222222:user/alice"},
            "requestParameters": {"repositoryName": "app", "imageTag": "v1"},
            "responseElements": {"image": {"registryId": "222222222222", "repositoryName": "app",
                "imageId": {"imageDigest": "sha256:abc", "imageTag": "v1"}}}
        }
    })
    .to_string()
}

fn queued(id: &str, body: String, receive_count: u32) -> crate::processing::QueueMessage {
    crate::processing::QueueMessage {
        id: id.to_owned(),
        body,
        receive_count,
    }
}

mod in_a_batch {
    use super::*;
    use crate::processing::tests::{FakeDeadLetters, FakeTagger, volume_event};
    use crate::processing::{Disposition, Processor};

    fn processor(
        facts: Arc<Facts>,
        sent: Arc<Sent>,
        dead_letters: Arc<FakeDeadLetters>,
        tagger: Arc<FakeTagger>,
    ) -> Processor {
        Processor::new(Arc::new(policy()), tagger)
            .with_dead_letters(dead_letters, 3)
            .with_image_checks(Some(ImageChecks::new(facts, Some(sent as Arc<dyn Alerts>))))
    }

    async fn run(processor: &Processor, receive_count: u32) -> Vec<Disposition> {
        let messages = [
            queued(
                "m-volume",
                volume_event("2024-01-01T00:00:00Z"),
                receive_count,
            ),
            queued("m-push", push_event("ev-push"), receive_count),
        ];
        processor
            .process_messages(&messages, crate::clock::now())
            .await
            .into_iter()
            .map(|result| result.disposition)
            .collect()
    }

    #[tokio::test]
    async fn a_throttled_push_is_retried_alone_then_parked_with_its_reason() {
        let facts = Arc::new(Facts::new(
            &[Read::Fail(
                FailureKind::Transient,
                "ThrottlingException: rate exceeded",
            )],
            &[("Team", "payments")],
        ));
        let (sent, dead, tagger) = (
            Arc::new(Sent::default()),
            Arc::new(FakeDeadLetters::default()),
            Arc::new(FakeTagger::default()),
        );
        let processor = processor(facts.clone(), sent.clone(), dead.clone(), tagger.clone());

        let first = run(&processor, 1).await;
        assert_eq!(
            first[0],
            Disposition::Done,
            "the volume's stamp is unaffected"
        );
        let Disposition::Retry { reason } = &first[1] else {
            panic!("{first:?}");
        };
        assert!(reason.contains("ThrottlingException"), "{reason}");
        assert!(dead.parked.lock().unwrap().is_empty());

        // At the last delivery the push is parked with why; the volume is done again.
        let last = run(&processor, 3).await;
        assert_eq!(last[0], Disposition::Done);
        assert!(
            matches!(&last[1], Disposition::Parked { reason } if reason.contains("ThrottlingException")),
            "{last:?}"
        );
        let parked = dead.parked.lock().unwrap().clone();
        assert_eq!(parked.len(), 1);
        assert_eq!(parked[0].0, push_event("ev-push"));
        assert!(
            parked[0]
                .1
                .contains("arn:aws:ecr:us-east-1:222222222222:repository/app")
        );
        assert_eq!(tagger.applied.lock().unwrap().len(), 2);
        assert!(sent.0.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_push_throttled_once_is_compared_on_its_next_delivery() {
        let facts = Arc::new(Facts::new(
            &[
                Read::Fail(FailureKind::Transient, "ThrottlingException: rate exceeded"),
                Read::Ok(SEARCH),
            ],
            &[("Team", "payments"), ("owner", "alice")],
        ));
        let sent = Arc::new(Sent::default());
        let processor = processor(facts.clone(), sent.clone(), Arc::default(), Arc::default());
        assert!(matches!(
            run(&processor, 1).await[1],
            Disposition::Retry { .. }
        ));
        assert!(sent.0.lock().unwrap().is_empty());
        assert_eq!(
            run(&processor, 2).await,
            [Disposition::Done, Disposition::Done]
        );
        assert_eq!(*facts.calls.lock().unwrap(), 2);
        assert_eq!(sent.0.lock().unwrap().len(), 1, "the mismatch is told once");
    }

    #[tokio::test]
    async fn a_push_whose_image_is_gone_is_done_and_not_retried() {
        let facts = Arc::new(Facts::new(
            &[Read::Fail(
                FailureKind::Other,
                "ImageNotFoundException: gone",
            )],
            &[("Team", "payments")],
        ));
        let dead = Arc::new(FakeDeadLetters::default());
        let processor = processor(facts, Arc::default(), dead.clone(), Arc::default());
        assert_eq!(
            run(&processor, 1).await,
            [Disposition::Done, Disposition::Done]
        );
        assert!(dead.parked.lock().unwrap().is_empty());
    }
}

/// A channel that keeps what it is given.
#[derive(Debug, Default)]
struct Inbox(Mutex<Vec<autotag_core::enforce::notify::Notification>>);

#[async_trait::async_trait]
impl Notifier for Inbox {
    async fn deliver(
        &self,
        notification: &autotag_core::enforce::notify::Notification,
    ) -> Result<(), BoxError> {
        self.0.lock().unwrap().push(notification.clone());
        Ok(())
    }
}

#[tokio::test]
async fn an_owner_with_an_address_is_told_through_the_dispatcher_and_the_team_always() {
    use crate::aws::notify::dispatch::{Channel, Notifiers, RateLimit};
    for (owner, told) in [
        ("alice@example.com", true),
        ("alice", false),
        ("arn:aws:sts::111111111111:assumed-role/dev/session", false),
    ] {
        let (sent, inbox) = (Arc::new(Sent::default()), Arc::new(Inbox::default()));
        let owners = Notifiers::new().to_owners(Channel::new(
            "ses",
            Arc::clone(&inbox) as Arc<dyn Notifier>,
            RateLimit::SES_DEFAULT,
        ));
        let checks = ImageChecks::new(
            Arc::new(Facts::new(
                &[Read::Ok(SEARCH)],
                &[("Team", "payments"), ("owner", owner)],
            )),
            Some(sent.clone() as Arc<dyn Alerts>),
        )
        .with_owner_messages(Some(Arc::new(owners)));
        let check = checks
            .check(&policy(), &push(), crate::clock::now())
            .await
            .unwrap();
        assert!(matches!(check, PushCheck::Mismatched { .. }), "{check:?}");

        let team = sent.0.lock().unwrap().clone();
        assert_eq!(team.len(), 1, "{owner}: the team is always told");
        assert_eq!(team[0].0, "autotag: image labels disagree with app");
        assert!(team[0].1.contains(&format!("Owner: {owner}")), "{team:?}");
        let mail = inbox.0.lock().unwrap().clone();
        if told {
            assert_eq!(mail.len(), 1, "{owner}");
            assert_eq!(
                mail[0].recipient,
                Recipient::Owner {
                    email: owner.to_owned()
                }
            );
            let text = render_text(&mail[0]);
            assert!(
                text.contains("a repository you own")
                    && text.contains(
                        "image label `team` is `search` but repository tag `Team` is `payments`"
                    ),
                "{text}"
            );
        } else {
            assert!(mail.is_empty(), "{owner}: no address, no mail: {mail:?}");
        }
    }
}

/// A label ledger whose writes fail.
#[derive(Debug)]
struct BrokenLedger;

#[async_trait::async_trait]
impl LabelLedger for BrokenLedger {
    async fn record_label_check(
        &self,
        _: &LabelCheck,
    ) -> Result<crate::ports::LabelRecord, BoxError> {
        Err("ProvisionedThroughputExceededException".into())
    }
    async fn label_checks(&self, _: &[String]) -> Result<BTreeMap<String, LabelCheck>, BoxError> {
        Ok(BTreeMap::new())
    }
}

#[tokio::test]
async fn each_result_is_recorded_the_latest_push_kept_and_a_failed_record_retried_untold() {
    use crate::ports::memory::MemoryLedger;
    let ledger = Arc::new(MemoryLedger::default());
    let sent = Arc::new(Sent::default());
    let checks = |read: Read| {
        ImageChecks::new(
            Arc::new(Facts::new(&[read], &[("Team", "payments")])),
            Some(sent.clone() as Arc<dyn Alerts>),
        )
        .with_ledger(Some(ledger.clone() as Arc<dyn LabelLedger>))
    };
    let at = |pushed: &str| ImagePush {
        pushed_at: Some(pushed.to_owned()),
        ..push()
    };
    let now = crate::clock::now();
    checks(Read::Ok(SEARCH))
        .check(&policy(), &at("2024-01-01T00:00:10Z"), now)
        .await
        .unwrap();
    let kept = ledger.label_checks(&[push().repository_arn]).await.unwrap();
    let check = &kept[&push().repository_arn];
    assert_eq!(check.summary(), "mismatch: team=search≠Team=payments");
    assert_eq!(check.digest, "sha256:abc");
    assert_eq!(check.pushed_at.as_deref(), Some("2024-01-01T00:00:10Z"));
    assert_eq!(check.checked_at, autotag_core::enforce::utc_seconds(now));
    assert!(
        ledger.label_checks(&[]).await.unwrap().is_empty(),
        "only what is asked for"
    );

    // An older push checked later (a retry) does not replace it; a newer one does.
    checks(Read::Ok(PAYMENTS))
        .check(&policy(), &at("2024-01-01T00:00:05Z"), now)
        .await
        .unwrap();
    assert!(
        ledger.label_checks(&[push().repository_arn]).await.unwrap()[&push().repository_arn]
            .is_mismatch()
    );
    checks(Read::Fail(FailureKind::Other, "ImageNotFoundException"))
        .check(&policy(), &at("2024-01-01T00:00:20Z"), now)
        .await
        .unwrap();
    assert_eq!(
        ledger.label_checks(&[push().repository_arn]).await.unwrap()[&push().repository_arn]
            .summary(),
        "unreadable"
    );
    // What is retried is not a result: nothing recorded.
    checks(Read::Fail(FailureKind::Transient, "ThrottlingException"))
        .check(&policy(), &at("2024-01-01T00:00:30Z"), now)
        .await
        .unwrap_err();
    assert_eq!(
        ledger.label_checks(&[push().repository_arn]).await.unwrap()[&push().repository_arn]
            .summary(),
        "unreadable"
    );
    assert_eq!(sent.0.lock().unwrap().len(), 1);

    // A record that fails fails the push before anyone is told.
    let broken = ImageChecks::new(
        Arc::new(Facts::new(&[Read::Ok(SEARCH)], &[("Team", "payments")])),
        Some(sent.clone() as Arc<dyn Alerts>),
    )
    .with_ledger(Some(Arc::new(BrokenLedger)));
    let failure = broken.check(&policy(), &push(), now).await.unwrap_err();
    assert_eq!(failure.kind, FailureKind::Transient);
    assert_eq!(failure.operation, "dynamodb:PutItem");
    assert_eq!(sent.0.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_mismatch_repeated_by_the_next_push_is_told_once_and_news_again() {
    use crate::ports::memory::MemoryLedger;
    const BILLING: &str = r#"{"config": {"Labels": {"team": "billing"}}}"#;
    let ledger = Arc::new(MemoryLedger::default());
    let sent = Arc::new(Sent::default());
    let told = || sent.0.lock().unwrap().len();
    let check = |blob: &'static str, digest: &str, pushed: &str| {
        let checks = ImageChecks::new(
            Arc::new(Facts::new(&[Read::Ok(blob)], &[("Team", "payments")])),
            Some(sent.clone() as Arc<dyn Alerts>),
        )
        .with_ledger(Some(ledger.clone() as Arc<dyn LabelLedger>));
        let push = ImagePush {
            digest: digest.to_owned(),
            pushed_at: Some(pushed.to_owned()),
            ..push()
        };
        async move {
            checks
                .check(&policy(), &push, crate::clock::now())
                .await
                .unwrap()
        }
    };
    // A pipeline pushes an image labelled `team=search` into the payments team's repository:
    // told.
    check(SEARCH, "sha256:a1", "2024-01-01T00:00:10Z").await;
    assert_eq!(told(), 1);
    // The same push delivered again (its first message may be lost): told again.
    check(SEARCH, "sha256:a1", "2024-01-01T00:00:10Z").await;
    assert_eq!(told(), 2);
    // The next image, with the same wrong label: recorded, not told again.
    let repeated = check(SEARCH, "sha256:a2", "2024-01-01T00:00:20Z").await;
    assert!(matches!(repeated, PushCheck::Mismatched { .. }));
    assert_eq!(told(), 2);
    assert_eq!(
        ledger.label_checks(&[push().repository_arn]).await.unwrap()[&push().repository_arn].digest,
        "sha256:a2"
    );
    // Fixed, then broken again: news.
    check(PAYMENTS, "sha256:a3", "2024-01-01T00:00:30Z").await;
    assert_eq!(told(), 2);
    check(SEARCH, "sha256:a4", "2024-01-01T00:00:40Z").await;
    assert_eq!(told(), 3);
    // Another wrong value: news.
    check(BILLING, "sha256:a5", "2024-01-01T00:00:50Z").await;
    assert_eq!(told(), 4);
    let last = &sent.0.lock().unwrap()[3].1;
    assert!(last.contains("billing"), "{last}");
}
