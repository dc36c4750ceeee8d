//! The processor under a policy kept outside the code: read at cold start, looked at again once
//! its cache has expired, and swapped in only when a new version is valid, so a bad push never
//! stops tagging.

use std::sync::Arc;
use std::time::{Duration, Instant};

use autotag_core::policy::{PolicyError, TagPolicy};
use futures::future::BoxFuture;
use tracing::{info, warn};

use super::Processor;
use crate::ports::{BoxError, PolicyStore};

/// Builds a processor for a policy (its clients, stores and sessions).
pub type BuildProcessor =
    Box<dyn Fn(TagPolicy) -> BoxFuture<'static, Result<Processor, BoxError>> + Send + Sync>;

/// Why the first policy could not be put in force.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    /// The store could not be read.
    #[error("cannot read the policy")]
    Fetch(#[source] BoxError),
    /// The stored policy is not valid.
    #[error("the stored policy (version `{version}`) is not valid")]
    Invalid {
        /// The version refused.
        version: String,
        /// What is wrong.
        #[source]
        source: PolicyError,
    },
    /// The processor could not be built for it.
    #[error("cannot start the hub with the policy")]
    Build(#[source] BoxError),
}

struct InForce {
    processor: Arc<Processor>,
    version: String,
    checked_at: Instant,
}

/// A processor that follows the stored policy.
pub struct LiveProcessor {
    store: Arc<dyn PolicyStore>,
    ttl: Duration,
    build: BuildProcessor,
    in_force: tokio::sync::Mutex<InForce>,
}

impl std::fmt::Debug for LiveProcessor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveProcessor")
            .field("store", &self.store)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl LiveProcessor {
    /// Reads the policy from `store` and builds its processor; fails when either cannot be done,
    /// as a cold start with no policy must not tag.
    pub async fn start(
        store: Arc<dyn PolicyStore>,
        ttl: Duration,
        build: BuildProcessor,
        now: Instant,
    ) -> Result<Self, LiveError> {
        let stored = store.fetch().await.map_err(LiveError::Fetch)?;
        let policy = TagPolicy::from_toml(&stored.text).map_err(|source| LiveError::Invalid {
            version: stored.version.clone(),
            source,
        })?;
        let processor = build(policy).await.map_err(LiveError::Build)?;
        info!(version = %stored.version, "policy in force");
        Ok(Self {
            store,
            ttl,
            build,
            in_force: tokio::sync::Mutex::new(InForce {
                processor: Arc::new(processor),
                version: stored.version,
                checked_at: now,
            }),
        })
    }

    /// The processor to use at `now`: the one in force, after looking at the store once the
    /// cache has expired. A store that cannot be read, a version that is not valid or a
    /// processor that cannot be built leaves the one in force, with a logged reason, and the
    /// store is looked at again after another `ttl`.
    pub async fn current(&self, now: Instant) -> Arc<Processor> {
        let mut in_force = self.in_force.lock().await;
        if now.saturating_duration_since(in_force.checked_at) < self.ttl {
            return in_force.processor.clone();
        }
        in_force.checked_at = now;
        let stored = match self.store.fetch().await {
            Ok(stored) => stored,
            Err(err) => {
                warn!(error = %err, version = %in_force.version, "cannot read the policy; keeping the one in force");
                return in_force.processor.clone();
            }
        };
        if stored.version == in_force.version {
            return in_force.processor.clone();
        }
        let policy = match TagPolicy::from_toml(&stored.text) {
            Ok(policy) => policy,
            Err(err) => {
                warn!(error = %err, refused = %stored.version, version = %in_force.version, "the new policy is not valid; keeping the one in force");
                return in_force.processor.clone();
            }
        };
        match (self.build)(policy).await {
            Ok(processor) => {
                info!(version = %stored.version, previous = %in_force.version, "policy in force");
                in_force.processor = Arc::new(processor);
                in_force.version = stored.version;
            }
            Err(err) => {
                warn!(error = %err, refused = %stored.version, version = %in_force.version, "cannot start the hub with the new policy; keeping the one in force");
            }
        }
        in_force.processor.clone()
    }

    /// The version in force.
    pub async fn version(&self) -> String {
        self.in_force.lock().await.version.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::StoredPolicy;
    use crate::processing::tests::FakeTagger;
    use async_trait::async_trait;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A store whose next answer the test sets, counting reads.
    #[derive(Debug, Default)]
    struct FakeStore {
        answer: Mutex<Option<StoredPolicy>>,
        reads: AtomicUsize,
    }

    impl FakeStore {
        fn set(&self, version: &str, text: &str) {
            *self.answer.lock().unwrap() = Some(StoredPolicy {
                text: text.into(),
                version: version.into(),
            });
        }
        fn fail(&self) {
            *self.answer.lock().unwrap() = None;
        }
    }

    #[async_trait]
    impl PolicyStore for FakeStore {
        async fn fetch(&self) -> Result<StoredPolicy, BoxError> {
            self.reads.fetch_add(1, Ordering::SeqCst);
            self.answer
                .lock()
                .unwrap()
                .clone()
                .ok_or_else(|| "throttled".into())
        }
    }

    fn build() -> BuildProcessor {
        Box::new(|policy| {
            Box::pin(async move {
                Ok(Processor::new(
                    Arc::new(policy),
                    Arc::new(FakeTagger::default()),
                ))
            })
        })
    }

    fn owner_key(processor: &Processor) -> String {
        processor.policy().keys.owner.to_string()
    }

    const TTL: Duration = Duration::from_secs(300);

    #[tokio::test]
    async fn a_new_version_is_in_force_once_the_cache_expires() {
        let store = Arc::new(FakeStore::default());
        store.set("1", "[tags]\nowner = \"owner\"");
        let start = Instant::now();
        let live = LiveProcessor::start(store.clone(), TTL, build(), start)
            .await
            .unwrap();
        store.set("2", "[tags]\nowner = \"CreatedBy-Owner\"");
        let early = live.current(start + Duration::from_secs(10)).await;
        assert_eq!(owner_key(&early), "owner");
        assert_eq!(store.reads.load(Ordering::SeqCst), 1, "cached: no read");
        let later = live.current(start + TTL).await;
        assert_eq!(owner_key(&later), "CreatedBy-Owner");
        assert_eq!(live.version().await, "2");
        // The same version is not parsed or built again.
        let again = live.current(start + TTL * 2).await;
        assert!(Arc::ptr_eq(&later, &again));
    }

    #[tokio::test]
    async fn a_bad_version_or_a_failed_read_keeps_the_policy_in_force() {
        let store = Arc::new(FakeStore::default());
        store.set("1", "[tags]\nowner = \"owner\"");
        let start = Instant::now();
        let live = LiveProcessor::start(store.clone(), TTL, build(), start)
            .await
            .unwrap();
        store.set("2", "[tags]\nowner = \"\"");
        assert_eq!(owner_key(&*live.current(start + TTL).await), "owner");
        assert_eq!(live.version().await, "1");
        store.fail();
        assert_eq!(owner_key(&*live.current(start + TTL * 2).await), "owner");
        // Fixed: the next look after the cache expires takes it.
        store.set("3", "[tags]\nowner = \"team\"");
        assert_eq!(owner_key(&*live.current(start + TTL * 3).await), "team");
    }

    #[tokio::test]
    async fn a_cold_start_without_a_valid_policy_fails_naming_why() {
        let store = Arc::new(FakeStore::default());
        let err = LiveProcessor::start(store.clone(), TTL, build(), Instant::now())
            .await
            .unwrap_err();
        assert!(matches!(err, LiveError::Fetch(_)), "{err}");
        store.set("7", "[tags]\nowner = 3");
        let err = LiveProcessor::start(store, TTL, build(), Instant::now())
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the stored policy (version `7`) is not valid"
        );
    }
}
