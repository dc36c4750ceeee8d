//! Backfill's readers of CloudTrail's past: `LookupEvents` (which the emulator cannot serve)
//! paged newest first and read oldest first, STS's read events joined with the write events,
//! throttling retried; and the trail's log files listed by account and region within the
//! window, resumed after the checkpoint's key.

use aws_sdk_cloudtrail::operation::lookup_events::{LookupEventsError, LookupEventsOutput};
use aws_sdk_cloudtrail::types::{Event, LookupAttributeKey};
use aws_sdk_s3::operation::get_object::GetObjectOutput;
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_sdk_s3::primitives::ByteStream;
use aws_smithy_mocks::mock;
use aws_smithy_types::error::ErrorMetadata;
use serde_json::{Value, json};
use std::io::Write;
use time::macros::{date, datetime};

use autotag_hub::aws::trail::{S3LogFiles, lookup_slice};
use autotag_hub::estate::backfill::TrailReader;

use crate::mocked;

fn event(id: &str, name: &str, time: &str) -> Event {
    let record = json!({"eventID": id, "eventName": name, "eventTime": time});
    Event::builder()
        .event_id(id)
        .cloud_trail_event(record.to_string())
        .build()
}

fn attribute(
    req: &aws_sdk_cloudtrail::operation::lookup_events::LookupEventsInput,
) -> (LookupAttributeKey, String) {
    let first = req.lookup_attributes().first().unwrap();
    (
        first.attribute_key().clone(),
        first.attribute_value().to_owned(),
    )
}

#[tokio::test]
async fn lookup_events_reads_a_day_oldest_first_with_sts_events_once_each() {
    // Write events come newest first over two pages; STS's AssumeRole (a read event) comes from
    // its own lookup, and one STS write event is in both answers.
    let writes_page_one = mock!(aws_sdk_cloudtrail::Client::lookup_events)
        .match_requests(|req| {
            attribute(req) == (LookupAttributeKey::ReadOnly, "false".to_owned())
                && req.next_token().is_none()
        })
        .then_output(|| {
            LookupEventsOutput::builder()
                .events(event("w3", "CreateVolume", "2026-01-15T12:00:00Z"))
                .events(event("s2", "GetFederationToken", "2026-01-15T11:00:00Z"))
                .next_token("page-2")
                .build()
        });
    let writes_page_two = mock!(aws_sdk_cloudtrail::Client::lookup_events)
        .match_requests(|req| req.next_token() == Some("page-2"))
        .then_output(|| {
            LookupEventsOutput::builder()
                .events(event("w1", "RunInstances", "2026-01-15T09:00:00Z"))
                .build()
        });
    // The STS lookup is throttled once; the SDK backs off and retries it.
    let sts = mock!(aws_sdk_cloudtrail::Client::lookup_events)
        .match_requests(|req| {
            attribute(req)
                == (
                    LookupAttributeKey::EventSource,
                    "sts.amazonaws.com".to_owned(),
                )
        })
        .sequence()
        .error(|| {
            LookupEventsError::generic(ErrorMetadata::builder().code("ThrottlingException").build())
        })
        .output(|| {
            LookupEventsOutput::builder()
                .events(event("s2", "GetFederationToken", "2026-01-15T11:00:00Z"))
                .events(event("s1", "AssumeRole", "2026-01-15T08:00:00Z"))
                .build()
        })
        .build();
    let client = mocked!(
        aws_sdk_cloudtrail,
        &[&writes_page_one, &writes_page_two, &sts]
    );

    let records = lookup_slice(
        &client,
        datetime!(2026-01-15 00:00 UTC),
        datetime!(2026-01-16 00:00 UTC),
    )
    .await
    .unwrap();

    let ids: Vec<&str> = records
        .iter()
        .filter_map(|r| r["eventID"].as_str())
        .collect();
    assert_eq!(ids, ["s1", "w1", "s2", "w3"]);
    assert_eq!(sts.num_calls(), 2);
    assert_eq!(writes_page_two.num_calls(), 1);
}

#[tokio::test]
async fn lookup_events_that_keep_failing_fail_the_piece() {
    let denied = mock!(aws_sdk_cloudtrail::Client::lookup_events).then_error(|| {
        LookupEventsError::generic(
            ErrorMetadata::builder()
                .code("AccessDeniedException")
                .build(),
        )
    });
    let client = mocked!(aws_sdk_cloudtrail, &[&denied]);
    let err = lookup_slice(
        &client,
        datetime!(2026-01-15 00:00 UTC),
        datetime!(2026-01-16 00:00 UTC),
    )
    .await
    .unwrap_err();
    assert!(format!("{err:?}").contains("AccessDenied"), "{err:?}");
}

fn gzipped(value: &Value) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(value.to_string().as_bytes()).unwrap();
    gz.finish().unwrap()
}

#[tokio::test]
async fn log_files_are_listed_within_the_window_after_the_checkpoint() {
    let prefix = "AWSLogs/o-abc/111122223333/CloudTrail/eu-west-1/";
    let listed = mock!(aws_sdk_s3::Client::list_objects_v2)
        .match_requests(move |req| {
            req.prefix() == Some(prefix)
                && req.start_after()
                    == Some("AWSLogs/o-abc/111122223333/CloudTrail/eu-west-1/2026/01/15/a.json.gz")
        })
        .then_output(move || {
            let object = |key: &str| {
                aws_sdk_s3::types::Object::builder()
                    .key(format!("{prefix}{key}"))
                    .build()
            };
            ListObjectsV2Output::builder()
                .contents(object("2026/01/15/b.json.gz"))
                // Delivered just after the window's last day: its records may be inside it.
                .contents(object("2026/01/21/c.json.gz"))
                .contents(object("2026/01/22/d.json.gz"))
                .build()
        });
    let read = mock!(aws_sdk_s3::Client::get_object)
        .match_requests(|req| {
            req.key()
                .is_some_and(|k| k.ends_with("b.json.gz") || k.ends_with("c.json.gz"))
        })
        .then_output(|| {
            GetObjectOutput::builder()
                .body(ByteStream::from(gzipped(
                    &json!({"Records": [{"eventID": "x"}]}),
                )))
                .build()
        });
    let client = mocked!(aws_sdk_s3, &[&listed, &read]);
    let files = S3LogFiles::new(
        client,
        "trail".into(),
        "AWSLogs/o-abc",
        vec!["111122223333".into()],
        vec!["eu-west-1".into()],
        (date!(2026 - 01 - 10), date!(2026 - 01 - 20)),
    );
    assert_eq!(files.streams().await.unwrap(), ["111122223333/eu-west-1"]);
    let checkpoint = format!("{prefix}2026/01/15/a.json.gz");
    let first = files
        .next_piece("111122223333/eu-west-1", Some(&checkpoint))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.id, format!("{prefix}2026/01/15/b.json.gz"));
    assert!(first.text.contains("\"eventID\":\"x\""), "{}", first.text);
    assert!(first.done > 0.5 && first.done < 0.6, "{}", first.done);
    let second = files
        .next_piece("111122223333/eu-west-1", Some(&first.id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.id, format!("{prefix}2026/01/21/c.json.gz"));
    assert!(
        files
            .next_piece("111122223333/eu-west-1", Some(&second.id))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(listed.num_calls(), 1);
    // A piece of another stream is refused, not read.
    assert!(
        files
            .piece("111122223333/eu-west-1", "AWSLogs/o-abc/999999999999/x")
            .await
            .is_err()
    );
}
