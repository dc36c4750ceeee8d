//! Spoke sessions: credentials of the auto-tag role in each spoke account, and clients per
//! (account, region) built once and reused.
//!
//! One `sts:AssumeRole` per account per credential lifetime, whatever the number of regions or
//! events: credentials are cached per account and refreshed five minutes before they expire.
//! An account outside the policy's scope is refused before any call is made. Both caches are
//! bounded ([`SESSION_CACHE_CAPACITY`]): past it, the least recently used entry goes, and is
//! built again (one more `AssumeRole`) if it is needed again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, SystemTime};

use autotag_core::arn::{AccountId, Region};
use autotag_core::policy::{AccountScope, TagPolicy};
use aws_config::SdkConfig;
use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider, future};

use crate::clock;

/// Credentials are renewed when they have less than this left.
const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);
/// The session name the spokes' CloudTrail shows for autotag's calls.
const SESSION_NAME: &str = "autotag";
/// Accounts whose credentials, and (account, region) pairs whose clients, are kept at most.
/// A warm hub serves an organization's busy pairs from memory; an event storm across more of
/// them costs rebuilt clients and extra `AssumeRole` calls, never unbounded memory.
pub const SESSION_CACHE_CAPACITY: usize = 256;

/// A map of at most `capacity` entries that drops the least recently used one to make room.
#[derive(Debug)]
struct Lru<K, V> {
    capacity: usize,
    clock: u64,
    entries: HashMap<K, (u64, V)>,
}

impl<K: std::hash::Hash + Eq + Clone, V: Clone> Lru<K, V> {
    fn new(capacity: usize) -> Self {
        Self {
            // A cache of nothing would build every value twice per use.
            capacity: capacity.max(1),
            clock: 0,
            entries: HashMap::new(),
        }
    }

    /// The value for `key`, made by `make` (after evicting to make room) if it is not kept.
    fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> V {
        self.clock += 1;
        let now = self.clock;
        if let Some((used, value)) = self.entries.get_mut(&key) {
            *used = now;
            return value.clone();
        }
        while self.entries.len() >= self.capacity {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, (used, _))| *used)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(oldest) => self.entries.remove(&oldest),
                None => break,
            };
        }
        let value = make();
        self.entries.insert(key, (now, value.clone()));
        value
    }

    fn len(&self) -> usize {
        self.entries.len()
    }
}

/// Why no session could be had for an account.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The account is not in the policy's scope; autotag never assumes into it.
    #[error("account `{account}` is not in the allow-list; not assuming into it")]
    OutOfScope {
        /// The account.
        account: AccountId,
    },
    /// The policy has no external id, which the spoke role's trust policy requires.
    #[error("config field `spoke.external_id` is required to assume spoke roles")]
    NoExternalId,
}

/// Declares [`SpokeClients`]: one client per service, each built from the session's config on
/// first use, so an account whose events touch only EC2 holds one client, not thirteen.
macro_rules! spoke_clients {
    ($($name:ident: $krate:ident, $doc:literal;)*) => {
        /// Clients acting as the auto-tag role in one spoke account and region.
        #[derive(Debug)]
        pub struct SpokeClients {
            config: aws_config::SdkConfig,
            s3: OnceLock<aws_sdk_s3::Client>,
            $($name: OnceLock<$krate::Client>,)*
        }

        impl SpokeClients {
            fn new(config: aws_config::SdkConfig) -> Self {
                Self {
                    config,
                    s3: OnceLock::new(),
                    $($name: OnceLock::new(),)*
                }
            }

            $(
                #[doc = $doc]
                pub fn $name(&self) -> &$krate::Client {
                    self.$name.get_or_init(|| $krate::Client::new(&self.config))
                }
            )*
        }
    };
}

spoke_clients! {
    ec2: aws_sdk_ec2, "EC2.";
    iam: aws_sdk_iam, "IAM.";
    ecr: aws_sdk_ecr, "ECR.";
    tagging: aws_sdk_resourcegroupstagging, "The Resource Groups Tagging API.";
    autoscaling: aws_sdk_autoscaling, "Auto Scaling.";
    organizations: aws_sdk_organizations, "Organizations (in the management account; global, so built for its control region).";
    dax: aws_sdk_dax, "DAX.";
    rolesanywhere: aws_sdk_rolesanywhere, "IAM Roles Anywhere.";
    cloudmap: aws_sdk_servicediscovery, "Cloud Map.";
    cloudwatch: aws_sdk_cloudwatch, "CloudWatch.";
    apigateway: aws_sdk_apigateway, "API Gateway.";
    cloudtrail: aws_sdk_cloudtrail, "CloudTrail (backfill's `LookupEvents`).";
}

impl SpokeClients {
    /// S3; by path, not host name, when the endpoint is custom (an emulator).
    pub fn s3(&self) -> &aws_sdk_s3::Client {
        self.s3.get_or_init(|| {
            let config = aws_sdk_s3::config::Builder::from(&self.config)
                .force_path_style(self.config.endpoint_url().is_some())
                .build();
            aws_sdk_s3::Client::from_conf(config)
        })
    }
}

/// Sessions in spoke accounts, cached.
#[derive(Debug)]
pub struct SpokeSessions {
    base: SdkConfig,
    sts: aws_sdk_sts::Client,
    role_name: String,
    install: autotag_core::policy::install::Install,
    external_id: String,
    scope: AccountScope,
    credentials: Mutex<Lru<AccountId, SharedCredentialsProvider>>,
    clients: Mutex<Lru<(AccountId, Region), Arc<SpokeClients>>>,
}

impl SpokeSessions {
    /// Sessions built on the hub's `base` config, assuming with `sts`, as `policy` says.
    pub fn new(
        base: SdkConfig,
        sts: aws_sdk_sts::Client,
        policy: &TagPolicy,
    ) -> Result<Self, SessionError> {
        let external_id = policy
            .external_id
            .clone()
            .ok_or(SessionError::NoExternalId)?;
        Ok(Self {
            base,
            sts,
            role_name: policy.role_name.clone(),
            install: policy.install.clone(),
            external_id,
            scope: policy.scope.clone(),
            credentials: Mutex::new(Lru::new(SESSION_CACHE_CAPACITY)),
            clients: Mutex::new(Lru::new(SESSION_CACHE_CAPACITY)),
        })
    }

    /// The same sessions, keeping at most `capacity` accounts' credentials and `capacity`
    /// (account, region) pairs' clients (at least one of each).
    pub fn with_capacity(self, capacity: usize) -> Self {
        Self {
            credentials: Mutex::new(Lru::new(capacity)),
            clients: Mutex::new(Lru::new(capacity)),
            ..self
        }
    }

    /// How many accounts' credentials and (account, region) pairs' clients are kept.
    pub fn cached(&self) -> (usize, usize) {
        let credentials = self
            .credentials
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len();
        let clients = self
            .clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len();
        (credentials, clients)
    }

    /// The auto-tag role's credentials provider for `account`, shared by all its regions.
    pub fn credentials(
        &self,
        account: &AccountId,
        partition: &str,
    ) -> Result<SharedCredentialsProvider, SessionError> {
        if !self.scope.contains(account) {
            return Err(SessionError::OutOfScope {
                account: account.clone(),
            });
        }
        let mut providers = self
            .credentials
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        Ok(providers.get_or_insert_with(account.clone(), || {
            SharedCredentialsProvider::new(AssumedRole {
                sts: self.sts.clone(),
                role_arn: self
                    .install
                    .role_arn(partition, account.as_str(), &self.role_name),
                external_id: self.external_id.clone(),
                cached: tokio::sync::Mutex::new(None),
            })
        }))
    }

    /// Clients for `account` in `region`, built on first use.
    pub fn clients(
        &self,
        account: &AccountId,
        region: &Region,
        partition: &str,
    ) -> Result<Arc<SpokeClients>, SessionError> {
        let credentials = self.credentials(account, partition)?;
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(
            clients.get_or_insert_with((account.clone(), region.clone()), || {
                let config = self
                    .base
                    .to_builder()
                    .region(aws_config::Region::new(region.as_str().to_owned()))
                    .credentials_provider(credentials)
                    .build();
                Arc::new(SpokeClients::new(config))
            }),
        )
    }
}

/// Credentials of a role, assumed with an external id and cached until near expiry.
#[derive(Debug)]
struct AssumedRole {
    sts: aws_sdk_sts::Client,
    role_arn: String,
    external_id: String,
    cached: tokio::sync::Mutex<Option<Credentials>>,
}

impl AssumedRole {
    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let mut cached = self.cached.lock().await;
        let now = SystemTime::from(clock::now());
        if let Some(credentials) = cached.as_ref() {
            let fresh = credentials
                .expiry()
                .is_none_or(|expiry| expiry > now + REFRESH_MARGIN);
            if fresh {
                return Ok(credentials.clone());
            }
        }
        let output = self
            .sts
            .assume_role()
            .role_arn(&self.role_arn)
            .role_session_name(SESSION_NAME)
            .external_id(&self.external_id)
            .send()
            .await
            .map_err(CredentialsError::provider_error)?;
        let issued = output.credentials().ok_or_else(|| {
            CredentialsError::unhandled(format!(
                "AssumeRole into `{}` returned no credentials",
                self.role_arn
            ))
        })?;
        let expiry =
            SystemTime::try_from(*issued.expiration()).map_err(CredentialsError::unhandled)?;
        let credentials = Credentials::new(
            issued.access_key_id(),
            issued.secret_access_key(),
            Some(issued.session_token().to_owned()),
            Some(expiry),
            "autotag-assume-role",
        );
        *cached = Some(credentials.clone());
        Ok(credentials)
    }
}

impl ProvideCredentials for AssumedRole {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.fetch())
    }
}
