//! STS sessions: what an `AssumeRole*` or `GetFederationToken` record says about the temporary
//! credentials it issued, so that a later call made with them can be joined to it exactly, by
//! the access key id, and inherit its session tags and the human who asked for it.
//!
//! Pure: the hub stores sessions (DynamoDB, expiring with the credentials) and looks them up;
//! this module reads records and chains a session onto the one that issued it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

use crate::event::Record;
use crate::json_path::{str_at, value_at};
use crate::principal::Principal;

/// Credentials never outlive this, whatever a record claims: 36 hours is STS's longest
/// (`GetFederationToken` as an IAM user); role sessions end within 12.
const MAX_LIFETIME_SECONDS: i64 = 36 * 3600;
/// STS's default when a record gives neither an expiration nor a duration.
const DEFAULT_LIFETIME_SECONDS: i64 = 3600;

/// Why an STS record could not be read as an issued session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// A successful call whose response names no access key: nothing can be joined to it.
    #[error(
        "`{event_name}` succeeded but the record has no `responseElements.credentials.accessKeyId`"
    )]
    NoAccessKey {
        /// The event name.
        event_name: String,
    },
    /// The record has no readable `eventTime`.
    #[error("`{event_name}` record has no RFC 3339 `eventTime`")]
    NoEventTime {
        /// The event name.
        event_name: String,
    },
}

/// The STS calls that issue temporary credentials autotag can join on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IssuingCall {
    /// `sts:AssumeRole`.
    AssumeRole,
    /// `sts:AssumeRoleWithSAML`.
    AssumeRoleWithSAML,
    /// `sts:AssumeRoleWithWebIdentity`.
    AssumeRoleWithWebIdentity,
    /// `sts:GetFederationToken`.
    GetFederationToken,
}

impl IssuingCall {
    fn from_event_name(name: &str) -> Option<Self> {
        match name {
            "AssumeRole" => Some(Self::AssumeRole),
            "AssumeRoleWithSAML" => Some(Self::AssumeRoleWithSAML),
            "AssumeRoleWithWebIdentity" => Some(Self::AssumeRoleWithWebIdentity),
            "GetFederationToken" => Some(Self::GetFederationToken),
            _ => None,
        }
    }

    /// Every issuing call's event name, for the spoke rule pattern.
    pub const EVENT_NAMES: [&'static str; 4] = [
        "AssumeRole",
        "AssumeRoleWithSAML",
        "AssumeRoleWithWebIdentity",
        "GetFederationToken",
    ];
}

/// Temporary credentials as issued, with the identity context they carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedSession {
    /// The temporary access key id (`ASIA…`): the join key.
    pub access_key_id: String,
    /// The call that issued it.
    pub issued_by: IssuingCall,
    /// The role assumed (`requestParameters.roleArn`), for role sessions.
    pub role_arn: Option<String>,
    /// The session's own ARN (`assumed-role/…` or `federated-user/…`).
    pub session_arn: Option<String>,
    /// `roleSessionName`, or the federated user's `name`.
    pub session_name: Option<String>,
    /// The source identity set on the session, or carried from the session that issued it.
    pub source_identity: Option<String>,
    /// Session tags: request `tags`, SAML and web-identity `principalTags`, and transitive tags
    /// carried from the issuing session. Keys as STS received them.
    pub tags: BTreeMap<String, String>,
    /// Keys of `tags` that pass on to sessions this one issues (role chaining).
    pub transitive_keys: BTreeSet<String>,
    /// The human the session was issued to, when the caller names one (a user of any kind,
    /// root, a person's role session) or, through chaining, whoever the issuing session was.
    pub issued_to: Option<String>,
    /// The access key of the caller, when it was itself a temporary session: the chain link.
    pub caller_access_key_id: Option<String>,
    /// The caller's account (`userIdentity.accountId`): the chain link's session was issued
    /// there, so it is looked up there and nowhere else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_account: Option<String>,
    /// The account whose CloudTrail recorded the issuing call, as EventBridge vouches for it
    /// (set by [`crate::plan::plan`]); a later call joins this session only from this account.
    #[serde(default)]
    pub account: String,
    /// The record's `eventTime`, RFC 3339.
    pub issued_at: String,
    /// When the credentials expire, in Unix seconds: the store's TTL.
    pub expires_at: i64,
}

impl IssuedSession {
    /// Reads the session a record issued. `Ok(None)` when the record is not a successful
    /// issuing call (another STS call, a failed call).
    pub fn from_record(record: &Record) -> Result<Option<Self>, SessionError> {
        if record.event_source() != Some("sts.amazonaws.com") || record.error_code().is_some() {
            return Ok(None);
        }
        let Some(event_name) = record.event_name() else {
            return Ok(None);
        };
        let Some(issued_by) = IssuingCall::from_event_name(event_name) else {
            return Ok(None);
        };
        let json = record.json();
        let text = |path: &str| {
            str_at(json, path)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        };
        let access_key_id = text("responseElements.credentials.accessKeyId").ok_or_else(|| {
            SessionError::NoAccessKey {
                event_name: event_name.to_owned(),
            }
        })?;
        let issued_at = record
            .event_time()
            .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
            .ok_or_else(|| SessionError::NoEventTime {
                event_name: event_name.to_owned(),
            })?;
        let mut tags = BTreeMap::new();
        // Lowest first: a key named twice keeps the later, more specific source's value.
        for path in [
            "requestParameters.incomingTransitiveTags",
            "requestParameters.principalTags",
            "requestParameters.tags",
        ] {
            read_tags(value_at(json, path), &mut tags);
        }
        let mut transitive_keys: BTreeSet<String> =
            strings(value_at(json, "requestParameters.transitiveTagKeys")).collect();
        // Incoming transitive tags stay transitive down the chain.
        if let Some(Value::Object(incoming)) =
            value_at(json, "requestParameters.incomingTransitiveTags")
        {
            transitive_keys.extend(incoming.keys().cloned());
        }
        let caller = record.user_identity().map(Principal::from_user_identity);
        let issued_to = caller.as_ref().and_then(human_behind);
        // A session never issues itself: sanitised records sometimes repeat one key for both.
        let caller_access_key_id = caller
            .as_ref()
            .and_then(|c| c.access_key_id.clone())
            .filter(|key| is_temporary_key(key) && *key != access_key_id);
        let expires_at = expiry(
            text("responseElements.credentials.expiration").as_deref(),
            value_at(json, "requestParameters.durationSeconds").and_then(Value::as_i64),
            issued_at,
        );
        Ok(Some(Self {
            access_key_id,
            issued_by,
            role_arn: text("requestParameters.roleArn"),
            session_arn: text("responseElements.assumedRoleUser.arn")
                .or_else(|| text("responseElements.federatedUser.arn")),
            session_name: text("requestParameters.roleSessionName")
                .or_else(|| text("requestParameters.name")),
            source_identity: text("requestParameters.sourceIdentity")
                .or_else(|| text("responseElements.sourceIdentity"))
                .or_else(|| caller.as_ref().and_then(|c| c.source_identity.clone())),
            tags,
            transitive_keys,
            issued_to,
            caller_access_key_id,
            caller_account: caller.as_ref().and_then(|c| c.account_id.clone()),
            account: String::new(),
            issued_at: record.event_time().unwrap_or_default().to_owned(),
            expires_at,
        }))
    }

    /// This session as issued by `parent` (the caller's own session, found by
    /// [`Self::caller_access_key_id`]): the parent's transitive tags, source identity and human
    /// carry over. Values this session's record gives itself win.
    pub fn chained_onto(mut self, parent: &IssuedSession) -> Self {
        for key in &parent.transitive_keys {
            if let Some(value) = parent.tags.get(key) {
                self.tags
                    .entry(key.clone())
                    .or_insert_with(|| value.clone());
                self.transitive_keys.insert(key.clone());
            }
        }
        if self.source_identity.is_none() {
            self.source_identity = parent.source_identity.clone();
        }
        if parent.issued_to.is_some() {
            self.issued_to = parent.issued_to.clone();
        }
        self
    }
}

/// Whether an access key id is a temporary one, issued by STS (`ASIA…`).
pub fn is_temporary_key(key: &str) -> bool {
    key.starts_with("ASIA")
}

/// The human a caller stands for, when it names one: a workload's session (an instance
/// profile, a pipeline's role) does not, and a session it opens keeps its own name.
fn human_behind(caller: &Principal) -> Option<String> {
    caller.names_a_human().then(|| caller.owner.clone())
}

/// Reads tags given as `[{key, value}]` (either casing) or as `{key: value}`.
fn read_tags(value: Option<&Value>, into: &mut BTreeMap<String, String>) {
    match value {
        Some(Value::Array(items)) => {
            for item in items {
                let key = str_at(item, "key").or_else(|| str_at(item, "Key"));
                let value = str_at(item, "value").or_else(|| str_at(item, "Value"));
                if let (Some(key), Some(value)) = (key, value) {
                    into.insert(key.to_owned(), value.to_owned());
                }
            }
        }
        Some(Value::Object(map)) => {
            for (key, value) in map {
                if let Some(value) = value.as_str() {
                    into.insert(key.clone(), value.to_owned());
                }
            }
        }
        _ => {}
    }
}

fn strings(value: Option<&Value>) -> impl Iterator<Item = String> + '_ {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
}

/// When credentials expire: the record's `expiration` when readable, else the issue time plus
/// the requested duration, never beyond STS's longest lifetime.
fn expiry(expiration: Option<&str>, duration: Option<i64>, issued_at: OffsetDateTime) -> i64 {
    let issued = issued_at.unix_timestamp();
    let latest = issued + MAX_LIFETIME_SECONDS;
    match expiration.and_then(parse_expiration) {
        Some(at) => at.unix_timestamp().clamp(issued, latest),
        None => {
            issued
                + duration
                    .unwrap_or(DEFAULT_LIFETIME_SECONDS)
                    .clamp(0, MAX_LIFETIME_SECONDS)
        }
    }
}

/// CloudTrail writes `expiration` as RFC 3339 or as `Oct 2, 2019, 11:12:29 PM` (UTC), with or
/// without the comma after the year.
pub fn parse_expiration(text: &str) -> Option<OffsetDateTime> {
    if let Ok(time) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(time);
    }
    let cleaned = text.replace(',', " ");
    let mut words = cleaned.split_whitespace();
    let month = month_named(words.next()?)?;
    let day: u8 = words.next()?.parse().ok()?;
    let year: i32 = words.next()?.parse().ok()?;
    let mut clock = words.next()?.split(':');
    let mut hour: u8 = clock.next()?.parse().ok()?;
    let minute: u8 = clock.next()?.parse().ok()?;
    let second: u8 = clock.next().unwrap_or("0").parse().ok()?;
    match words.next() {
        Some(half) if half.eq_ignore_ascii_case("PM") && hour < 12 => hour += 12,
        Some(half) if half.eq_ignore_ascii_case("AM") && hour == 12 => hour = 0,
        _ => {}
    }
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms(hour, minute, second).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

fn month_named(name: &str) -> Option<Month> {
    let months = [
        Month::January,
        Month::February,
        Month::March,
        Month::April,
        Month::May,
        Month::June,
        Month::July,
        Month::August,
        Month::September,
        Month::October,
        Month::November,
        Month::December,
    ];
    let prefix = name.get(..3)?;
    months.into_iter().find(|m| {
        m.to_string()
            .get(..3)
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]
    use super::*;
    use crate::event::parse_document;

    fn record(detail: serde_json::Value) -> Record {
        let doc = serde_json::json!({"id": "e", "detail-type": "AWS API Call via CloudTrail", "detail": detail});
        parse_document(&doc.to_string())
            .unwrap()
            .remove(0)
            .unwrap()
            .record
    }

    #[test]
    fn reads_cloudtrail_expiration_formats() {
        let expect = |text: &str, rfc: &str| {
            assert_eq!(
                parse_expiration(text).unwrap(),
                OffsetDateTime::parse(rfc, &Rfc3339).unwrap(),
                "{text}"
            );
        };
        expect("Oct 2, 2019, 11:12:29 PM", "2019-10-02T23:12:29Z");
        expect("Dec 27, 2019 11:52:50 AM", "2019-12-27T11:52:50Z");
        expect("Jan 9, 2020 12:03:49 AM", "2020-01-09T00:03:49Z");
        expect("2024-01-01T10:00:00Z", "2024-01-01T10:00:00Z");
        assert!(parse_expiration("soon").is_none());
    }

    #[test]
    fn other_sts_calls_and_failures_issue_nothing() {
        let base = serde_json::json!({"eventSource": "sts.amazonaws.com", "eventName": "GetCallerIdentity", "eventTime": "2024-01-01T00:00:00Z"});
        assert_eq!(IssuedSession::from_record(&record(base.clone())), Ok(None));
        let mut failed = base;
        failed["eventName"] = "AssumeRole".into();
        failed["errorCode"] = "AccessDenied".into();
        assert_eq!(IssuedSession::from_record(&record(failed)), Ok(None));
    }

    #[test]
    fn a_success_without_credentials_is_an_error_naming_the_field() {
        let detail = serde_json::json!({"eventSource": "sts.amazonaws.com", "eventName": "AssumeRole", "eventTime": "2024-01-01T00:00:00Z", "responseElements": null});
        let err = IssuedSession::from_record(&record(detail)).unwrap_err();
        assert!(err.to_string().contains("credentials.accessKeyId"), "{err}");
    }

    #[test]
    fn expiry_falls_back_to_duration_and_is_bounded() {
        let at = OffsetDateTime::parse("2024-01-01T00:00:00Z", &Rfc3339).unwrap();
        let t = at.unix_timestamp();
        assert_eq!(expiry(None, Some(900), at), t + 900);
        assert_eq!(expiry(None, None, at), t + 3600);
        assert_eq!(
            expiry(Some("Jan 9, 2099 5:03:49 PM"), None, at),
            t + MAX_LIFETIME_SECONDS
        );
    }
}
