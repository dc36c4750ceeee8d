//! What the spoke role needs for the configured rules, and the statements that grant it, added
//! to the spoke role's policy by [`crate::render::documents::spoke_role_policy`]. No rule, no
//! statement: the role stays as the registry alone renders it.
//!
//! Dry-run rules count like the others: a policy push can turn a dry run off, and the role is
//! deployed by StackSets, not by that push.
//!
//! - Marks are written with the resource types' tag actions, which the role already holds for
//!   every registry type. They are removed with the types' untag actions, granted only for the
//!   rules' mark keys: `ForAllValues:StringEquals` on `aws:TagKeys` with `Null` `false`, so a
//!   call naming no key (EC2's `DeleteTags` then removes every tag) is not allowed. A type whose
//!   tag action replaces the whole set (S3's `PutBucketTagging`) needs nothing more; one whose
//!   untag action cannot be limited so is refused a `mark` step by the policy.
//! - `stop` and `terminate` are granted per rule, on the actionable types' ARN patterns, and
//!   only on resources whose rule mark announces that step: `StringLike` on
//!   `aws:ResourceTag/<mark key>` with `stop@*` (or `terminate@*`). EC2 authorizes
//!   `StopInstances` and `TerminateInstances` on the instance's tags with `aws:ResourceTag`
//!   (<https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/control-access-with-tags.html>: "a
//!   policy that allows users to terminate an instance, but denies the action if the instance
//!   has the tag environment=production [...] use the aws:ResourceTag condition key";
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_ec2_tag-owner.html>
//!   grants `ec2:StopInstances` under `aws:ResourceTag/Owner`). The hub therefore writes the mark
//!   announcing the step (`stop@<now>`) before the call when the resource's mark does not already
//!   say so (an owner removed it after the ledger recorded the `mark` step).
//!
//! The condition is a second lock, not the decision: who may write a mark may make the role
//! able to stop that instance, but the hub stops only what [`super::evaluate`] says is due, from
//! the ledger first.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::audit::route_of;
use crate::policy::TagPolicy;
use crate::policy::enforce::{Action, actionable};
use crate::registry::Route;
use crate::services;

/// The tagging API's untag action, which also needs the service's own.
const TAGGING_API_UNTAG: &str = "tag:UntagResources";

/// Every IAM action the spoke role needs for `policy`'s rules, dry runs included: the mark's
/// tag and untag actions on each marking rule's types (the tagging API's too where the type is
/// tagged through it), the read of an actionable type's state, and its stop and terminate
/// actions where a rule has those steps. Empty without rules.
pub fn required_permissions(policy: &TagPolicy) -> BTreeSet<&'static str> {
    let mut actions = BTreeSet::new();
    for rule in &policy.enforcement.rules {
        for resource_type in &rule.resource_types {
            if rule.has(Action::Mark)
                && let Some(facts) = services::resource_type(resource_type)
            {
                actions.extend(facts.tag_actions.iter().copied());
                if facts.tag_keys_condition {
                    actions.extend(facts.untag_actions.iter().copied());
                }
                if matches!(route_of(resource_type), Some((_, Route::TaggingApi))) {
                    actions.extend(["tag:TagResources", TAGGING_API_UNTAG]);
                }
            }
            if let Some(able) = actionable(resource_type) {
                actions.insert(STATE_READ);
                if rule.has(Action::Stop) {
                    actions.insert(able.stop);
                }
                if rule.has(Action::Terminate) {
                    actions.insert(able.terminate);
                }
            }
        }
    }
    actions
}

/// How the hub reads the state of the actionable types (already granted for the audit).
const STATE_READ: &str = "ec2:DescribeInstances";

/// The statements to add to the spoke role's policy for `policy`'s rules (none without rules):
/// removing marks, and each rule's `stop` and `terminate` under its mark. Tag writes and state
/// reads are not repeated: the role holds them for every registry type.
pub fn role_statements(policy: &TagPolicy) -> Vec<Value> {
    let rules = &policy.enforcement.rules;
    let marking: Vec<_> = rules.iter().filter(|rule| rule.has(Action::Mark)).collect();
    let mut statements = Vec::new();
    if !marking.is_empty() {
        let mark_keys: Vec<&str> = marking.iter().map(|rule| rule.mark_key.as_str()).collect();
        let condition = json!({
            "ForAllValues:StringEquals": {"aws:TagKeys": mark_keys},
            "Null": {"aws:TagKeys": "false"}
        });
        let mut untag: BTreeSet<&str> = BTreeSet::new();
        let mut patterns: BTreeSet<&str> = BTreeSet::new();
        let mut tagging_api = false;
        for rule in &marking {
            for resource_type in &rule.resource_types {
                let Some(facts) = services::resource_type(resource_type) else {
                    continue;
                };
                if facts.tag_keys_condition && !facts.untag_actions.is_empty() {
                    untag.extend(facts.untag_actions.iter().copied());
                    patterns.insert(facts.arn_pattern);
                }
                tagging_api |= matches!(route_of(resource_type), Some((_, Route::TaggingApi)));
            }
        }
        if !untag.is_empty() {
            statements.push(json!({
                "Sid": "EnforcementRemovesOnlyItsMarks",
                "Effect": "Allow",
                "Action": untag.into_iter().collect::<Vec<_>>(),
                "Resource": patterns.into_iter().collect::<Vec<_>>(),
                "Condition": condition.clone()
            }));
        }
        if tagging_api {
            statements.push(json!({
                "Sid": "EnforcementRemovesOnlyItsMarksByTaggingApi",
                "Effect": "Allow",
                "Action": TAGGING_API_UNTAG,
                "Resource": "*",
                "Condition": condition
            }));
        }
    }
    for (index, rule) in rules.iter().enumerate() {
        for (action, word, sid) in [
            (Action::Stop, "stop", "Stop"),
            (Action::Terminate, "terminate", "Terminate"),
        ] {
            if !rule.has(action) {
                continue;
            }
            let mut by_action: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
            for resource_type in &rule.resource_types {
                if let (Some(able), Some(facts)) = (
                    actionable(resource_type),
                    services::resource_type(resource_type),
                ) {
                    let call = if action == Action::Stop {
                        able.stop
                    } else {
                        able.terminate
                    };
                    by_action.entry(call).or_default().insert(facts.arn_pattern);
                }
            }
            let calls: Vec<&str> = by_action.keys().copied().collect();
            let patterns: BTreeSet<&str> = by_action.into_values().flatten().collect();
            if calls.is_empty() {
                continue;
            }
            statements.push(json!({
                "Sid": format!("Enforce{sid}MarkedByRule{}", index + 1),
                "Effect": "Allow",
                "Action": calls,
                "Resource": patterns.into_iter().collect::<Vec<_>>(),
                "Condition": {"StringLike": {
                    format!("aws:ResourceTag/{}", rule.mark_key): format!("{word}@*")
                }}
            }));
        }
    }
    statements
}
