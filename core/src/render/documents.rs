//! IAM documents, SCPs and event patterns, rendered from the registry.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{MAX_PATTERN_CHARS, MAX_SCP_CHARS, RenderError};
use crate::policy::TagPolicy;
use crate::registry::{ROWS, Route};
use crate::services::{self, RESOURCE_TYPES};

/// STS events forwarded to the hub so that it can record the sessions they issue.
pub const STS_EVENTS: &[&str] = &crate::session::IssuingCall::EVENT_NAMES;

/// The auto-tag role's permissions: read and write tags on exactly what the registry's routes
/// need, scoped to each resource type's ARN pattern wherever the action allows it, plus reading
/// any role's or user's IAM tags (the creators' principal tags). Never an untag action.
pub fn spoke_role_policy() -> Value {
    let mut unscoped: BTreeSet<&str> = BTreeSet::new();
    let mut scoped: Vec<(&str, &str)> = vec![
        ("iam:ListRoleTags", "arn:*:iam::*:role/*"),
        ("iam:ListUserTags", "arn:*:iam::*:user/*"),
    ];
    for row in ROWS {
        unscoped.extend(services::route_actions(row.route));
        for spec in row.resources {
            if let Some(facts) = services::resource_type(spec.resource_type) {
                for action in facts.read_actions.iter().chain(facts.tag_actions) {
                    scoped.push((action, facts.arn_pattern));
                }
            }
        }
    }
    let mut statements = vec![json!({
        "Sid": "CallsWithoutResourceScope",
        "Effect": "Allow",
        "Action": unscoped.into_iter().collect::<Vec<_>>(),
        "Resource": "*"
    })];
    // One statement per set of ARN patterns, naming every action allowed on exactly that set.
    let actions: BTreeSet<&str> = scoped.iter().map(|(a, _)| *a).collect();
    let mut by_resources: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
    for action in actions {
        let resources: BTreeSet<&str> = scoped
            .iter()
            .filter(|(a, _)| *a == action)
            .map(|(_, r)| *r)
            .collect();
        let resources: Vec<&str> = resources.into_iter().collect();
        match by_resources.iter_mut().find(|(r, _)| *r == resources) {
            Some((_, actions)) => actions.push(action),
            None => by_resources.push((resources, vec![action])),
        }
    }
    for (resources, actions) in by_resources {
        statements.push(json!({
            "Sid": sid(actions.first().copied().unwrap_or_default()),
            "Effect": "Allow",
            "Action": actions,
            "Resource": resources
        }));
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn sid(action: &str) -> String {
    let mut out = String::from("Allow");
    for part in action.split([':', '-']) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// The forwarder role's only permission: put events on the hub bus.
pub fn forwarder_policy(hub_bus_arn: impl Into<Value>) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "PutEventsOnHubBus",
            "Effect": "Allow",
            "Action": "events:PutEvents",
            "Resource": hub_bus_arn.into()
        }]
    })
}

/// The spoke rules' event patterns: CloudTrail API calls of the registry's events, failed calls
/// excluded, one pattern per event source (split further to stay within the size limit), so
/// that together they match exactly the registry's `(eventSource, eventName)` pairs; then the
/// STS events.
pub fn event_patterns() -> Result<Vec<Value>, RenderError> {
    // Untaggable events are decided in the registry; forwarding them would cost for nothing.
    let forwarded = || ROWS.iter().filter(|r| r.route != Route::Untaggable);
    let sources: BTreeSet<&str> = forwarded().map(|r| r.event_source).collect();
    let mut groups: Vec<(&str, Vec<&str>)> = sources
        .into_iter()
        .map(|source| {
            let mut names: Vec<&str> = forwarded()
                .filter(|r| r.event_source == source)
                .map(|r| r.event_name)
                .collect();
            names.sort_unstable();
            (source, names)
        })
        .collect();
    groups.push(("sts.amazonaws.com", STS_EVENTS.to_vec()));
    let mut patterns = Vec::new();
    for (source, names) in groups {
        let mut chunk: Vec<&str> = Vec::new();
        for name in names {
            chunk.push(name);
            if pattern_text(source, &chunk).len() > MAX_PATTERN_CHARS {
                chunk.pop();
                if chunk.is_empty() {
                    return Err(RenderError::TooLarge {
                        document: format!("event pattern for `{source}` `{name}`"),
                        limit: MAX_PATTERN_CHARS,
                        detail: "a single event name does not fit".into(),
                    });
                }
                patterns.push(pattern(source, &chunk));
                chunk = vec![name];
            }
        }
        if !chunk.is_empty() {
            patterns.push(pattern(source, &chunk));
        }
    }
    Ok(patterns)
}

fn pattern(source: &str, names: &[&str]) -> Value {
    let service = source.split('.').next().unwrap_or(source);
    // A versioned name matches every version of its call, as `registry::lookup` does; the
    // version starts with its year, so `CreateFunction20` leaves `CreateFunctionUrlConfig…` out.
    let names: Vec<Value> = names
        .iter()
        .map(|name| match crate::registry::split_api_version(name) {
            (base, Some(_)) => json!({"prefix": format!("{base}20")}),
            (_, None) => json!(name),
        })
        .collect();
    json!({
        "source": [format!("aws.{service}")],
        "detail-type": ["AWS API Call via CloudTrail"],
        "detail": {
            "eventSource": [source],
            "eventName": names,
            "errorCode": [{"exists": false}]
        }
    })
}

fn pattern_text(source: &str, names: &[&str]) -> String {
    pattern(source, names).to_string()
}

/// The IAM actions that could hijack the auto-tag role, whose exemption from the SCP would
/// otherwise be open to anyone able to create or re-trust a role of that name.
const ROLE_TAMPERING: &[&str] = &[
    "iam:AttachRolePolicy",
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",
];

/// Service-managed StackSets deploy the spoke roles through roles of this name.
pub const STACKSETS_EXECUTION_ROLES: &str = "arn:*:iam::*:role/stacksets-exec-*";
/// AWS's service-linked roles, which create the StackSets execution roles (and which SCPs do
/// not restrict anyway).
pub const SERVICE_LINKED_ROLES: &str = "arn:*:iam::*:role/aws-service-role/*";

/// The tag-protecting SCPs:
/// - deny removing, and deny writing, the protected tag keys to every principal but the
///   auto-tag role, on every registry service whose tag actions support `aws:TagKeys`;
/// - deny creating, re-trusting or changing a role of the auto-tag role's name to everyone but
///   the StackSets execution roles, since the exemption is by role name.
///
/// Split into several documents only if one would exceed the SCP size limit.
pub fn scps(policy: &TagPolicy) -> Result<Vec<Value>, RenderError> {
    scps_within(policy, MAX_SCP_CHARS)
}

fn scps_within(policy: &TagPolicy, limit: usize) -> Result<Vec<Value>, RenderError> {
    let mut untag: BTreeSet<&str> = ["tag:UntagResources"].into_iter().collect();
    let mut tag: BTreeSet<&str> = ["tag:TagResources"].into_iter().collect();
    for facts in RESOURCE_TYPES.iter().filter(|f| f.tag_keys_condition) {
        untag.extend(facts.untag_actions);
        tag.extend(facts.tag_actions);
    }
    let keys: Vec<&str> = policy.protected_keys().iter().map(|k| k.as_str()).collect();
    let role = format!("arn:*:iam::*:role/{}", policy.role_name);
    let tag_keys_condition = json!({
        "ForAnyValue:StringEquals": {"aws:TagKeys": keys},
        "ArnNotLike": {"aws:PrincipalArn": role}
    });
    // (sid, actions, resource, condition)
    let statements: Vec<(&str, Vec<&str>, Value, Value)> = vec![
        (
            "DenyRemovingProtectedTags",
            untag.into_iter().collect(),
            json!("*"),
            tag_keys_condition.clone(),
        ),
        (
            "DenyOverwritingProtectedTags",
            tag.into_iter().collect(),
            json!("*"),
            tag_keys_condition,
        ),
        (
            "DenyTamperingWithTheAutoTagRole",
            ROLE_TAMPERING.to_vec(),
            json!(role),
            json!({"ArnNotLike": {"aws:PrincipalArn": STACKSETS_EXECUTION_ROLES}}),
        ),
        // The exemption above is by name too, so nobody but AWS may make such a role.
        (
            "DenyImpersonatingStackSets",
            ROLE_TAMPERING.to_vec(),
            json!(STACKSETS_EXECUTION_ROLES),
            json!({"ArnNotLike": {"aws:PrincipalArn": SERVICE_LINKED_ROLES}}),
        ),
    ];
    let statement = |sid: &str, actions: &[&str], resource: &Value, condition: &Value| json!({"Sid": sid, "Effect": "Deny", "Action": actions, "Resource": resource, "Condition": condition});
    let document =
        |statements: Vec<Value>| json!({"Version": "2012-10-17", "Statement": statements});
    let whole = document(
        statements
            .iter()
            .map(|(s, a, r, c)| statement(s, a, r, c))
            .collect(),
    );
    if whole.to_string().len() <= limit {
        return Ok(vec![whole]);
    }
    // Too large for one SCP: one document per statement, its actions halved until each fits.
    let mut documents = Vec::new();
    for (sid, actions, resource, condition) in &statements {
        let mut pending = vec![actions.clone()];
        while let Some(actions) = pending.pop() {
            let candidate = document(vec![statement(sid, &actions, resource, condition)]);
            if candidate.to_string().len() <= limit {
                documents.push(candidate);
            } else if actions.len() > 1 {
                let (left, right) = actions.split_at(actions.len() / 2);
                pending.push(right.to_vec());
                pending.push(left.to_vec());
            } else {
                return Err(RenderError::TooLarge {
                    document: "scp".into(),
                    limit,
                    detail: format!("statement `{sid}` with one action is already too large"),
                });
            }
        }
    }
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn patterns_fit_and_cover_exactly_the_registry() {
        let patterns = event_patterns().unwrap();
        let mut covered = BTreeSet::new();
        for pattern in &patterns {
            assert!(pattern.to_string().len() <= MAX_PATTERN_CHARS);
            assert_eq!(pattern["detail"]["errorCode"], json!([{"exists": false}]));
            let sources = pattern["detail"]["eventSource"].as_array().unwrap();
            assert_eq!(
                sources.len(),
                1,
                "one source per pattern keeps the match exact"
            );
            for name in pattern["detail"]["eventName"].as_array().unwrap() {
                let name = match name.as_str() {
                    Some(exact) => exact.to_owned(),
                    None => format!("prefix {}", name["prefix"].as_str().unwrap()),
                };
                assert!(covered.insert((sources[0].as_str().unwrap().to_owned(), name)));
            }
        }
        let mut expected: BTreeSet<(String, String)> = ROWS
            .iter()
            .filter(|r| r.route != Route::Untaggable)
            .map(|r| {
                let name = match crate::registry::split_api_version(r.event_name) {
                    (base, Some(_)) => format!("prefix {base}20"),
                    (name, None) => name.to_owned(),
                };
                (r.event_source.to_owned(), name)
            })
            .collect();
        expected.extend(
            STS_EVENTS
                .iter()
                .map(|n| ("sts.amazonaws.com".to_owned(), (*n).to_owned())),
        );
        assert_eq!(covered, expected);
    }

    #[test]
    fn the_scp_fits_and_covers_every_untag_action_that_can_be_conditioned() {
        let documents = scps(&TagPolicy::default()).unwrap();
        assert_eq!(documents.len(), 1);
        assert!(documents[0].to_string().len() <= MAX_SCP_CHARS);
        let text = documents[0].to_string();
        for facts in RESOURCE_TYPES.iter().filter(|f| f.tag_keys_condition) {
            for action in facts.untag_actions.iter().chain(facts.tag_actions) {
                assert!(
                    text.contains(&format!("\"{action}\"")),
                    "{action} not denied"
                );
            }
        }
        assert!(text.contains("arn:*:iam::*:role/autotag"));
    }

    #[test]
    fn an_scp_over_the_limit_is_split_without_losing_an_action() {
        let whole = scps(&TagPolicy::default()).unwrap().remove(0);
        let actions = |documents: &[Value]| {
            let mut all: Vec<String> = documents
                .iter()
                .flat_map(|d| d["Statement"].as_array().unwrap().clone())
                .flat_map(|s| {
                    let sid = s["Sid"].as_str().unwrap().to_owned();
                    s["Action"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(move |a| format!("{sid}/{}", a.as_str().unwrap()))
                        .collect::<Vec<_>>()
                })
                .collect();
            all.sort();
            all
        };
        let split = scps_within(&TagPolicy::default(), 500).unwrap();
        assert!(split.len() > 3, "{}", split.len());
        assert!(split.iter().all(|d| d.to_string().len() <= 500));
        assert_eq!(actions(&split), actions(&[whole]));
        assert!(matches!(
            scps_within(&TagPolicy::default(), 100),
            Err(RenderError::TooLarge { .. })
        ));
    }

    #[test]
    fn the_role_policy_grants_each_routes_actions() {
        let text = spoke_role_policy().to_string();
        for action in [
            "ec2:CreateTags",
            "ec2:DescribeTags",
            "s3:PutBucketTagging",
            "s3:GetBucketTagging",
            "iam:TagRole",
            "iam:ListRoleTags",
            "iam:ListUserTags",
            "ecr:TagResource",
            "tag:TagResources",
            "tag:GetResources",
            "dynamodb:TagResource",
        ] {
            assert!(text.contains(&format!("\"{action}\"")), "{action} missing");
        }
        assert!(
            !text.contains("Untag"),
            "the auto-tag role never removes tags"
        );
    }
}
