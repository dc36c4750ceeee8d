//! What autotag believes about where an event came from: only what AWS vouches for.
//!
//! An event reaches the hub through EventBridge. EventBridge itself sets the envelope's `account`
//! to the account whose bus the event was put on, and refuses `PutEvents` entries whose `source`
//! begins with `aws.` ("All events that come from AWS services begin with `aws.`; customer-generated
//! events can have any value here, as long as it doesn't begin with `aws.`":
//! <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html>). So an
//! event with an `aws.` source and a CloudTrail `detail-type` was written by CloudTrail in the
//! envelope's account, and its record's `recipientAccountId` must name that same account. Anything
//! else in the record (`userIdentity.accountId`, ARNs, request parameters) is only what the
//! record says, and never chooses the account autotag acts in.
//!
//! Records read from CloudTrail log files (`autotag handle`) have no envelope: the operator who
//! hands the file in vouches for it, and the account is the record's `recipientAccountId`.

use crate::arn::AccountId;
use crate::event::{Event, Origin};

/// The `detail-type`s CloudTrail gives the events it delivers to EventBridge.
pub const CLOUDTRAIL_DETAIL_TYPES: [&str; 5] = [
    API_CALL_DETAIL_TYPE,
    "AWS Console Sign In via CloudTrail",
    "AWS Console Action via CloudTrail",
    "AWS Service Event via CloudTrail",
    "AWS Insight via CloudTrail",
];

/// The `detail-type` of CloudTrail's API call events, the only ones that create resources.
pub const API_CALL_DETAIL_TYPE: &str = "AWS API Call via CloudTrail";

/// The prefix AWS reserves for its own event sources.
pub const AWS_SOURCE_PREFIX: &str = "aws.";

/// Who vouches for an event, and so which account it speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Voucher {
    /// EventBridge delivered it from `account`'s bus, with an AWS source.
    EventBridge {
        /// The envelope's account, equal to the record's `recipientAccountId`.
        account: AccountId,
    },
    /// An operator handed in a CloudTrail record or log file.
    Operator {
        /// The record's `recipientAccountId` (or, for records older than that field, the
        /// caller's account).
        account: AccountId,
    },
}

impl Voucher {
    /// The one account the event may act in.
    pub fn account(&self) -> &AccountId {
        match self {
            Self::EventBridge { account } | Self::Operator { account } => account,
        }
    }
}

/// Why an event is not believed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Distrust {
    /// The envelope's `source` is not one only AWS can send.
    #[error(
        "event source `{found}` is not an AWS source (`aws.*`); anyone may put such an event on a bus"
    )]
    NotAwsSource {
        /// The source, or `(none)`.
        found: String,
    },
    /// The envelope's `detail-type` is not one CloudTrail writes.
    #[error("detail-type `{detail_type}` is not a CloudTrail event type")]
    NotCloudTrail {
        /// The detail type, or `(none)`.
        detail_type: String,
    },
    /// The envelope or the record names no valid account.
    #[error("{what} `{text}` is not a 12-digit account id")]
    BadAccount {
        /// Which field.
        what: &'static str,
        /// Its text, or `(none)`.
        text: String,
    },
    /// The record claims another account than the one EventBridge vouches for.
    #[error(
        "the record's `recipientAccountId` `{recipient}` is not the envelope's account `{envelope}` that EventBridge vouches for"
    )]
    AccountMismatch {
        /// The envelope's `account`.
        envelope: String,
        /// The record's `recipientAccountId`.
        recipient: String,
    },
    /// An event that must arrive through EventBridge did not (refused by the hub's queue and
    /// Lambda edges).
    #[error(
        "a bare CloudTrail record is vouched for by nobody here: expected an EventBridge event"
    )]
    NoEnvelope,
}

/// Which account `event` speaks for, and on whose word; `Err` says why it is not believed.
pub fn vouch(event: &Event) -> Result<Voucher, Distrust> {
    let recipient = event.record.recipient_account_id();
    match event.origin {
        Origin::EventBridge => {
            let source = event.source.as_deref().unwrap_or_default();
            if !source.starts_with(AWS_SOURCE_PREFIX) || source.len() == AWS_SOURCE_PREFIX.len() {
                return Err(Distrust::NotAwsSource {
                    found: shown(event.source.as_deref()),
                });
            }
            let detail_type = event.detail_type.as_deref().unwrap_or_default();
            if !CLOUDTRAIL_DETAIL_TYPES.contains(&detail_type) {
                return Err(Distrust::NotCloudTrail {
                    detail_type: shown(event.detail_type.as_deref()),
                });
            }
            let envelope = parse_account("the envelope's `account`", event.envelope_account())?;
            let recipient = parse_account("the record's `recipientAccountId`", recipient)?;
            if envelope != recipient {
                return Err(Distrust::AccountMismatch {
                    envelope: envelope.to_string(),
                    recipient: recipient.to_string(),
                });
            }
            Ok(Voucher::EventBridge { account: envelope })
        }
        Origin::CloudTrail => {
            // Records from before `recipientAccountId` existed (2014) name only the caller's.
            let text = recipient.or_else(|| event.record.identity_account_id());
            Ok(Voucher::Operator {
                account: parse_account("the record's `recipientAccountId`", text)?,
            })
        }
    }
}

fn parse_account(what: &'static str, text: Option<&str>) -> Result<AccountId, Distrust> {
    text.and_then(|t| AccountId::parse(t).ok())
        .ok_or_else(|| Distrust::BadAccount {
            what,
            text: shown(text),
        })
}

fn shown(text: Option<&str>) -> String {
    text.unwrap_or("(none)").to_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]
    use super::*;
    use crate::event::parse_document;

    fn event(envelope: serde_json::Value) -> Event {
        parse_document(&envelope.to_string())
            .unwrap()
            .remove(0)
            .unwrap()
    }

    fn genuine() -> serde_json::Value {
        serde_json::json!({
            "id": "e-1", "source": "aws.ec2", "detail-type": API_CALL_DETAIL_TYPE,
            "account": "222222222222",
            "detail": {"eventName": "CreateVolume", "recipientAccountId": "222222222222"}
        })
    }

    #[test]
    fn believes_an_aws_cloudtrail_event_from_its_own_account() {
        assert_eq!(
            vouch(&event(genuine())).unwrap().account().as_str(),
            "222222222222"
        );
    }

    #[test]
    fn refuses_custom_sources_other_detail_types_and_other_accounts() {
        let with = |key: &str, value: serde_json::Value| {
            let mut forged = genuine();
            forged[key] = value;
            vouch(&event(forged)).unwrap_err()
        };
        for source in ["custom.ec2", "aws", "aws.", "AWS.ec2", "ec2.amazonaws.com"] {
            assert!(
                matches!(with("source", source.into()), Distrust::NotAwsSource { .. }),
                "{source}"
            );
        }
        assert!(matches!(
            with("source", serde_json::Value::Null),
            Distrust::NotAwsSource { .. }
        ));
        assert!(matches!(
            with("detail-type", "AWS API Call via CloudTrail ".into()),
            Distrust::NotCloudTrail { .. }
        ));
        let err = with("account", "111111111111".into());
        assert_eq!(
            err.to_string(),
            "the record's `recipientAccountId` `222222222222` is not the envelope's account \
             `111111111111` that EventBridge vouches for"
        );
        assert!(matches!(
            with("account", serde_json::Value::Null),
            Distrust::BadAccount { .. }
        ));
        let mut no_recipient = genuine();
        no_recipient["detail"]
            .as_object_mut()
            .unwrap()
            .remove("recipientAccountId");
        assert!(matches!(
            vouch(&event(no_recipient)).unwrap_err(),
            Distrust::BadAccount { .. }
        ));
    }

    #[test]
    fn a_bare_record_is_the_operators_word() {
        let bare = event(genuine()["detail"].clone());
        assert_eq!(
            vouch(&bare).unwrap(),
            Voucher::Operator {
                account: AccountId::parse("222222222222").unwrap()
            }
        );
    }
}
