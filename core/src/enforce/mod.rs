//! Enforcement, the pure half: given what the hub knows about one resource (its tags after
//! stamping, its creator, its state, where it lives, and the last enforcement action the ledger
//! holds), say whether an `[[enforce]]` rule covers it, whether it complies, and what is due now
//! on the rule's ladder. Data in, decision out: the hub reads the facts, runs the actions, writes
//! the mark and the ledger, and sends the messages [`notify::plan_notifications`] plans.
//!
//! # The mark
//!
//! Each rule marks a resource with a key of its own, `<mark_key>:<rule>`
//! (`autotag:enforce:cost-center`), whose value is the next step and when it is due,
//! `<action>@<RFC 3339 UTC>` (`stop@2025-01-04T10:00:00Z`), or `done@<time>` once the ladder has
//! run out. One key per rule rather than one key holding every rule's state, because:
//! - rules come and go independently: removing one rule's mark is deleting one key, never a
//!   read-modify-write of a shared value that another rule's run may be rewriting;
//! - a tag value holds 256 characters, which a few rules with dates would fill;
//! - the spoke role's permission to remove marks is limited to exactly these keys
//!   (`aws:TagKeys`), and its stop permission to instances carrying the rule's key with a
//!   `stop@` value ([`permissions`]).
//!
//! It costs one of the resource's 50 tags per rule that marks it.
//!
//! # The ladder state
//!
//! Where the ladder stands is read from, in order of trust:
//! 1. the ledger's [`LastAction`] for the rule: the step reached and when. The next step is due
//!    at the mark's date when the mark names that step (what the owner was told), else at the
//!    last action's time plus the step's grace;
//! 2. without one, the mark: only the `mark` step is taken as done, and the step after it is due
//!    at the mark's date when the mark names it, else after its grace from now. A mark written
//!    by someone else therefore never skips a step (`terminate@<past>` yields a `stop`, with a
//!    fresh grace);
//! 3. neither: nothing is done yet, and the first step is due its grace after the resource was
//!    created (now, when the creation time is unknown).
//!
//! Every step due now runs in this run, in order, each later step's grace counted from now: a
//! detection with `notify` and `mark` at `0` notifies and marks at once, then the mark names the
//! next step's due date. A stopped instance is never stopped again: its `stop` is reached
//! without a call. A resource that complies again, is exempt or has left the rule's scope has
//! its mark removed and its ledger state forgotten; so has a mark whose rule is gone
//! ([`orphan_marks`]).

pub mod notify;
pub mod permissions;
pub mod report;

use std::collections::BTreeMap;

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::arn::AccountId;
use crate::policy::enforce::{Action, EnforceRule, Enforcement, glob_matches};

/// The resource's life state, where a rule's actions depend on it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceState {
    /// Running (EC2 `pending` and `running`).
    Running,
    /// Stopped (EC2 `stopping` and `stopped`): a `stop` is never sent again.
    Stopped,
    /// Being deleted or deleted (EC2 `shutting-down` and `terminated`): out of every rule's scope.
    Gone,
    /// A type without a life state, or one the hub did not read.
    #[default]
    NotApplicable,
}

/// Who created the resource, from its stamps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Creator {
    /// The owner stamp's value (`alice`, `alice@example.com`, `role/session`).
    pub owner: Option<String>,
    /// The `createdBy` stamp: the creating principal's ARN.
    pub arn: Option<String>,
}

impl Creator {
    /// The creator read from a resource's stamps, with the policy's stamp keys.
    pub fn from_tags(keys: &crate::policy::StampKeys, tags: &BTreeMap<String, String>) -> Self {
        Self {
            owner: tags.get(keys.owner.as_str()).cloned(),
            arn: tags.get(keys.created_by.as_str()).cloned(),
        }
    }
}

/// Facts shown in messages and reports that no rule decides on (the broom report's fields
/// beyond owner, region and id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Details {
    /// The instance's image id (`ami-...`).
    pub image: Option<String>,
    /// The instance type (`t3.micro`).
    pub instance_type: Option<String>,
}

/// The last enforcement action the ledger recorded for one rule on one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastAction {
    /// The step reached.
    pub action: Action,
    /// When.
    pub at: OffsetDateTime,
}

/// What the hub knows about one resource when it evaluates the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceFacts {
    /// The resource's ARN.
    pub arn: String,
    /// Its registry resource type (`ec2:instance`).
    pub resource_type: String,
    /// Its account.
    pub account: AccountId,
    /// Its region (the bucket's region for S3).
    pub region: String,
    /// The OU ids from the root down to the account; `None` when not resolved.
    pub ou_path: Option<Vec<String>>,
    /// Its tags now, the stamps included.
    pub tags: BTreeMap<String, String>,
    /// Who created it.
    pub creator: Creator,
    /// When it was created (the `dateCreated` stamp), if known.
    pub created: Option<OffsetDateTime>,
    /// Its life state.
    pub state: ResourceState,
    /// What messages show about it.
    pub details: Details,
    /// The ledger's last enforcement action, by rule name.
    pub last_actions: BTreeMap<String, LastAction>,
}

impl ResourceFacts {
    /// The resource's id: the ARN's last `/` or `:` segment (`i-0abc` of an instance ARN).
    pub fn id(&self) -> &str {
        resource_id(&self.arn)
    }
}

fn resource_id(arn: &str) -> &str {
    arn.rsplit(['/', ':']).next().unwrap_or(arn)
}

/// Why a rule does not cover a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutOfScope {
    /// Its type is not among the rule's.
    ResourceType,
    /// Its account is not among the rule's.
    Account,
    /// Its account is under none of the rule's OUs.
    OrganizationalUnit,
    /// The rule names OUs and the account's OU path is not known: not acted on.
    OrganizationalUnitUnknown,
    /// Its region is not among the rule's.
    Region,
    /// It is being deleted or is gone.
    Gone,
}

/// What exempts a resource from a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "by")]
pub enum Exemption {
    /// It carries the exempting tag.
    Tag {
        /// The key.
        key: String,
        /// The value it carries.
        value: String,
    },
    /// Its creator matches the pattern.
    Principal {
        /// The pattern matched.
        pattern: String,
    },
    /// Its account is exempt.
    Account,
}

/// What is wrong with one required tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum Problem {
    /// The key is absent.
    Missing {
        /// The key.
        key: String,
        /// What it may hold, for people (`one of `1001`, `1002``).
        expected: String,
    },
    /// The key holds a value the rule does not admit.
    NotAllowed {
        /// The key.
        key: String,
        /// The value found.
        value: String,
        /// What it may hold.
        expected: String,
    },
}

impl Problem {
    /// One line: `CostCenter is missing` / `CostCenter is `x`, not allowed`.
    pub fn describe(&self) -> String {
        match self {
            Self::Missing { key, .. } => format!("`{key}` is missing"),
            Self::NotAllowed { key, value, .. } => format!("`{key}` = `{value}` is not allowed"),
        }
    }

    /// How to fix it: the exact tag to set.
    pub fn fix(&self) -> String {
        match self {
            Self::Missing { key, expected } | Self::NotAllowed { key, expected, .. } => {
                format!("set the tag `{key}` to {expected}")
            }
        }
    }
}

/// The rule's verdict on a resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "why")]
pub enum Verdict {
    /// The rule does not cover it.
    OutOfScope(OutOfScope),
    /// The rule covers it and exempts it.
    Exempt(Exemption),
    /// It carries every required tag with an admitted value.
    Compliant,
    /// It does not; one problem per key, in the rule's order.
    NonCompliant(Vec<Problem>),
}

impl Verdict {
    /// The status word of reports: `out_of_scope`, `exempt`, `compliant`, `non_compliant`.
    pub fn status(&self) -> &'static str {
        match self {
            Self::OutOfScope(_) => "out_of_scope",
            Self::Exempt(_) => "exempt",
            Self::Compliant => "compliant",
            Self::NonCompliant(_) => "non_compliant",
        }
    }
}

/// What to do with the rule's mark tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "change", content = "value")]
pub enum MarkChange {
    /// Leave it as it is (absent or right).
    Keep,
    /// Write this value under the rule's mark key.
    Set(String),
    /// Remove the rule's mark key.
    Remove,
}

/// The next step of the ladder, not due yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Upcoming {
    /// What it will do.
    pub action: Action,
    /// When.
    #[serde(serialize_with = "serialize_utc")]
    pub due: OffsetDateTime,
}

fn serialize_utc<S: serde::Serializer>(at: &OffsetDateTime, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(&utc_seconds(*at))
}

/// One rule's finding on one resource: the verdict and what to do now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's name.
    pub rule: String,
    /// The rule's mark key for this resource.
    pub mark_key: String,
    /// The resource's ARN.
    pub arn: String,
    /// Its id (`i-0abc`).
    pub id: String,
    /// Its registry type.
    pub resource_type: String,
    /// Its account.
    pub account: String,
    /// Its region.
    pub region: String,
    /// Its creator.
    pub creator: Creator,
    /// What messages show about it.
    pub details: Details,
    /// The verdict.
    pub verdict: Verdict,
    /// Whether the rule is a dry run: then the hub changes nothing and tells no owner; the
    /// actions and the mark below are what it would do.
    pub dry_run: bool,
    /// The actions to run now, in ladder order (a `stop` of a stopped instance is left out).
    pub actions: Vec<Action>,
    /// The step reached by this run, which the hub records in the ledger as the [`LastAction`];
    /// `None` when no step was due.
    pub reached: Option<Action>,
    /// The step after, and when it is due.
    pub next: Option<Upcoming>,
    /// What to do with the mark.
    pub mark: MarkChange,
    /// Whether the ledger's ladder state for this rule and resource is to be forgotten (it
    /// complies again, is exempt or out of scope), so that a later breach starts from the first
    /// step.
    pub forget: bool,
    /// Whether the owner is to be told about this run's step: a step was reached and the ladder
    /// notifies at or before it. Never in a dry run.
    pub tell_owner: bool,
}

impl Finding {
    /// Whether this run reached a step (ran actions, or would in a dry run).
    pub fn acted(&self) -> bool {
        self.reached.is_some()
    }
}

/// A mark's value, read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// The step it announces; `None` for `done@`.
    pub next: Option<Action>,
    /// When that step is due, or when the ladder ran out.
    pub at: OffsetDateTime,
}

impl Mark {
    /// Reads `<action>@<RFC 3339>` or `done@<RFC 3339>`; anything else is no mark.
    pub fn parse(value: &str) -> Option<Self> {
        let (action, at) = value.split_once('@')?;
        let at = OffsetDateTime::parse(at, &Rfc3339).ok()?;
        let next = match action {
            "done" => None,
            name => Some(Action::parse(name)?),
        };
        Some(Self { next, at })
    }

    /// The value written: `stop@2025-01-04T10:00:00Z`, or `done@...`.
    pub fn value(&self) -> String {
        let at = utc_seconds(self.at);
        match self.next {
            Some(action) => format!("{action}@{at}"),
            None => format!("done@{at}"),
        }
    }
}

/// `at` in UTC to the second, RFC 3339 (`2025-01-04T10:00:00Z`), as marks and messages write
/// times.
pub fn utc_seconds(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(at)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// Whether and why `rule` covers `facts`.
pub fn scope(rule: &EnforceRule, facts: &ResourceFacts) -> Result<(), OutOfScope> {
    if !rule.resource_types.contains(facts.resource_type.as_str()) {
        return Err(OutOfScope::ResourceType);
    }
    if !rule.accounts.contains(&facts.account) {
        return Err(OutOfScope::Account);
    }
    if !rule.organizational_units.is_empty() {
        let path = facts
            .ou_path
            .as_ref()
            .ok_or(OutOfScope::OrganizationalUnitUnknown)?;
        if !path.iter().any(|ou| rule.organizational_units.contains(ou)) {
            return Err(OutOfScope::OrganizationalUnit);
        }
    }
    if !rule.regions.is_empty() && !rule.regions.contains(&facts.region) {
        return Err(OutOfScope::Region);
    }
    if facts.state == ResourceState::Gone {
        return Err(OutOfScope::Gone);
    }
    Ok(())
}

/// What exempts `facts` from `rule`, if anything: an account, then a tag, then the creator.
pub fn exemption(rule: &EnforceRule, facts: &ResourceFacts) -> Option<Exemption> {
    if rule.exempt.accounts.contains(&facts.account) {
        return Some(Exemption::Account);
    }
    for (key, wanted) in &rule.exempt.tags {
        if let Some(value) = facts.tags.get(key)
            && (wanted == "*" || wanted == value)
        {
            return Some(Exemption::Tag {
                key: key.clone(),
                value: value.clone(),
            });
        }
    }
    let creator = facts.creator.arn.as_deref()?;
    let role = session_role(creator);
    rule.exempt
        .principals
        .iter()
        .find(|pattern| {
            glob_matches(pattern, creator)
                || role
                    .as_deref()
                    .is_some_and(|role| glob_matches(pattern, role))
        })
        .map(|pattern| Exemption::Principal {
            pattern: pattern.clone(),
        })
}

/// The role ARN (without its path, which a session ARN does not carry) of an assumed-role
/// session ARN: `arn:aws:sts::1:assumed-role/name/session` → `arn:aws:iam::1:role/name`.
fn session_role(arn: &str) -> Option<String> {
    let mut parts = arn.splitn(6, ':');
    let (_, partition, service, _, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let role = resource.strip_prefix("assumed-role/")?.split('/').next()?;
    (service == "sts").then(|| format!("arn:{partition}:iam::{account}:role/{role}"))
}

/// The problems of `tags` against the rule's required tags; empty when it complies.
pub fn problems(rule: &EnforceRule, tags: &BTreeMap<String, String>) -> Vec<Problem> {
    rule.required_tags
        .iter()
        .filter_map(|required| {
            let key = required.key.as_str().to_owned();
            let expected = required.allowed.describe();
            match tags.get(&key) {
                None => Some(Problem::Missing { key, expected }),
                Some(value) if !required.allowed.admits(value) => Some(Problem::NotAllowed {
                    key,
                    value: value.clone(),
                    expected,
                }),
                Some(_) => None,
            }
        })
        .collect()
}

/// The finding of `rule` on `facts` at `now`: see the module's documentation for the ladder.
pub fn evaluate(rule: &EnforceRule, facts: &ResourceFacts, now: OffsetDateTime) -> Finding {
    let existing_mark = facts.tags.get(rule.mark_key.as_str());
    let last = facts.last_actions.get(&rule.name);
    let verdict = match scope(rule, facts) {
        Err(why) => Verdict::OutOfScope(why),
        Ok(()) => match exemption(rule, facts) {
            Some(exemption) => Verdict::Exempt(exemption),
            None => {
                let problems = problems(rule, &facts.tags);
                if problems.is_empty() {
                    Verdict::Compliant
                } else {
                    Verdict::NonCompliant(problems)
                }
            }
        },
    };
    let mut finding = Finding {
        rule: rule.name.clone(),
        mark_key: rule.mark_key.as_str().to_owned(),
        arn: facts.arn.clone(),
        id: facts.id().to_owned(),
        resource_type: facts.resource_type.clone(),
        account: facts.account.as_str().to_owned(),
        region: facts.region.clone(),
        creator: facts.creator.clone(),
        details: facts.details.clone(),
        verdict,
        dry_run: rule.dry_run,
        actions: Vec::new(),
        reached: None,
        next: None,
        mark: MarkChange::Keep,
        forget: false,
        tell_owner: false,
    };
    if !matches!(finding.verdict, Verdict::NonCompliant(_)) {
        if existing_mark.is_some() {
            finding.mark = MarkChange::Remove;
        }
        finding.forget = last.is_some() || existing_mark.is_some();
        return finding;
    }
    climb(rule, facts, existing_mark, last, now, &mut finding);
    finding
}

/// Where the ladder stands and what is due now, for a non-compliant resource.
fn climb(
    rule: &EnforceRule,
    facts: &ResourceFacts,
    existing_mark: Option<&String>,
    last: Option<&LastAction>,
    now: OffsetDateTime,
    finding: &mut Finding,
) {
    let mark = existing_mark.and_then(|value| Mark::parse(value));
    let steps = &rule.steps_for(&facts.resource_type);
    let step_of = |action: Action| steps.iter().position(|step| step.action == action);
    let grace = |index: usize| steps.get(index).map(|s| s.after).unwrap_or_default();
    let announced = |index: usize| {
        let action = steps.get(index).map(|s| s.action);
        mark.filter(|m| m.next.is_some() && m.next == action)
            .map(|m| m.at)
    };
    // `next`: the index of the first step not yet reached; `due`: when it is due.
    let (mut next, mut due) = match (last, step_of(Action::Mark).zip(mark)) {
        (Some(last), _) => {
            // The step reached, or, if the ladder changed since, the last step not past it.
            let reached = steps.iter().rposition(|s| s.action <= last.action);
            let next = reached.map_or(0, |i| i + 1);
            let due = announced(next).unwrap_or(last.at + grace(next));
            (next, due)
        }
        (None, Some((mark_index, _))) => {
            let next = mark_index + 1;
            (next, announced(next).unwrap_or(now + grace(next)))
        }
        (None, None) => {
            let created = facts.created.filter(|c| *c <= now).unwrap_or(now);
            (0, created + grace(0))
        }
    };
    let mut last_reached: Option<usize> = None;
    while let Some(step) = steps.get(next) {
        if due > now {
            break;
        }
        let already_stopped = step.action == Action::Stop && facts.state == ResourceState::Stopped;
        if !already_stopped {
            finding.actions.push(step.action);
        }
        finding.reached = Some(step.action);
        last_reached = Some(next);
        next += 1;
        due = now + grace(next);
    }
    finding.next = steps.get(next).map(|step| Upcoming {
        action: step.action,
        due,
    });
    let mark_index = step_of(Action::Mark);
    let reached_index = last_reached.or(match (last, mark) {
        (Some(last), _) => steps.iter().rposition(|s| s.action <= last.action),
        (None, Some(_)) => mark_index,
        (None, None) => None,
    });
    let marked = mark_index.zip(reached_index).is_some_and(|(m, r)| m <= r);
    finding.mark = if marked {
        let wanted = match finding.next {
            Some(upcoming) => Mark {
                next: Some(upcoming.action),
                at: upcoming.due,
            },
            // The ladder ran out: keep an existing `done@` as it is.
            None => match mark.filter(|m| m.next.is_none()) {
                Some(done) => done,
                None => Mark {
                    next: None,
                    at: if last_reached.is_some() {
                        now
                    } else {
                        last.map_or(now, |l| l.at)
                    },
                },
            },
        };
        let value = wanted.value();
        if existing_mark == Some(&value) {
            MarkChange::Keep
        } else {
            MarkChange::Set(value)
        }
    } else if existing_mark.is_some() {
        MarkChange::Remove
    } else {
        MarkChange::Keep
    };
    let notify_index = step_of(Action::Notify);
    finding.tell_owner = !rule.dry_run
        && last_reached
            .zip(notify_index)
            .is_some_and(|(reached, notify)| notify <= reached);
}

/// Every rule's finding on one resource, and the mark keys to remove whose rule is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// One finding per rule, in the policy's order.
    pub findings: Vec<Finding>,
    /// Mark keys on the resource whose rule the policy no longer has: remove them.
    pub orphan_marks: Vec<String>,
}

/// Every rule of `enforcement` on `facts` at `now`, with the orphaned marks.
pub fn assess(enforcement: &Enforcement, facts: &ResourceFacts, now: OffsetDateTime) -> Assessment {
    Assessment {
        findings: enforcement
            .rules
            .iter()
            .map(|rule| evaluate(rule, facts, now))
            .collect(),
        orphan_marks: orphan_marks(enforcement, &facts.tags),
    }
}

/// The mark keys in `tags` (`<mark_key>:<rule>`) whose rule `enforcement` no longer has.
pub fn orphan_marks(enforcement: &Enforcement, tags: &BTreeMap<String, String>) -> Vec<String> {
    tags.keys()
        .filter(|key| {
            enforcement
                .marked_rule(key)
                .is_some_and(|rule| enforcement.rule(rule).is_none())
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests;
