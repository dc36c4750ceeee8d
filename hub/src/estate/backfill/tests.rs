//! Tests of backfill.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]
use super::*;
use crate::processing::tests::FakeTagger;
use autotag_core::policy::TagPolicy;
use serde_json::json;
use time::macros::datetime;

/// A stream whose pieces are given.
#[derive(Debug)]
struct Pieces(Vec<Piece>);

#[async_trait]
impl TrailReader for Pieces {
    async fn streams(&self) -> Result<Vec<String>, BoxError> {
        Ok(vec!["222222222222/us-east-1".into()])
    }
    async fn next_piece(&self, _: &str, after: Option<&str>) -> Result<Option<Piece>, BoxError> {
        let next = match after {
            None => self.0.first(),
            Some(after) => self
                .0
                .iter()
                .position(|p| p.id == after)
                .and_then(|i| self.0.get(i + 1)),
        };
        Ok(next.cloned())
    }
    async fn piece(&self, _: &str, id: &str) -> Result<Piece, BoxError> {
        self.0
            .iter()
            .find(|p| p.id == id)
            .cloned()
            .ok_or_else(|| "no such piece".into())
    }
}

fn volume(id: &str, time: &str) -> serde_json::Value {
    json!({
        "eventTime": time, "eventType": "AwsApiCall", "eventSource": "ec2.amazonaws.com",
        "eventName": "CreateVolume", "awsRegion": "us-east-1", "recipientAccountId": "222222222222",
        "eventID": id,
        "userIdentity": {"type": "IAMUser", "userName": "alice", "arn": "arn:aws:iam::222222222222:user/alice"},
        "responseElements": {"volumeId": id}
    })
}

fn log_file(id: &str, records: &[serde_json::Value]) -> Piece {
    Piece {
        id: id.into(),
        text: json!({ "Records": records }).to_string(),
        done: 0.5,
    }
}

#[derive(Default)]
struct Lines(Mutex<Vec<serde_json::Value>>);

impl Report for Lines {
    fn line(&self, line: &serde_json::Value) {
        self.0.lock().unwrap().push(line.clone());
    }
    fn progress(&self, _: &Counts, _: f64, _: std::time::Duration) {}
}

fn options(dry_run: bool, path: Option<PathBuf>) -> BackfillOptions {
    BackfillOptions {
        window: (
            datetime!(2026-01-01 00:00 UTC),
            datetime!(2026-01-31 23:59:59 UTC),
        ),
        dry_run,
        concurrency: 2,
        checkpoint_path: path,
    }
}

fn reader() -> Arc<dyn TrailReader> {
    Arc::new(Pieces(vec![
        // Within a file, records are not in time order; one is outside the window, and a
        // later tag change is history.
        log_file(
            "day-1",
            &[
                volume("vol-b", "2026-01-15T10:00:00Z"),
                volume("vol-a", "2026-01-15T09:00:00Z"),
                volume("vol-old", "2025-12-31T23:59:59Z"),
            ],
        ),
        log_file(
            "day-2",
            &[
                json!({
                    "eventTime": "2026-01-16T10:00:00Z", "eventType": "AwsApiCall",
                    "eventSource": "ec2.amazonaws.com", "eventName": "DeleteTags", "awsRegion": "us-east-1",
                    "recipientAccountId": "222222222222",
                    "userIdentity": {"type": "IAMUser", "userName": "alice", "arn": "arn:aws:iam::222222222222:user/alice"},
                    "requestParameters": {"resourcesSet": {"items": [{"resourceId": "vol-a"}]}}
                }),
                volume("vol-c", "2026-01-16T11:00:00Z"),
            ],
        ),
    ]))
}

fn processor(tagger: Arc<FakeTagger>) -> Processor {
    Processor::new(Arc::new(TagPolicy::default()), tagger)
}

fn volumes(tagger: &FakeTagger) -> Vec<String> {
    tagger
        .applied
        .lock()
        .unwrap()
        .iter()
        .flatten()
        .map(|arn| arn.rsplit('/').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn pieces_are_played_oldest_first_and_a_rerun_resumes_after_the_last() {
    let path = std::env::temp_dir().join(format!("autotag-backfill-{}-a.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let tagger = Arc::new(FakeTagger::default());
    let checkpoint = Checkpoint::load(&path, "test").unwrap();
    let counts = run(
        reader(),
        processor(tagger.clone()),
        checkpoint,
        options(false, Some(path.clone())),
        Arc::new(Lines::default()),
    )
    .await
    .unwrap();
    assert_eq!(volumes(&tagger), ["vol-a", "vol-b", "vol-c"]);
    assert_eq!(
        (
            counts.pieces,
            counts.records,
            counts.creations,
            counts.tagged
        ),
        (2, 4, 3, 3)
    );
    let saved = Checkpoint::load(&path, "test").unwrap();
    assert_eq!(saved.done["222222222222/us-east-1"], "day-2");
    assert!(saved.failed.is_empty());

    let again = Arc::new(FakeTagger::default());
    let counts = run(
        reader(),
        processor(again.clone()),
        saved,
        options(false, Some(path.clone())),
        Arc::new(Lines::default()),
    )
    .await
    .unwrap();
    assert_eq!(counts.pieces, 0);
    assert!(volumes(&again).is_empty());
    // A checkpoint of another source is refused, not silently reused.
    assert!(matches!(
        Checkpoint::load(&path, "other"),
        Err(BackfillError::OtherSource { .. })
    ));
    std::fs::remove_file(&path).unwrap();
}

#[tokio::test]
async fn a_piece_that_failed_is_kept_and_retried_first_on_the_next_run() {
    let path = std::env::temp_dir().join(format!("autotag-backfill-{}-b.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let failing = Arc::new(FakeTagger {
        failing: true,
        ..FakeTagger::default()
    });
    let counts = run(
        reader(),
        processor(failing),
        Checkpoint::load(&path, "test").unwrap(),
        options(false, Some(path.clone())),
        Arc::new(Lines::default()),
    )
    .await
    .unwrap();
    assert_eq!(counts.failed, 3);
    let saved = Checkpoint::load(&path, "test").unwrap();
    let failed: Vec<&str> = saved.failed.iter().map(|f| f.piece.as_str()).collect();
    assert_eq!(failed, ["day-1", "day-2"]);
    assert!(
        saved.failed[0].reason.contains("RequestLimitExceeded"),
        "{:?}",
        saved.failed
    );

    let working = Arc::new(FakeTagger::default());
    let counts = run(
        reader(),
        processor(working.clone()),
        saved,
        options(false, Some(path.clone())),
        Arc::new(Lines::default()),
    )
    .await
    .unwrap();
    assert_eq!(volumes(&working), ["vol-a", "vol-b", "vol-c"]);
    assert_eq!(counts.failed, 0);
    assert!(Checkpoint::load(&path, "test").unwrap().failed.is_empty());
    std::fs::remove_file(&path).unwrap();
}

#[tokio::test]
async fn a_dry_run_prints_the_plans_and_writes_nothing() {
    let path = std::env::temp_dir().join(format!("autotag-backfill-{}-c.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let tagger = Arc::new(FakeTagger::default());
    let lines = Arc::new(Lines::default());
    let counts = run(
        reader(),
        processor(tagger.clone()),
        Checkpoint::default(),
        options(true, Some(path.clone())),
        lines.clone(),
    )
    .await
    .unwrap();
    assert_eq!(counts.creations, 3);
    assert!(volumes(&tagger).is_empty());
    assert!(!path.exists());
    let outcomes: Vec<String> = lines
        .0
        .lock()
        .unwrap()
        .iter()
        .map(|l| l["outcome"].to_string())
        .collect();
    assert_eq!(outcomes, ["\"tag\"", "\"tag\"", "\"tag\""]);
}

#[tokio::test]
async fn the_unknown_marker_goes_only_where_no_stamp_was_ever_recorded() {
    use crate::ports::StampLedger;
    let ledger = Arc::new(crate::ports::memory::MemoryLedger::default());
    let tagger = Arc::new(FakeTagger::default());
    let processor = Processor::new(Arc::new(TagPolicy::default()), tagger.clone()).with_identity(
        crate::processing::identity::IdentityContext::new(None, None)
            .with_ledger(Some(ledger.clone())),
    );
    let observed = |id: &str| autotag_core::audit::Observed {
        arn: format!("arn:aws:ec2:us-east-1:222222222222:volume/{id}"),
        account: "222222222222".into(),
        region: "us-east-1".into(),
        resource_type: "ec2:volume".into(),
        tags: Default::default(),
        created_at: Some("2024-05-01T10:00:00Z".into()),
        found_by: "ec2:DescribeVolumes".into(),
    };
    let now = datetime!(2026-01-01 00:00 UTC);
    let (plan, applied) = mark_unknown(&processor, &observed("vol-new"), now, false)
        .await
        .unwrap();
    let tags: Vec<(String, String)> = plan
        .tags
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert!(
        tags.contains(&("owner".into(), "unknown".into())),
        "{tags:?}"
    );
    assert!(
        tags.contains(&("autotag:dateSource".into(), "resource".into())),
        "{tags:?}"
    );
    assert!(applied.unwrap().failures.is_empty());
    // Its marker is recorded, so drift repair protects it like any stamp.
    let recorded = ledger
        .find(&observed("vol-new").arn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(recorded.event_id, UNKNOWN_OWNER_EVENT);
    // A resource whose recorded stamp was removed is drift, not an unknown owner.
    assert!(
        mark_unknown(&processor, &observed("vol-new"), now, false)
            .await
            .is_none()
    );
    assert_eq!(tagger.applied.lock().unwrap().len(), 1);
}

#[test]
fn gzip_and_plain_text_are_read_and_anything_else_is_named() {
    use std::io::Write as _;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"Records\": []}").unwrap();
    assert_eq!(
        gunzip_text(&gz.finish().unwrap()).unwrap(),
        "{\"Records\": []}"
    );
    assert_eq!(gunzip_text(b"plain").unwrap(), "plain");
    let err = gunzip_text(&[0x1f, 0x8b, 0, 1, 2]).unwrap_err().to_string();
    assert!(err.contains("not gzip"), "{err}");
    assert!(
        gunzip_text(&[0xff, 0xfe])
            .unwrap_err()
            .to_string()
            .contains("not UTF-8")
    );
}
