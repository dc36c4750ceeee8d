//! What a plan's tags depend on beyond the record: the creating session, the creating IAM
//! principal, and the launching parent (an Auto Scaling group, a CloudFormation stack), named
//! only in the account EventBridge vouches for.

use crate::arn::AccountId;
use crate::event::Record;
use crate::inherit::{Lookups, ParentRef, PrincipalRef};
use crate::json_path::{str_at, strings_at, value_at};
use crate::policy::TagPolicy;
use crate::principal::{Principal, PrincipalType};
use crate::registry::CreatedResource;
use crate::session::is_temporary_key;

/// The service principal Auto Scaling launches instances as.
const AUTO_SCALING: &str = "autoscaling.amazonaws.com";
/// The tag Auto Scaling puts on the instances it launches.
const AUTO_SCALING_GROUP_TAG: &str = "aws:autoscaling:groupName";
/// The service principal CloudFormation creates stack resources as.
const CLOUDFORMATION: &str = "cloudformation.amazonaws.com";
/// The tag CloudFormation puts on the resources of a stack.
const STACK_ID_TAG: &str = "aws:cloudformation:stack-id";

/// What the plan's tags depend on beyond the record. Sessions and IAM principals are looked
/// up only in `account`, the one EventBridge vouches for: a caller from another account is
/// named by the record alone, so nothing is read on its word.
pub(super) fn lookups(
    policy: &TagPolicy,
    record: &Record,
    principal: &Principal,
    account: &AccountId,
    resources: &[CreatedResource],
) -> Lookups {
    if let Some(parent) = launching_parent(record, principal, resources) {
        // The service's own session and role say nothing about the human; the parent does.
        return Lookups {
            parent: Some(parent),
            ..Lookups::default()
        };
    }
    let is_session = matches!(
        principal.kind,
        PrincipalType::AssumedRole | PrincipalType::FederatedUser
    );
    let caller_is_local = principal.account_id.as_deref() == Some(account.as_str());
    let session = principal
        .access_key_id
        .clone()
        .filter(|key| is_session && caller_is_local && is_temporary_key(key));
    let principal_ref = policy
        .inherit
        .principal_tags
        .then(|| principal_ref(principal))
        .flatten()
        .filter(|found| found.account() == account);
    Lookups {
        session,
        principal: principal_ref,
        parent: None,
    }
}

/// The IAM user or role whose tags the principal carries.
fn principal_ref(principal: &Principal) -> Option<PrincipalRef> {
    let account_of = |arn: &str| arn.split(':').nth(4).and_then(|a| AccountId::parse(a).ok());
    match principal.kind {
        PrincipalType::IAMUser => {
            let account = principal
                .account_id
                .as_deref()
                .and_then(|a| AccountId::parse(a).ok())
                .or_else(|| principal.arn.as_deref().and_then(account_of))?;
            let name = principal.user_name.clone().or_else(|| {
                principal
                    .arn
                    .as_deref()?
                    .rsplit('/')
                    .next()
                    .map(str::to_owned)
            })?;
            Some(PrincipalRef::User { account, name })
        }
        PrincipalType::AssumedRole => {
            let issuer = principal.issuer_arn.as_deref()?;
            if !issuer.contains(":role/") {
                return None;
            }
            let account = account_of(issuer)?;
            let name = issuer.rsplit('/').next()?.to_owned();
            // Service-linked roles carry no tags anyone set.
            if issuer.contains(":role/aws-service-role/") {
                return None;
            }
            Some(PrincipalRef::Role { account, name })
        }
        _ => None,
    }
}

/// The value of tag `key` in the record's EC2 tag specifications, if any.
fn specified_tag<'a>(record: &'a Record, key: &str) -> Option<&'a str> {
    value_at(record.json(), "requestParameters.tagSpecificationSet.items")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|spec| {
            value_at(spec, "tags")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
        })
        .find(|tag| str_at(tag, "key") == Some(key))
        .and_then(|tag| str_at(tag, "value"))
}

/// The Auto Scaling group or CloudFormation stack that made the call on a human's behalf.
fn launching_parent(
    record: &Record,
    principal: &Principal,
    resources: &[CreatedResource],
) -> Option<ParentRef> {
    let by = |service: &str| {
        principal.invoked_by.as_deref() == Some(service)
            || record.source_ip_address() == Some(service)
    };
    if by(CLOUDFORMATION) && record.event_name() != Some("CreateStack") {
        if let Some(stack_id) = specified_tag(record, STACK_ID_TAG) {
            return Some(ParentRef::Stack {
                stack_id: stack_id.to_owned(),
            });
        }
        return resources.first().map(|r| ParentRef::StackOfResource {
            arn: r.arn.as_str().to_owned(),
        });
    }
    if record.event_source() != Some("ec2.amazonaws.com")
        || record.event_name() != Some("RunInstances")
    {
        return None;
    }
    let by_auto_scaling =
        by(AUTO_SCALING) || principal.role_name.as_deref() == Some("AWSServiceRoleForAutoScaling");
    if !by_auto_scaling {
        return None;
    }
    let json = record.json();
    if let Some(name) = specified_tag(record, AUTO_SCALING_GROUP_TAG) {
        return Some(ParentRef::AutoScalingGroup {
            name: name.to_owned(),
        });
    }
    let instance_id = resources
        .iter()
        .find(|r| r.resource_type == "ec2:instance")
        .and_then(|r| r.arn.as_str().rsplit('/').next())
        .map(str::to_owned)
        .or_else(|| {
            strings_at(json, "responseElements.instancesSet.items.instanceId")
                .into_iter()
                .next()
                .map(str::to_owned)
        })?;
    Some(ParentRef::AutoScalingInstance { instance_id })
}
