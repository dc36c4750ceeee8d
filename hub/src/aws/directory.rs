//! The [`Directory`] over spoke accounts: principals' IAM tags (`ListUserTags`/`ListRoleTags`,
//! cached per principal for a bounded time) and Auto Scaling groups' stamps, read through the
//! auto-tag role.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use autotag_core::arn::{AccountId, Region};
use autotag_core::inherit::{ParentRef, ParentStamp, PrincipalRef};

use super::iam::{IamKind, list_tags};
use super::sessions::SpokeSessions;
use super::{autoscaling, failure};
use crate::ports::{Directory, FailureKind, ResourceFailure};

/// The tag CloudFormation puts on the resources of a stack.
const STACK_ID_TAG: &str = "aws:cloudformation:stack-id";
/// How long a principal's tags are reused before being read again.
pub const PRINCIPAL_TAGS_TTL: Duration = Duration::from_secs(10 * 60);
/// At most this many principals are cached; beyond it, expired entries go, then all.
const CACHE_CAPACITY: usize = 4096;

/// Values kept for a bounded time, in a bounded number: past `capacity`, expired entries go,
/// then everything.
#[derive(Debug)]
struct TtlCache<K, V> {
    ttl: Duration,
    capacity: usize,
    entries: Mutex<HashMap<K, (Instant, V)>>,
}

impl<K: std::hash::Hash + Eq + Clone, V: Clone> TtlCache<K, V> {
    fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            ttl,
            capacity,
            entries: Mutex::default(),
        }
    }

    fn get(&self, key: &K, now: Instant) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .filter(|(at, _)| now.saturating_duration_since(*at) < self.ttl)
            .map(|(_, value)| value.clone())
    }

    fn put(&self, key: K, value: V, now: Instant) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            let ttl = self.ttl;
            entries.retain(|_, (at, _)| now.saturating_duration_since(*at) < ttl);
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(key, (now, value));
    }
}

/// Reads identity facts in spoke accounts.
#[derive(Debug)]
pub struct AwsDirectory {
    sessions: Arc<SpokeSessions>,
    principal_tags: TtlCache<PrincipalRef, Option<BTreeMap<String, String>>>,
    /// A lock per principal being read, so that the lookups of a batch's plans, which run
    /// concurrently and mostly name the same few principals, read each one once.
    reading: Mutex<HashMap<PrincipalRef, Arc<tokio::sync::Mutex<()>>>>,
}

/// Reads `key` through `cache`, with `fetch` when it is not there, one fetch at a time per key
/// (`reading` holds a lock per key being fetched): concurrent callers of one key wait for the
/// first and take what it cached. A failed fetch caches nothing, and the next caller fetches.
async fn read_once<K, V, E, F>(
    cache: &TtlCache<K, V>,
    reading: &Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
    key: &K,
    fetch: F,
) -> Result<V, E>
where
    K: std::hash::Hash + Eq + Clone,
    V: Clone,
    F: std::future::Future<Output = Result<V, E>>,
{
    if let Some(value) = cache.get(key, Instant::now()) {
        return Ok(value);
    }
    let lock = {
        let mut locks = reading.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(locks.entry(key.clone()).or_default())
    };
    let _reading = lock.lock().await;
    // Another caller may have read it while this one waited.
    if let Some(value) = cache.get(key, Instant::now()) {
        return Ok(value);
    }
    let fetched = fetch.await;
    if let Ok(value) = &fetched {
        cache.put(key.clone(), value.clone(), Instant::now());
    }
    // Waiters hold their own handles to the lock; later callers find the cache.
    reading
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .remove(key);
    fetched
}

impl AwsDirectory {
    /// A directory reading through `sessions`, caching principal tags for `ttl`.
    pub fn new(sessions: Arc<SpokeSessions>, ttl: Duration) -> Self {
        Self {
            sessions,
            principal_tags: TtlCache::new(ttl, CACHE_CAPACITY),
            reading: Mutex::default(),
        }
    }

    async fn read_principal_tags(
        &self,
        principal: &PrincipalRef,
        region: &Region,
        partition: &str,
    ) -> Result<Option<BTreeMap<String, String>>, ResourceFailure> {
        let clients = self
            .sessions
            .clients(principal.account(), region, partition)
            .map_err(|err| session_failure(format!("{principal:?}"), &err))?;
        let (arn, kind, name, operation) = match principal {
            PrincipalRef::User { account, name } => (
                format!("arn:{partition}:iam::{account}:user/{name}"),
                IamKind::User,
                name,
                "iam:ListUserTags",
            ),
            PrincipalRef::Role { account, name } => (
                format!("arn:{partition}:iam::{account}:role/{name}"),
                IamKind::Role,
                name,
                "iam:ListRoleTags",
            ),
        };
        let tags = match list_tags(clients.iam(), kind, name).await {
            Ok(pairs) => Some(pairs.into_iter().collect()),
            Err(err) if err.is_gone() => None,
            Err(err) => return Err(err.into_failure(&arn, operation)),
        };
        Ok(tags)
    }
}

fn session_failure(target: String, err: &super::sessions::SessionError) -> ResourceFailure {
    ResourceFailure {
        arn: target,
        operation: "sts:AssumeRole",
        kind: FailureKind::Denied,
        source: err.to_string().into(),
    }
}

#[async_trait]
impl Directory for AwsDirectory {
    async fn principal_tags(
        &self,
        principal: &PrincipalRef,
        region: &Region,
        partition: &str,
    ) -> Result<Option<BTreeMap<String, String>>, ResourceFailure> {
        read_once(
            &self.principal_tags,
            &self.reading,
            principal,
            self.read_principal_tags(principal, region, partition),
        )
        .await
    }

    async fn stack_of_resource(
        &self,
        account: &AccountId,
        region: &Region,
        partition: &str,
        arn: &str,
    ) -> Result<Option<String>, ResourceFailure> {
        let clients = self
            .sessions
            .clients(account, region, partition)
            .map_err(|err| session_failure(arn.to_owned(), &err))?;
        let parsed = autotag_core::arn::Arn::parse(arn).map_err(|err| ResourceFailure {
            arn: arn.to_owned(),
            operation: "tag:GetResources",
            kind: FailureKind::Other,
            source: Box::new(err),
        })?;
        if parsed.service() == "ec2" {
            let output = clients
                .ec2()
                .describe_tags()
                .filters(
                    aws_sdk_ec2::types::Filter::builder()
                        .name("resource-id")
                        .values(parsed.resource_id())
                        .build(),
                )
                .filters(
                    aws_sdk_ec2::types::Filter::builder()
                        .name("key")
                        .values(STACK_ID_TAG)
                        .build(),
                )
                .send()
                .await
                .map_err(|err| failure(arn, "ec2:DescribeTags", err))?;
            return Ok(output
                .tags()
                .iter()
                .find_map(|t| t.value().map(str::to_owned)));
        }
        let output = clients
            .tagging()
            .get_resources()
            .resource_arn_list(arn)
            .send()
            .await
            .map_err(|err| failure(arn, "tag:GetResources", err))?;
        Ok(output
            .resource_tag_mapping_list()
            .iter()
            .flat_map(|m| m.tags())
            .find(|t| t.key() == STACK_ID_TAG)
            .map(|t| t.value().to_owned()))
    }

    async fn parent_stamp(
        &self,
        account: &AccountId,
        region: &Region,
        partition: &str,
        parent: &ParentRef,
        owner_key: &str,
    ) -> Result<Option<ParentStamp>, ResourceFailure> {
        let clients = self
            .sessions
            .clients(account, region, partition)
            .map_err(|err| session_failure(parent.to_string(), &err))?;
        let name = match parent {
            ParentRef::AutoScalingGroup { name } => name.clone(),
            ParentRef::AutoScalingInstance { instance_id } => {
                match autoscaling::group_of_instance(clients.autoscaling(), instance_id).await? {
                    Some(name) => name,
                    None => return Ok(None),
                }
            }
            // Stacks' stamps are in the hub's ledger, not in the spoke.
            ParentRef::Stack { .. } | ParentRef::StackOfResource { .. } => return Ok(None),
        };
        autoscaling::group_stamp(clients.autoscaling(), &name, owner_key)
            .await
            .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn concurrent_reads_of_one_key_fetch_it_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let cache = TtlCache::new(Duration::from_secs(600), 16);
        let reading = Mutex::default();
        let fetches = AtomicUsize::new(0);
        let read = |key: &'static &'static str| {
            read_once(&cache, &reading, key, async {
                fetches.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok::<_, String>(key.len())
            })
        };
        let values =
            futures::future::join_all((0..8).map(|_| read(&"alice")).chain([read(&"bob")])).await;
        assert!(values.iter().all(Result::is_ok), "{values:?}");
        assert_eq!(fetches.load(Ordering::SeqCst), 2, "one fetch per key");
        assert!(reading.lock().unwrap().is_empty(), "no lock is kept");

        // A failed fetch caches nothing: the next read fetches again.
        let failed = read_once(&cache, &reading, &"carol", async {
            Err::<usize, _>("throttled")
        });
        assert_eq!(failed.await, Err("throttled"));
        let again = read_once(&cache, &reading, &"carol", async { Ok::<_, &str>(5) });
        assert_eq!(again.await, Ok(5));
    }

    #[test]
    fn cached_values_expire_and_the_cache_stays_bounded() {
        let start = Instant::now();
        let cache = TtlCache::new(Duration::from_secs(600), 2);
        cache.put("alice", 1, start);
        assert_eq!(
            cache.get(&"alice", start + Duration::from_secs(599)),
            Some(1)
        );
        assert_eq!(cache.get(&"alice", start + Duration::from_secs(600)), None);
        // Full: the expired entry goes to make room.
        cache.put("bob", 2, start + Duration::from_secs(700));
        cache.put("carol", 3, start + Duration::from_secs(700));
        assert_eq!(cache.get(&"alice", start), None);
        assert_eq!(cache.get(&"bob", start + Duration::from_secs(701)), Some(2));
        // Full of live entries: everything goes.
        cache.put("dave", 4, start + Duration::from_secs(701));
        assert_eq!(cache.get(&"bob", start + Duration::from_secs(702)), None);
        assert_eq!(
            cache.get(&"dave", start + Duration::from_secs(702)),
            Some(4)
        );
    }
}
