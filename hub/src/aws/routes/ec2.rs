//! EC2 tagging: one `CreateTags` for every id that needs the same tags (up to 1000 ids a call),
//! across the plans of a batch, after reading the keys already there to leave them alone. For
//! `RunInstances`, the instances' EBS volumes are found with `DescribeInstances`, which also
//! gives the instances' own tags; `DescribeTags` reads the rest. The volumes are tagged in the
//! same call; an instance whose volumes cannot be listed yet is not tagged this time, and only
//! it waits.

use std::collections::{HashMap, HashSet};

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{DeviceType, Filter, Instance, InstanceStateName, Tag};

use crate::aws::{
    ErrorClass, PageCap, PagedError, classify, describe, failures_for, paged_failures,
};
use crate::ports::{ApplyReport, FailureKind, ResourceFailure, ResourceReport, ResourceStatus};

/// The most resource ids `CreateTags` takes in one call.
const CREATE_TAGS_BATCH: usize = 1000;
/// Filter values per `DescribeTags` call, kept well under EC2's filter limits.
const DESCRIBE_BATCH: usize = 200;

/// One EC2 resource: its id for the API, its ARN for reports, and the plan it belongs to.
#[derive(Debug, Clone)]
struct Target {
    id: String,
    arn: String,
    plan: usize,
}

/// Tags the batch's EC2 resources (and, if the plan says so, the instances' volumes).
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    tag_all(client, &[(plan, batch)])
        .await
        .pop()
        .unwrap_or_default()
}

/// Tags the EC2 resources of several plans of one account and region together: one
/// `DescribeInstances` for all their instances' volumes and one `DescribeTags` for all their
/// resources (each within the API's limits), then one `CreateTags` per distinct set of missing
/// tags, whichever plans its resources came from. A report per plan, in their order.
pub async fn tag_all(client: &Client, batches: &[(&TagPlan, &RouteBatch)]) -> Vec<ApplyReport> {
    let mut report = ApplyReport::default();
    let mut targets: Vec<Target> = Vec::new();
    let mut instances: Vec<(Target, time::Duration)> = Vec::new();
    let now = crate::clock::now();
    for (index, (plan, batch)) in batches.iter().enumerate() {
        for resource in &batch.resources {
            let target = Target {
                id: resource.arn.resource_id().to_owned(),
                arn: resource.arn.to_string(),
                plan: index,
            };
            if plan.tag_attached_volumes && resource.resource_type == "ec2:instance" {
                instances.push((target.clone(), now - plan.stamps.event_time));
            }
            targets.push(target);
        }
    }
    let mut listed_keys = HashMap::new();
    if !instances.is_empty() {
        let mut listing = Listing::default();
        for chunk in instances.chunks(CREATE_TAGS_BATCH) {
            list_volumes(client, chunk, &mut listing).await;
        }
        // An instance whose volumes are not known is left for the next delivery, whole: tagged
        // now, it would count as done while its volumes stay unstamped.
        targets.retain(|t| !listing.unlisted.contains(&t.id));
        report.absorb(listing.report);
        listed_keys = listing.keys;
        let mut known: HashSet<String> = targets.iter().map(|t| t.id.clone()).collect();
        for (id, owner) in listing.volumes {
            if !known.insert(id.clone()) {
                continue;
            }
            if let Some((plan, _)) = batches.get(owner) {
                let arn = format!(
                    "arn:{}:ec2:{}:{}:volume/{id}",
                    plan.partition, plan.region, plan.account
                );
                targets.push(Target {
                    id,
                    arn,
                    plan: owner,
                });
            }
        }
    }
    let plan_of: HashMap<String, usize> = targets.iter().map(|t| (t.arn.clone(), t.plan)).collect();
    let unread: Vec<&Target> = targets
        .iter()
        .filter(|t| !listed_keys.contains_key(&t.id))
        .collect();
    match existing_keys(client, &unread).await {
        Ok(mut existing) => {
            existing.extend(listed_keys);
            // Resources that lack the same tags share one CreateTags call, across plans.
            let mut by_plan: Vec<Vec<Target>> = batches.iter().map(|_| Vec::new()).collect();
            for target in targets {
                if let Some(own) = by_plan.get_mut(target.plan) {
                    own.push(target);
                }
            }
            let mut groups: crate::aws::TagGroups<Target> = crate::aws::TagGroups::new();
            for ((plan, _), own) in batches.iter().zip(by_plan) {
                let plan_groups = crate::aws::group_by_missing(
                    plan,
                    own,
                    &existing,
                    |t: &Target| t.id.as_str(),
                    |t: &Target| t.arn.as_str(),
                    "ec2:CreateTags",
                    &mut report,
                );
                for (tags, members) in plan_groups {
                    groups.entry(tags).or_default().extend(members);
                }
            }
            for (tags, members) in groups {
                for chunk in members.chunks(CREATE_TAGS_BATCH) {
                    report.absorb(create_tags(client, chunk, &tags).await);
                }
            }
        }
        Err(err) => {
            let arns = targets.iter().map(|t| t.arn.as_str());
            report
                .failures
                .extend(paged_failures(arns, "ec2:DescribeTags", err));
        }
    }
    crate::aws::split_by_plan(report, &plan_of, batches.len())
}

type DescribeError<E> = aws_sdk_ec2::error::SdkError<E, aws_sdk_ec2::config::http::HttpResponse>;

/// How long after its creation an instance may still list no EBS volume, or not be found at
/// all, before that is taken as final: the processor's own bound for resources not found just
/// after their creation, so that a `Gone` report within it makes the event wait.
use crate::processing::JUST_CREATED_BOUND;

/// What listing the instances' volumes found.
#[derive(Debug, Default)]
struct Listing {
    /// The volumes attached to the instances that were listed, with their instance's plan.
    volumes: Vec<(String, usize)>,
    /// Instances whose volumes are not known: they are reported in `report` and not tagged now.
    unlisted: HashSet<String>,
    /// Every tag key of each listed instance, as `DescribeInstances` reports them: these
    /// instances need no `DescribeTags`.
    keys: HashMap<String, Vec<String>>,
    /// What became of the unlisted instances.
    report: ApplyReport,
}

impl Listing {
    fn not_listed(&mut self, instance: &Target, status: ResourceStatus) {
        self.unlisted.insert(instance.id.clone());
        self.report.resources.push(ResourceReport {
            arn: instance.arn.clone(),
            status,
        });
    }
}

/// Why no EBS volume of a listed instance can be stamped yet, if that is so: it is still
/// starting, or it boots from EBS and its root volume is not attached yet. An instance that
/// boots from its instance store may have no EBS volume at all.
fn volumes_pending(instance: &Instance) -> Option<String> {
    let state = instance.state().and_then(|s| s.name());
    if matches!(
        state,
        Some(InstanceStateName::ShuttingDown | InstanceStateName::Terminated)
    ) {
        return None;
    }
    if state == Some(&InstanceStateName::Pending) {
        return Some("is pending with no EBS volume listed yet".to_owned());
    }
    (instance.root_device_type() == Some(&DeviceType::Ebs))
        .then(|| "boots from EBS but lists no EBS volume yet".to_owned())
}

/// Lists the volumes of `instances`, each with its age (one `DescribeInstances`). An error, or
/// an instance not found, affects only the instances it concerns: the others are tagged as
/// usual.
async fn list_volumes(
    client: &Client,
    instances: &[(Target, time::Duration)],
    listing: &mut Listing,
) {
    let ids: Vec<String> = instances.iter().map(|(t, _)| t.id.clone()).collect();
    let output = match client
        .describe_instances()
        .set_instance_ids(Some(ids))
        .send()
        .await
    {
        Ok(output) => output,
        // EC2 fails the whole call when one id is not found; find which by asking one at a time.
        Err(err) if matches!(classify(&err), ErrorClass::Gone) && instances.len() > 1 => {
            for instance in instances {
                Box::pin(list_volumes(
                    client,
                    std::slice::from_ref(instance),
                    listing,
                ))
                .await;
            }
            return;
        }
        // Just created, it may not be visible yet: the processor waits on `Gone` within its
        // bound, and takes it as gone (terminated) after.
        Err(err) if matches!(classify(&err), ErrorClass::Gone) => {
            for (instance, _) in instances {
                listing.not_listed(
                    instance,
                    ResourceStatus::Gone {
                        reason: describe(&err),
                    },
                );
            }
            return;
        }
        Err(err) => {
            for (instance, _) in instances {
                listing.unlisted.insert(instance.id.clone());
            }
            listing.report.failures.extend(failures_for(
                instances.iter().map(|(t, _)| t.arn.as_str()),
                "ec2:DescribeInstances",
                err,
            ));
            return;
        }
    };
    let listed: HashMap<&str, &Instance> = output
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .filter_map(|i| Some((i.instance_id()?, i)))
        .collect();
    for (target, age) in instances {
        let age = *age;
        let Some(instance) = listed.get(target.id.as_str()) else {
            let reason = format!("`ec2:DescribeInstances` does not list `{}` yet", target.id);
            listing.not_listed(target, ResourceStatus::Gone { reason });
            continue;
        };
        let volumes: Vec<String> = instance
            .block_device_mappings()
            .iter()
            .filter_map(|m| m.ebs().and_then(|ebs| ebs.volume_id()))
            .map(str::to_owned)
            .collect();
        listing.keys.insert(
            target.id.clone(),
            instance
                .tags()
                .iter()
                .filter_map(|tag| tag.key().map(str::to_owned))
                .collect(),
        );
        match volumes_pending(instance).filter(|_| volumes.is_empty()) {
            None => listing
                .volumes
                .extend(volumes.into_iter().map(|volume| (volume, target.plan))),
            Some(why) if age < JUST_CREATED_BOUND => {
                let reason = format!("instance `{}` {why}", target.id);
                listing.not_listed(target, ResourceStatus::Gone { reason });
            }
            // Past the bound, `Gone` would count as done with the volumes unstamped: a failure
            // is retried, then parked with its reason.
            Some(why) => {
                listing.unlisted.insert(target.id.clone());
                listing.report.failures.push(ResourceFailure {
                    arn: target.arn.clone(),
                    operation: "ec2:DescribeInstances",
                    kind: FailureKind::Transient,
                    source: Box::new(Ec2Error::VolumesNotListed {
                        instance: target.id.clone(),
                        why,
                    }),
                });
            }
        }
    }
}

/// Why an EC2 resource could not be tagged, beyond what the SDK says.
#[derive(Debug, thiserror::Error)]
pub enum Ec2Error {
    /// An instance still lists no EBS volume long after its creation.
    #[error("instance `{instance}` {why}; its volumes cannot be stamped yet")]
    VolumesNotListed {
        /// The instance.
        instance: String,
        /// What it looks like.
        why: String,
    },
}

async fn existing_keys(
    client: &Client,
    targets: &[&Target],
) -> Result<
    HashMap<String, Vec<String>>,
    PagedError<DescribeError<aws_sdk_ec2::operation::describe_tags::DescribeTagsError>>,
> {
    let mut existing: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in targets.chunks(DESCRIBE_BATCH) {
        let ids: Vec<String> = chunk.iter().map(|t| t.id.clone()).collect();
        let mut token = None;
        let mut cap = PageCap::new("ec2:DescribeTags");
        loop {
            let output = client
                .describe_tags()
                .filters(
                    Filter::builder()
                        .name("resource-id")
                        .set_values(Some(ids.clone()))
                        .build(),
                )
                .set_next_token(token)
                .send()
                .await?;
            for description in output.tags() {
                if let (Some(id), Some(key)) = (description.resource_id(), description.key()) {
                    existing
                        .entry(id.to_owned())
                        .or_default()
                        .push(key.to_owned());
                }
            }
            token = output.next_token().map(str::to_owned);
            if token.is_none() {
                break;
            }
            cap.next_page()?;
        }
    }
    // Every key is read, not only the plan's: the count decides which inherited tags fit
    // under the 50-tag limit beside the stamps.
    Ok(existing)
}

async fn create_tags(
    client: &Client,
    targets: &[Target],
    tags: &[(String, String)],
) -> ApplyReport {
    let ec2_tags: Vec<Tag> = tags
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect();
    let keys: Vec<String> = tags.iter().map(|(k, _)| k.clone()).collect();
    let ids: Vec<String> = targets.iter().map(|t| t.id.clone()).collect();
    let mut report = ApplyReport::default();
    match client
        .create_tags()
        .set_resources(Some(ids))
        .set_tags(Some(ec2_tags.clone()))
        .send()
        .await
    {
        Ok(_) => {
            for target in targets {
                report.resources.push(ResourceReport {
                    arn: target.arn.clone(),
                    status: ResourceStatus::Tagged { keys: keys.clone() },
                });
            }
        }
        // EC2 fails the whole call when one id is gone; find which by tagging one at a time.
        Err(err) if matches!(classify(&err), ErrorClass::Gone) && targets.len() > 1 => {
            for target in targets {
                report.absorb(
                    Box::pin(create_tags(client, std::slice::from_ref(target), tags)).await,
                );
            }
        }
        Err(err) if matches!(classify(&err), ErrorClass::Gone) => {
            for target in targets {
                report.resources.push(ResourceReport {
                    arn: target.arn.clone(),
                    status: ResourceStatus::Gone {
                        reason: describe(&err),
                    },
                });
            }
        }
        Err(err) => {
            let arns = targets.iter().map(|t| t.arn.as_str());
            report
                .failures
                .extend(failures_for(arns, "ec2:CreateTags", err));
        }
    }
    report
}
