//! In-memory [`SessionStore`] and [`StampLedger`]: what `autotag plan --sessions` preloads,
//! and what tests use in place of DynamoDB.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use async_trait::async_trait;
use autotag_core::session::IssuedSession;

use crate::ports::{BoxError, LedgerStamp, SessionStore, StampLedger};

/// Sessions in a map, keyed by access key id.
#[derive(Debug, Default)]
pub struct MemorySessions {
    sessions: Mutex<HashMap<String, IssuedSession>>,
}

#[async_trait]
impl SessionStore for MemorySessions {
    async fn remember(&self, session: &IssuedSession) -> Result<(), BoxError> {
        self.sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(session.access_key_id.clone(), session.clone());
        Ok(())
    }

    async fn find(&self, access_key_id: &str) -> Result<Option<IssuedSession>, BoxError> {
        Ok(self
            .sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(access_key_id)
            .cloned())
    }
}

/// Stamps in a map, keyed by ARN, written once.
#[derive(Debug, Default)]
pub struct MemoryLedger {
    stamps: Mutex<HashMap<String, LedgerStamp>>,
}

#[async_trait]
impl StampLedger for MemoryLedger {
    async fn record(&self, arn: &str, stamp: &LedgerStamp) -> Result<bool, BoxError> {
        let mut stamps = self.stamps.lock().unwrap_or_else(PoisonError::into_inner);
        if stamps.contains_key(arn) {
            return Ok(false);
        }
        stamps.insert(arn.to_owned(), stamp.clone());
        Ok(true)
    }

    async fn find(&self, arn: &str) -> Result<Option<LedgerStamp>, BoxError> {
        Ok(self
            .stamps
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(arn)
            .cloned())
    }
}
