//! Repository facts for the webhook: a short-lived cache in front of any [`RepositoryFacts`],
//! and the lookups of one review run at once under one deadline.
//!
//! Only answers are cached (found, or not found); an unknown (throttled, denied, late) is
//! asked again by the next review, so a throttling burst does not outlive itself.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use autotag_core::admission::decide::{Facts, RepositoryKey};
use futures::StreamExt as _;

use crate::ports::RepositoryFacts;

/// Repositories kept at most; past it, expired entries go, and if none has expired, all do (a
/// cluster pulls from far fewer repositories; this only bounds memory).
pub const CACHE_CAPACITY: usize = 4096;
/// Lookups of one review run at once, at most.
const CONCURRENCY: usize = 8;

/// [`RepositoryFacts`] remembered for a time.
#[derive(Debug)]
pub struct CachedFacts {
    inner: Arc<dyn RepositoryFacts>,
    ttl: Duration,
    entries: Mutex<HashMap<RepositoryKey, (Instant, Facts)>>,
}

impl CachedFacts {
    /// `inner`'s answers, each kept `ttl` (zero: not kept).
    pub fn new(inner: Arc<dyn RepositoryFacts>, ttl: Duration) -> Self {
        Self {
            inner,
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }
}

#[async_trait]
impl RepositoryFacts for CachedFacts {
    async fn facts(&self, key: &RepositoryKey) -> Facts {
        if let Some((read_at, facts)) = self
            .entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            && read_at.elapsed() < self.ttl
        {
            return facts.clone();
        }
        let facts = self.inner.facts(key).await;
        if !matches!(facts, Facts::Unknown(_)) && !self.ttl.is_zero() {
            let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            if entries.len() >= CACHE_CAPACITY {
                let ttl = self.ttl;
                entries.retain(|_, (read_at, _)| read_at.elapsed() < ttl);
                if entries.len() >= CACHE_CAPACITY {
                    entries.clear();
                }
            }
            entries.insert(key.clone(), (Instant::now(), facts.clone()));
        }
        facts
    }
}

/// The facts of every repository of `keys`, looked up at once; a lookup not done within
/// `deadline` of the call is [`Facts::Unknown`], and is not waited for.
pub async fn lookup_all(
    facts: &dyn RepositoryFacts,
    keys: BTreeSet<RepositoryKey>,
    deadline: Duration,
) -> BTreeMap<RepositoryKey, Facts> {
    let until = tokio::time::Instant::now() + deadline;
    futures::stream::iter(keys)
        .map(|key| async move {
            let found = tokio::time::timeout_at(until, facts.facts(&key))
                .await
                .unwrap_or_else(|_| {
                    Facts::Unknown(format!("not read within {} ms", deadline.as_millis()))
                });
            (key, found)
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await
}
