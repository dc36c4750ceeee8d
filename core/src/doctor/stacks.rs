//! The hub stack and the spoke StackSets: deployed, complete, with the outputs the hub needs,
//! and a current stack instance in every account (and, for the rules, every region).

use std::collections::{BTreeMap, BTreeSet};

use super::{Area, Check, Facts, HubStackFacts, InstanceInfo, StackSetFacts};
use crate::policy::TagPolicy;

/// Where the SCPs must be attached: the OUs the StackSets deploy to, and `--scp-target`.
pub(super) fn expected_scp_targets(facts: &Facts) -> BTreeSet<String> {
    let mut targets: BTreeSet<String> = facts.scp_targets.iter().cloned().collect();
    for set in [&facts.roles_stack_set, &facts.rules_stack_set] {
        if let Ok(Some(info)) = &set.stack_set {
            targets.extend(info.organizational_units.iter().cloned());
        }
        if let Ok(instances) = &set.instances {
            targets.extend(
                instances
                    .iter()
                    .filter_map(|i| i.organizational_unit.clone()),
            );
        }
    }
    targets
}

/// The hub stack's output keys, as the rendered hub template declares them.
pub(super) fn required_outputs(policy: &TagPolicy) -> Vec<String> {
    crate::render::templates::hub(policy)
        .get("Outputs")
        .and_then(|o| o.as_object())
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

pub(super) fn hub_stack(policy: &TagPolicy, hub: &HubStackFacts, facts: &Facts) -> Vec<Check> {
    let area = Area::HubStack;
    let name = &hub.name;
    let region = &facts.hub_region;
    let deploy = format!(
        "aws cloudformation deploy --region {region} --stack-name {name} --template-file stacksets/hub.yaml --capabilities CAPABILITY_NAMED_IAM --parameter-overrides OrganizationId=ORG_ID CodeBucket=BUCKET (docs/deploy.md)"
    );
    let stack = match &hub.stack {
        Ok(Some(stack)) => stack,
        Ok(None) => {
            return vec![Check::fail(
                area,
                name,
                format!("no stack `{name}` in `{region}`"),
                format!("{deploy}; or pass --hub-stack and --hub-region if it is elsewhere"),
            )];
        }
        Err(failure) => return vec![Check::call_failed(area, name, failure)],
    };
    let mut checks = Vec::new();
    let status = stack.status.as_str();
    let reason = stack
        .status_reason
        .as_deref()
        .map(|r| format!(": {r}"))
        .unwrap_or_default();
    let events = format!(
        "aws cloudformation describe-stack-events --region {region} --stack-name {name} shows why"
    );
    checks.push(match status {
        "CREATE_COMPLETE" | "UPDATE_COMPLETE" | "IMPORT_COMPLETE" => {
            Check::pass(area, name, format!("`{status}` in `{region}`"))
        }
        "UPDATE_ROLLBACK_COMPLETE" => Check::warn(
            area,
            name,
            format!("`{status}`: its last update was rolled back{reason}"),
            format!("{events}; fix it and update again"),
        ),
        s if s.ends_with("_IN_PROGRESS") => Check::warn(
            area,
            name,
            format!("`{status}`{reason}"),
            "wait for the operation to end, then run `autotag doctor` again",
        ),
        _ => Check::fail(
            area,
            name,
            format!("`{status}`{reason}"),
            if status == "ROLLBACK_COMPLETE" {
                format!(
                    "{events}; a stack whose creation rolled back cannot be updated: delete it (aws cloudformation delete-stack --stack-name {name}) and deploy again"
                )
            } else {
                format!("{events}; fix it, then {deploy}")
            },
        ),
    });
    let missing: Vec<String> = required_outputs(policy)
        .into_iter()
        .filter(|key| !stack.outputs.contains_key(key))
        .collect();
    let subject = format!("{name} outputs");
    checks.push(if missing.is_empty() {
        Check::pass(
            area,
            subject,
            format!("has the {} outputs the hub needs", stack.outputs.len()),
        )
    } else {
        Check::fail(
            area,
            subject,
            format!("missing output(s) `{}`", missing.join("`, `")),
            format!("the stack is older than stacksets/hub.yaml: update it with {deploy}"),
        )
    });
    checks
}

/// Which StackSet, for what it must cover.
#[derive(Debug, Clone, Copy)]
enum Coverage {
    /// One instance per account, in any one region (IAM is global).
    OnePerAccount,
    /// One instance per account and region.
    EveryRegion,
}

pub(super) fn stack_sets(policy: &TagPolicy, facts: &Facts) -> Vec<Check> {
    let mut checks = Vec::new();
    checks.extend(stack_set(
        policy,
        facts,
        &facts.roles_stack_set,
        Coverage::OnePerAccount,
    ));
    checks.extend(stack_set(
        policy,
        facts,
        &facts.rules_stack_set,
        Coverage::EveryRegion,
    ));
    checks
}

/// The accounts that must hold the StackSets' instances: the active accounts in scope, but the
/// management account, which service-managed StackSets never deploy to.
fn expected_accounts(policy: &TagPolicy, facts: &Facts) -> Option<Vec<String>> {
    let accounts = facts.accounts.as_ref().ok()?;
    let management = facts.management_account();
    Some(
        accounts
            .iter()
            .filter(|a| Some(a.as_str()) != management)
            .filter(|a| crate::arn::AccountId::parse(a).is_ok_and(|id| policy.scope.contains(&id)))
            .cloned()
            .collect(),
    )
}

fn instance_target(instance: &InstanceInfo) -> String {
    match &instance.organizational_unit {
        Some(ou) => format!(
            "--deployment-targets OrganizationalUnitIds={ou},Accounts={},AccountFilterType=INTERSECTION",
            instance.account
        ),
        None => format!("--accounts {}", instance.account),
    }
}

fn stack_set(
    policy: &TagPolicy,
    facts: &Facts,
    set: &StackSetFacts,
    coverage: Coverage,
) -> Vec<Check> {
    let area = Area::StackSet;
    let name = &set.name;
    let call_as = facts.call_as.cli_arg();
    let info = match &set.stack_set {
        Ok(Some(info)) => info,
        Ok(None) => {
            return vec![Check::fail(
                area,
                name,
                format!("no StackSet `{name}` in `{}`", facts.hub_region),
                "deploy stacksets/org-stacksets.yaml from the management account or the delegated administrator (docs/deploy.md, \"The StackSets\")",
            )];
        }
        Err(failure) => return vec![Check::call_failed(area, name, failure)],
    };
    let mut checks = Vec::new();
    if info.status != "ACTIVE" {
        checks.push(Check::fail(
            area,
            name,
            format!("the StackSet is `{}`", info.status),
            "deploy stacksets/org-stacksets.yaml again (docs/deploy.md, \"The StackSets\")",
        ));
        return checks;
    }
    let instances = match &set.instances {
        Ok(instances) => instances,
        Err(failure) => {
            checks.push(Check::call_failed(area, name, failure));
            return checks;
        }
    };
    let (failing, current) = instance_checks(name, instances, call_as);
    checks.extend(failing);
    let mut by_account: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for instance in instances {
        by_account
            .entry(instance.account.as_str())
            .or_default()
            .insert(instance.region.as_str());
    }
    let regions: BTreeSet<&str> = if policy.regions.is_empty() {
        instances.iter().map(|i| i.region.as_str()).collect()
    } else {
        policy.regions.iter().map(|r| r.as_str()).collect()
    };
    let create = |account: &str, regions: &str| {
        format!(
            "add the account to an OU the StackSet targets (auto-deployment creates it), or aws cloudformation create-stack-instances --stack-set-name {name} --deployment-targets OrganizationalUnitIds=OU_ID,Accounts={account},AccountFilterType=INTERSECTION --regions {regions}{call_as}"
        )
    };
    if let Some(accounts) = expected_accounts(policy, facts) {
        for account in &accounts {
            let have = by_account.get(account.as_str());
            match coverage {
                Coverage::OnePerAccount if have.is_none() => {
                    checks.push(Check::fail(
                        area,
                        format!("{name} {account}"),
                        "no instance: the account has no auto-tag role, nothing there is stamped",
                        create(account, &facts.hub_region),
                    ));
                }
                Coverage::EveryRegion => {
                    let missing: Vec<&str> = regions
                        .iter()
                        .copied()
                        .filter(|r| !have.is_some_and(|h| h.contains(r)))
                        .collect();
                    if !missing.is_empty() {
                        checks.push(Check::fail(
                            area,
                            format!("{name} {account}"),
                            format!(
                                "no instance in `{}`: events there never reach the hub",
                                missing.join("`, `")
                            ),
                            create(account, &missing.join(" ")),
                        ));
                    }
                }
                Coverage::OnePerAccount => {}
            }
        }
    }
    if current > 0 {
        checks.push(Check::pass(
            area,
            name,
            format!(
                "{current} instance(s) `CURRENT` in {} account(s) and {} region(s)",
                by_account.len(),
                regions.len()
            ),
        ));
    } else if instances.is_empty() {
        checks.push(Check::fail(
            area,
            name,
            "the StackSet has no instance",
            format!(
                "aws cloudformation create-stack-instances --stack-set-name {name} --deployment-targets OrganizationalUnitIds=OU_ID --regions REGIONS{call_as}"
            ),
        ));
    }
    checks
}

/// A failing line for each instance of StackSet `name` that is not `CURRENT`, and how many
/// are; `call_as` is the `--call-as` argument the hints need.
pub(super) fn instance_checks(
    name: &str,
    instances: &[InstanceInfo],
    call_as: &str,
) -> (Vec<Check>, usize) {
    let area = Area::StackSet;
    let mut checks = Vec::new();
    let mut current = 0usize;
    for instance in instances {
        let region = &instance.region;
        let subject = format!("{name} {}/{region}", instance.account);
        let detailed = instance
            .detailed_status
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        let reason = instance
            .status_reason
            .as_deref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        let target = instance_target(instance);
        match instance.status.as_str() {
            "CURRENT" => current += 1,
            "INOPERABLE" => checks.push(Check::fail(
                area,
                subject,
                format!("instance is `INOPERABLE`{detailed}{reason}"),
                format!(
                    "aws cloudformation delete-stack-instances --stack-set-name {name} {target} --regions {region} --retain-stacks{call_as}, then create it again with create-stack-instances"
                ),
            )),
            status => checks.push(Check::fail(
                area,
                subject,
                format!("instance is `{status}`{detailed}{reason}"),
                format!(
                    "fix the cause in the status reason, then aws cloudformation update-stack-instances --stack-set-name {name} {target} --regions {region}{call_as}"
                ),
            )),
        }
    }
    (checks, current)
}
