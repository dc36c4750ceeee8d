//! The [`SessionStore`] in DynamoDB: one item per issued session, keyed by its temporary access
//! key id, expiring (TTL attribute `expiresAt`) with the credentials.
//!
//! The table is the hub stack's `autotag-sessions` (`pk`, `sk` string keys). Reads are
//! strongly consistent, so a session recorded a moment ago is found.

use async_trait::async_trait;
use autotag_core::session::IssuedSession;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::AttributeValue;

use crate::ports::{BoxError, SessionStore};

const SORT_KEY: &str = "session";

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

fn partition_key(access_key_id: &str) -> AttributeValue {
    AttributeValue::S(format!("session#{access_key_id}"))
}

#[async_trait]
impl SessionStore for DynamoSessions {
    async fn remember(&self, session: &IssuedSession) -> Result<(), BoxError> {
        let body = serde_json::to_string(session)?;
        self.client
            .put_item()
            .table_name(&self.table)
            .item("pk", partition_key(&session.access_key_id))
            .item("sk", AttributeValue::S(SORT_KEY.to_owned()))
            .item(
                "expiresAt",
                AttributeValue::N(session.expires_at.to_string()),
            )
            .item("session", AttributeValue::S(body))
            .send()
            .await?;
        Ok(())
    }

    async fn find(&self, access_key_id: &str) -> Result<Option<IssuedSession>, BoxError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", partition_key(access_key_id))
            .key("sk", AttributeValue::S(SORT_KEY.to_owned()))
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
