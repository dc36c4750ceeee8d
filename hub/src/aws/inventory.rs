//! Listing an account and region for the auditor, as the autotag role, with read-only calls.
//!
//! The tagging API's `GetResources` finds every resource that carries (or once carried) a tag,
//! whatever its type, but never one that was never tagged. The per-service listings below find
//! those too, for the types autotag stamps most (docs/coverage.md says which), and give each
//! resource's own creation time where the service reports it, which backfill's unknown-owner
//! marker uses. A listing that fails is reported with the others' results, never hidden.

use std::collections::BTreeMap;

use autotag_core::arn::{AccountId, Region};
use autotag_core::audit::{Observed, resource_type_of};
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;

use super::sessions::SpokeClients;
use super::{ErrorClass, classify, describe};

/// Pages any one listing of an account reads before it stops and says so.
const MAX_LISTING_PAGES: usize = 10_000;

/// What listing one account and region found, and what could not be listed.
#[derive(Debug, Default)]
pub struct Inventory {
    /// Resources by ARN.
    pub resources: BTreeMap<String, Observed>,
    /// `(operation, error)` of each listing that failed.
    pub failures: Vec<(String, String)>,
}

impl Inventory {
    fn add(
        &mut self,
        target: &Target<'_>,
        arn: String,
        tags: Option<BTreeMap<String, String>>,
        created_at: Option<String>,
        found_by: &str,
    ) {
        let resource_type = resource_type_of(&arn).map_or_else(
            || arn.split(':').nth(2).unwrap_or("unknown").to_owned() + ":unknown",
            |(t, _)| t.to_owned(),
        );
        let entry = self
            .resources
            .entry(arn.clone())
            .or_insert_with(|| Observed {
                arn,
                account: target.account.as_str().to_owned(),
                region: target.region.as_str().to_owned(),
                resource_type,
                tags: BTreeMap::new(),
                created_at: None,
                found_by: found_by.to_owned(),
            });
        if let Some(tags) = tags {
            entry.tags.extend(tags);
        }
        if created_at.is_some() {
            entry.created_at = created_at;
            // The service's own listing names the resource more exactly than the tagging API.
            found_by.clone_into(&mut entry.found_by);
        }
    }

    fn failed(&mut self, operation: &str, error: String) {
        tracing::warn!(operation, %error, "listing failed");
        self.failures.push((operation.to_owned(), error));
    }
}

/// The account and region being listed.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The account.
    pub account: &'a AccountId,
    /// The region.
    pub region: &'a Region,
    /// Whether to list global resources (IAM, S3's bucket list) here: once per account.
    pub global: bool,
}

fn time(value: Option<&DateTime>) -> Option<String> {
    value.and_then(|t| t.fmt(Format::DateTime).ok())
}

fn error_text<E, R>(err: &aws_smithy_runtime_api::client::result::SdkError<E, R>) -> String
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata,
{
    describe(err)
}

/// Lists `target` with every listing autotag knows.
pub async fn list(clients: &SpokeClients, target: Target<'_>) -> Inventory {
    let mut found = Inventory::default();
    tagged(clients, &target, &mut found).await;
    ec2(clients, &target, &mut found).await;
    ecr(clients, &target, &mut found).await;
    autoscaling(clients, &target, &mut found).await;
    if target.global {
        s3(clients, &target, &mut found).await;
        iam(clients, &target, &mut found).await;
    }
    found
}

fn pairs<'a>(
    tags: impl IntoIterator<Item = (Option<&'a str>, Option<&'a str>)>,
) -> BTreeMap<String, String> {
    tags.into_iter()
        .filter_map(|(k, v)| Some((k?.to_owned(), v.unwrap_or_default().to_owned())))
        .collect()
}

async fn tagged(clients: &SpokeClients, target: &Target<'_>, found: &mut Inventory) {
    let mut token: Option<String> = None;
    for _ in 0..MAX_LISTING_PAGES {
        let page = match clients
            .tagging()
            .get_resources()
            .resources_per_page(100)
            .set_pagination_token(token.clone())
            .send()
            .await
        {
            Ok(page) => page,
            Err(err) => return found.failed("tag:GetResources", error_text(&err)),
        };
        for mapping in page.resource_tag_mapping_list() {
            let Some(arn) = mapping.resource_arn() else {
                continue;
            };
            let tags = pairs(
                mapping
                    .tags()
                    .iter()
                    .map(|t| (Some(t.key()), Some(t.value()))),
            );
            found.add(target, arn.to_owned(), Some(tags), None, "tag:GetResources");
        }
        match page.pagination_token {
            Some(next) if !next.is_empty() => token = Some(next),
            _ => return,
        }
    }
    found.failed(
        "tag:GetResources",
        format!("still paging after {MAX_LISTING_PAGES} pages"),
    );
}

async fn ec2(clients: &SpokeClients, target: &Target<'_>, found: &mut Inventory) {
    let (partition, region, account) = (
        target.region.partition(),
        target.region.as_str(),
        target.account.as_str(),
    );
    let arn = |kind: &str, id: &str| format!("arn:{partition}:ec2:{region}:{account}:{kind}/{id}");
    let ec2 = clients.ec2();
    // Instances.
    let mut token = None;
    loop {
        match ec2.describe_instances().set_next_token(token).send().await {
            Ok(page) => {
                for instance in page.reservations().iter().flat_map(|r| r.instances()) {
                    let terminated = instance
                        .state()
                        .and_then(|s| s.name())
                        .is_some_and(|n| n.as_str() == "terminated");
                    let Some(id) = instance.instance_id().filter(|_| !terminated) else {
                        continue;
                    };
                    let tags = pairs(instance.tags().iter().map(|t| (t.key(), t.value())));
                    found.add(
                        target,
                        arn("instance", id),
                        Some(tags),
                        time(instance.launch_time()),
                        "ec2:DescribeInstances",
                    );
                }
                match page.next_token {
                    Some(next) if !next.is_empty() => token = Some(next),
                    _ => break,
                }
            }
            Err(err) => {
                found.failed("ec2:DescribeInstances", error_text(&err));
                break;
            }
        }
    }
    // Volumes.
    let mut token = None;
    loop {
        match ec2.describe_volumes().set_next_token(token).send().await {
            Ok(page) => {
                for volume in page.volumes() {
                    let Some(id) = volume.volume_id() else {
                        continue;
                    };
                    let tags = pairs(volume.tags().iter().map(|t| (t.key(), t.value())));
                    found.add(
                        target,
                        arn("volume", id),
                        Some(tags),
                        time(volume.create_time()),
                        "ec2:DescribeVolumes",
                    );
                }
                match page.next_token {
                    Some(next) if !next.is_empty() => token = Some(next),
                    _ => break,
                }
            }
            Err(err) => {
                found.failed("ec2:DescribeVolumes", error_text(&err));
                break;
            }
        }
    }
    // Snapshots and images the account owns: their ARNs name no account.
    let no_account = |kind: &str, id: &str| format!("arn:{partition}:ec2:{region}::{kind}/{id}");
    let mut token = None;
    loop {
        let listed = ec2
            .describe_snapshots()
            .owner_ids("self")
            .set_next_token(token)
            .send()
            .await;
        let page = match listed {
            Ok(page) => page,
            Err(err) => {
                found.failed("ec2:DescribeSnapshots", error_text(&err));
                break;
            }
        };
        for snapshot in page.snapshots() {
            let Some(id) = snapshot.snapshot_id() else {
                continue;
            };
            let tags = pairs(snapshot.tags().iter().map(|t| (t.key(), t.value())));
            found.add(
                target,
                no_account("snapshot", id),
                Some(tags),
                time(snapshot.start_time()),
                "ec2:DescribeSnapshots",
            );
        }
        match page.next_token {
            Some(next) if !next.is_empty() => token = Some(next),
            _ => break,
        }
    }
    let mut token = None;
    loop {
        let listed = ec2
            .describe_images()
            .owners("self")
            .set_next_token(token)
            .send()
            .await;
        let page = match listed {
            Ok(page) => page,
            Err(err) => {
                found.failed("ec2:DescribeImages", error_text(&err));
                break;
            }
        };
        for image in page.images() {
            let Some(id) = image.image_id() else { continue };
            let tags = pairs(image.tags().iter().map(|t| (t.key(), t.value())));
            found.add(
                target,
                no_account("image", id),
                Some(tags),
                image.creation_date().map(str::to_owned),
                "ec2:DescribeImages",
            );
        }
        match page.next_token {
            Some(next) if !next.is_empty() => token = Some(next),
            _ => break,
        }
    }
    // Networking, which reports no creation time.
    match ec2.describe_security_groups().send().await {
        Ok(page) => {
            for group in page.security_groups() {
                let Some(id) = group.group_id() else { continue };
                // Every VPC's `default` group is made by AWS, not by a person.
                if group.group_name() == Some("default") {
                    continue;
                }
                let tags = pairs(group.tags().iter().map(|t| (t.key(), t.value())));
                found.add(
                    target,
                    arn("security-group", id),
                    Some(tags),
                    None,
                    "ec2:DescribeSecurityGroups",
                );
            }
        }
        Err(err) => found.failed("ec2:DescribeSecurityGroups", error_text(&err)),
    }
    match ec2.describe_vpcs().send().await {
        Ok(page) => {
            for vpc in page.vpcs() {
                let Some(id) = vpc.vpc_id().filter(|_| vpc.is_default() != Some(true)) else {
                    continue;
                };
                let tags = pairs(vpc.tags().iter().map(|t| (t.key(), t.value())));
                found.add(target, arn("vpc", id), Some(tags), None, "ec2:DescribeVpcs");
            }
        }
        Err(err) => found.failed("ec2:DescribeVpcs", error_text(&err)),
    }
    match ec2.describe_subnets().send().await {
        Ok(page) => {
            for subnet in page.subnets() {
                let Some(id) = subnet
                    .subnet_id()
                    .filter(|_| subnet.default_for_az() != Some(true))
                else {
                    continue;
                };
                let tags = pairs(subnet.tags().iter().map(|t| (t.key(), t.value())));
                found.add(
                    target,
                    arn("subnet", id),
                    Some(tags),
                    None,
                    "ec2:DescribeSubnets",
                );
            }
        }
        Err(err) => found.failed("ec2:DescribeSubnets", error_text(&err)),
    }
}

async fn ecr(clients: &SpokeClients, target: &Target<'_>, found: &mut Inventory) {
    let mut token = None;
    loop {
        let page = match clients
            .ecr()
            .describe_repositories()
            .set_next_token(token)
            .send()
            .await
        {
            Ok(page) => page,
            Err(err) => return found.failed("ecr:DescribeRepositories", error_text(&err)),
        };
        for repository in page.repositories() {
            let Some(arn) = repository.repository_arn() else {
                continue;
            };
            let tags = match clients
                .ecr()
                .list_tags_for_resource()
                .resource_arn(arn)
                .send()
                .await
            {
                Ok(listed) => Some(pairs(
                    listed
                        .tags()
                        .iter()
                        .map(|t| (Some(t.key()), Some(t.value()))),
                )),
                Err(err) => {
                    found.failed(
                        "ecr:ListTagsForResource",
                        format!("`{arn}`: {}", error_text(&err)),
                    );
                    None
                }
            };
            found.add(
                target,
                arn.to_owned(),
                tags,
                time(repository.created_at()),
                "ecr:DescribeRepositories",
            );
        }
        match page.next_token {
            Some(next) if !next.is_empty() => token = Some(next),
            _ => return,
        }
    }
}

async fn autoscaling(clients: &SpokeClients, target: &Target<'_>, found: &mut Inventory) {
    let (partition, region, account) = (
        target.region.partition(),
        target.region.as_str(),
        target.account.as_str(),
    );
    let mut token = None;
    loop {
        let page = match clients
            .autoscaling()
            .describe_auto_scaling_groups()
            .set_next_token(token)
            .send()
            .await
        {
            Ok(page) => page,
            Err(err) => {
                return found.failed("autoscaling:DescribeAutoScalingGroups", error_text(&err));
            }
        };
        for group in page.auto_scaling_groups() {
            let Some(name) = group.auto_scaling_group_name() else {
                continue;
            };
            // Named as the registry names groups (and the ledger keeps them): by name, with the
            // group's id left as `*`.
            let arn = format!(
                "arn:{partition}:autoscaling:{region}:{account}:autoScalingGroup:*:autoScalingGroupName/{name}"
            );
            let tags = pairs(group.tags().iter().map(|t| (t.key(), t.value())));
            found.add(
                target,
                arn,
                Some(tags),
                time(group.created_time()),
                "autoscaling:DescribeAutoScalingGroups",
            );
        }
        match page.next_token {
            Some(next) if !next.is_empty() => token = Some(next),
            _ => return,
        }
    }
}

async fn s3(clients: &SpokeClients, target: &Target<'_>, found: &mut Inventory) {
    let partition = target.region.partition();
    let listed = match clients.s3().list_buckets().send().await {
        Ok(listed) => listed,
        Err(err) => return found.failed("s3:ListAllMyBuckets", error_text(&err)),
    };
    for bucket in listed.buckets() {
        let Some(name) = bucket.name() else { continue };
        let tags = match clients.s3().get_bucket_tagging().bucket(name).send().await {
            Ok(tagging) => Some(pairs(
                tagging
                    .tag_set()
                    .iter()
                    .map(|t| (Some(t.key()), Some(t.value()))),
            )),
            Err(err)
                if err
                    .as_service_error()
                    .and_then(aws_smithy_types::error::metadata::ProvideErrorMetadata::code)
                    == Some("NoSuchTagSet") =>
            {
                Some(BTreeMap::new())
            }
            Err(err) if matches!(classify(&err), ErrorClass::Gone) => continue,
            Err(err) => {
                found.failed(
                    "s3:GetBucketTagging",
                    format!("`{name}`: {}", error_text(&err)),
                );
                None
            }
        };
        let region = bucket
            .bucket_region()
            .unwrap_or(target.region.as_str())
            .to_owned();
        let arn = format!("arn:{partition}:s3:::{name}");
        found.add(
            target,
            arn.clone(),
            tags,
            time(bucket.creation_date()),
            "s3:ListAllMyBuckets",
        );
        if let Some(entry) = found.resources.get_mut(&arn) {
            entry.region = region;
        }
    }
}

async fn iam(clients: &SpokeClients, target: &Target<'_>, found: &mut Inventory) {
    let iam = clients.iam();
    let mut marker = None;
    loop {
        let page = match iam.list_roles().set_marker(marker).send().await {
            Ok(page) => page,
            Err(err) => return found.failed("iam:ListRoles", error_text(&err)),
        };
        for role in page.roles() {
            // Roles AWS makes for its services and for IAM Identity Center are nobody's.
            if role.path().starts_with("/aws-service-role/")
                || role.path().starts_with("/aws-reserved/")
            {
                continue;
            }
            let tags = match iam
                .list_role_tags()
                .role_name(role.role_name())
                .send()
                .await
            {
                Ok(listed) => Some(pairs(
                    listed
                        .tags()
                        .iter()
                        .map(|t| (Some(t.key()), Some(t.value()))),
                )),
                Err(err) => {
                    found.failed(
                        "iam:ListRoleTags",
                        format!("`{}`: {}", role.role_name(), error_text(&err)),
                    );
                    None
                }
            };
            found.add(
                target,
                role.arn().to_owned(),
                tags,
                time(Some(role.create_date())),
                "iam:ListRoles",
            );
        }
        match (page.is_truncated, page.marker) {
            (true, Some(next)) => marker = Some(next),
            _ => break,
        }
    }
    let mut marker = None;
    loop {
        let page = match iam.list_users().set_marker(marker).send().await {
            Ok(page) => page,
            Err(err) => return found.failed("iam:ListUsers", error_text(&err)),
        };
        for user in page.users() {
            let tags = match iam
                .list_user_tags()
                .user_name(user.user_name())
                .send()
                .await
            {
                Ok(listed) => Some(pairs(
                    listed
                        .tags()
                        .iter()
                        .map(|t| (Some(t.key()), Some(t.value()))),
                )),
                Err(err) => {
                    found.failed(
                        "iam:ListUserTags",
                        format!("`{}`: {}", user.user_name(), error_text(&err)),
                    );
                    None
                }
            };
            found.add(
                target,
                user.arn().to_owned(),
                tags,
                time(Some(user.create_date())),
                "iam:ListUsers",
            );
        }
        match (page.is_truncated, page.marker) {
            (true, Some(next)) => marker = Some(next),
            _ => return,
        }
    }
}

/// Adds `observed` to `resources`: a global resource (a bucket, a role) is seen from every
/// region's tagging API, and the service's own listing, with the creation time, must win.
fn merge(resources: &mut BTreeMap<String, Observed>, arn: String, observed: Observed) {
    match resources.entry(arn) {
        std::collections::btree_map::Entry::Vacant(slot) => {
            slot.insert(observed);
        }
        std::collections::btree_map::Entry::Occupied(mut slot) => {
            let kept = slot.get_mut();
            kept.tags.extend(observed.tags);
            if kept.created_at.is_none() && observed.created_at.is_some() {
                kept.created_at = observed.created_at;
                kept.found_by = observed.found_by;
                kept.region = observed.region;
            }
        }
    }
}

/// One account and region that could not be listed fully.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SurveyFailure {
    /// The account.
    pub account: String,
    /// The region.
    pub region: String,
    /// The call that failed (`sts:AssumeRole` when the role could not be assumed).
    pub operation: String,
    /// What AWS said.
    pub error: String,
}

/// What surveying the estate found.
#[derive(Debug, Default)]
pub struct Survey {
    /// Every resource found, by ARN.
    pub resources: BTreeMap<String, Observed>,
    /// The listings that failed.
    pub failures: Vec<SurveyFailure>,
}

/// Lists every account × region of `accounts` and `regions`, `concurrency` at a time, calling
/// `progress(done, total, resources found)` after each. Global resources are listed once per
/// account, in the first region.
pub async fn survey(
    sessions: std::sync::Arc<super::sessions::SpokeSessions>,
    accounts: &[AccountId],
    regions: &[Region],
    concurrency: usize,
    progress: &(dyn Fn(usize, usize, usize) + Send + Sync),
) -> Survey {
    let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for account in accounts {
        for (index, region) in regions.iter().enumerate() {
            let (sessions, semaphore) = (sessions.clone(), semaphore.clone());
            let (account, region) = (account.clone(), region.clone());
            tasks.spawn(async move {
                let _permit = semaphore.acquire_owned().await;
                let target = Target {
                    account: &account,
                    region: &region,
                    global: index == 0,
                };
                let listed = match sessions.clients(&account, &region, region.partition()) {
                    Ok(clients) => list(&clients, target).await,
                    Err(err) => Inventory {
                        failures: vec![("sts:AssumeRole".to_owned(), err.to_string())],
                        ..Inventory::default()
                    },
                };
                (account, region, listed)
            });
        }
    }
    let total = tasks.len();
    let mut survey = Survey::default();
    let mut done = 0;
    while let Some(joined) = tasks.join_next().await {
        done += 1;
        match joined {
            Ok((account, region, listed)) => {
                for (arn, observed) in listed.resources {
                    merge(&mut survey.resources, arn, observed);
                }
                survey
                    .failures
                    .extend(
                        listed
                            .failures
                            .into_iter()
                            .map(|(operation, error)| SurveyFailure {
                                account: account.as_str().to_owned(),
                                region: region.as_str().to_owned(),
                                operation,
                                error,
                            }),
                    );
            }
            Err(join) => survey.failures.push(SurveyFailure {
                account: String::new(),
                region: String::new(),
                operation: "survey".to_owned(),
                error: format!("a listing task ended abnormally: {join}"),
            }),
        }
        progress(done, total, survey.resources.len());
    }
    survey
}
