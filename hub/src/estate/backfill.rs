//! Backfill: the creations CloudTrail still remembers, played through the same plan and
//! taggers as live events, oldest first, so the first creator wins and write-once holds.
//!
//! A source is a [`TrailReader`]: named streams (an account and region, a file), each read as
//! pieces (a log file, a day of `LookupEvents`) oldest first. A [`Checkpoint`] keeps the last
//! piece done per stream, and the pieces that failed, so a run stopped anywhere resumes where it
//! was and retries what failed; re-reading a piece is harmless (tags are written once).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use async_trait::async_trait;
use autotag_core::event::{Event, parse_document};
use autotag_core::plan::{Outcome, plan};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::ports::BoxError;
use crate::processing::{EventStatus, Processor};

/// One piece of a stream: a log file, a day of events.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Its name in the stream, which the checkpoint keeps (an S3 key, a slice's end time).
    pub id: String,
    /// CloudTrail records: a log file (`{"Records": [...]}`), events, or bare records.
    pub text: String,
    /// How far through its stream this piece is, 0 to 1 (for the ETA).
    pub done: f64,
}

/// A source of past CloudTrail records.
#[async_trait]
pub trait TrailReader: Send + Sync + std::fmt::Debug {
    /// The streams to read (`account/region`, or a file's name).
    async fn streams(&self) -> Result<Vec<String>, BoxError>;
    /// The piece of `stream` after the piece `after` (from the start when `None`); `None`
    /// once the stream is read.
    async fn next_piece(
        &self,
        stream: &str,
        after: Option<&str>,
    ) -> Result<Option<Piece>, BoxError>;
    /// The piece `id` of `stream` again (a failed piece, retried).
    async fn piece(&self, stream: &str, id: &str) -> Result<Piece, BoxError>;
}

/// Why a backfill could not start or go on.
#[derive(Debug, thiserror::Error)]
pub enum BackfillError {
    /// The checkpoint file cannot be read or written.
    #[error("checkpoint `{path}`: {problem}")]
    Checkpoint {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        problem: String,
    },
    /// The checkpoint belongs to another source.
    #[error("checkpoint `{path}` is for source `{found}`, not `{expected}`; use another file")]
    OtherSource {
        /// The file.
        path: PathBuf,
        /// The source it records.
        found: String,
        /// The source of this run.
        expected: String,
    },
    /// The source could not list its streams.
    #[error("cannot list the streams of `{source_name}`: {cause}")]
    Streams {
        /// The source.
        source_name: String,
        /// What AWS (or the file system) said.
        cause: BoxError,
    },
    /// Text that is neither UTF-8 nor gzip of UTF-8.
    #[error("{0}")]
    Unreadable(String),
}

/// Text of a file or object that may be gzip (CloudTrail's log files are).
pub fn gunzip_text(bytes: &[u8]) -> Result<String, BackfillError> {
    let mut text = String::new();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|err| BackfillError::Unreadable(format!("not gzip of UTF-8 text: {err}")))?;
    } else {
        text = String::from_utf8(bytes.to_vec())
            .map_err(|err| BackfillError::Unreadable(format!("not UTF-8 text: {err}")))?;
    }
    Ok(text)
}

/// Files (`-` is standard input), each one stream of one piece, gzip or plain.
#[derive(Debug, Clone)]
pub struct Files {
    paths: Vec<PathBuf>,
}

impl Files {
    /// The files at `paths`.
    pub fn new(paths: Vec<PathBuf>) -> Self {
        Self { paths }
    }

    fn read(path: &Path) -> Result<Piece, BoxError> {
        let bytes = if path == Path::new("-") {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes)?;
            bytes
        } else {
            std::fs::read(path).map_err(|err| format!("`{}`: {err}", path.display()))?
        };
        let text = gunzip_text(&bytes).map_err(|err| format!("`{}`: {err}", path.display()))?;
        Ok(Piece {
            id: "whole".to_owned(),
            text,
            done: 1.0,
        })
    }
}

#[async_trait]
impl TrailReader for Files {
    async fn streams(&self) -> Result<Vec<String>, BoxError> {
        Ok(self.paths.iter().map(|p| p.display().to_string()).collect())
    }

    async fn next_piece(
        &self,
        stream: &str,
        after: Option<&str>,
    ) -> Result<Option<Piece>, BoxError> {
        if after.is_some() {
            return Ok(None);
        }
        Self::read(Path::new(stream)).map(Some)
    }

    async fn piece(&self, stream: &str, _id: &str) -> Result<Piece, BoxError> {
        Self::read(Path::new(stream))
    }
}

/// A piece that failed, to be retried on the next run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedPiece {
    /// Its stream.
    pub stream: String,
    /// The piece.
    pub piece: String,
    /// Why, the first failure's reason.
    pub reason: String,
}

/// Where a backfill is: per stream, the last piece done, and the pieces that failed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The source this checkpoint belongs to (`s3://bucket/prefix`, `lookup-events`, files).
    pub source: String,
    /// The last piece done, per stream.
    pub done: BTreeMap<String, String>,
    /// Pieces with an event that failed: retried first on the next run.
    pub failed: Vec<FailedPiece>,
}

impl Checkpoint {
    /// The checkpoint at `path` for `source`, or an empty one when there is no file yet.
    pub fn load(path: &Path, source: &str) -> Result<Self, BackfillError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self {
                    source: source.to_owned(),
                    ..Self::default()
                });
            }
            Err(err) => {
                return Err(BackfillError::Checkpoint {
                    path: path.to_owned(),
                    problem: err.to_string(),
                });
            }
        };
        let checkpoint: Self =
            serde_json::from_str(&text).map_err(|err| BackfillError::Checkpoint {
                path: path.to_owned(),
                problem: err.to_string(),
            })?;
        if checkpoint.source != source {
            return Err(BackfillError::OtherSource {
                path: path.to_owned(),
                found: checkpoint.source,
                expected: source.to_owned(),
            });
        }
        Ok(checkpoint)
    }

    /// Writes the checkpoint to `path` whole or not at all (a temporary file, renamed).
    pub fn save(&self, path: &Path) -> Result<(), BackfillError> {
        let problem = |err: &dyn std::fmt::Display| BackfillError::Checkpoint {
            path: path.to_owned(),
            problem: err.to_string(),
        };
        let text = serde_json::to_string_pretty(self).map_err(|e| problem(&e))?;
        let temporary = path.with_extension("partial");
        std::fs::write(&temporary, text).map_err(|e| problem(&e))?;
        std::fs::rename(&temporary, path).map_err(|e| problem(&e))
    }
}

/// What a backfill did so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Streams in the source.
    pub streams: usize,
    /// Streams read to the end.
    pub streams_done: usize,
    /// Pieces read.
    pub pieces: usize,
    /// Records read in the window.
    pub records: usize,
    /// Events that created resources autotag tags.
    pub creations: usize,
    /// Resources tagged now.
    pub tagged: usize,
    /// Resources found stamped already (live, or by an earlier run).
    pub already_stamped: usize,
    /// STS sessions recorded for later events to join.
    pub sessions: usize,
    /// Events that failed; their pieces are in the checkpoint's `failed`.
    pub failed: usize,
    /// Items that are not events, or malformed events.
    pub rejected: usize,
}

/// How a backfill runs.
#[derive(Debug, Clone)]
pub struct BackfillOptions {
    /// Records with an `eventTime` outside this window are left alone.
    pub window: (OffsetDateTime, OffsetDateTime),
    /// Plan and print only; write nothing (the checkpoint included).
    pub dry_run: bool,
    /// Streams read at once.
    pub concurrency: usize,
    /// Where the checkpoint is kept; `None` keeps none.
    pub checkpoint_path: Option<PathBuf>,
}

/// Where a backfill's per-event lines and progress go.
pub trait Report: Send + Sync {
    /// One event's line (the plan line in a dry run, the applied line otherwise).
    fn line(&self, line: &serde_json::Value);
    /// Progress after a piece: the counts, the fraction done, the time spent.
    fn progress(&self, counts: &Counts, done: f64, elapsed: std::time::Duration);
}

struct Shared {
    counts: Counts,
    checkpoint: Checkpoint,
    /// Progress of each stream being read, 0 to 1.
    active: BTreeMap<String, f64>,
}

/// Reads every stream of `reader` after its checkpoint, processing each piece's records
/// oldest first, and returns the counts. Streams run `options.concurrency` at a time.
pub async fn run(
    reader: Arc<dyn TrailReader>,
    processor: Processor,
    checkpoint: Checkpoint,
    options: BackfillOptions,
    report: Arc<dyn Report>,
) -> Result<Counts, BackfillError> {
    let started = Instant::now();
    let streams = reader
        .streams()
        .await
        .map_err(|cause| BackfillError::Streams {
            source_name: checkpoint.source.clone(),
            cause,
        })?;
    let retry = checkpoint.failed.clone();
    let shared = Arc::new(Mutex::new(Shared {
        counts: Counts {
            streams: streams.len(),
            ..Counts::default()
        },
        checkpoint: Checkpoint {
            failed: Vec::new(),
            ..checkpoint
        },
        active: BTreeMap::new(),
    }));
    let context = Arc::new(RunContext {
        reader,
        processor,
        options,
        report,
        shared,
        started,
    });
    // Pieces that failed last time first, so their creators still come before later events.
    for failed in retry {
        let piece = context.reader.piece(&failed.stream, &failed.piece).await;
        context
            .handle(&failed.stream, &failed.piece, piece, true)
            .await?;
    }
    let semaphore = Arc::new(tokio::sync::Semaphore::new(
        context.options.concurrency.max(1),
    ));
    let mut tasks = tokio::task::JoinSet::new();
    for stream in streams {
        let context = Arc::clone(&context);
        let semaphore = Arc::clone(&semaphore);
        tasks.spawn(async move {
            let _permit = semaphore.acquire_owned().await;
            context.read_stream(&stream).await
        });
    }
    let mut first_error = None;
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok(())) => {}
            Ok(Err(err)) => {
                first_error.get_or_insert(err);
            }
            Err(join) => {
                first_error.get_or_insert(BackfillError::Unreadable(format!(
                    "a stream's task ended abnormally: {join}"
                )));
            }
        }
    }
    if let Some(err) = first_error {
        return Err(err);
    }
    let shared = context
        .shared
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    Ok(shared.counts.clone())
}

struct RunContext {
    reader: Arc<dyn TrailReader>,
    processor: Processor,
    options: BackfillOptions,
    report: Arc<dyn Report>,
    shared: Arc<Mutex<Shared>>,
    started: Instant,
}

impl RunContext {
    async fn read_stream(&self, stream: &str) -> Result<(), BackfillError> {
        loop {
            let after = {
                let shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
                shared.checkpoint.done.get(stream).cloned()
            };
            match self.reader.next_piece(stream, after.as_deref()).await {
                Ok(None) => break,
                Ok(Some(piece)) => {
                    let id = piece.id.clone();
                    self.handle(stream, &id, Ok(piece), false).await?;
                }
                Err(cause) => {
                    // The stream cannot be read on. Its checkpoint stays at the last piece
                    // done, so the next run reads on from there; the other streams go on.
                    let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
                    shared.counts.failed += 1;
                    tracing::warn!(stream, error = %cause, "stream abandoned until the next run");
                    break;
                }
            }
        }
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        shared.counts.streams_done += 1;
        shared.active.remove(stream);
        self.save(&shared)
    }

    /// Processes one piece and records it in the checkpoint.
    async fn handle(
        &self,
        stream: &str,
        id: &str,
        piece: Result<Piece, BoxError>,
        retried: bool,
    ) -> Result<(), BackfillError> {
        let piece = match piece {
            Ok(piece) => piece,
            Err(cause) => {
                // Kept under its own name, to be read again next time.
                let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
                shared.counts.failed += 1;
                shared.checkpoint.failed.push(FailedPiece {
                    stream: stream.to_owned(),
                    piece: id.to_owned(),
                    reason: cause.to_string(),
                });
                return self.save(&shared);
            }
        };
        let (counts, failure) = self.process_piece(&piece).await;
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        add(&mut shared.counts, &counts);
        shared.counts.pieces += 1;
        if let Some(reason) = failure {
            shared.checkpoint.failed.push(FailedPiece {
                stream: stream.to_owned(),
                piece: piece.id.clone(),
                reason,
            });
        }
        if !retried {
            shared
                .checkpoint
                .done
                .insert(stream.to_owned(), piece.id.clone());
            shared.active.insert(stream.to_owned(), piece.done);
        }
        let total = shared.counts.streams.max(1) as f64;
        let done =
            (shared.counts.streams_done as f64 + shared.active.values().sum::<f64>()) / total;
        self.report
            .progress(&shared.counts, done.clamp(0.0, 1.0), self.started.elapsed());
        self.save(&shared)
    }

    fn save(&self, shared: &Shared) -> Result<(), BackfillError> {
        match (&self.options.checkpoint_path, self.options.dry_run) {
            (Some(path), false) => shared.checkpoint.save(path),
            _ => Ok(()),
        }
    }

    /// The piece's records in the window, oldest first, each planned (dry run) or processed;
    /// the counts, and the first failure's reason.
    async fn process_piece(&self, piece: &Piece) -> (Counts, Option<String>) {
        let mut counts = Counts::default();
        let items = match parse_document(&piece.text) {
            Ok(items) => items,
            Err(err) => {
                counts.rejected += 1;
                return (
                    counts,
                    Some(format!("`{}` is not CloudTrail: {err}", piece.id)),
                );
            }
        };
        let mut events: Vec<(OffsetDateTime, Event)> = Vec::new();
        for item in items {
            match item {
                Ok(event) => {
                    let time = event
                        .record
                        .event_time()
                        .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok());
                    match time {
                        Some(time)
                            if time >= self.options.window.0 && time <= self.options.window.1 =>
                        {
                            events.push((time, event));
                        }
                        Some(_) => {}
                        None => counts.rejected += 1,
                    }
                }
                Err(_) => counts.rejected += 1,
            }
        }
        // Stable: records of the same second keep the order CloudTrail wrote them in.
        events.sort_by_key(|(time, _)| *time);
        counts.records = events.len();
        let mut failure = None;
        let now = crate::clock::now();
        for (_, event) in &events {
            // A past tag change is history: the stamps backfill writes come after it, so
            // there is nothing to repair, and alerting on it would be noise.
            let is_tag_change = matches!(
                (event.record.event_source(), event.record.event_name()),
                (Some(source), Some(name)) if autotag_core::tag_change::change_row(source, name).is_some()
            );
            if is_tag_change {
                continue;
            }
            if self.options.dry_run {
                let decision = plan(event, self.processor.policy(), now);
                match &decision.outcome {
                    Outcome::Tag(_) => counts.creations += 1,
                    Outcome::Session(_) => counts.sessions += 1,
                    Outcome::Reject(_) => counts.rejected += 1,
                    Outcome::Skip(_) | Outcome::TagChange(_) => continue,
                }
                if let Ok(line) = serde_json::to_value(decision.line()) {
                    self.report.line(&line);
                }
                continue;
            }
            let outcome = self.processor.process_event(event, now).await;
            match outcome.status() {
                EventStatus::Skipped | EventStatus::Restored => continue,
                EventStatus::Rejected => counts.rejected += 1,
                EventStatus::Recorded => counts.sessions += 1,
                EventStatus::Tagged => counts.creations += 1,
                EventStatus::Failed | EventStatus::Waiting => {
                    counts.creations += 1;
                    counts.failed += 1;
                    if failure.is_none() {
                        failure = outcome.problem();
                    }
                }
            }
            if let Some(report) = &outcome.report {
                for resource in &report.resources {
                    match resource.status {
                        crate::ports::ResourceStatus::Tagged { .. } => counts.tagged += 1,
                        crate::ports::ResourceStatus::AlreadyStamped => {
                            counts.already_stamped += 1;
                        }
                        crate::ports::ResourceStatus::Gone { .. } => {}
                    }
                }
            }
            self.report.line(&outcome.line());
        }
        (counts, failure)
    }
}

fn add(total: &mut Counts, piece: &Counts) {
    total.records += piece.records;
    total.creations += piece.creations;
    total.tagged += piece.tagged;
    total.already_stamped += piece.already_stamped;
    total.sessions += piece.sessions;
    total.failed += piece.failed;
    total.rejected += piece.rejected;
}

/// The event id the ledger records for stamps backfill writes with no creation record.
pub const UNKNOWN_OWNER_EVENT: &str = "autotag-backfill:unknown-owner";

/// Stamps `observed` with the policy's unknown-owner marker when it carries no owner (and, where
/// the service reports one, its own creation time, marked as such), recording the stamp in the
/// ledger; `None` when it needs none or its type is not one autotag tags. A dry run returns
/// the plan without writing.
pub async fn mark_unknown(
    processor: &Processor,
    observed: &autotag_core::audit::Observed,
    now: OffsetDateTime,
    dry_run: bool,
) -> Option<(
    autotag_core::plan::TagPlan,
    Option<crate::ports::ApplyReport>,
)> {
    let policy = processor.policy();
    let tags = autotag_core::audit::unknown_marker(observed, policy)?;
    // A resource the ledger records was stamped and lost its stamp: that is drift, which
    // `autotag audit --drift --repair` puts back, not an unknown owner.
    if let Some(ledger) = processor.ledger()
        && !matches!(ledger.find(&observed.arn).await, Ok(None))
    {
        return None;
    }
    let (resource_type, route) = autotag_core::audit::route_of(&observed.resource_type)?;
    let account = autotag_core::arn::AccountId::parse(&observed.account).ok()?;
    let region = autotag_core::arn::Region::parse(&observed.region).ok()?;
    let arn = autotag_core::arn::Arn::parse(&observed.arn).ok()?;
    let known = autotag_core::plan::KnownResource {
        account,
        region,
        route,
        resource: autotag_core::registry::CreatedResource { arn, resource_type },
    };
    let plan = autotag_core::plan::TagPlan::for_resource(
        known,
        tags,
        policy.keys.owner.clone(),
        now,
        false,
    );
    if dry_run {
        return Some((plan, None));
    }
    let mut applied = processor.tagger().apply(&plan).await;
    let recorded = crate::processing::ledger::record_stamps(
        processor.ledger(),
        UNKNOWN_OWNER_EVENT,
        &plan,
        &applied,
        now,
    )
    .await;
    applied.absorb(recorded);
    Some((plan, Some(applied)))
}

#[cfg(test)]
mod tests;
