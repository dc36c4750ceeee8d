//! The management account's own coverage (docs/deploy.md, step 6). Service-managed StackSets
//! never deploy there, so the organization stack, deployed with `CallAs=SELF`, creates the
//! spoke role there as a resource of its own and the spoke rules through the self-managed
//! StackSet `<install>-spoke-rules-management`. Only the management account itself can see
//! either: from a delegated administrator this is one warning.

use std::collections::BTreeSet;

use super::stacks::instance_checks;
use super::{Area, CallAs, Check, Facts, ManagementFacts, RoleInfo};
use crate::arn::AccountId;
use crate::policy::{AccountScope, TagPolicy};

/// The subject of the lines about the management account as a whole.
const ACCOUNT: &str = "management account";
/// The subject of the line about its spoke role.
const ROLE: &str = "management account role";

const DEPLOY: &str = "deploy `stacksets/org-stacksets.yaml` from the management account with `CallAs=SELF` (docs/deploy.md, steps 5 and 6)";

/// The account of an ARN (`arn:aws:sts::111111111111:assumed-role/x/y`).
fn account_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

/// The management account's id: as the organization names it, else (read as the management
/// account itself) the caller's account.
fn management_account(facts: &Facts) -> Option<String> {
    let caller = || match facts.call_as {
        CallAs::SelfAccount => facts.caller.as_deref().ok().and_then(account_of),
        CallAs::DelegatedAdmin => None,
    };
    facts
        .management_account()
        .or_else(caller)
        .map(str::to_owned)
}

/// Whether the config leaves `account` out on purpose: an explicit `scope.accounts` without it.
fn left_out(policy: &TagPolicy, account: &str) -> bool {
    match AccountId::parse(account) {
        Ok(id) => !policy.scope.contains(&id),
        // Not an account id the config could list: nothing says it is left out.
        Err(_) => false,
    }
}

/// How to cover the management account, or to leave it out instead.
fn cover_or_leave_out(policy: &TagPolicy, account: Option<&str>) -> String {
    let account = account.unwrap_or("the management account");
    match &policy.scope {
        AccountScope::All => format!(
            "{DEPLOY}; or, to leave it out as docs/deploy.md step 6 recommends, list the other accounts in `scope.accounts`"
        ),
        AccountScope::Only(_) => {
            format!("{DEPLOY}; or, to leave it out, remove `{account}` from `scope.accounts`")
        }
    }
}

/// Why the management account's coverage is not judged, as the one line saying so; `None` when
/// it is.
fn not_judged(policy: &TagPolicy, facts: &Facts) -> Option<Vec<Check>> {
    let area = Area::StackSet;
    let management = management_account(facts);
    if let Some(account) = management.as_deref()
        && left_out(policy, account)
    {
        return Some(vec![Check::pass(
            area,
            ACCOUNT,
            format!(
                "`{account}` is not in `scope.accounts`: left out on purpose (docs/deploy.md, step 6), the hub never acts there, so its spoke role and rules are not checked"
            ),
        )]);
    }
    match (facts.call_as, &facts.management) {
        (CallAs::DelegatedAdmin, _) => {
            let account = management.as_deref().unwrap_or("?");
            return Some(vec![Check::warn(
                area,
                ACCOUNT,
                format!(
                    "the management account `{account}` cannot be checked from a delegated administrator: the organization stack leaves it to be covered by hand"
                ),
                format!(
                    "check by hand that the management account has the stacks of docs/deploy.md step 6: `{}` once (aws cloudformation describe-stacks --stack-name {} --region us-east-1) and `{}` in every region",
                    policy.install.roles_stack_set(),
                    policy.install.roles_stack_set(),
                    policy.install.rules_stack_set()
                ),
            )]);
        }
        // Not gathered: nothing to judge.
        (CallAs::SelfAccount, None) => return Some(Vec::new()),
        (CallAs::SelfAccount, Some(_)) => {}
    }
    let caller = facts.caller.as_deref().ok().and_then(account_of);
    if let (Some(caller), Some(account)) = (caller, management.as_deref())
        && caller != account
    {
        // `--call-as self` from another account reads that account's role and StackSets,
        // which say nothing of the management account's.
        return Some(vec![Check::warn(
            area,
            ACCOUNT,
            format!(
                "the caller's account `{caller}` is not the management account `{account}`: its spoke role and rules are not checked"
            ),
            "run `autotag doctor --area stackset` with credentials of the management account",
        )]);
    }
    None
}

/// The management account's facts when they are judged: read as the management account
/// itself, and the account in scope.
pub(super) fn judged<'a>(policy: &TagPolicy, facts: &'a Facts) -> Option<&'a ManagementFacts> {
    match not_judged(policy, facts) {
        Some(_) => None,
        None => facts.management.as_ref(),
    }
}

pub(super) fn evaluate(policy: &TagPolicy, facts: &Facts) -> Vec<Check> {
    if let Some(line) = not_judged(policy, facts) {
        return line;
    }
    let Some(gathered) = facts.management.as_ref() else {
        return Vec::new();
    };
    let management = management_account(facts);
    let mut checks = rules(policy, facts, gathered, management.as_deref());
    checks.push(role(policy, gathered, management.as_deref()));
    checks
}

/// The self-managed rules StackSet: present, active, every instance `CURRENT`, and an instance
/// in every region the organization's rules cover.
fn rules(
    policy: &TagPolicy,
    facts: &Facts,
    gathered: &ManagementFacts,
    management: Option<&str>,
) -> Vec<Check> {
    let area = Area::StackSet;
    let set = &gathered.rules_stack_set;
    let name = &set.name;
    let info = match &set.stack_set {
        Ok(Some(info)) => info,
        Ok(None) => {
            return vec![Check::fail(
                area,
                name,
                format!(
                    "no StackSet `{name}` in `{}`: the management account has no spoke rules, its events never reach the hub",
                    facts.hub_region
                ),
                cover_or_leave_out(policy, management),
            )];
        }
        Err(failure) => return vec![Check::call_failed(area, name, failure)],
    };
    if info.status != "ACTIVE" {
        return vec![Check::fail(
            area,
            name,
            format!("the StackSet is `{}`", info.status),
            DEPLOY,
        )];
    }
    let instances = match &set.instances {
        Ok(instances) => instances,
        Err(failure) => return vec![Check::call_failed(area, name, failure)],
    };
    // Read with `CallAs` `SELF`: the hints need no `--call-as`.
    let (mut checks, current) = instance_checks(name, instances, "");
    let covered: BTreeSet<&str> = instances
        .iter()
        .filter(|i| management.is_none_or(|m| i.account == m))
        .map(|i| i.region.as_str())
        .collect();
    // The regions of the organization's rules StackSet (both follow the organization stack's
    // `Regions`), and those `scope.regions` names.
    let mut wanted: BTreeSet<&str> = policy.regions.iter().map(|r| r.as_str()).collect();
    if let (Ok(Some(_)), Ok(organization)) = (
        &facts.rules_stack_set.stack_set,
        &facts.rules_stack_set.instances,
    ) {
        wanted.extend(organization.iter().map(|i| i.region.as_str()));
    }
    let missing: Vec<&str> = wanted.difference(&covered).copied().collect();
    let account = management.unwrap_or("the management account");
    if !missing.is_empty() {
        checks.push(Check::fail(
            area,
            format!("{name} {account}"),
            format!(
                "no instance in `{}`, which the organization's rules cover: the management account's events there never reach the hub",
                missing.join("`, `")
            ),
            format!(
                "deploy the organization stack (`stacksets/org-stacksets.yaml`) again with `{}` in its `Regions` parameter (docs/deploy.md, step 5, \"New accounts and regions\"): both rules StackSets follow it",
                missing.join(",")
            ),
        ));
    } else if instances.is_empty() {
        checks.push(Check::fail(
            area,
            name,
            "the StackSet has no instance",
            format!("{DEPLOY}, with every region in its `Regions` parameter"),
        ));
    }
    if checks.is_empty() {
        checks.push(Check::pass(
            area,
            name,
            format!(
                "{current} instance(s) `CURRENT` for `{account}` in {} region(s)",
                covered.len()
            ),
        ));
    }
    checks
}

/// The spoke role: there, at the install's path, as the hub assumes it.
fn role(policy: &TagPolicy, gathered: &ManagementFacts, management: Option<&str>) -> Check {
    let area = Area::StackSet;
    let name = &policy.role_name;
    let path = &policy.install.role_path;
    let account = management.unwrap_or("the management account");
    match &gathered.role {
        Ok(Some(RoleInfo { arn, path: found })) if found == path => {
            Check::pass(area, ROLE, format!("`{arn}` exists"))
        }
        Ok(Some(RoleInfo { arn, path: found })) => Check::fail(
            area,
            ROLE,
            format!(
                "`{arn}` is at path `{found}`; the hub assumes `role{path}{name}`, which does not exist"
            ),
            format!(
                "set `[install] role_path = \"{found}\"` in the config if that is the install's path; or {DEPLOY}, rendered from this config"
            ),
        ),
        Ok(None) => Check::fail(
            area,
            ROLE,
            format!(
                "no role `{path}{name}` in `{account}`: the hub cannot stamp anything created there"
            ),
            format!(
                "{}; the stack creates it (`ManagementAutoTagRole`)",
                cover_or_leave_out(policy, management)
            ),
        ),
        Err(failure) => Check::call_failed(area, ROLE, failure),
    }
}
