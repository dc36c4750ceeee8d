//! The hub's DynamoDB tables: the [`SessionStore`] (one item per issued session, keyed by its
//! temporary access key id and the account that recorded it, written once, expiring with the
//! credentials through the TTL attribute `expiresAt`) and the [`StampLedger`] (one item per
//! stamped resource, written once, never expiring), which also holds the [`EnforcementLedger`]'s
//! records (one item per resource and rule: `pk` `enforce#<arn>`, `sk` `rule#<rule>`, with the
//! step reached and when; rewritten at each step, and emptied rather than deleted when forgotten,
//! so the hub needs only `GetItem` and `PutItem` on the table), and the [`LabelLedger`]'s (one
//! item per ECR repository: `pk` `labels#<repository arn>`, `sk` `labels`, the latest push's label
//! check, replaced by a conditional put only by the check of a push as late or later).
//!
//! Both are the hub stack's tables (`autotag-sessions`, `autotag-ledger`; `pk`, `sk` string
//! keys). Reads are strongly consistent, so an item written a moment ago is found.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use async_trait::async_trait;
use autotag_core::session::IssuedSession;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeValue, KeysAndAttributes, Put, ReturnValue, TransactWriteItem,
};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use crate::ports::{
    BoxError, EnforcementLedger, LabelLedger, LabelRecord, LedgerStamp, SessionStore, StampLedger,
};

/// Sessions in a DynamoDB table.
#[derive(Debug, Clone)]
pub struct DynamoSessions {
    client: Client,
    table: String,
}

impl DynamoSessions {
    /// Sessions in `table`.
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }
}

/// Whether a put conditioned on `attribute_not_exists(pk)` wrote the item: `Ok(false)` when
/// the item was already there and stays as it was.
fn first_write<O>(
    written: Result<O, SdkError<PutItemError, HttpResponse>>,
) -> Result<bool, BoxError> {
    match written {
        Ok(_) => Ok(true),
        Err(err)
            if err
                .as_service_error()
                .is_some_and(PutItemError::is_conditional_check_failed_exception) =>
        {
            Ok(false)
        }
        Err(err) => Err(err.into()),
    }
}

fn partition_key(access_key_id: &str) -> AttributeValue {
    AttributeValue::S(format!("session#{access_key_id}"))
}

fn sort_key(account: &str) -> AttributeValue {
    AttributeValue::S(format!("account#{account}"))
}

#[async_trait]
impl SessionStore for DynamoSessions {
    async fn remember(&self, session: &IssuedSession) -> Result<bool, BoxError> {
        let body = serde_json::to_string(session)?;
        let written = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", partition_key(&session.access_key_id))
            .item("sk", sort_key(&session.account))
            .item(
                "expiresAt",
                AttributeValue::N(session.expires_at.to_string()),
            )
            .item("session", AttributeValue::S(body))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        first_write(written)
    }

    async fn find(
        &self,
        access_key_id: &str,
        account: &str,
    ) -> Result<Option<IssuedSession>, BoxError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", partition_key(access_key_id))
            .key("sk", sort_key(account))
            .consistent_read(true)
            .send()
            .await?;
        let Some(item) = output.item() else {
            return Ok(None);
        };
        match item.get("session") {
            Some(AttributeValue::S(body)) => Ok(Some(serde_json::from_str(body)?)),
            _ => Err(format!("session item `{access_key_id}` has no `session` string").into()),
        }
    }
}

/// Stamps in a DynamoDB table, written once.
#[derive(Debug, Clone)]
pub struct DynamoLedger {
    client: Client,
    table: String,
}

impl DynamoLedger {
    /// The ledger in `table`.
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }
}

fn stamp_key(arn: &str) -> AttributeValue {
    AttributeValue::S(format!("stamp#{arn}"))
}

/// Why a stamp of a batch was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum LedgerWriteError {
    /// The transaction failed for another reason than a condition (throttled past the SDK's
    /// retries, denied, unreachable); every entry it held failed with it.
    #[error("`dynamodb:TransactWriteItems` failed")]
    Transaction(#[source] Arc<SdkError<TransactWriteItemsError, HttpResponse>>),
    /// DynamoDB cancelled this entry for a reason other than its condition.
    #[error("`dynamodb:TransactWriteItems` cancelled the record: `{0}`")]
    Cancelled(String),
    /// Other entries' conditions kept cancelling the transaction.
    #[error("the ledger transaction was cancelled {0} times")]
    KeptCancelled(usize),
    /// No result came back for the entry.
    #[error("the stamp was not recorded")]
    NotRecorded,
}

/// The most actions DynamoDB takes in one `TransactWriteItems`.
const TRANSACTION_ITEMS: usize = 100;
/// Transactions tried for one chunk: each attempt drops the entries whose record was there
/// already, so a chunk ends in at most one attempt more than it holds such entries, bounded.
const TRANSACTION_ATTEMPTS: usize = 4;

impl DynamoLedger {
    /// Records `stamps[i]` for each `i` of `chunk` in one transaction of conditional puts (the
    /// condition as [`StampLedger::record`]'s). A transaction fails whole when one condition
    /// fails; its cancellation reasons say which, those entries were already recorded, and
    /// the rest are tried again without them.
    async fn record_transaction(
        &self,
        stamps: &[(String, LedgerStamp)],
        chunk: &[usize],
    ) -> Vec<(usize, Result<bool, BoxError>)> {
        let mut done = Vec::with_capacity(chunk.len());
        let mut pending: Vec<usize> = chunk.to_vec();
        for _ in 0..TRANSACTION_ATTEMPTS {
            if pending.is_empty() {
                break;
            }
            let mut items = Vec::with_capacity(pending.len());
            for &index in &pending {
                match stamps
                    .get(index)
                    .map(|(arn, stamp)| self.conditional_put(arn, stamp))
                {
                    Some(Ok(item)) => items.push(item),
                    Some(Err(err)) => done.push((index, Err(err))),
                    None => {}
                }
            }
            pending.retain(|index| !done.iter().any(|(d, _)| d == index));
            if pending.is_empty() {
                break;
            }
            let outcome = self
                .client
                .transact_write_items()
                .set_transact_items(Some(items))
                .send()
                .await;
            match outcome {
                Ok(_) => {
                    done.extend(pending.drain(..).map(|index| (index, Ok(true))));
                }
                Err(err) => {
                    let reasons: Option<Vec<Option<String>>> = err
                        .as_service_error()
                        .and_then(|e| match e {
                            TransactWriteItemsError::TransactionCanceledException(cancelled) => {
                                Some(cancelled.cancellation_reasons())
                            }
                            _ => None,
                        })
                        .filter(|reasons| reasons.len() == pending.len())
                        .map(|reasons| {
                            reasons
                                .iter()
                                .map(|r| r.code().map(str::to_owned))
                                .collect()
                        });
                    let Some(reasons) = reasons else {
                        // Not a condition: throttled past the SDK's retries, denied, down.
                        let err = Arc::new(err);
                        done.extend(pending.drain(..).map(|index| {
                            let failed: BoxError =
                                Box::new(LedgerWriteError::Transaction(Arc::clone(&err)));
                            (index, Err(failed))
                        }));
                        break;
                    };
                    let mut retry = Vec::new();
                    for (index, code) in pending.drain(..).zip(reasons) {
                        match code.as_deref() {
                            Some("ConditionalCheckFailed") => done.push((index, Ok(false))),
                            // Cancelled only because another entry's condition failed.
                            None | Some("None") => retry.push(index),
                            Some(other) => done.push((
                                index,
                                Err(Box::new(LedgerWriteError::Cancelled(other.to_owned()))),
                            )),
                        }
                    }
                    pending = retry;
                }
            }
        }
        done.extend(pending.into_iter().map(|index| {
            let failed: BoxError = Box::new(LedgerWriteError::KeptCancelled(TRANSACTION_ATTEMPTS));
            (index, Err(failed))
        }));
        done
    }

    fn conditional_put(
        &self,
        arn: &str,
        stamp: &LedgerStamp,
    ) -> Result<TransactWriteItem, BoxError> {
        let put = Put::builder()
            .table_name(&self.table)
            .item("pk", stamp_key(arn))
            .item("sk", AttributeValue::S("stamp".to_owned()))
            .item("stamp", AttributeValue::S(serde_json::to_string(stamp)?))
            .condition_expression("attribute_not_exists(pk)")
            .build()?;
        Ok(TransactWriteItem::builder().put(put).build())
    }
}

#[async_trait]
impl StampLedger for DynamoLedger {
    async fn record(&self, arn: &str, stamp: &LedgerStamp) -> Result<bool, BoxError> {
        let written = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", stamp_key(arn))
            .item("sk", AttributeValue::S("stamp".to_owned()))
            .item("stamp", AttributeValue::S(serde_json::to_string(stamp)?))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        first_write(written)
    }

    async fn record_all(&self, stamps: &[(String, LedgerStamp)]) -> Vec<Result<bool, BoxError>> {
        let mut results: Vec<Option<Result<bool, BoxError>>> =
            stamps.iter().map(|_| None).collect();
        // A transaction may not touch one item twice: a repeated ARN is recorded by its first
        // entry, and the others say it was already there.
        let mut first_of: std::collections::HashMap<&str, usize> = Default::default();
        let mut unique = Vec::new();
        for (index, (arn, _)) in stamps.iter().enumerate() {
            match first_of.entry(arn.as_str()) {
                std::collections::hash_map::Entry::Occupied(_) => {
                    if let Some(slot) = results.get_mut(index) {
                        *slot = Some(Ok(false));
                    }
                }
                std::collections::hash_map::Entry::Vacant(vacant) => {
                    vacant.insert(index);
                    unique.push(index);
                }
            }
        }
        for chunk in unique.chunks(TRANSACTION_ITEMS) {
            for (index, result) in self.record_transaction(stamps, chunk).await {
                if let Some(slot) = results.get_mut(index) {
                    *slot = Some(result);
                }
            }
        }
        results
            .into_iter()
            .map(|result| result.unwrap_or_else(|| Err(Box::new(LedgerWriteError::NotRecorded))))
            .collect()
    }

    async fn find(&self, arn: &str) -> Result<Option<LedgerStamp>, BoxError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", stamp_key(arn))
            .key("sk", AttributeValue::S("stamp".to_owned()))
            .consistent_read(true)
            .send()
            .await?;
        match output.item().and_then(|item| item.get("stamp")) {
            None => Ok(None),
            Some(AttributeValue::S(body)) => Ok(Some(serde_json::from_str(body)?)),
            Some(_) => Err(format!("ledger item `{arn}` has no `stamp` string").into()),
        }
    }

    async fn all(&self) -> Result<BTreeMap<String, LedgerStamp>, BoxError> {
        let mut stamps = BTreeMap::new();
        let mut start = None;
        loop {
            let page = self
                .client
                .scan()
                .table_name(&self.table)
                .set_exclusive_start_key(start)
                .send()
                .await?;
            for item in page.items() {
                let (Some(AttributeValue::S(pk)), Some(AttributeValue::S(body))) =
                    (item.get("pk"), item.get("stamp"))
                else {
                    continue;
                };
                let Some(arn) = pk.strip_prefix("stamp#") else {
                    continue;
                };
                let stamp: LedgerStamp = serde_json::from_str(body)
                    .map_err(|err| format!("ledger item `{arn}` is unreadable: {err}"))?;
                stamps.insert(arn.to_owned(), stamp);
            }
            match page.last_evaluated_key {
                Some(key) if !key.is_empty() => start = Some(key),
                _ => return Ok(stamps),
            }
        }
    }
}

fn enforcement_key(arn: &str) -> AttributeValue {
    AttributeValue::S(format!("enforce#{arn}"))
}

fn rule_key(rule: &str) -> AttributeValue {
    AttributeValue::S(format!("rule#{rule}"))
}

#[async_trait]
impl EnforcementLedger for DynamoLedger {
    async fn last_actions(
        &self,
        arn: &str,
        rules: &[&str],
    ) -> Result<BTreeMap<String, autotag_core::enforce::LastAction>, BoxError> {
        use time::format_description::well_known::Rfc3339;
        let mut found = BTreeMap::new();
        // One `GetItem` per rule: rules are few, and `Query` would be one more action to grant.
        for rule in rules {
            let output = self
                .client
                .get_item()
                .table_name(&self.table)
                .key("pk", enforcement_key(arn))
                .key("sk", rule_key(rule))
                .consistent_read(true)
                .send()
                .await?;
            let Some(item) = output.item() else {
                continue;
            };
            // A forgotten record has no `action`.
            let (Some(AttributeValue::S(action)), Some(AttributeValue::S(at))) =
                (item.get("action"), item.get("at"))
            else {
                continue;
            };
            let action = autotag_core::policy::enforce::Action::parse(action).ok_or_else(|| {
                format!("enforcement record `{arn}` `{rule}` has an unknown action `{action}`")
            })?;
            let at = time::OffsetDateTime::parse(at, &Rfc3339).map_err(|err| {
                format!("enforcement record `{arn}` `{rule}` has an unreadable time `{at}`: {err}")
            })?;
            found.insert(
                (*rule).to_owned(),
                autotag_core::enforce::LastAction { action, at },
            );
        }
        Ok(found)
    }

    async fn reached(
        &self,
        arn: &str,
        rule: &str,
        last: autotag_core::enforce::LastAction,
    ) -> Result<(), BoxError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .item("pk", enforcement_key(arn))
            .item("sk", rule_key(rule))
            .item("action", AttributeValue::S(last.action.as_str().to_owned()))
            .item(
                "at",
                AttributeValue::S(autotag_core::enforce::utc_seconds(last.at)),
            )
            .send()
            .await?;
        Ok(())
    }

    async fn forget(&self, arn: &str, rule: &str) -> Result<(), BoxError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .item("pk", enforcement_key(arn))
            .item("sk", rule_key(rule))
            .send()
            .await?;
        Ok(())
    }
}

fn label_key(repository_arn: &str) -> AttributeValue {
    AttributeValue::S(format!("{LABEL_PREFIX}{repository_arn}"))
}

/// The partition key prefix of label checks: no stamp (`stamp#`), enforcement (`enforce#`) or
/// session (`session#`) item starts with it.
const LABEL_PREFIX: &str = "labels#";

#[async_trait]
impl LabelLedger for DynamoLedger {
    async fn record_label_check(
        &self,
        check: &autotag_core::ecr::check::LabelCheck,
    ) -> Result<LabelRecord, BoxError> {
        // Retries deliver pushes out of order: an older push's check never replaces a newer
        // one's. Times are UTC seconds (`…Z`), which sort as text. The replaced item comes
        // back (`ALL_OLD`), so the caller knows what the previous push found.
        let written = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", label_key(&check.repository_arn))
            .item("sk", AttributeValue::S("labels".to_owned()))
            .item("check", AttributeValue::S(serde_json::to_string(check)?))
            .item(
                "orderedAt",
                AttributeValue::S(check.order_time().to_owned()),
            )
            .condition_expression("attribute_not_exists(pk) OR orderedAt <= :at")
            .expression_attribute_values(":at", AttributeValue::S(check.order_time().to_owned()))
            .return_values(ReturnValue::AllOld)
            .send()
            .await;
        match written {
            Ok(output) => {
                // The new check is written by now: a replaced item that does not read is
                // taken for no previous check (the mismatch is told), not for a failed write.
                let previous = match output.attributes().map(label_check_of) {
                    None | Some(Ok(None)) => None,
                    Some(Ok(Some((_, previous)))) => Some(previous),
                    Some(Err(err)) => {
                        tracing::warn!(repository = %check.repository_arn, error = %err, "the replaced label check is unreadable");
                        None
                    }
                };
                Ok(LabelRecord::Kept { previous })
            }
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(PutItemError::is_conditional_check_failed_exception) =>
            {
                Ok(LabelRecord::Superseded)
            }
            Err(err) => Err(err.into()),
        }
    }

    async fn label_checks(
        &self,
        repository_arns: &[String],
    ) -> Result<BTreeMap<String, autotag_core::ecr::check::LabelCheck>, BoxError> {
        // The same key twice in one `BatchGetItem` is a `ValidationException`.
        let arns: BTreeSet<&str> = repository_arns.iter().map(String::as_str).collect();
        let arns: Vec<&str> = arns.into_iter().collect();
        let mut checks = BTreeMap::new();
        for chunk in arns.chunks(BATCH_GET_KEYS) {
            let keys = chunk
                .iter()
                .map(|arn| {
                    HashMap::from([
                        ("pk".to_owned(), label_key(arn)),
                        ("sk".to_owned(), AttributeValue::S("labels".to_owned())),
                    ])
                })
                .collect();
            let mut pending = KeysAndAttributes::builder()
                .set_keys(Some(keys))
                .consistent_read(true)
                .build()?;
            let mut retries = 0;
            loop {
                let output = self
                    .client
                    .batch_get_item()
                    .request_items(&self.table, pending)
                    .send()
                    .await?;
                for item in output
                    .responses()
                    .and_then(|tables| tables.get(&self.table))
                    .into_iter()
                    .flatten()
                {
                    if let Some((arn, check)) = label_check_of(item)? {
                        checks.insert(arn, check);
                    }
                }
                // A partial result is not an error: throttling or the 16 MB limit leave keys
                // unread, to be asked for again after a pause.
                let Some(left) = output
                    .unprocessed_keys()
                    .and_then(|tables| tables.get(&self.table))
                    .filter(|left| !left.keys().is_empty())
                else {
                    break;
                };
                retries += 1;
                if retries > UNPROCESSED_RETRIES {
                    return Err(format!(
                        "{} label checks were still unread after {UNPROCESSED_RETRIES} retries of `BatchGetItem`",
                        left.keys().len()
                    )
                    .into());
                }
                tokio::time::sleep(unprocessed_pause(retries)).await;
                pending = left.clone();
            }
        }
        Ok(checks)
    }
}

/// At most this many keys go in one `BatchGetItem`: more is a `ValidationException`.
const BATCH_GET_KEYS: usize = 100;

/// How often keys a `BatchGetItem` left unprocessed are asked for again before the read fails.
const UNPROCESSED_RETRIES: u32 = 6;

/// The pause before retry `retry` of unprocessed keys: 50 ms doubling, at most 1.6 s.
fn unprocessed_pause(retry: u32) -> std::time::Duration {
    std::time::Duration::from_millis(50u64 << retry.clamp(1, 6).saturating_sub(1))
}

/// The repository ARN and label check an item holds, or `None` for an item that is not one.
fn label_check_of(
    item: &HashMap<String, AttributeValue>,
) -> Result<Option<(String, autotag_core::ecr::check::LabelCheck)>, BoxError> {
    let (Some(AttributeValue::S(pk)), Some(AttributeValue::S(body))) =
        (item.get("pk"), item.get("check"))
    else {
        return Ok(None);
    };
    let Some(arn) = pk.strip_prefix(LABEL_PREFIX) else {
        return Ok(None);
    };
    let check = serde_json::from_str(body)
        .map_err(|err| format!("label check `{arn}` is unreadable: {err}"))?;
    Ok(Some((arn.to_owned(), check)))
}

/// The item holding the version of `parameter` the last complete retag brought the estate to:
/// `pk` `retag#<parameter>` cannot meet a stamp's (`stamp#<arn>`), a session's, an enforcement
/// record's or a label check's key, and the audit's scan reads only `stamp#` items.
fn watermark_key(parameter: &str) -> AttributeValue {
    AttributeValue::S(format!("retag#{parameter}"))
}

const WATERMARK_SORT_KEY: &str = "watermark";

impl DynamoLedger {
    /// The version of the policy `parameter` the last complete retag brought the estate to,
    /// if one was recorded.
    pub async fn retag_watermark(&self, parameter: &str) -> Result<Option<u64>, BoxError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", watermark_key(parameter))
            .key("sk", AttributeValue::S(WATERMARK_SORT_KEY.to_owned()))
            .consistent_read(true)
            .send()
            .await?;
        let Some(item) = output.item() else {
            return Ok(None);
        };
        match item.get("version") {
            Some(AttributeValue::N(version)) => Ok(Some(version.parse().map_err(|err| {
                format!("the retag watermark of `{parameter}` is unreadable: `{version}`: {err}")
            })?)),
            _ => {
                Err(format!("the retag watermark of `{parameter}` has no `version` number").into())
            }
        }
    }

    /// Records that the estate is at `version` of `parameter`, unless a version as recent or
    /// more is recorded already (a slower run of an older change, or a retag by hand, never
    /// moves it backwards): `Ok(false)` then.
    pub async fn advance_retag_watermark(
        &self,
        parameter: &str,
        version: u64,
        now: time::OffsetDateTime,
    ) -> Result<bool, BoxError> {
        use time::format_description::well_known::Rfc3339;
        let written = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", watermark_key(parameter))
            .item("sk", AttributeValue::S(WATERMARK_SORT_KEY.to_owned()))
            .item("version", AttributeValue::N(version.to_string()))
            .item("at", AttributeValue::S(now.format(&Rfc3339)?))
            .condition_expression("attribute_not_exists(pk) OR #version < :version")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":version", AttributeValue::N(version.to_string()))
            .send()
            .await;
        first_write(written)
    }
}
