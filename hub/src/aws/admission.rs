//! The admission webhook's [`RepositoryFacts`] in ECR: a repository's tag immutability and
//! scan on push (`DescribeRepositories`), its registry's scanning rules
//! (`GetRegistryScanningConfiguration`, cached per registry and region) and its owner stamp
//! (`ListTagsForResource`).
//!
//! Which credentials: a repository in the webhook's own account is read with the webhook's own
//! credentials; one in another account of the organization (in the policy's scope, with a
//! spoke role configured) as that account's auto-tag role, through [`SpokeSessions`], the way
//! every other spoke adapter reaches it; any other registry with the webhook's own credentials
//! and the `registryId` parameter, which works where the repository's policy grants the
//! webhook's account `ecr:DescribeRepositories` and `ecr:ListTagsForResource`
//! (<https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html>).
//! `GetRegistryScanningConfiguration` has no `registryId`: it reads the caller's registry
//! (<https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetRegistryScanningConfiguration.html>),
//! so for such a foreign registry only the repository's own `scanOnPush` counts.
//!
//! `IMMUTABLE_WITH_EXCLUSION` counts as mutable: the tags matching its exclusion filters can
//! be moved to another image
//! (<https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageTagMutabilityExclusionFilter.html>), and the
//! facts are the repository's, not one image's. An image pinned by digest is unaffected by tag
//! mutability, but `require_digest` is the rule that says so; this one is about the repository.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use autotag_core::admission::decide::{Facts, Repository, RepositoryKey, ScanFrequency, ScanRule};
use autotag_core::arn::{AccountId, Region};
use aws_config::SdkConfig;
use aws_sdk_ecr::types::ImageTagMutability;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::sessions::{SessionError, SpokeSessions};
use super::{ErrorClass, classify};
use crate::ports::{BoxError, RepositoryFacts};

/// Why a repository's facts could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FactsError {
    /// An ECR call failed; the SDK error is the source.
    #[error("`{operation}` on `{repository}` failed ({class})")]
    Call {
        /// The operation (`ecr:DescribeRepositories`).
        operation: &'static str,
        /// The repository.
        repository: String,
        /// `throttled`, `access denied`, `transient`, or the error code.
        class: String,
        /// The SDK error.
        #[source]
        source: BoxError,
    },
    /// `DescribeRepositories` answered without the repository.
    #[error("`ecr:DescribeRepositories` returned no repository `{repository}`")]
    Missing {
        /// The repository.
        repository: String,
    },
}

impl FactsError {
    fn call<E, R>(operation: &'static str, repository: &str, err: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        let class = match classify(&err) {
            ErrorClass::Transient => match err.code() {
                Some(code) if code.contains("Throttl") || code.contains("TooMany") => {
                    format!("throttled: `{code}`")
                }
                Some(code) => format!("transient: `{code}`"),
                None => "timed out or unreachable".to_owned(),
            },
            ErrorClass::Denied => format!("access denied: `{}`", err.code().unwrap_or_default()),
            ErrorClass::Gone | ErrorClass::Other => {
                format!("`{}`", err.code().unwrap_or("error"))
            }
        };
        Self::Call {
            operation,
            repository: repository.to_owned(),
            class,
            source: Box::new(err),
        }
    }
}

/// The cause chain of `err`, `: `-joined, for [`Facts::Unknown`] (kept short: it becomes part
/// of a message `kubectl` shows).
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(next) = cause {
        let next_text = next.to_string();
        // SDK errors say "service error" at the top; the code is already in the class.
        if next_text != "service error" {
            text.push_str(": ");
            text.push_str(&next_text);
        }
        cause = next.source();
    }
    text
}

/// ECR repositories' facts, read with the webhook's own credentials or a spoke's role.
#[derive(Debug)]
pub struct EcrRepositoryFacts {
    own: SdkConfig,
    own_account: Option<AccountId>,
    sessions: Option<Arc<SpokeSessions>>,
    owner_key: String,
    scanning_ttl: Duration,
    own_clients: Mutex<HashMap<Region, aws_sdk_ecr::Client>>,
    scanning: Mutex<ScanCache>,
}

/// Registry scanning rules by registry and region, with when they were read.
type ScanCache = HashMap<(AccountId, Region), (Instant, Vec<ScanRule>)>;

/// The client for a repository, and whether its registry's scanning rules can be read with it.
struct Reader {
    ecr: aws_sdk_ecr::Client,
    own_registry: bool,
}

impl EcrRepositoryFacts {
    /// Facts read as `options` says, for `policy` (its spoke role, scope and owner key). The
    /// webhook's own account is `account` or, if `None`, asked of STS
    /// (`GetCallerIdentity`; if that fails, every registry is read as another account's).
    /// Calls are tried at most `max_attempts` times: the webhook's deadline bounds them anyway,
    /// and a throttled ECR is better answered at once than waited for.
    pub async fn connect(
        options: &super::AwsOptions,
        policy: &autotag_core::policy::TagPolicy,
        account: Option<AccountId>,
        scanning_ttl: Duration,
    ) -> Self {
        let options = super::AwsOptions {
            max_attempts: Some(options.max_attempts.unwrap_or(3)),
            ..options.clone()
        };
        let own = super::load_sdk_config(&options).await;
        let sts = aws_sdk_sts::Client::new(&own);
        let own_account = match account {
            Some(account) => Some(account),
            None => match sts.get_caller_identity().send().await {
                Ok(identity) => identity.account().and_then(|id| AccountId::parse(id).ok()),
                Err(err) => {
                    tracing::warn!(error = %super::describe(&err), "cannot tell the webhook's own account");
                    None
                }
            },
        };
        let sessions = SpokeSessions::new(own.clone(), sts, policy)
            .ok()
            .map(Arc::new);
        Self::new(
            own,
            own_account,
            sessions,
            policy.admission.owner_key.as_str(),
            scanning_ttl,
        )
    }

    /// Facts read with `own` (the webhook's config) in `own_account`, other accounts of the
    /// organization through `sessions`; the owner stamp is the tag `owner_key`; registry
    /// scanning rules are kept `scanning_ttl`.
    pub fn new(
        own: SdkConfig,
        own_account: Option<AccountId>,
        sessions: Option<Arc<SpokeSessions>>,
        owner_key: impl Into<String>,
        scanning_ttl: Duration,
    ) -> Self {
        Self {
            own,
            own_account,
            sessions,
            owner_key: owner_key.into(),
            scanning_ttl,
            own_clients: Mutex::new(HashMap::new()),
            scanning: Mutex::new(HashMap::new()),
        }
    }

    /// The same facts, read in `region` of the webhook's own credentials with `ecr` (a client
    /// with its own retry or HTTP settings).
    pub fn with_own_client(self, region: Region, ecr: aws_sdk_ecr::Client) -> Self {
        self.own_clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(region, ecr);
        self
    }

    fn reader(&self, key: &RepositoryKey) -> Reader {
        let own_registry = self.own_account.as_ref() == Some(&key.registry_id);
        if !own_registry && let Some(sessions) = &self.sessions {
            match sessions.clients(&key.registry_id, &key.region, key.region.partition()) {
                Ok(clients) => {
                    return Reader {
                        ecr: clients.ecr().clone(),
                        own_registry: true,
                    };
                }
                // Not an account of the organization: the webhook's own credentials, below.
                Err(SessionError::OutOfScope { .. } | SessionError::NoExternalId) => {}
            }
        }
        let mut clients = self
            .own_clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let ecr = clients
            .entry(key.region.clone())
            .or_insert_with(|| {
                let config = self
                    .own
                    .to_builder()
                    .region(aws_config::Region::new(key.region.as_str().to_owned()))
                    .build();
                aws_sdk_ecr::Client::new(&config)
            })
            .clone();
        Reader { ecr, own_registry }
    }

    async fn read(&self, key: &RepositoryKey) -> Result<Facts, FactsError> {
        let reader = self.reader(key);
        let name = key.repository.as_str();
        let described = reader
            .ecr
            .describe_repositories()
            .registry_id(key.registry_id.as_str())
            .repository_names(name)
            .send()
            .await;
        let described = match described {
            Ok(out) => out,
            Err(err) if err.code() == Some("RepositoryNotFoundException") => {
                return Ok(Facts::NotFound);
            }
            Err(err) => return Err(FactsError::call("ecr:DescribeRepositories", name, err)),
        };
        let Some(found) = described
            .repositories()
            .iter()
            .find(|r| r.repository_name() == Some(name))
        else {
            return Err(FactsError::Missing {
                repository: name.to_owned(),
            });
        };
        let tag_immutable = found.image_tag_mutability() == Some(&ImageTagMutability::Immutable);
        let scan_on_push = found
            .image_scanning_configuration()
            .is_some_and(|c| c.scan_on_push());
        let owner = match found.repository_arn() {
            Some(arn) => {
                let tags = reader
                    .ecr
                    .list_tags_for_resource()
                    .resource_arn(arn)
                    .send()
                    .await
                    .map_err(|err| FactsError::call("ecr:ListTagsForResource", name, err))?;
                tags.tags()
                    .iter()
                    .find(|t| t.key() == self.owner_key)
                    .map(|t| t.value().to_owned())
            }
            None => None,
        };
        // The registry's rules matter only when the repository does not scan on push itself.
        let registry_scan = if scan_on_push || !reader.own_registry {
            false
        } else {
            let rules = self.scan_rules(&reader.ecr, key).await?;
            ScanRule::covers(&rules, name)
        };
        Ok(Facts::Found(Repository {
            tag_immutable,
            scan_on_push,
            registry_scan,
            owner,
        }))
    }

    async fn scan_rules(
        &self,
        ecr: &aws_sdk_ecr::Client,
        key: &RepositoryKey,
    ) -> Result<Vec<ScanRule>, FactsError> {
        let cache_key = (key.registry_id.clone(), key.region.clone());
        if let Some((read_at, rules)) = self
            .scanning
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&cache_key)
            && read_at.elapsed() < self.scanning_ttl
        {
            return Ok(rules.clone());
        }
        let out = ecr
            .get_registry_scanning_configuration()
            .send()
            .await
            .map_err(|err| {
                FactsError::call("ecr:GetRegistryScanningConfiguration", &key.repository, err)
            })?;
        let rules: Vec<ScanRule> = out
            .scanning_configuration()
            .map(|config| {
                config
                    .rules()
                    .iter()
                    .map(|rule| ScanRule {
                        frequency: ScanFrequency::from_ecr(rule.scan_frequency().as_str()),
                        filters: rule
                            .repository_filters()
                            .iter()
                            .map(|f| f.filter().to_owned())
                            .collect(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        self.scanning
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(cache_key, (Instant::now(), rules.clone()));
        Ok(rules)
    }
}

#[async_trait]
impl RepositoryFacts for EcrRepositoryFacts {
    async fn facts(&self, key: &RepositoryKey) -> Facts {
        match self.read(key).await {
            Ok(facts) => facts,
            Err(err) => {
                tracing::warn!(
                    registry = %key.registry_id,
                    region = %key.region,
                    repository = %key.repository,
                    error = %chain(&err),
                    "cannot read the repository's settings"
                );
                Facts::Unknown(err.to_string())
            }
        }
    }
}
