//! Agreement of the config with what is deployed and rendered: the spoke role's name, the
//! stamp keys and the install's names must be the same in the policy, the hub stack, the
//! StackSets, the SCPs and the files `autotag render` writes. A disagreement is how a renamed
//! role or key leaves the hub assuming a role nobody created, or the SCP guarding keys nobody
//! writes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::organization::expected_scps;
use super::{Area, Check, Facts, StackSetInfo};
use crate::policy::TagPolicy;

const RENDER_HINT: &str = "autotag render --config CONFIG --root DIR";

/// The files on disk against what the config renders.
pub(super) fn rendered_files(
    policy: &TagPolicy,
    on_disk: &BTreeMap<String, Option<String>>,
) -> Vec<Check> {
    let area = Area::Config;
    let files = match crate::render::render_all(policy) {
        Ok(files) => files,
        Err(err) => {
            return vec![Check::fail(
                area,
                "rendered files",
                format!("the config cannot be rendered: {err}"),
                "fix the config; `autotag render --check` shows the same error",
            )];
        }
    };
    let present = files
        .iter()
        .filter(|f| on_disk.get(&f.path).is_some_and(Option::is_some))
        .count();
    if present == 0 {
        return vec![Check::warn(
            area,
            "rendered files",
            "none of the rendered files is under the root given: they cannot be compared",
            "pass --root with the directory `autotag render` wrote to (the repository or build/deploy)",
        )];
    }
    let mut checks = Vec::new();
    let mut matching = 0usize;
    for file in &files {
        match on_disk.get(&file.path).and_then(Option::as_deref) {
            Some(text) if text == file.contents => matching += 1,
            Some(_) => checks.push(Check::fail(
                area,
                &file.path,
                "differs from what the config renders: the deployed artifacts may not match the config",
                format!("{RENDER_HINT}, then deploy what changed (docs/deploy.md, \"Upgrade\")"),
            )),
            None => checks.push(Check::fail(
                area,
                &file.path,
                "missing",
                RENDER_HINT,
            )),
        }
    }
    if matching == files.len() {
        checks.push(Check::pass(
            area,
            "rendered files",
            format!("all {matching} rendered files match the config"),
        ));
    }
    checks
}

/// The spoke role's name in a template body, JSON or YAML as written by `autotag render`.
pub(super) fn role_name_in_template(body: &str) -> Option<String> {
    if let Ok(template) = serde_json::from_str::<Value>(body) {
        return template
            .pointer("/Resources/AutoTagRole/Properties/RoleName")
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
    let mut lines = body.lines().skip_while(|l| l.trim() != "AutoTagRole:");
    lines.next()?;
    lines
        .take_while(|l| l.starts_with("    ") || l.trim().is_empty())
        .find_map(|l| l.trim().strip_prefix("RoleName:"))
        .map(|v| v.trim().trim_matches('"').to_owned())
}

/// Whether a deployed template body is the rendered template: the same JSON value, or the
/// same YAML text as `autotag render` writes.
fn same_template(body: &str, rendered: &Value) -> bool {
    match serde_json::from_str::<Value>(body) {
        Ok(deployed) => &deployed == rendered,
        Err(_) => body.trim_end() == crate::render::yaml::to_yaml(rendered).trim_end(),
    }
}

/// The account of an ARN (`arn:aws:iam::111111111111:role/x`).
fn account_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

/// The tag keys the deployed SCPs guard (`aws:TagKeys` values of string conditions).
fn guarded_keys(document: &Value) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let statements = match document.get("Statement") {
        Some(Value::Array(all)) => all.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    for statement in statements {
        let Some(conditions) = statement.get("Condition").and_then(Value::as_object) else {
            continue;
        };
        for (operator, keyed) in conditions {
            if !operator.contains("String") {
                continue;
            }
            match keyed.get("aws:TagKeys") {
                Some(Value::String(key)) => {
                    keys.insert(key.clone());
                }
                Some(Value::Array(values)) => {
                    keys.extend(values.iter().filter_map(Value::as_str).map(str::to_owned));
                }
                _ => {}
            }
        }
    }
    keys
}

pub(super) fn deployed(policy: &TagPolicy, facts: &Facts) -> Vec<Check> {
    let area = Area::Config;
    let mut checks = Vec::new();
    let role = &policy.role_name;
    if policy.external_id.is_none() {
        checks.push(Check::fail(
            area,
            "external id",
            "`spoke.external_id` is not set: the hub cannot assume the spoke roles",
            "set `[spoke] external_id` in the config to the roles StackSet's `ExternalId` parameter",
        ));
    }
    let hub = facts.hub_stack.stack.as_ref().ok().and_then(Option::as_ref);
    // The hub's account, as its stack's outputs name it.
    let hub_account = hub
        .and_then(|s| s.outputs.get("FunctionRoleArn"))
        .and_then(|arn| account_of(arn))
        .map(str::to_owned);
    if let Some(stack) = hub {
        let name = &facts.hub_stack.name;
        match stack.parameters.get("SpokeRoleName") {
            Some(deployed) if deployed == role => checks.push(Check::pass(
                area,
                "role name",
                format!("the config and the hub stack `{name}` name the spoke role `{role}`"),
            )),
            Some(deployed) => checks.push(Check::fail(
                area,
                "role name",
                format!(
                    "the hub stack `{name}` lets the hub assume `{deployed}`; the config names `{role}`"
                ),
                format!(
                    "make them one: set `spoke.role_name = \"{deployed}\"` in the config, or aws cloudformation update-stack --stack-name {name} --use-previous-template --capabilities CAPABILITY_NAMED_IAM --parameters ParameterKey=SpokeRoleName,ParameterValue={role} (and every other parameter with UsePreviousValue=true)"
                ),
            )),
            None => {}
        }
        for (output, expected) in [
            ("FunctionRoleArn", policy.install.function_role()),
            ("OperatorRoleArn", policy.install.operator_role()),
        ] {
            let Some(arn) = stack.outputs.get(output) else {
                continue;
            };
            let suffix = format!(":role{}{expected}", policy.install.role_path);
            if !arn.ends_with(&suffix) {
                checks.push(Check::fail(
                    area,
                    format!("install {output}"),
                    format!(
                        "the hub stack's `{output}` is `{arn}`; the install `{}` expects a role `{}{expected}`, which the spoke roles trust",
                        policy.install.name, policy.install.role_path
                    ),
                    "set `[install] name` and `role_path` in the config to the deployed install's, or deploy the hub stack rendered from this config",
                ));
            }
        }
    }
    let org_id = facts
        .organization
        .organization
        .as_ref()
        .ok()
        .map(|o| o.id.clone());
    let rendered_roles = crate::render::templates::spoke_roles(policy);
    let rendered_rules = crate::render::templates::spoke_rules(policy).ok();
    let mut sets = vec![
        (
            &facts.roles_stack_set,
            Some(rendered_roles),
            "spoke-roles/spoke-roles.yaml",
        ),
        (
            &facts.rules_stack_set,
            rendered_rules.clone(),
            "stacksets/spoke-rules.yaml",
        ),
    ];
    // The management account's rules deploy the same template, with the same hub (judged only
    // where its coverage is: read as the management account, which is in scope).
    if let Some(management) = super::management::judged(policy, facts) {
        sets.push((
            &management.rules_stack_set,
            rendered_rules,
            "stacksets/spoke-rules.yaml",
        ));
    }
    for (set, rendered, file) in sets {
        let Ok(Some(info)) = &set.stack_set else {
            continue;
        };
        checks.extend(stack_set_parameters(
            &set.name,
            info,
            hub_account.as_deref(),
            &facts.hub_region,
            org_id.as_deref(),
        ));
        let Some(body) = &info.template_body else {
            continue;
        };
        let update = format!(
            "{RENDER_HINT}, then aws cloudformation update-stack-set --stack-set-name {} --template-body file://{file} --capabilities CAPABILITY_NAMED_IAM --parameters ParameterKey=KEY,UsePreviousValue=true (one per parameter){}",
            set.name,
            facts.call_as.cli_arg()
        );
        if file.starts_with("spoke-roles") {
            match role_name_in_template(body) {
                Some(deployed) if &deployed == role => {}
                Some(deployed) => checks.push(Check::fail(
                    area,
                    format!("{} role name", set.name),
                    format!(
                        "the StackSet `{}` creates the role `{deployed}`; the config names `{role}`: the hub would assume a role that does not exist",
                        set.name
                    ),
                    format!("set `spoke.role_name = \"{deployed}\"` in the config, or {update}"),
                )),
                None => {}
            }
        }
        if let Some(rendered) = &rendered {
            checks.push(if same_template(body, rendered) {
                Check::pass(
                    area,
                    format!("{} template", set.name),
                    format!("the StackSet deploys `{file}` as the config renders it"),
                )
            } else {
                Check::fail(
                    area,
                    format!("{} template", set.name),
                    format!(
                        "the StackSet's template differs from `{file}` as the config renders it"
                    ),
                    update,
                )
            });
        }
    }
    checks.extend(stamp_keys(policy, facts));
    checks
}

fn stack_set_parameters(
    name: &str,
    info: &StackSetInfo,
    hub_account: Option<&str>,
    hub_region: &str,
    org_id: Option<&str>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for (key, expected, source) in [
        ("HubAccountId", hub_account, "the hub stack's account"),
        ("HubRegion", Some(hub_region), "the hub region"),
        ("OrganizationId", org_id, "the organization"),
    ] {
        let (Some(deployed), Some(expected)) = (info.parameters.get(key), expected) else {
            continue;
        };
        if deployed != expected {
            checks.push(Check::fail(
                Area::Config,
                format!("{name} {key}"),
                format!(
                    "the StackSet's `{key}` is `{deployed}`, {source} is `{expected}`: the spokes would forward to, or trust, the wrong hub"
                ),
                format!(
                    "aws cloudformation update-stack-set --stack-set-name {name} --use-previous-template --parameters ParameterKey={key},ParameterValue={expected} (every other parameter with UsePreviousValue=true)"
                ),
            ));
        }
    }
    checks
}

/// The keys the deployed SCPs guard against the config's stamp keys, and the role they exempt
/// against the config's role.
fn stamp_keys(policy: &TagPolicy, facts: &Facts) -> Vec<Check> {
    let area = Area::Config;
    let Ok(deployed) = &facts.organization.scps else {
        return Vec::new();
    };
    let Ok(expected) = expected_scps(policy) else {
        return Vec::new();
    };
    let names: BTreeSet<&str> = expected.iter().map(|e| e.name.as_str()).collect();
    let documents: Vec<Value> = deployed
        .iter()
        .filter(|d| names.contains(d.name.as_str()))
        .filter_map(|d| d.content.as_ref().ok())
        .filter_map(|text| serde_json::from_str(text).ok())
        .collect();
    if documents.is_empty() {
        return Vec::new();
    }
    let guarded: BTreeSet<String> = documents.iter().flat_map(guarded_keys).collect();
    let wanted: BTreeSet<String> = policy
        .protected_keys()
        .iter()
        .map(|k| k.as_str().to_owned())
        .collect();
    let list = |keys: &BTreeSet<String>| {
        keys.iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("`, `")
    };
    let mut checks = vec![if guarded == wanted {
        Check::pass(
            area,
            "stamp keys",
            format!("the SCPs guard the config's stamp keys `{}`", list(&wanted)),
        )
    } else {
        Check::fail(
            area,
            "stamp keys",
            format!(
                "the SCPs guard `{}`; the config stamps `{}`",
                list(&guarded),
                list(&wanted)
            ),
            format!(
                "{RENDER_HINT}, then update each SCP from scp/ (docs/deploy.md, \"Upgrade\", step 7)"
            ),
        )
    }];
    let exempt = format!("/{}", policy.role_name);
    let exempts_role = documents
        .iter()
        .any(|d| d.to_string().contains(&format!("{exempt}\"")));
    if !exempts_role {
        checks.push(Check::fail(
            area,
            "scp exemption",
            format!(
                "the SCPs do not exempt the role `{}`: the hub's own stamps would be denied",
                policy.role_name
            ),
            format!(
                "{RENDER_HINT}, then update each SCP from scp/ (docs/deploy.md, \"Upgrade\", step 7)"
            ),
        ));
    }
    checks
}
