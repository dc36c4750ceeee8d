//! Enforcement's adapters: gathering each resource's facts (its tags from the audit's
//! inventory, an instance's state, image and type from `DescribeInstances`, its account's OU path
//! from Organizations `ListParents`, the ledger's last steps), and acting on it as the spoke
//! role ([`AwsEnforcementActions`]: writing tags over existing values per route — the marks,
//! and `autotag retag`'s changed policy values — removing mark tags, stopping and terminating
//! instances); [`sweep`] puts them together for one run over the estate.

pub mod sweep;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use async_trait::async_trait;
use autotag_core::arn::{AccountId, Region};
use autotag_core::audit::{Observed, route_of};
use autotag_core::enforce::{Creator, Details, ResourceFacts, ResourceState};
use autotag_core::policy::TagPolicy;
use autotag_core::registry::Route;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::sessions::SpokeSessions;
use super::{describe, failure, other_failure as other};
use crate::enforce::EnforceFailure;
use crate::ports::{
    EnforceTarget, EnforcementActions, EnforcementLedger, FailureKind, Observed as SeenNow,
    ResourceFailure,
};

/// Instance ids per `DescribeInstances` call.
const DESCRIBE_IDS: usize = 100;

/// The facts gathered, and what could not be read (those resources are left out: acting on
/// half-known facts could repeat or skip a step).
#[derive(Debug, Default)]
pub struct Gathered {
    /// One per resource the rules may concern.
    pub facts: Vec<ResourceFacts>,
    /// What could not be read.
    pub failures: Vec<EnforceFailure>,
}

/// Whether `observed` concerns enforcement: a type some rule covers, or a mark of a rule (to
/// remove it when the rule is gone).
fn concerned(policy: &TagPolicy, observed: &Observed) -> bool {
    let enforcement = &policy.enforcement;
    enforcement.rules.iter().any(|rule| {
        rule.resource_types
            .contains(observed.resource_type.as_str())
    }) || observed
        .tags
        .keys()
        .any(|key| enforcement.marked_rule(key).is_some())
}

/// The facts of every resource of `observed` that the rules concern: instance details through
/// `sessions`, OU paths through `organizations` (only when a rule names OUs; `None` when it
/// cannot be read), and the ledger's last steps.
pub async fn gather(
    observed: impl IntoIterator<Item = Observed>,
    policy: &TagPolicy,
    sessions: &SpokeSessions,
    organizations: Option<&aws_sdk_organizations::Client>,
    ledger: Option<&dyn EnforcementLedger>,
) -> Gathered {
    let mut gathered = Gathered::default();
    let concerned: Vec<Observed> = observed
        .into_iter()
        .filter(|o| concerned(policy, o))
        .collect();
    // Instance details, one call per account, region and hundred ids.
    let mut instances: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for o in concerned
        .iter()
        .filter(|o| o.resource_type == "ec2:instance")
    {
        instances
            .entry((o.account.clone(), o.region.clone()))
            .or_default()
            .push(o.arn.clone());
    }
    let mut details: BTreeMap<String, (ResourceState, Details)> = BTreeMap::new();
    let mut unreadable: BTreeSet<String> = BTreeSet::new();
    for ((account, region), arns) in &instances {
        match describe_instances(sessions, account, region, arns).await {
            Ok(found) => details.extend(found),
            Err(err) => {
                gathered.failures.push(EnforceFailure {
                    arn: format!("{account}/{region}"),
                    rule: None,
                    operation: "ec2:DescribeInstances".to_owned(),
                    error: err,
                });
                unreadable.extend(arns.iter().cloned());
            }
        }
    }
    let needs_ous = policy
        .enforcement
        .rules
        .iter()
        .any(|rule| !rule.organizational_units.is_empty());
    let mut ou_paths: BTreeMap<String, Option<Vec<String>>> = BTreeMap::new();
    let rules: Vec<&str> = policy
        .enforcement
        .rules
        .iter()
        .map(|rule| rule.name.as_str())
        .collect();
    for o in concerned {
        if unreadable.contains(&o.arn) {
            continue;
        }
        let (state, detail) = if o.resource_type == "ec2:instance" {
            match details.remove(&o.arn) {
                Some(found) => found,
                // Not described: terminated since it was listed.
                None => continue,
            }
        } else {
            (ResourceState::NotApplicable, Details::default())
        };
        let Ok(account) = AccountId::parse(&o.account) else {
            continue;
        };
        let ou_path = match (needs_ous, organizations) {
            (true, Some(client)) => match ou_paths.get(&o.account) {
                Some(path) => path.clone(),
                None => {
                    let path = ou_path(client, &o.account).await;
                    ou_paths.insert(o.account.clone(), path.clone());
                    path
                }
            },
            _ => None,
        };
        let last_actions = match ledger {
            Some(ledger) => match ledger.last_actions(&o.arn, &rules).await {
                Ok(found) => found,
                Err(err) => {
                    gathered.failures.push(EnforceFailure {
                        arn: o.arn.clone(),
                        rule: None,
                        operation: "dynamodb:GetItem".to_owned(),
                        error: format!("reading the ledger's enforcement records: {err}"),
                    });
                    continue;
                }
            },
            None => BTreeMap::new(),
        };
        let created = o
            .tags
            .get(policy.keys.date_created.as_str())
            .or(o.created_at.as_ref())
            .and_then(|text| OffsetDateTime::parse(text, &Rfc3339).ok());
        gathered.facts.push(ResourceFacts {
            creator: Creator::from_tags(&policy.keys, &o.tags),
            arn: o.arn,
            resource_type: o.resource_type,
            account,
            region: o.region,
            ou_path,
            tags: o.tags,
            created,
            state,
            details: detail,
            last_actions,
        });
    }
    gathered
}

/// The life state of an EC2 instance state name.
pub fn instance_state(name: &str) -> ResourceState {
    match name {
        "pending" | "running" => ResourceState::Running,
        "stopping" | "stopped" => ResourceState::Stopped,
        "shutting-down" | "terminated" => ResourceState::Gone,
        _ => ResourceState::NotApplicable,
    }
}

async fn describe_instances(
    sessions: &SpokeSessions,
    account: &str,
    region: &str,
    arns: &[String],
) -> Result<BTreeMap<String, (ResourceState, Details)>, String> {
    let account_id = AccountId::parse(account).map_err(|err| err.to_string())?;
    let region_id = Region::parse(region).map_err(|err| err.to_string())?;
    let clients = sessions
        .clients(&account_id, &region_id, region_id.partition())
        .map_err(|err| err.to_string())?;
    let by_id: BTreeMap<&str, &String> = arns
        .iter()
        .map(|arn| (arn.rsplit('/').next().unwrap_or(arn.as_str()), arn))
        .collect();
    let ids: Vec<&str> = by_id.keys().copied().collect();
    let mut found = BTreeMap::new();
    for chunk in ids.chunks(DESCRIBE_IDS) {
        let mut token = None;
        loop {
            let page = clients
                .ec2()
                .describe_instances()
                .set_instance_ids(Some(chunk.iter().map(|id| (*id).to_owned()).collect()))
                .set_next_token(token)
                .send()
                .await
                .map_err(|err| describe(&err))?;
            for instance in page.reservations().iter().flat_map(|r| r.instances()) {
                let Some(arn) = instance.instance_id().and_then(|id| by_id.get(id)) else {
                    continue;
                };
                let state = instance
                    .state()
                    .and_then(|s| s.name())
                    .map_or(ResourceState::NotApplicable, |n| instance_state(n.as_str()));
                let details = Details {
                    image: instance.image_id().map(str::to_owned),
                    instance_type: instance.instance_type().map(|t| t.as_str().to_owned()),
                };
                found.insert((*arn).clone(), (state, details));
            }
            match page.next_token {
                Some(next) if !next.is_empty() => token = Some(next),
                _ => break,
            }
        }
    }
    Ok(found)
}

/// The OU ids from the root down to `account`, from `ListParents`; `None` when it cannot be
/// read (a rule that names OUs then does not act on the account).
async fn ou_path(client: &aws_sdk_organizations::Client, account: &str) -> Option<Vec<String>> {
    let mut path = Vec::new();
    let mut child = account.to_owned();
    // An organization nests OUs at most five deep under the root.
    for _ in 0..8 {
        let parents = match client.list_parents().child_id(&child).send().await {
            Ok(output) => output,
            Err(err) => {
                tracing::warn!(account, error = %describe(&err), "cannot read the account's OU path");
                return None;
            }
        };
        let parent = parents.parents().first()?;
        let id = parent.id()?.to_owned();
        if parent
            .r#type()
            .is_some_and(|t| t.as_str() == "ORGANIZATIONAL_UNIT")
        {
            path.push(id.clone());
            child = id;
        } else {
            path.reverse();
            return Some(path);
        }
    }
    tracing::warn!(
        account,
        "the account's OU path is deeper than organizations allow"
    );
    None
}

/// Enforcement's actions in the spoke accounts, as the auto-tag role.
#[derive(Debug, Clone)]
pub struct AwsEnforcementActions {
    sessions: Arc<SpokeSessions>,
}

impl AwsEnforcementActions {
    /// Actions through `sessions`.
    pub fn new(sessions: Arc<SpokeSessions>) -> Self {
        Self { sessions }
    }

    fn clients(
        &self,
        target: &EnforceTarget,
        operation: &'static str,
    ) -> Result<Arc<super::sessions::SpokeClients>, ResourceFailure> {
        self.sessions
            .clients(&target.account, &target.region, target.region.partition())
            .map_err(|err| ResourceFailure {
                arn: target.arn.clone(),
                operation,
                kind: FailureKind::Denied,
                source: Box::new(err),
            })
    }
}

/// Why an enforcement action cannot be done on a resource.
#[derive(Debug, thiserror::Error)]
pub enum EnforceActionError {
    /// The type's route writes nothing on the resource (its stamp lives in the ledger), or the
    /// type has no route.
    #[error(
        "tags cannot be written over existing values on `{resource_type}` resources (route `{route}`)"
    )]
    Unsupported {
        /// The registry type.
        resource_type: String,
        /// Its route, or `none`.
        route: String,
    },
    /// The tagging API refused the resource.
    #[error("the tagging API refused `{arn}`: {reason}")]
    Refused {
        /// The resource.
        arn: String,
        /// What it said.
        reason: String,
    },
    /// The type cannot be stopped or terminated.
    #[error("`{resource_type}` cannot be stopped or terminated")]
    NotActionable {
        /// The registry type.
        resource_type: String,
    },
}

fn unsupported(target: &EnforceTarget, operation: &'static str) -> ResourceFailure {
    ResourceFailure {
        arn: target.arn.clone(),
        operation,
        kind: FailureKind::Other,
        source: Box::new(EnforceActionError::Unsupported {
            resource_type: target.resource_type.clone(),
            route: route_of(&target.resource_type)
                .map_or_else(|| "none".to_owned(), |(_, route)| format!("{route:?}")),
        }),
    }
}

fn id_of(arn: &str) -> &str {
    arn.rsplit(['/', ':']).next().unwrap_or(arn)
}

/// A bucket's tag set, empty when it has none.
async fn bucket_tags(
    client: &aws_sdk_s3::Client,
    target: &EnforceTarget,
) -> Result<Vec<(String, String)>, ResourceFailure> {
    super::routes::s3::tag_set(client, id_of(&target.arn))
        .await
        .map_err(|err| failure(&target.arn, "s3:GetBucketTagging", err))
}

/// Replaces a bucket's tag set with `tags` (deleting it when empty).
async fn put_bucket_tags(
    client: &aws_sdk_s3::Client,
    target: &EnforceTarget,
    tags: Vec<(String, String)>,
) -> Result<(), ResourceFailure> {
    let bucket = id_of(&target.arn);
    if tags.is_empty() {
        client
            .delete_bucket_tagging()
            .bucket(bucket)
            .send()
            .await
            .map_err(|err| failure(&target.arn, "s3:PutBucketTagging", err))?;
        return Ok(());
    }
    let tagging = tags
        .into_iter()
        .map(|(k, v)| aws_sdk_s3::types::Tag::builder().key(k).value(v).build())
        .collect::<Result<Vec<_>, _>>()
        .and_then(|set| {
            aws_sdk_s3::types::Tagging::builder()
                .set_tag_set(Some(set))
                .build()
        })
        .map_err(|err| other(&target.arn, "s3:PutBucketTagging", err))?;
    client
        .put_bucket_tagging()
        .bucket(bucket)
        .tagging(tagging)
        .send()
        .await
        .map_err(|err| failure(&target.arn, "s3:PutBucketTagging", err))?;
    Ok(())
}

fn tagging_api_refused(
    target: &EnforceTarget,
    operation: &'static str,
    failed: Option<
        &std::collections::HashMap<String, aws_sdk_resourcegroupstagging::types::FailureInfo>,
    >,
) -> Result<(), ResourceFailure> {
    match failed.and_then(|map| map.get(&target.arn)) {
        None => Ok(()),
        Some(info) => Err(other(
            &target.arn,
            operation,
            EnforceActionError::Refused {
                arn: target.arn.clone(),
                reason: format!(
                    "{}: {}",
                    info.error_code().map_or("error", |c| c.as_str()),
                    info.error_message().unwrap_or("no message")
                ),
            },
        )),
    }
}

/// A change of a resource's tags: written over what is there, or removed.
#[derive(Clone, Copy)]
enum TagEdit<'a> {
    Set(&'a BTreeMap<String, String>),
    Remove(&'a [String]),
}

impl TagEdit<'_> {
    /// The IAM action authorizing the edit: `set`'s or `remove`'s.
    fn action(self, set: &'static str, remove: &'static str) -> &'static str {
        match self {
            Self::Set(_) => set,
            Self::Remove(_) => remove,
        }
    }

    fn name(self) -> &'static str {
        self.action("enforce:SetTags", "enforce:RemoveTags")
    }
}

/// The match of `$route` to each listed route's module (`overwrite` or `untag`, with the spoke
/// client of the same name), authorized as its `$set` or `$remove` action; the routes of
/// `$unsupported` are not edited here. Exhaustive: a new route must be placed.
macro_rules! edit_through_modules {
    ($self:ident, $target:ident, $edit:ident, $route:ident, {
        $($variant:ident => $module:ident, $set:literal, $remove:literal;)*
    } else $unsupported:pat) => {
        match $route {
            $(Some(Route::$variant) => {
                let clients = $self.clients($target, $edit.action($set, $remove))?;
                match $edit {
                    TagEdit::Set(tags) => {
                        super::$module::overwrite(clients.$module(), &$target.arn, tags).await
                    }
                    TagEdit::Remove(keys) => {
                        super::$module::untag(clients.$module(), &$target.arn, keys).await
                    }
                }
            })*
            $unsupported => Err(unsupported($target, $edit.name())),
        }
    };
}

impl AwsEnforcementActions {
    /// `edit` through the service's own tagging API, for the routes other than EC2, S3 and the
    /// Resource Groups Tagging API, which the callers edit themselves.
    async fn edit_natively(
        &self,
        target: &EnforceTarget,
        route: Option<Route>,
        edit: TagEdit<'_>,
    ) -> Result<(), ResourceFailure> {
        if let Some(
            route @ (Route::IamRole
            | Route::IamUser
            | Route::IamPolicy
            | Route::IamInstanceProfile
            | Route::IamMfaDevice),
        ) = route
        {
            let clients = self.clients(target, edit.action("iam:Tag*", "iam:Untag*"))?;
            return match edit {
                TagEdit::Set(tags) => {
                    super::iam::overwrite(clients.iam(), route, &target.arn, tags).await
                }
                TagEdit::Remove(keys) => {
                    super::iam::untag(clients.iam(), route, &target.arn, keys).await
                }
            };
        }
        edit_through_modules! { self, target, edit, route, {
            Ecr => ecr, "ecr:TagResource", "ecr:UntagResource";
            AutoScaling => autoscaling, "autoscaling:CreateOrUpdateTags", "autoscaling:DeleteTags";
            Organizations => organizations, "organizations:TagResource", "organizations:UntagResource";
            Dax => dax, "dax:TagResource", "dax:UntagResource";
            RolesAnywhere => rolesanywhere, "rolesanywhere:TagResource", "rolesanywhere:UntagResource";
            CloudMap => cloudmap, "servicediscovery:TagResource", "servicediscovery:UntagResource";
            CloudWatch => cloudwatch, "cloudwatch:TagResource", "cloudwatch:UntagResource";
            ApiGateway => apigateway, "apigateway:PUT", "apigateway:DELETE";
        } else Some(
            Route::Ec2 | Route::S3Bucket | Route::TaggingApi | Route::Ledger | Route::Untaggable
            | Route::IamRole | Route::IamUser | Route::IamPolicy | Route::IamInstanceProfile
            | Route::IamMfaDevice
        ) | None }
    }
}

#[async_trait]
impl EnforcementActions for AwsEnforcementActions {
    async fn set_tags(
        &self,
        target: &EnforceTarget,
        tags: &BTreeMap<String, String>,
    ) -> Result<(), ResourceFailure> {
        match route_of(&target.resource_type).map(|(_, route)| route) {
            Some(Route::Ec2) => {
                let clients = self.clients(target, "ec2:CreateTags")?;
                let tags = tags
                    .iter()
                    .map(|(k, v)| aws_sdk_ec2::types::Tag::builder().key(k).value(v).build())
                    .collect();
                clients
                    .ec2()
                    .create_tags()
                    .resources(id_of(&target.arn))
                    .set_tags(Some(tags))
                    .send()
                    .await
                    .map_err(|err| failure(&target.arn, "ec2:CreateTags", err))?;
                Ok(())
            }
            Some(Route::S3Bucket) => {
                let clients = self.clients(target, "s3:PutBucketTagging")?;
                let mut merged: Vec<(String, String)> = bucket_tags(clients.s3(), target)
                    .await?
                    .into_iter()
                    .filter(|(k, _)| !tags.contains_key(k))
                    .collect();
                merged.extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
                put_bucket_tags(clients.s3(), target, merged).await
            }
            Some(Route::TaggingApi) => {
                let clients = self.clients(target, "tag:TagResources")?;
                let output = clients
                    .tagging()
                    .tag_resources()
                    .resource_arn_list(&target.arn)
                    .set_tags(Some(tags.clone().into_iter().collect()))
                    .send()
                    .await
                    .map_err(|err| failure(&target.arn, "tag:TagResources", err))?;
                tagging_api_refused(target, "tag:TagResources", output.failed_resources_map())
            }
            route => self.edit_natively(target, route, TagEdit::Set(tags)).await,
        }
    }

    async fn remove_tags(
        &self,
        target: &EnforceTarget,
        keys: &[String],
    ) -> Result<(), ResourceFailure> {
        if keys.is_empty() {
            // EC2's `DeleteTags` without keys removes every tag.
            return Ok(());
        }
        match route_of(&target.resource_type).map(|(_, route)| route) {
            Some(Route::Ec2) => {
                let clients = self.clients(target, "ec2:DeleteTags")?;
                let tags = keys
                    .iter()
                    .map(|k| aws_sdk_ec2::types::Tag::builder().key(k).build())
                    .collect();
                clients
                    .ec2()
                    .delete_tags()
                    .resources(id_of(&target.arn))
                    .set_tags(Some(tags))
                    .send()
                    .await
                    .map_err(|err| failure(&target.arn, "ec2:DeleteTags", err))?;
                Ok(())
            }
            Some(Route::S3Bucket) => {
                let clients = self.clients(target, "s3:PutBucketTagging")?;
                let before = bucket_tags(clients.s3(), target).await?;
                let kept: Vec<(String, String)> = before
                    .iter()
                    .filter(|(k, _)| !keys.contains(k))
                    .cloned()
                    .collect();
                if kept.len() == before.len() {
                    return Ok(());
                }
                put_bucket_tags(clients.s3(), target, kept).await
            }
            Some(Route::TaggingApi) => {
                let clients = self.clients(target, "tag:UntagResources")?;
                let output = clients
                    .tagging()
                    .untag_resources()
                    .resource_arn_list(&target.arn)
                    .set_tag_keys(Some(keys.to_vec()))
                    .send()
                    .await
                    .map_err(|err| failure(&target.arn, "tag:UntagResources", err))?;
                tagging_api_refused(target, "tag:UntagResources", output.failed_resources_map())
            }
            route => {
                self.edit_natively(target, route, TagEdit::Remove(keys))
                    .await
            }
        }
    }

    async fn stop(&self, target: &EnforceTarget) -> Result<(), ResourceFailure> {
        self.stop_or_terminate(target, false).await
    }

    async fn terminate(&self, target: &EnforceTarget) -> Result<(), ResourceFailure> {
        self.stop_or_terminate(target, true).await
    }

    async fn observe(&self, target: &EnforceTarget) -> Result<SeenNow, ResourceFailure> {
        match route_of(&target.resource_type).map(|(_, route)| route) {
            Some(Route::Ec2) if target.resource_type == "ec2:instance" => {
                let clients = self.clients(target, "ec2:DescribeInstances")?;
                let described = clients
                    .ec2()
                    .describe_instances()
                    .instance_ids(id_of(&target.arn))
                    .send()
                    .await
                    .map_err(|err| failure(&target.arn, "ec2:DescribeInstances", err))?;
                let Some(instance) = described
                    .reservations()
                    .iter()
                    .flat_map(|r| r.instances())
                    .next()
                else {
                    return Ok(SeenNow {
                        state: ResourceState::Gone,
                        ..SeenNow::default()
                    });
                };
                Ok(SeenNow {
                    tags: instance
                        .tags()
                        .iter()
                        .filter_map(|t| Some((t.key()?.to_owned(), t.value()?.to_owned())))
                        .collect(),
                    state: instance
                        .state()
                        .and_then(|s| s.name())
                        .map_or(ResourceState::NotApplicable, |n| instance_state(n.as_str())),
                    details: Details {
                        image: instance.image_id().map(str::to_owned),
                        instance_type: instance.instance_type().map(|t| t.as_str().to_owned()),
                    },
                })
            }
            Some(Route::Ec2) => {
                let clients = self.clients(target, "ec2:DescribeTags")?;
                let mut tags = BTreeMap::new();
                let mut token = None;
                loop {
                    let page = clients
                        .ec2()
                        .describe_tags()
                        .filters(
                            aws_sdk_ec2::types::Filter::builder()
                                .name("resource-id")
                                .values(id_of(&target.arn))
                                .build(),
                        )
                        .set_next_token(token)
                        .send()
                        .await
                        .map_err(|err| failure(&target.arn, "ec2:DescribeTags", err))?;
                    tags.extend(page.tags().iter().filter_map(|t| {
                        Some((
                            t.key()?.to_owned(),
                            t.value().unwrap_or_default().to_owned(),
                        ))
                    }));
                    match page.next_token {
                        Some(next) if !next.is_empty() => token = Some(next),
                        _ => break,
                    }
                }
                Ok(SeenNow {
                    tags,
                    ..SeenNow::default()
                })
            }
            Some(Route::S3Bucket) => {
                let clients = self.clients(target, "s3:GetBucketTagging")?;
                Ok(SeenNow {
                    tags: bucket_tags(clients.s3(), target)
                        .await?
                        .into_iter()
                        .collect(),
                    ..SeenNow::default()
                })
            }
            Some(Route::TaggingApi) => {
                let clients = self.clients(target, "tag:GetResources")?;
                let output = clients
                    .tagging()
                    .get_resources()
                    .resource_arn_list(&target.arn)
                    .send()
                    .await
                    .map_err(|err| failure(&target.arn, "tag:GetResources", err))?;
                Ok(SeenNow {
                    tags: output
                        .resource_tag_mapping_list()
                        .iter()
                        .filter(|m| m.resource_arn() == Some(target.arn.as_str()))
                        .flat_map(|m| m.tags())
                        .map(|t| (t.key().to_owned(), t.value().to_owned()))
                        .collect(),
                    ..SeenNow::default()
                })
            }
            _ => Err(unsupported(target, "enforce:Observe")),
        }
    }
}

impl AwsEnforcementActions {
    /// `StopInstances` or `TerminateInstances` on one instance; other types have neither.
    async fn stop_or_terminate(
        &self,
        target: &EnforceTarget,
        terminate: bool,
    ) -> Result<(), ResourceFailure> {
        let operation = if terminate {
            "ec2:TerminateInstances"
        } else {
            "ec2:StopInstances"
        };
        if target.resource_type != "ec2:instance" {
            return Err(not_actionable(target, operation));
        }
        let ec2 = self.clients(target, operation)?.ec2().clone();
        let id = id_of(&target.arn);
        if terminate {
            ec2.terminate_instances()
                .instance_ids(id)
                .send()
                .await
                .map(drop)
                .map_err(|err| failure(&target.arn, operation, err))
        } else {
            ec2.stop_instances()
                .instance_ids(id)
                .send()
                .await
                .map(drop)
                .map_err(|err| failure(&target.arn, operation, err))
        }
    }
}

fn not_actionable(target: &EnforceTarget, operation: &'static str) -> ResourceFailure {
    other(
        &target.arn,
        operation,
        EnforceActionError::NotActionable {
            resource_type: target.resource_type.clone(),
        },
    )
}
