//! In-memory [`SessionStore`], [`StampLedger`] (with its [`EnforcementLedger`] records),
//! [`Alerts`] and [`RepositoryFacts`]: what `autotag plan --sessions` preloads, and what tests
//! use in place of DynamoDB and ECR; and [`RecordingActions`], the [`EnforcementActions`] tests
//! use in place of the spoke.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, PoisonError};

use async_trait::async_trait;
use autotag_core::session::IssuedSession;

use crate::ports::{
    Alerts, BoxError, EnforceTarget, EnforcementActions, EnforcementLedger, FailureKind,
    LedgerStamp, Observed, RepositoryFacts, ResourceFailure, SessionStore, StampLedger,
};
use autotag_core::admission::decide::{Facts, RepositoryKey};
use autotag_core::enforce::LastAction;

/// Sessions in a map, keyed by access key id and account, written once.
#[derive(Debug, Default)]
pub struct MemorySessions {
    sessions: Mutex<HashMap<(String, String), IssuedSession>>,
}

#[async_trait]
impl SessionStore for MemorySessions {
    async fn remember(&self, session: &IssuedSession) -> Result<bool, BoxError> {
        let mut sessions = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (session.access_key_id.clone(), session.account.clone());
        if sessions.contains_key(&key) {
            return Ok(false);
        }
        sessions.insert(key, session.clone());
        Ok(true)
    }

    async fn find(
        &self,
        access_key_id: &str,
        account: &str,
    ) -> Result<Option<IssuedSession>, BoxError> {
        Ok(self
            .sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(access_key_id.to_owned(), account.to_owned()))
            .cloned())
    }
}

/// Stamps in a map, keyed by ARN, written once.
#[derive(Debug, Default)]
pub struct MemoryLedger {
    stamps: Mutex<HashMap<String, LedgerStamp>>,
    enforcement: Mutex<HashMap<(String, String), LastAction>>,
    labels: Mutex<BTreeMap<String, autotag_core::ecr::check::LabelCheck>>,
}

#[async_trait]
impl super::LabelLedger for MemoryLedger {
    async fn record_label_check(
        &self,
        check: &autotag_core::ecr::check::LabelCheck,
    ) -> Result<super::LabelRecord, BoxError> {
        let mut labels = self.labels.lock().unwrap_or_else(PoisonError::into_inner);
        if labels
            .get(&check.repository_arn)
            .is_some_and(|kept| kept.order_time() > check.order_time())
        {
            return Ok(super::LabelRecord::Superseded);
        }
        let previous = labels.insert(check.repository_arn.clone(), check.clone());
        Ok(super::LabelRecord::Kept { previous })
    }

    async fn label_checks(
        &self,
        repository_arns: &[String],
    ) -> Result<BTreeMap<String, autotag_core::ecr::check::LabelCheck>, BoxError> {
        let labels = self.labels.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(repository_arns
            .iter()
            .filter_map(|arn| Some((arn.clone(), labels.get(arn)?.clone())))
            .collect())
    }
}

#[async_trait]
impl EnforcementLedger for MemoryLedger {
    async fn last_actions(
        &self,
        arn: &str,
        rules: &[&str],
    ) -> Result<BTreeMap<String, LastAction>, BoxError> {
        let records = self
            .enforcement
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        Ok(rules
            .iter()
            .filter_map(|rule| {
                records
                    .get(&(arn.to_owned(), (*rule).to_owned()))
                    .map(|last| ((*rule).to_owned(), *last))
            })
            .collect())
    }

    async fn reached(&self, arn: &str, rule: &str, last: LastAction) -> Result<(), BoxError> {
        self.enforcement
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert((arn.to_owned(), rule.to_owned()), last);
        Ok(())
    }

    async fn forget(&self, arn: &str, rule: &str) -> Result<(), BoxError> {
        self.enforcement
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&(arn.to_owned(), rule.to_owned()));
        Ok(())
    }
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

    async fn all(&self) -> Result<BTreeMap<String, LedgerStamp>, BoxError> {
        let stamps = self.stamps.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(stamps
            .iter()
            .map(|(arn, stamp)| (arn.clone(), stamp.clone()))
            .collect())
    }
}

/// Alerts kept in a list, for tests to read.
#[derive(Debug, Default)]
pub struct MemoryAlerts {
    sent: Mutex<Vec<(String, String)>>,
}

impl MemoryAlerts {
    /// The (subject, message) pairs published so far.
    pub fn sent(&self) -> Vec<(String, String)> {
        self.sent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

#[async_trait]
impl Alerts for MemoryAlerts {
    async fn publish(&self, subject: &str, message: &str) -> Result<(), BoxError> {
        self.sent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((subject.to_owned(), message.to_owned()));
        Ok(())
    }
}

/// Records every enforcement call as `<operation> <id> <what>` (the id is the ARN's last
/// segment), and fails the calls named in `failing` as `(id, operation)`, where the operation is
/// `set`, `remove`, `stop`, `terminate` or `observe`. `observe` finds no tags.
#[derive(Debug, Default)]
pub struct RecordingActions {
    calls: Mutex<Vec<String>>,
    failing: Vec<(&'static str, &'static str)>,
}

impl RecordingActions {
    /// Fails the calls in `failing`.
    pub fn failing(failing: Vec<(&'static str, &'static str)>) -> Self {
        Self {
            failing,
            ..Self::default()
        }
    }

    /// The calls so far, in order.
    pub fn calls(&self) -> Vec<String> {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn call(
        &self,
        target: &EnforceTarget,
        operation: &'static str,
        what: String,
    ) -> Result<(), ResourceFailure> {
        let id = target.arn.rsplit('/').next().unwrap_or(&target.arn);
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(format!("{operation} {id} {what}").trim_end().to_owned());
        if self
            .failing
            .iter()
            .any(|(i, o)| *i == id && *o == operation)
        {
            return Err(ResourceFailure {
                arn: target.arn.clone(),
                operation,
                kind: FailureKind::Denied,
                source: "UnauthorizedOperation: not allowed".into(),
            });
        }
        Ok(())
    }
}

#[async_trait]
impl EnforcementActions for RecordingActions {
    async fn set_tags(
        &self,
        target: &EnforceTarget,
        tags: &BTreeMap<String, String>,
    ) -> Result<(), ResourceFailure> {
        self.call(target, "set", format!("{tags:?}"))
    }
    async fn remove_tags(
        &self,
        target: &EnforceTarget,
        keys: &[String],
    ) -> Result<(), ResourceFailure> {
        self.call(target, "remove", format!("{keys:?}"))
    }
    async fn stop(&self, target: &EnforceTarget) -> Result<(), ResourceFailure> {
        self.call(target, "stop", String::new())
    }
    async fn terminate(&self, target: &EnforceTarget) -> Result<(), ResourceFailure> {
        self.call(target, "terminate", String::new())
    }
    async fn observe(&self, target: &EnforceTarget) -> Result<Observed, ResourceFailure> {
        self.call(target, "observe", String::new())?;
        Ok(Observed::default())
    }
}

/// Repositories in a map; a repository not in it is not found. Counts the lookups, and can be
/// made slow, as a throttled ECR is.
#[derive(Debug, Default)]
pub struct MemoryRepositories {
    facts: Mutex<HashMap<RepositoryKey, Facts>>,
    lookups: std::sync::atomic::AtomicUsize,
    delay: Mutex<Option<std::time::Duration>>,
}

impl MemoryRepositories {
    /// Sets what `key` is.
    pub fn insert(&self, key: RepositoryKey, facts: Facts) {
        self.facts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, facts);
    }

    /// Makes every lookup take `delay` from now on.
    pub fn slow_down(&self, delay: std::time::Duration) {
        *self.delay.lock().unwrap_or_else(PoisonError::into_inner) = Some(delay);
    }

    /// How many lookups were made.
    pub fn lookups(&self) -> usize {
        self.lookups.load(std::sync::atomic::Ordering::Relaxed)
    }
}

#[async_trait]
impl RepositoryFacts for MemoryRepositories {
    async fn facts(&self, key: &RepositoryKey) -> Facts {
        self.lookups
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let delay = *self.delay.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        self.facts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .cloned()
            .unwrap_or(Facts::NotFound)
    }
}
