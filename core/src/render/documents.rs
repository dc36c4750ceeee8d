//! IAM documents, SCPs and event patterns, rendered from the registry.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::{MAX_PATTERN_CHARS, MAX_SCP_CHARS, RenderError};
use crate::policy::TagPolicy;
use crate::registry::{Route, rows};
use crate::services::{self, resource_types};

/// STS events forwarded to the hub so that it can record the sessions they issue.
pub const STS_EVENTS: &[&str] = &crate::session::IssuingCall::EVENT_NAMES;

/// The read-only listings `autotag audit` and `autotag backfill` make as the auto-tag role
/// (`hub/src/aws/inventory.rs`, `hub/src/aws/trail.rs`). None of them can be scoped to a
/// resource ARN.
pub const AUDIT_READ_ACTIONS: &[&str] = &[
    "autoscaling:DescribeAutoScalingGroups",
    "cloudtrail:LookupEvents",
    "ec2:DescribeImages",
    "ec2:DescribeInstances",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSnapshots",
    "ec2:DescribeSubnets",
    "ec2:DescribeVolumes",
    "ec2:DescribeVpcs",
    "ecr:DescribeRepositories",
    // The admission webhook's read of a spoke registry's scanning rules; the action takes no
    // resource (<https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html>).
    "ecr:GetRegistryScanningConfiguration",
    "iam:ListRoles",
    "iam:ListUsers",
    "s3:ListAllMyBuckets",
    "tag:GetResources",
];

/// The auto-tag role's permissions: read and write tags on exactly what the registry's routes
/// need, scoped to each resource type's ARN pattern wherever the action allows it, plus reading
/// any role's or user's IAM tags (the creators' principal tags) and the auditor's listings
/// ([`AUDIT_READ_ACTIONS`]). Never an untag action, but for removing the enforcement marks of
/// `policy`'s `[[enforce]]` rules, and never a stop or terminate but on what those rules mark
/// ([`crate::enforce::permissions::role_statements`]; nothing is added without rules).
pub fn spoke_role_policy(policy: &TagPolicy) -> Value {
    let mut unscoped: BTreeSet<&str> = BTreeSet::new();
    let mut scoped: Vec<(&str, &str)> = vec![
        ("iam:ListRoleTags", "arn:*:iam::*:role/*"),
        ("iam:ListUserTags", "arn:*:iam::*:user/*"),
    ];
    for row in rows() {
        unscoped.extend(services::route_actions(row.route));
        for spec in row.resources {
            if let Some(facts) = services::resource_type(spec.resource_type) {
                for action in facts.read_actions.iter().chain(facts.tag_actions) {
                    if services::UNSCOPED_TAG_ACTIONS.contains(action) {
                        unscoped.insert(action);
                    } else {
                        scoped.push((action, facts.arn_pattern));
                    }
                }
            }
        }
    }
    unscoped.extend(AUDIT_READ_ACTIONS);
    let mut statements = vec![json!({
        "Sid": "CallsWithoutResourceScope",
        "Effect": "Allow",
        "Action": unscoped.into_iter().collect::<Vec<_>>(),
        "Resource": "*"
    })];
    // One statement for every scoped action on every ARN pattern. Pairing each action with its
    // own patterns grants nothing more (an action is only ever authorized against its own
    // service's resources) but costs a statement per service, and a role's inline policies share
    // 10,240 characters. For the same reason a service with many resource types is granted on
    // all its resources: its tag actions still tag nothing but that service's resources.
    let actions: BTreeSet<&str> = scoped.iter().map(|(a, _)| *a).collect();
    let mut by_service: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (_, pattern) in &scoped {
        let service = pattern.split(':').nth(2).unwrap_or_default();
        by_service.entry(service).or_default().insert(pattern);
    }
    let mut resources: BTreeSet<String> = BTreeSet::new();
    for (service, patterns) in by_service {
        if patterns.len() > MAX_PATTERNS_PER_SERVICE {
            resources.insert(format!("arn:*:{service}:*:*:*"));
        } else {
            resources.extend(patterns.into_iter().map(str::to_owned));
        }
    }
    statements.push(json!({
        "Sid": "TagTheRegistrysResourceTypes",
        "Effect": "Allow",
        "Action": actions.into_iter().collect::<Vec<_>>(),
        "Resource": resources.into_iter().collect::<Vec<_>>()
    }));
    statements.extend(crate::enforce::permissions::role_statements(policy));
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// Above this many ARN patterns, a service's tag actions are granted on all its resources.
const MAX_PATTERNS_PER_SERVICE: usize = 6;

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

/// Calls forwarded that neither create resources nor change tags: image pushes
/// ([`crate::ecr::push`]).
pub const FORWARDED_OTHERS: &[(&str, &str)] =
    &[(crate::ecr::push::PUSH_SOURCE, crate::ecr::push::PUSH_EVENT)];

/// The spoke rules' event patterns: CloudTrail API calls of the registry's events, failed calls
/// excluded, matching exactly the registry's `(eventSource, eventName)` pairs; then the STS
/// events, alone (their rule needs a state of its own).
///
/// Each event source is one branch (`eventSource` and its names); branches share a pattern
/// through `$or` up to EventBridge's size limit, so the number of rules, and the size of the
/// spoke-rules template a StackSet carries inline, grow with the registry's size, not with its
/// number of services. A source whose names do not fit one pattern is split into branches.
pub fn event_patterns() -> Result<Vec<Value>, RenderError> {
    // Untaggable events are decided in the registry; forwarding them would cost for nothing.
    // Tag changes are forwarded too, so the hub can put back a stamp that was removed (EC2's
    // `CreateTags` is an untaggable row and a tag change: it is forwarded once).
    let forwarded = rows()
        .iter()
        .filter(|r| r.route != Route::Untaggable)
        .map(|r| (r.event_source, r.event_name))
        .chain(
            crate::tag_change::table()
                .iter()
                .map(|r| (r.event_source, r.event_name)),
        )
        // Image pushes too, whose labels the hub compares with the repository's tags.
        .chain(FORWARDED_OTHERS.iter().copied());
    let mut by_source: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (source, name) in forwarded {
        by_source.entry(source).or_default().insert(name);
    }
    let mut branches: Vec<Value> = Vec::new();
    for (source, names) in by_source {
        let names: Vec<&str> = names.into_iter().collect();
        branches.extend(split_to_fit(source, &names)?);
    }
    let mut patterns = Vec::new();
    let mut packed: Vec<Value> = Vec::new();
    for branch in branches {
        packed.push(branch);
        if pattern(&packed).to_string().len() > MAX_PATTERN_CHARS
            && let Some(branch) = packed.pop()
        {
            patterns.push(pattern(&packed));
            packed = vec![branch];
        }
    }
    if !packed.is_empty() {
        patterns.push(pattern(&packed));
    }
    let sts = split_to_fit("sts.amazonaws.com", STS_EVENTS)?;
    patterns.push(pattern(&sts));
    Ok(patterns)
}

/// One source's names as branches that each fit a pattern alone.
fn split_to_fit(source: &str, names: &[&str]) -> Result<Vec<Value>, RenderError> {
    let mut branches = Vec::new();
    let mut chunk: Vec<&str> = Vec::new();
    for name in names {
        chunk.push(name);
        if pattern(&[branch(source, &chunk)]).to_string().len() > MAX_PATTERN_CHARS {
            chunk.pop();
            if chunk.is_empty() {
                return Err(RenderError::TooLarge {
                    document: format!("event pattern for `{source}` `{name}`"),
                    limit: MAX_PATTERN_CHARS,
                    detail: "a single event name does not fit".into(),
                });
            }
            branches.push(branch(source, &chunk));
            chunk = vec![name];
        }
    }
    if !chunk.is_empty() {
        branches.push(branch(source, &chunk));
    }
    Ok(branches)
}

fn branch(source: &str, names: &[&str]) -> Value {
    // A versioned name matches every version of its call, as `registry::lookup` does; the
    // version starts with its year, so `CreateFunction20` leaves `CreateFunctionUrlConfig…` out.
    let names: Vec<Value> = names
        .iter()
        .map(|name| match crate::registry::split_api_version(name) {
            (base, Some(_)) => json!({"prefix": format!("{base}20")}),
            (_, None) => json!(name),
        })
        .collect();
    json!({"eventSource": [source], "eventName": names})
}

fn pattern(branches: &[Value]) -> Value {
    let mut detail = match branches {
        [only] => only.clone(),
        _ => json!({"$or": branches}),
    };
    if let Some(object) = detail.as_object_mut() {
        object.insert("errorCode".into(), json!([{"exists": false}]));
    }
    json!({
        "source": aws_sources(),
        "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
        "detail": detail
    })
}

/// The `detail-type` of the CloudTrail records EventBridge delivers, the only events autotag
/// forwards or reads.
pub const CLOUDTRAIL_DETAIL_TYPE: &str = "AWS API Call via CloudTrail";

/// The `source` constraint of every rendered rule: AWS services only. Events from AWS services
/// have a source beginning with `aws.`, and EventBridge refuses a customer event whose source
/// does (<https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html>), so
/// a rule with this constraint matches nothing a principal can put with `PutEvents`. A prefix,
/// not each service's name: a CloudTrail event's `source` is not always its `eventSource`'s
/// first label, and a wrong exact name would silently forward nothing.
pub fn aws_sources() -> Value {
    json!([{"prefix": "aws."}])
}

/// The `(eventSource, eventName)` branches of a pattern from [`event_patterns`], the names as
/// written (`prefix X` for a prefix match).
pub fn pattern_branches(pattern: &Value) -> Vec<(String, Vec<String>)> {
    let detail = &pattern["detail"];
    let branches: Vec<&Value> = match detail.get("$or").and_then(Value::as_array) {
        Some(branches) => branches.iter().collect(),
        None => vec![detail],
    };
    branches
        .into_iter()
        .map(|branch| {
            let source = branch
                .pointer("/eventSource/0")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let names = branch["eventName"]
                .as_array()
                .map(|names| {
                    names
                        .iter()
                        .map(|name| match name.as_str() {
                            Some(exact) => exact.to_owned(),
                            None => {
                                format!("prefix {}", name["prefix"].as_str().unwrap_or_default())
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            (source, names)
        })
        .collect()
}

/// The IAM actions that could hijack the auto-tag or the break-glass role, whose exemptions
/// from the SCP would otherwise be open to anyone able to create or re-trust a role of that name.
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

/// The text of an SCP file as committed and sent: compact JSON and a newline. AWS counts every
/// character of the content it is sent, whitespace included, and `aws organizations
/// create-policy --content file://...` sends the file as it is, so the size limit applies to
/// exactly this text (<https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html>).
pub fn scp_text(document: &Value) -> String {
    format!("{document}\n")
}

/// The tag-protecting SCPs:
/// - deny removing, and deny writing, the protected tag keys to every principal but the
///   auto-tag and the break-glass roles, on every registry service whose tag actions support
///   `aws:TagKeys`; keys compare exactly, except on IAM users and roles, whose keys AWS
///   compares ignoring case ([`services::CASE_INSENSITIVE_KEY_ACTIONS`]);
/// - deny, to the same principals, the untag actions that remove every tag when the request
///   names no key ([`services::Keyless::RemovesEveryTag`]), whatever the keys, when
///   `aws:TagKeys` is absent;
/// - deny creating, re-trusting or changing a role of either exempt name to everyone but the
///   StackSets execution roles, since the exemption is by role name.
///
/// Split into several documents only if one would exceed the SCP size limit, measured on
/// [`scp_text`].
pub fn scps(policy: &TagPolicy) -> Result<Vec<Value>, RenderError> {
    scps_within(policy, MAX_SCP_CHARS)
}

fn scps_within(policy: &TagPolicy, limit: usize) -> Result<Vec<Value>, RenderError> {
    let mut untag: BTreeSet<&str> = ["tag:UntagResources"].into_iter().collect();
    let mut tag: BTreeSet<&str> = ["tag:TagResources"].into_iter().collect();
    for facts in resource_types().iter().filter(|f| f.tag_keys_condition) {
        untag.extend(facts.untag_actions);
        tag.extend(facts.tag_actions);
    }
    let any_case: BTreeSet<&str> = untag
        .iter()
        .chain(&tag)
        .copied()
        .filter(|a| services::CASE_INSENSITIVE_KEY_ACTIONS.contains(a))
        .collect();
    untag.retain(|a| !any_case.contains(a));
    tag.retain(|a| !any_case.contains(a));
    let removes_every_tag: Vec<&str> = services::keyless_untag_actions()
        .iter()
        .filter(|(_, keyless)| *keyless == services::Keyless::RemovesEveryTag)
        .map(|(action, _)| *action)
        .collect();
    let keys: Vec<&str> = policy.protected_keys().iter().map(|k| k.as_str()).collect();
    // Both roles sit under the install's role path: the auto-tag role because autotag creates
    // it there, the break-glass role because docs/deploy.md asks for it there. An exemption by
    // exact ARN, path included, exempts no role of the same name elsewhere.
    let install = &policy.install;
    let role = install.role_arn("*", "*", &policy.role_name);
    let break_glass = install.role_arn("*", "*", &policy.break_glass_role_name);
    let exempt = json!({"aws:PrincipalArn": [role, break_glass]});
    let keys_condition = |operator: &str| {
        json!({
            operator: {"aws:TagKeys": keys},
            "ArnNotLike": exempt
        })
    };
    // With enforcement rules, their marks are protected like the stamps, so that an owner
    // cannot remove the mark (and its due date) to escape the next step. `StringLike` matches
    // the stamp keys exactly too: tag keys cannot hold `*` or `?`.
    let mark_keys = (!policy.enforcement.rules.is_empty())
        .then(|| format!("{}:*", policy.enforcement.mark_key.as_str()));
    // Exemption tags in autotag's own namespace are the security team's to grant: protected like
    // the marks, or an owner would exempt their own resource. An exemption by any other tag is
    // as strong as whoever may write that tag (docs/enforce.md).
    let exemption_keys: std::collections::BTreeSet<&str> = policy
        .enforcement
        .rules
        .iter()
        .flat_map(|rule| rule.exempt.tags.keys())
        .map(String::as_str)
        .filter(|key| key.starts_with("autotag:"))
        .collect();
    let stamp_or_mark_condition = || match &mark_keys {
        None => keys_condition("ForAnyValue:StringEquals"),
        Some(marks) => {
            let mut patterns: Vec<&str> = keys.clone();
            patterns.push(marks.as_str());
            patterns.extend(exemption_keys.iter().copied());
            json!({
                "ForAnyValue:StringLike": {"aws:TagKeys": patterns},
                "ArnNotLike": exempt
            })
        }
    };
    // (sid, actions, resource, condition)
    let statements: Vec<(&str, Vec<&str>, Value, Value)> = vec![
        (
            "DenyRemovingProtectedTags",
            untag.into_iter().collect(),
            json!("*"),
            stamp_or_mark_condition(),
        ),
        (
            "DenyOverwritingProtectedTags",
            tag.into_iter().collect(),
            json!("*"),
            stamp_or_mark_condition(),
        ),
        (
            "DenyChangingProtectedTagsInAnyCase",
            any_case.into_iter().collect(),
            json!("*"),
            keys_condition("ForAnyValue:StringEqualsIgnoreCase"),
        ),
        // A `ForAnyValue` condition is false when the request carries no key, which is when
        // these actions remove every tag.
        (
            "DenyRemovingEveryTag",
            removes_every_tag,
            json!("*"),
            json!({"Null": {"aws:TagKeys": "true"}, "ArnNotLike": exempt}),
        ),
        (
            "DenyTamperingWithTheExemptRoles",
            ROLE_TAMPERING.to_vec(),
            json!([role, break_glass]),
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
    let fits = |document: &Value| scp_text(document).len() <= limit;
    if fits(&whole) {
        return Ok(vec![whole]);
    }
    // Too large for one SCP. An account or OU takes at most five SCPs, FullAWSAccess among
    // them, so the statements are packed into as few documents as fit: a statement too large
    // for any document is first cut into halves of its actions, then every piece goes into the
    // first document with room for it.
    let mut pieces: Vec<Value> = Vec::new();
    for (sid, actions, resource, condition) in &statements {
        let mut pending = vec![actions.clone()];
        while let Some(actions) = pending.pop() {
            let piece = statement(sid, &actions, resource, condition);
            if fits(&document(vec![piece.clone()])) {
                pieces.push(piece);
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
    let mut packed: Vec<Vec<Value>> = Vec::new();
    for piece in pieces {
        let room = packed.iter_mut().find(|statements| {
            let mut candidate: Vec<Value> = statements.to_vec();
            candidate.push(piece.clone());
            fits(&document(candidate))
        });
        match room {
            Some(statements) => statements.push(piece),
            None => packed.push(vec![piece]),
        }
    }
    // Statement ids must be unique within a document; pieces of one statement that share a
    // document are numbered.
    let documents = packed
        .into_iter()
        .map(|statements| {
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            let statements = statements
                .into_iter()
                .map(|mut statement| {
                    let sid = statement
                        .get("Sid")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    let count = seen.entry(sid.clone()).or_insert(0);
                    *count += 1;
                    if *count > 1
                        && let Some(object) = statement.as_object_mut()
                    {
                        object.insert("Sid".into(), json!(format!("{sid}{count}")));
                    }
                    statement
                })
                .collect();
            document(statements)
        })
        .collect();
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_role_policy_fits_a_roles_inline_policy_quota() {
        // IAM counts a role's inline policies together, whitespace excluded.
        let size = spoke_role_policy(&TagPolicy::default()).to_string().len();
        assert!(size <= 10_240, "{size} characters");
    }

    #[test]
    fn patterns_fit_and_cover_exactly_the_registry_the_tag_changes_and_the_pushes() {
        let patterns = event_patterns().unwrap();
        let mut covered = BTreeSet::new();
        for pattern in &patterns {
            assert!(pattern.to_string().len() <= MAX_PATTERN_CHARS);
            assert_eq!(pattern["detail"]["errorCode"], json!([{"exists": false}]));
            let branches = pattern_branches(pattern);
            // EventBridge's limit on a pattern's combinations.
            let combinations: usize = branches.iter().map(|(_, names)| names.len()).sum();
            assert!(combinations <= 1000);
            for (source, names) in branches {
                assert!(source.ends_with(".amazonaws.com"));
                for name in names {
                    assert!(covered.insert((source.clone(), name)));
                }
            }
        }
        // Far fewer rules than services.
        assert!(patterns.len() * 4 < rows().len(), "{}", patterns.len());
        let mut expected: BTreeSet<(String, String)> = rows()
            .iter()
            .filter(|r| r.route != Route::Untaggable)
            .map(|r| (r.event_source, r.event_name))
            .chain(
                crate::tag_change::table()
                    .iter()
                    .map(|r| (r.event_source, r.event_name)),
            )
            .chain(FORWARDED_OTHERS.iter().copied())
            .map(|(source, name)| {
                let name = match crate::registry::split_api_version(name) {
                    (base, Some(_)) => format!("prefix {base}20"),
                    (name, None) => name.to_owned(),
                };
                (source.to_owned(), name)
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
    fn the_scps_fit_and_cover_every_untag_action_that_can_be_conditioned() {
        let documents = scps(&TagPolicy::default()).unwrap();
        // Five SCPs per account or OU, FullAWSAccess among them: leave room for the org's own.
        assert!(documents.len() <= 2, "{} SCPs", documents.len());
        assert!(documents.iter().all(|d| scp_text(d).len() <= MAX_SCP_CHARS));
        let text: String = documents.iter().map(Value::to_string).collect();
        for facts in resource_types().iter().filter(|f| f.tag_keys_condition) {
            for action in facts.untag_actions.iter().chain(facts.tag_actions) {
                assert!(
                    text.contains(&format!("\"{action}\"")),
                    "{action} not denied"
                );
            }
        }
        assert!(text.contains("arn:*:iam::*:role/autotag\""));
        assert!(text.contains("arn:*:iam::*:role/autotag-break-glass\""));
    }

    #[test]
    fn with_enforcement_rules_the_scps_protect_the_marks_like_the_stamps() {
        use crate::policy_eval::{Request, evaluate};
        let policy = TagPolicy::from_toml(concat!(
            "[[enforce]]\nname = \"cost-center\"\nresource_types = [\"ec2:instance\"]\n",
            "required_tags = [{ key = \"CostCenter\" }]\n",
            "steps = [{ action = \"notify\" }, { action = \"mark\" }, { action = \"stop\", after = \"3d\" }]\n",
            "exempt = { tags = { \"autotag:exempt\" = \"true\", \"Environment\" = \"sandbox\" } }\n",
        ))
        .unwrap();
        let documents = scps(&policy).unwrap();
        assert!(documents.len() <= 2, "{} SCPs", documents.len());
        let full_access = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        let mut all: Vec<&Value> = documents.iter().collect();
        all.push(&full_access);
        let volume = "arn:aws:ec2:us-east-1:222222222222:instance/i-0123456789abcdef0";
        let decide = |principal: &str, action: &str, keys: &[&str]| {
            evaluate(
                &all,
                &Request {
                    principal_arn: Some(principal),
                    action,
                    resource: volume,
                    tag_keys: keys,
                    ..Request::default()
                },
            )
            .unwrap()
            .is_allowed()
        };
        let admin = "arn:aws:iam::222222222222:role/Admin";
        let autotag = "arn:aws:iam::222222222222:role/autotag";
        // An owner can neither remove nor rewrite the mark,
        assert!(!decide(
            admin,
            "ec2:DeleteTags",
            &["autotag:enforce:cost-center"]
        ));
        assert!(!decide(
            admin,
            "ec2:CreateTags",
            &["autotag:enforce:cost-center"]
        ));
        assert!(!decide(
            admin,
            "ec2:CreateTags",
            &["team", "autotag:enforce:other"]
        ));
        // nor exempt their own resource with autotag's exemption tag, while an exemption by
        // another key leaves that key as free as it was;
        assert!(!decide(admin, "ec2:CreateTags", &["autotag:exempt"]));
        assert!(!decide(admin, "ec2:DeleteTags", &["autotag:exempt"]));
        assert!(decide(admin, "ec2:CreateTags", &["Environment"]));
        assert!(decide(
            "arn:aws:iam::222222222222:role/autotag-break-glass",
            "ec2:CreateTags",
            &["autotag:exempt"]
        ));
        // the stamps stay protected, and other keys stay free;
        assert!(!decide(admin, "ec2:DeleteTags", &["owner"]));
        assert!(decide(
            admin,
            "ec2:CreateTags",
            &["CostCenter", "autotag:enforcement"]
        ));
        // autotag's role writes and removes its marks.
        assert!(decide(
            autotag,
            "ec2:DeleteTags",
            &["autotag:enforce:cost-center"]
        ));
        // Without rules, the SCPs are what they were: the stamps alone, matched exactly.
        let plain = scps(&TagPolicy::default()).unwrap();
        assert!(!plain.iter().any(|d| d.to_string().contains("StringLike")));
    }

    #[test]
    fn the_scps_name_the_configured_roles_and_compare_iam_keys_in_any_case() {
        let policy = TagPolicy::from_toml(
            "[spoke]\nrole_name = \"tagger\"\nbreak_glass_role_name = \"tag-admin\"",
        )
        .unwrap();
        let statements: Vec<Value> = scps(&policy)
            .unwrap()
            .iter()
            .flat_map(|d| d["Statement"].as_array().unwrap().clone())
            .collect();
        let by_sid = |sid: &str| {
            statements
                .iter()
                .find(|s| s["Sid"] == sid)
                .unwrap_or_else(|| panic!("no {sid}"))
                .clone()
        };
        let exempt = json!(["arn:*:iam::*:role/tagger", "arn:*:iam::*:role/tag-admin"]);
        let any_case = by_sid("DenyChangingProtectedTagsInAnyCase");
        assert_eq!(
            any_case["Action"],
            json!([
                "iam:TagRole",
                "iam:TagUser",
                "iam:UntagRole",
                "iam:UntagUser"
            ])
        );
        assert_eq!(
            any_case["Condition"]["ForAnyValue:StringEqualsIgnoreCase"]["aws:TagKeys"],
            json!(["owner", "dateCreated", "createdBy"])
        );
        assert_eq!(
            any_case["Condition"]["ArnNotLike"]["aws:PrincipalArn"],
            exempt
        );
        let every_tag = by_sid("DenyRemovingEveryTag");
        assert_eq!(every_tag["Action"], json!(["ec2:DeleteTags"]));
        assert_eq!(
            every_tag["Condition"]["Null"],
            json!({"aws:TagKeys": "true"})
        );
        assert_eq!(
            every_tag["Condition"]["ArnNotLike"]["aws:PrincipalArn"],
            exempt
        );
        assert_eq!(
            by_sid("DenyTamperingWithTheExemptRoles")["Resource"],
            exempt
        );
        // IAM's users and roles are compared in any case only; its other types stay exact.
        let removing = by_sid("DenyRemovingProtectedTags");
        let removing = removing["Action"].as_array().unwrap();
        assert!(removing.contains(&json!("iam:UntagPolicy")));
        assert!(!removing.contains(&json!("iam:UntagRole")));
    }

    #[test]
    fn an_scp_over_the_limit_is_split_without_losing_an_action() {
        let whole = scps_within(&TagPolicy::default(), usize::MAX)
            .unwrap()
            .remove(0);
        let actions = |documents: &[Value]| {
            let mut all: Vec<String> = documents
                .iter()
                .flat_map(|d| d["Statement"].as_array().unwrap().clone())
                .flat_map(|s| {
                    let sid = s["Sid"]
                        .as_str()
                        .unwrap()
                        .trim_end_matches(|c: char| c.is_ascii_digit())
                        .to_owned();
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
        assert!(split.iter().all(|d| scp_text(d).len() <= 500));
        assert_eq!(actions(&split), actions(&[whole]));
        assert!(matches!(
            scps_within(&TagPolicy::default(), 100),
            Err(RenderError::TooLarge { .. })
        ));
    }

    #[test]
    fn the_role_policy_grants_each_routes_actions() {
        let text = spoke_role_policy(&TagPolicy::default()).to_string();
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
