//! The ledger's label checks read back by key: `BatchGetItem` in batches of at most 100
//! distinct keys, what it leaves unprocessed asked for again, and a read that never completes
//! failing with a clear error rather than a short answer; and a recorded check's replaced item
//! that does not read taken for none.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use autotag_core::ecr::check::{LabelCheck, LabelStatus};
use autotag_hub::aws::session_store::DynamoLedger;
use autotag_hub::ports::LabelLedger;
use aws_sdk_dynamodb::operation::batch_get_item::{BatchGetItemInput, BatchGetItemOutput};
use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes};
use aws_smithy_mocks::mock;

use crate::mocked;

const TABLE: &str = "autotag-ledger";

fn repository(n: usize) -> String {
    format!("arn:aws:ecr:us-east-1:222222222222:repository/team-{n}")
}

fn check_item(arn: &str) -> HashMap<String, AttributeValue> {
    let check = LabelCheck {
        repository_arn: arn.to_owned(),
        digest: "sha256:abc".to_owned(),
        image_tag: Some("v1".to_owned()),
        status: LabelStatus::Agrees,
        pushed_at: Some("2024-01-01T00:00:00Z".to_owned()),
        checked_at: "2024-01-01T00:00:05Z".to_owned(),
    };
    HashMap::from([
        ("pk".to_owned(), AttributeValue::S(format!("labels#{arn}"))),
        ("sk".to_owned(), AttributeValue::S("labels".to_owned())),
        (
            "check".to_owned(),
            AttributeValue::S(serde_json::to_string(&check).unwrap()),
        ),
    ])
}

fn requested(req: &BatchGetItemInput) -> Vec<HashMap<String, AttributeValue>> {
    req.request_items().unwrap()[TABLE].keys().to_vec()
}

fn arn_of(key: &HashMap<String, AttributeValue>) -> String {
    let AttributeValue::S(pk) = &key["pk"] else {
        panic!("pk is a string: {key:?}")
    };
    pk.strip_prefix("labels#").unwrap().to_owned()
}

#[tokio::test]
async fn checks_are_read_in_batches_of_distinct_keys_and_unprocessed_keys_asked_again() {
    // GIVEN a ledger holding checks of repositories 0..120, and a DynamoDB that leaves the
    // last 10 keys of the first request unprocessed, as throttling does
    let stored: BTreeSet<String> = (0..120).map(repository).collect();
    let batches = Arc::new(Mutex::new(Vec::<usize>::new()));
    let seen = Arc::clone(&batches);
    let batch_get =
        mock!(aws_sdk_dynamodb::Client::batch_get_item).then_compute_output(move |req| {
            let keys = requested(req);
            let distinct: BTreeSet<String> = keys.iter().map(arn_of).collect();
            assert_eq!(
                distinct.len(),
                keys.len(),
                "a key twice is a ValidationException"
            );
            assert!(
                keys.len() <= 100,
                "more than 100 keys is a ValidationException"
            );
            assert!(req.request_items().unwrap()[TABLE].consistent_read() == Some(true));
            let first = {
                let mut batches = seen.lock().unwrap();
                batches.push(keys.len());
                batches.len() == 1
            };
            let (answered, left) = keys.split_at(if first { keys.len() - 10 } else { keys.len() });
            let items = answered
                .iter()
                .map(arn_of)
                .filter(|arn| stored.contains(arn))
                .map(|arn| check_item(&arn))
                .collect();
            let mut output = BatchGetItemOutput::builder().responses(TABLE, items);
            if !left.is_empty() {
                output = output.unprocessed_keys(
                    TABLE,
                    KeysAndAttributes::builder()
                        .set_keys(Some(left.to_vec()))
                        .consistent_read(true)
                        .build()
                        .unwrap(),
                );
            }
            output.build()
        });
    let ledger = DynamoLedger::new(mocked!(aws_sdk_dynamodb, &[&batch_get]), TABLE.to_owned());

    // WHEN the audit asks for 155 repositories, one of them twice
    let mut asked: Vec<String> = (0..155).map(repository).collect();
    asked.push(repository(7));
    let checks = ledger.label_checks(&asked).await.unwrap();

    // THEN every stored check asked for comes back, none made up for the 35 never checked,
    // in two batches (100 and 55 keys) and one more call for the 10 left unprocessed.
    assert_eq!(checks.len(), 120);
    assert!(
        checks
            .iter()
            .all(|(arn, check)| check.repository_arn == *arn)
    );
    assert_eq!(*batches.lock().unwrap(), [100, 10, 55]);
}

#[tokio::test]
async fn keys_left_unprocessed_for_good_fail_the_read_by_name() {
    // GIVEN a DynamoDB that never reads anything (every key unprocessed)
    let batch_get = mock!(aws_sdk_dynamodb::Client::batch_get_item).then_compute_output(|req| {
        BatchGetItemOutput::builder()
            .unprocessed_keys(
                TABLE,
                KeysAndAttributes::builder()
                    .set_keys(Some(requested(req)))
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let ledger = DynamoLedger::new(mocked!(aws_sdk_dynamodb, &[&batch_get]), TABLE.to_owned());

    // WHEN the checks of three repositories are read
    let failed = ledger
        .label_checks(&[repository(1), repository(2), repository(3)])
        .await
        .unwrap_err();

    // THEN the read fails saying what was left, after a bounded number of retries, instead
    // of answering as if the repositories had no checks.
    assert_eq!(
        failed.to_string(),
        "3 label checks were still unread after 6 retries of `BatchGetItem`"
    );
    assert_eq!(batch_get.num_calls(), 7);
}

#[tokio::test]
async fn a_replaced_check_that_does_not_read_is_no_previous_check_and_no_failed_write() {
    use autotag_hub::ports::LabelRecord;
    use aws_sdk_dynamodb::operation::put_item::PutItemOutput;
    // GIVEN a put that replaced an item whose `check` is not a label check (an older shape),
    let put = mock!(aws_sdk_dynamodb::Client::put_item)
        .match_requests(|req| {
            req.return_values() == Some(&aws_sdk_dynamodb::types::ReturnValue::AllOld)
        })
        .then_output(|| {
            let mut item = check_item(&repository(1));
            item.insert(
                "check".to_owned(),
                AttributeValue::S("{\"v\": 0}".to_owned()),
            );
            PutItemOutput::builder().set_attributes(Some(item)).build()
        });
    let ledger = DynamoLedger::new(mocked!(aws_sdk_dynamodb, &[&put]), TABLE.to_owned());
    let check = LabelCheck {
        repository_arn: repository(1),
        digest: "sha256:def".to_owned(),
        image_tag: None,
        status: LabelStatus::Agrees,
        pushed_at: None,
        checked_at: "2024-01-02T00:00:00Z".to_owned(),
    };

    // WHEN the new check is recorded, THEN it is kept, with no previous check to compare with
    // (the push is not failed for what it replaced).
    assert_eq!(
        ledger.record_label_check(&check).await.unwrap(),
        LabelRecord::Kept { previous: None }
    );
    assert_eq!(put.num_calls(), 1);
}
