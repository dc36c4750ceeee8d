//! Where backfill reads CloudTrail's past: the organization trail's log files in S3 (listed by
//! account and region, oldest first, a page of keys at a time) and `LookupEvents` (the last 90
//! days of one account and region, a day at a time).
//!
//! Both hand out one piece at a time (a log file, a day of events), so memory stays flat
//! however much history there is.

use std::collections::{HashMap, VecDeque};

use async_trait::async_trait;
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use aws_smithy_types::DateTime;
use time::{Date, Duration, OffsetDateTime};
use tokio::sync::Mutex;

use crate::estate::backfill::{Piece, TrailReader, gunzip_text};
use crate::ports::BoxError;

/// The organization trail's log files in a bucket: `<prefix>/<account>/CloudTrail/<region>/
/// YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<id>.json.gz`. Keys of one account
/// and region sort in time order, so a stream's checkpoint is the last key read.
#[derive(Debug)]
pub struct S3LogFiles {
    client: aws_sdk_s3::Client,
    bucket: String,
    /// `AWSLogs/` or `AWSLogs/<org-id>/`, ending in `/`.
    prefix: String,
    accounts: Vec<String>,
    regions: Vec<String>,
    from: Date,
    to: Date,
    /// Keys listed but not read yet, per stream: at most one page each.
    listed: Mutex<HashMap<String, Listed>>,
}

#[derive(Debug, Default)]
struct Listed {
    keys: VecDeque<String>,
    /// Where the next list call starts, or `None` when the stream is exhausted.
    next_token: Option<String>,
    exhausted: bool,
}

impl S3LogFiles {
    /// Log files of `bucket` under `prefix` dated `from` to `to` (inclusive, UTC); every
    /// account and region found under the prefix when the lists are empty.
    pub fn new(
        client: aws_sdk_s3::Client,
        bucket: String,
        prefix: &str,
        accounts: Vec<String>,
        regions: Vec<String>,
        window: (Date, Date),
    ) -> Self {
        let trimmed = prefix.trim_matches('/');
        let prefix = if trimmed.is_empty() {
            "AWSLogs/".to_owned()
        } else {
            format!("{trimmed}/")
        };
        Self {
            client,
            bucket,
            prefix,
            accounts,
            regions,
            from: window.0,
            to: window.1,
            listed: Mutex::new(HashMap::new()),
        }
    }

    /// The folder names one level under `prefix`.
    async fn folders(&self, prefix: &str) -> Result<Vec<String>, BoxError> {
        let mut folders = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .client
                .list_objects_v2()
                .bucket(&self.bucket)
                .prefix(prefix)
                .delimiter("/")
                .set_continuation_token(token)
                .send()
                .await?;
            folders.extend(page.common_prefixes().iter().filter_map(|p| {
                p.prefix()
                    .and_then(|p| p.strip_prefix(prefix))
                    .map(|p| p.trim_end_matches('/').to_owned())
            }));
            match page.next_continuation_token {
                Some(next) => token = Some(next),
                None => return Ok(folders),
            }
        }
    }

    fn stream_prefix(&self, stream: &str) -> Result<String, BoxError> {
        let (account, region) = stream
            .split_once('/')
            .ok_or_else(|| format!("`{stream}` is not an `account/region` stream"))?;
        Ok(format!("{}{account}/CloudTrail/{region}/", self.prefix))
    }

    /// The date of a log file from its folders, `None` when the key is not a log file's.
    fn date_of(stream_prefix: &str, key: &str) -> Option<Date> {
        let mut parts = key.strip_prefix(stream_prefix)?.splitn(4, '/');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
    }
}

#[async_trait]
impl TrailReader for S3LogFiles {
    async fn streams(&self) -> Result<Vec<String>, BoxError> {
        let accounts = if self.accounts.is_empty() {
            self.folders(&self.prefix).await?
        } else {
            self.accounts.clone()
        };
        let mut streams = Vec::new();
        for account in accounts {
            let regions = if self.regions.is_empty() {
                self.folders(&format!("{}{account}/CloudTrail/", self.prefix))
                    .await?
            } else {
                self.regions.clone()
            };
            streams.extend(
                regions
                    .into_iter()
                    .map(|region| format!("{account}/{region}")),
            );
        }
        Ok(streams)
    }

    async fn next_piece(
        &self,
        stream: &str,
        after: Option<&str>,
    ) -> Result<Option<Piece>, BoxError> {
        let stream_prefix = self.stream_prefix(stream)?;
        let first_key = format!(
            "{stream_prefix}{:04}/{:02}/{:02}/",
            self.from.year(),
            u8::from(self.from.month()),
            self.from.day()
        );
        let mut listed = self.listed.lock().await;
        let state = listed.entry(stream.to_owned()).or_default();
        while state.keys.is_empty() && !state.exhausted {
            let start_after = match after {
                Some(after) if after > first_key.as_str() => after.to_owned(),
                _ => first_key.clone(),
            };
            let page = self
                .client
                .list_objects_v2()
                .bucket(&self.bucket)
                .prefix(&stream_prefix)
                .set_start_after(state.next_token.is_none().then_some(start_after))
                .set_continuation_token(state.next_token.take())
                .send()
                .await?;
            for object in page.contents() {
                let Some(key) = object.key() else { continue };
                match Self::date_of(&stream_prefix, key) {
                    // A file is foldered by its delivery time, which can be a little after its
                    // records' (the records are filtered by their own time): one day more.
                    Some(date) if date > self.to.next_day().unwrap_or(self.to) => {
                        state.exhausted = true;
                        break;
                    }
                    Some(date) if date >= self.from => state.keys.push_back(key.to_owned()),
                    _ => {}
                }
            }
            match page.next_continuation_token {
                Some(token) if !state.exhausted => state.next_token = Some(token),
                _ => state.exhausted = true,
            }
        }
        let Some(key) = state.keys.pop_front() else {
            return Ok(None);
        };
        drop(listed);
        self.piece(stream, &key).await.map(Some)
    }

    async fn piece(&self, stream: &str, key: &str) -> Result<Piece, BoxError> {
        let stream_prefix = self.stream_prefix(stream)?;
        if !key.starts_with(&stream_prefix) {
            return Err(format!("`{key}` is not a log file of stream `{stream}`").into());
        }
        let object = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await?;
        let bytes = object.body.collect().await?.into_bytes();
        let text = gunzip_text(&bytes).map_err(|err| format!("`{key}`: {err}"))?;
        let done = Self::date_of(&stream_prefix, key)
            .map(|date| fraction(self.from, self.to, date))
            .unwrap_or_default();
        Ok(Piece {
            id: key.to_owned(),
            text,
            done,
        })
    }
}

/// How far `at` is through the window, 0 to 1.
fn fraction(from: Date, to: Date, at: Date) -> f64 {
    let whole = (to - from).whole_days() + 1;
    let past = (at - from).whole_days() + 1;
    if whole <= 0 {
        return 1.0;
    }
    (past.clamp(0, whole) as f64) / (whole as f64)
}

/// `LookupEvents` in each spoke account and region, as the autotag role: write events only, a
/// day at a time, oldest day first. CloudTrail keeps 90 days and serves 2 calls a second per
/// account and region; the SDK's retries back off when it throttles.
#[derive(Debug)]
pub struct LookupEvents {
    sessions: std::sync::Arc<super::sessions::SpokeSessions>,
    accounts: Vec<String>,
    regions: Vec<String>,
    from: OffsetDateTime,
    to: OffsetDateTime,
}

/// The span one piece of `LookupEvents` covers.
const LOOKUP_SLICE: Duration = Duration::days(1);

impl LookupEvents {
    /// Events of `accounts` × `regions` between `from` and `to`.
    pub fn new(
        sessions: std::sync::Arc<super::sessions::SpokeSessions>,
        accounts: Vec<String>,
        regions: Vec<String>,
        window: (OffsetDateTime, OffsetDateTime),
    ) -> Self {
        Self {
            sessions,
            accounts,
            regions,
            from: window.0,
            to: window.1,
        }
    }
}

#[async_trait]
impl TrailReader for LookupEvents {
    async fn streams(&self) -> Result<Vec<String>, BoxError> {
        Ok(self
            .accounts
            .iter()
            .flat_map(|a| self.regions.iter().map(move |r| format!("{a}/{r}")))
            .collect())
    }

    async fn next_piece(
        &self,
        stream: &str,
        after: Option<&str>,
    ) -> Result<Option<Piece>, BoxError> {
        let start = match after {
            Some(after) => parse_time(after)?,
            None => self.from,
        };
        if start >= self.to {
            return Ok(None);
        }
        let end = (start + LOOKUP_SLICE).min(self.to);
        self.slice(stream, start, end).await.map(Some)
    }

    async fn piece(&self, stream: &str, id: &str) -> Result<Piece, BoxError> {
        let end = parse_time(id)?;
        self.slice(stream, (end - LOOKUP_SLICE).max(self.from), end)
            .await
    }
}

fn parse_time(text: &str) -> Result<OffsetDateTime, BoxError> {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map_err(|err| format!("checkpoint `{text}` is not a time: {err}").into())
}

impl LookupEvents {
    /// The events of one account and region between `start` and `end`, as a piece named by
    /// its end.
    async fn slice(
        &self,
        stream: &str,
        start: OffsetDateTime,
        end: OffsetDateTime,
    ) -> Result<Piece, BoxError> {
        let (account, region) = stream
            .split_once('/')
            .ok_or_else(|| format!("`{stream}` is not an `account/region` stream"))?;
        let account_id = autotag_core::arn::AccountId::parse(account)?;
        let region_id = autotag_core::arn::Region::parse(region)?;
        let clients = self
            .sessions
            .clients(&account_id, &region_id, region_id.partition())?;
        let records = lookup_slice(clients.cloudtrail(), start, end).await?;
        let id = end
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|err| format!("cannot format `{end}`: {err}"))?;
        let window = (self.to - self.from).as_seconds_f64();
        let done = if window > 0.0 {
            ((end - self.from).as_seconds_f64() / window).clamp(0.0, 1.0)
        } else {
            1.0
        };
        Ok(Piece {
            id,
            text: serde_json::json!({ "Records": records }).to_string(),
            done,
        })
    }
}

/// The events of `[start, end)` that backfill needs, oldest first: the write events, and STS's
/// events (`AssumeRole` is a read event), whose sessions later events join. `LookupEvents`
/// takes one attribute per call and pages newest first.
pub async fn lookup_slice(
    client: &aws_sdk_cloudtrail::Client,
    start: OffsetDateTime,
    end: OffsetDateTime,
) -> Result<Vec<serde_json::Value>, BoxError> {
    let mut records = lookup(
        client,
        start,
        end,
        LookupAttributeKey::EventSource,
        "sts.amazonaws.com",
    )
    .await?;
    records.extend(lookup(client, start, end, LookupAttributeKey::ReadOnly, "false").await?);
    let mut seen = std::collections::HashSet::new();
    records.retain(|record| {
        record
            .get("eventID")
            .and_then(serde_json::Value::as_str)
            .is_none_or(|id| seen.insert(id.to_owned()))
    });
    records.sort_by(|a, b| {
        let time = |r: &serde_json::Value| {
            r.get("eventTime")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        time(a).cmp(&time(b))
    });
    Ok(records)
}

async fn lookup(
    client: &aws_sdk_cloudtrail::Client,
    start: OffsetDateTime,
    end: OffsetDateTime,
    key: LookupAttributeKey,
    value: &str,
) -> Result<Vec<serde_json::Value>, BoxError> {
    let mut records = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        pages += 1;
        if pages > MAX_LOOKUP_PAGES {
            return Err(format!(
                "`LookupEvents` from `{start}` to `{end}` passed {MAX_LOOKUP_PAGES} pages"
            )
            .into());
        }
        let page = client
            .lookup_events()
            .lookup_attributes(
                LookupAttribute::builder()
                    .attribute_key(key.clone())
                    .attribute_value(value)
                    .build()?,
            )
            .start_time(DateTime::from_secs(start.unix_timestamp()))
            .end_time(DateTime::from_secs(end.unix_timestamp()))
            .max_results(50)
            .set_next_token(token)
            .send()
            .await?;
        for event in page.events() {
            let Some(text) = event.cloud_trail_event() else {
                continue;
            };
            match serde_json::from_str(text) {
                Ok(record) => records.push(record),
                Err(err) => {
                    tracing::warn!(event_id = event.event_id(), error = %err, "unreadable `CloudTrailEvent`");
                }
            }
        }
        match page.next_token {
            Some(next) if !next.is_empty() => token = Some(next),
            _ => return Ok(records),
        }
    }
}

/// A day of one account's write events is at most 50 × this many records; a busier day must be
/// read from the trail's log files.
const MAX_LOOKUP_PAGES: usize = 2_000;
