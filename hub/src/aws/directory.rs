//! The [`Directory`] over spoke accounts: principals' IAM tags (`ListUserTags`/`ListRoleTags`,
//! cached per principal for a bounded time) and Auto Scaling groups' stamps, read through the
//! auto-tag role.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use autotag_core::arn::{AccountId, Region};
use autotag_core::inherit::{ParentRef, ParentStamp, PrincipalRef};

use super::iam::{Listing, list_role_tags, list_user_tags};
use super::sessions::SpokeSessions;
use super::{ErrorClass, autoscaling, classify, failure};
use crate::ports::{Directory, FailureKind, ResourceFailure};

/// The tag CloudFormation puts on the resources of a stack.
const STACK_ID_TAG: &str = "aws:cloudformation:stack-id";
/// How long a principal's tags are reused before being read again.
pub const PRINCIPAL_TAGS_TTL: Duration = Duration::from_secs(10 * 60);
/// At most this many principals are cached; beyond it, expired entries go, then all.
const CACHE_CAPACITY: usize = 4096;

type CachedTags = (Instant, Option<BTreeMap<String, String>>);

/// Reads identity facts in spoke accounts.
#[derive(Debug)]
pub struct AwsDirectory {
    sessions: Arc<SpokeSessions>,
    ttl: Duration,
    principal_tags: Mutex<HashMap<PrincipalRef, CachedTags>>,
}

impl AwsDirectory {
    /// A directory reading through `sessions`, caching principal tags for `ttl`.
    pub fn new(sessions: Arc<SpokeSessions>, ttl: Duration) -> Self {
        Self {
            sessions,
            ttl,
            principal_tags: Mutex::default(),
        }
    }

    fn cached(&self, principal: &PrincipalRef) -> Option<Option<BTreeMap<String, String>>> {
        let cache = self
            .principal_tags
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        cache
            .get(principal)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, tags)| tags.clone())
    }

    fn remember(&self, principal: &PrincipalRef, tags: Option<BTreeMap<String, String>>) {
        let mut cache = self
            .principal_tags
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if cache.len() >= CACHE_CAPACITY {
            let ttl = self.ttl;
            cache.retain(|_, (at, _)| at.elapsed() < ttl);
            if cache.len() >= CACHE_CAPACITY {
                cache.clear();
            }
        }
        cache.insert(principal.clone(), (Instant::now(), tags));
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
        if let Some(tags) = self.cached(principal) {
            return Ok(tags);
        }
        let (arn, listing) = {
            let clients = self
                .sessions
                .clients(principal.account(), region, partition)
                .map_err(|err| session_failure(format!("{principal:?}"), &err))?;
            match principal {
                PrincipalRef::User { account, name } => (
                    format!("arn:{partition}:iam::{account}:user/{name}"),
                    list_user_tags(&clients.iam, name).await,
                ),
                PrincipalRef::Role { account, name } => (
                    format!("arn:{partition}:iam::{account}:role/{name}"),
                    list_role_tags(&clients.iam, name).await,
                ),
            }
        };
        let tags = match listing {
            Ok(pairs) => Some(pairs.into_iter().collect()),
            Err(Listing::Role(err)) if matches!(classify(&err), ErrorClass::Gone) => None,
            Err(Listing::User(err)) if matches!(classify(&err), ErrorClass::Gone) => None,
            Err(Listing::Role(err)) => return Err(failure(&arn, "iam:ListRoleTags", err)),
            Err(Listing::User(err)) => return Err(failure(&arn, "iam:ListUserTags", err)),
        };
        self.remember(principal, tags.clone());
        Ok(tags)
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
                .ec2
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
            .tagging
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
                match autoscaling::group_of_instance(&clients.autoscaling, instance_id).await? {
                    Some(name) => name,
                    None => return Ok(None),
                }
            }
            // Stacks' stamps are in the hub's ledger, not in the spoke.
            ParentRef::Stack { .. } | ParentRef::StackOfResource { .. } => return Ok(None),
        };
        autoscaling::group_stamp(&clients.autoscaling, &name, owner_key)
            .await
            .map(Some)
    }
}
