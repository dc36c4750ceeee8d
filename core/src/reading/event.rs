//! Reading events: EventBridge "AWS API Call via CloudTrail" events, JSON arrays of them, bare
//! CloudTrail records and CloudTrail log files (`{"Records": [...]}`).
//!
//! Parsing is lenient on purpose: records come from AWS, from every era of CloudTrail, and any
//! field may be absent, `null` or of an unexpected type. A document that is not JSON at all is an
//! error; an item inside it that is not an event becomes a [`Rejected`] item carrying its reason,
//! so one bad record never hides the good ones next to it.

use serde_json::Value;

use crate::json_path::str_at;

/// Why a document could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The text is not JSON.
    #[error("input is not JSON: {source}")]
    Json {
        /// The JSON parser's complaint, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// The JSON is neither an event, an array of events, nor a CloudTrail log file.
    #[error(
        "input is a JSON {found}, expected an EventBridge event, an array of them, or a CloudTrail log file"
    )]
    Shape {
        /// What was found instead, e.g. `string`.
        found: &'static str,
    },
}

/// Where an event came from, which decides what its id is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// An EventBridge event whose `detail` is the CloudTrail record; the id is the event's id.
    EventBridge,
    /// A record from a CloudTrail log file or a bare record; the id is the record's `eventID`.
    CloudTrail,
}

/// One CloudTrail record, with the EventBridge envelope it arrived in when there was one.
#[derive(Debug, Clone)]
pub struct Event {
    /// The EventBridge event id, or the record's `eventID` (empty when it has neither).
    pub id: String,
    /// How the event arrived.
    pub origin: Origin,
    /// The envelope's `source`, when the event came through EventBridge (`aws.ec2`).
    pub source: Option<String>,
    /// The envelope's `detail-type`, when the event came through EventBridge.
    pub detail_type: Option<String>,
    /// The envelope's `account`: set by EventBridge to the account the event came from, and
    /// kept when a rule forwards it to another account's bus (see [`crate::trust`]).
    pub envelope_account: Option<String>,
    /// The CloudTrail record itself.
    pub record: Record,
}

impl Event {
    /// The envelope's `account`, when there is one.
    pub fn envelope_account(&self) -> Option<&str> {
        self.envelope_account.as_deref()
    }
}

/// A CloudTrail record, read leniently: every field optional.
#[derive(Debug, Clone)]
pub struct Record {
    detail: Value,
}

impl Record {
    /// Wraps a record's JSON object.
    pub fn new(detail: Value) -> Self {
        Self { detail }
    }

    /// The record as JSON, for templated tags and path lookups.
    pub fn json(&self) -> &Value {
        &self.detail
    }

    /// A top-level string field such as `eventName`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.detail
            .get(name)
            .and_then(Value::as_str)
            .filter(|text| !text.is_empty())
    }

    /// `eventSource`, e.g. `ec2.amazonaws.com`.
    pub fn event_source(&self) -> Option<&str> {
        self.field("eventSource")
    }

    /// `eventName`, e.g. `RunInstances`.
    pub fn event_name(&self) -> Option<&str> {
        self.field("eventName")
    }

    /// `eventID`.
    pub fn event_id(&self) -> Option<&str> {
        self.field("eventID")
    }

    /// `eventTime`, as recorded.
    pub fn event_time(&self) -> Option<&str> {
        self.field("eventTime")
    }

    /// `eventType`, e.g. `AwsApiCall`.
    pub fn event_type(&self) -> Option<&str> {
        self.field("eventType")
    }

    /// `awsRegion`.
    pub fn aws_region(&self) -> Option<&str> {
        self.field("awsRegion")
    }

    /// `recipientAccountId`, the account the call acted in.
    pub fn recipient_account_id(&self) -> Option<&str> {
        self.field("recipientAccountId")
    }

    /// `errorCode`, present when the call failed.
    pub fn error_code(&self) -> Option<&str> {
        // Some producers write a non-string error code; its presence still means failure.
        match self.detail.get("errorCode") {
            Some(Value::String(code)) if !code.is_empty() => Some(code.as_str()),
            Some(Value::Null | Value::String(_)) | None => None,
            Some(_) => Some("(non-text error code)"),
        }
    }

    /// `userIdentity`, when present as an object.
    pub fn user_identity(&self) -> Option<&Value> {
        self.detail
            .get("userIdentity")
            .filter(|value| value.is_object())
    }

    /// `sourceIPAddress`.
    pub fn source_ip_address(&self) -> Option<&str> {
        self.field("sourceIPAddress")
    }

    /// `userAgent`.
    pub fn user_agent(&self) -> Option<&str> {
        self.field("userAgent")
    }

    /// `userIdentity.accountId`.
    pub fn identity_account_id(&self) -> Option<&str> {
        str_at(&self.detail, "userIdentity.accountId").filter(|text| !text.is_empty())
    }
}

/// An item of a document that is not a usable event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The item's id when one could be read.
    pub id: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Reads a whole document into its events, each either usable or rejected with a reason.
pub fn parse_document(text: &str) -> Result<Vec<Result<Event, Rejected>>, ParseError> {
    let value: Value = serde_json::from_str(text).map_err(|source| ParseError::Json { source })?;
    parse_value(value)
}

/// As [`parse_document`], for JSON already parsed.
pub fn parse_value(value: Value) -> Result<Vec<Result<Event, Rejected>>, ParseError> {
    match value {
        Value::Array(items) => Ok(items.into_iter().map(parse_item).collect()),
        Value::Object(mut object) => match object.remove("Records") {
            Some(Value::Array(records)) => Ok(records.into_iter().map(parse_record).collect()),
            Some(other) => Ok(vec![Err(Rejected {
                id: String::new(),
                reason: format!("`Records` is a JSON {}, expected an array", kind(&other)),
            })]),
            None => Ok(vec![parse_item(Value::Object(object))]),
        },
        other => Err(ParseError::Shape {
            found: kind(&other),
        }),
    }
}

/// Reads one EventBridge event (or a bare CloudTrail record).
pub fn parse_item(value: Value) -> Result<Event, Rejected> {
    let Value::Object(mut object) = value else {
        return Err(Rejected {
            id: String::new(),
            reason: format!("event is a JSON {}, expected an object", kind(&value)),
        });
    };
    let text = |object: &serde_json::Map<String, Value>, key: &str| {
        object.get(key).and_then(Value::as_str).map(str::to_owned)
    };
    match object.remove("detail") {
        Some(detail @ Value::Object(_)) => Ok(Event {
            id: text(&object, "id").unwrap_or_default(),
            origin: Origin::EventBridge,
            source: text(&object, "source"),
            detail_type: text(&object, "detail-type"),
            envelope_account: text(&object, "account"),
            record: Record::new(detail),
        }),
        Some(other) => Err(Rejected {
            id: text(&object, "id").unwrap_or_default(),
            reason: format!("`detail` is a JSON {}, expected an object", kind(&other)),
        }),
        None if object.contains_key("eventName") || object.contains_key("eventSource") => {
            parse_record(Value::Object(object))
        }
        None => Err(Rejected {
            id: text(&object, "id").unwrap_or_default(),
            reason: "event has no `detail` and is not a CloudTrail record".to_owned(),
        }),
    }
}

fn parse_record(value: Value) -> Result<Event, Rejected> {
    if !value.is_object() {
        return Err(Rejected {
            id: String::new(),
            reason: format!("record is a JSON {}, expected an object", kind(&value)),
        });
    }
    let record = Record::new(value);
    Ok(Event {
        id: record.event_id().unwrap_or_default().to_owned(),
        origin: Origin::CloudTrail,
        source: None,
        detail_type: None,
        envelope_account: None,
        record,
    })
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_eventbridge_event() {
        let events = parse_document(
            r#"{"id":"e-1","detail-type":"AWS API Call via CloudTrail","account":"111111111111",
                "detail":{"eventName":"CreateVpc","eventSource":"ec2.amazonaws.com","eventID":"r-1"}}"#,
        )
        .unwrap();
        let event = events[0].as_ref().unwrap();
        assert_eq!(event.id, "e-1");
        assert_eq!(event.origin, Origin::EventBridge);
        assert_eq!(event.record.event_name(), Some("CreateVpc"));
        assert_eq!(event.envelope_account.as_deref(), Some("111111111111"));
    }

    #[test]
    fn reads_a_log_file_record_by_record_keeping_bad_items() {
        let events = parse_document(
            r#"{"Records":[{"eventID":"a","eventName":"CreateVpc"}, 7, {"eventID":"b"}]}"#,
        )
        .unwrap();
        assert_eq!(events.len(), 3);
        assert_eq!(events[0].as_ref().unwrap().id, "a");
        assert!(events[1].as_ref().unwrap_err().reason.contains("number"));
        assert_eq!(events[2].as_ref().unwrap().origin, Origin::CloudTrail);
    }

    #[test]
    fn reads_arrays_of_events() {
        let events =
            parse_document(r#"[{"id":"1","detail":{}}, {"id":"2","detail":"x"}]"#).unwrap();
        assert!(events[0].is_ok());
        assert_eq!(events[1].as_ref().unwrap_err().id, "2");
    }

    #[test]
    fn refuses_what_is_not_json_or_not_events() {
        assert!(matches!(parse_document("{"), Err(ParseError::Json { .. })));
        let err = parse_document("\"text\"").unwrap_err();
        assert!(err.to_string().contains("JSON string"), "{err}");
    }

    #[test]
    fn error_code_counts_only_when_non_empty() {
        let record = |detail: &str| Record::new(serde_json::from_str(detail).unwrap());
        assert_eq!(record(r#"{"errorCode":""}"#).error_code(), None);
        assert_eq!(record(r#"{"errorCode":null}"#).error_code(), None);
        assert_eq!(
            record(r#"{"errorCode":"AccessDenied"}"#).error_code(),
            Some("AccessDenied")
        );
    }
}
