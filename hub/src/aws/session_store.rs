//! The hub's DynamoDB tables: the [`SessionStore`] (one item per issued session, keyed by its
//! temporary access key id and the account that recorded it, written once, expiring with the
//! credentials through the TTL attribute `expiresAt`) and the [`StampLedger`] (one item per
//! stamped resource, written once, never expiring).
//!
//! Both are the hub stack's tables (`autotag-sessions`, `autotag-ledger`; `pk`, `sk` string
//! keys). Reads are strongly consistent, so an item written a moment ago is found.

use std::collections::BTreeMap;

use async_trait::async_trait;
use autotag_core::session::IssuedSession;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use crate::ports::{BoxError, LedgerStamp, SessionStore, StampLedger};

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
