//! The organization's checks: all features, trusted access for StackSets, SCPs enabled on the
//! root, and the install's SCPs present, as rendered, and attached where the spokes are.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Area, Check, OrganizationFacts, STACKSETS_PRINCIPAL};
use crate::policy::TagPolicy;

const SCP_TYPE: &str = "SERVICE_CONTROL_POLICY";

/// One SCP the install renders: the policy name it is deployed under, its file and document.
#[derive(Debug, Clone)]
pub(super) struct ExpectedScp {
    pub(super) name: String,
    pub(super) file: String,
    pub(super) document: Value,
}

/// The SCPs `autotag render` writes for `policy`, each named as docs/deploy.md step 7 names
/// it: `<install>-<file stem>`.
pub(super) fn expected_scps(policy: &TagPolicy) -> Result<Vec<ExpectedScp>, String> {
    let files = crate::render::render_all(policy).map_err(|err| err.to_string())?;
    Ok(files
        .into_iter()
        .filter_map(|file| {
            let stem = file.path.strip_prefix("scp/")?.strip_suffix(".json")?;
            let document = serde_json::from_str(&file.contents).ok()?;
            Some(ExpectedScp {
                name: format!("{}-{stem}", policy.install.name),
                file: file.path.clone(),
                document,
            })
        })
        .collect())
}

pub(super) fn evaluate(
    policy: &TagPolicy,
    facts: &OrganizationFacts,
    expected_targets: &BTreeSet<String>,
) -> Vec<Check> {
    let area = Area::Organization;
    let mut checks = Vec::new();
    match &facts.organization {
        Ok(org) if org.feature_set == "ALL" => checks.push(Check::pass(
            area,
            "feature set",
            format!("organization `{}` has all features", org.id),
        )),
        Ok(org) => checks.push(Check::fail(
            area,
            "feature set",
            format!(
                "organization `{}` has feature set `{}`: SCPs and service-managed StackSets need `ALL`",
                org.id, org.feature_set
            ),
            "aws organizations enable-all-features (from the management account; invited members must approve)",
        )),
        Err(failure) => checks.push(Check::call_failed(area, "feature set", failure)),
    }
    match &facts.trusted_services {
        Ok(services) if services.iter().any(|s| s == STACKSETS_PRINCIPAL) => {
            checks.push(Check::pass(
                area,
                "trusted access",
                format!("`{STACKSETS_PRINCIPAL}` has trusted access"),
            ));
        }
        Ok(_) => checks.push(Check::fail(
            area,
            "trusted access",
            format!("`{STACKSETS_PRINCIPAL}` has no trusted access: service-managed StackSets cannot deploy to the organization"),
            "aws cloudformation activate-organizations-access (from the management account), or the CloudFormation console: StackSets, \"Activate trusted access\"",
        )),
        Err(failure) => checks.push(Check::call_failed(area, "trusted access", failure)),
    }
    match &facts.roots {
        Ok(roots) if roots.is_empty() => checks.push(Check::fail(
            area,
            "scp policy type",
            "the organization lists no root",
            "run `autotag doctor` with credentials of the management account",
        )),
        Ok(roots) => {
            for root in roots {
                let enabled = root
                    .policy_types
                    .iter()
                    .any(|(kind, status)| kind == SCP_TYPE && status == "ENABLED");
                checks.push(if enabled {
                    Check::pass(area, &root.id, "service control policies are enabled")
                } else {
                    Check::fail(
                        area,
                        &root.id,
                        "service control policies are not enabled on the root: the stamps are unprotected",
                        format!(
                            "aws organizations enable-policy-type --root-id {} --policy-type {SCP_TYPE}",
                            root.id
                        ),
                    )
                });
            }
        }
        Err(failure) => checks.push(Check::call_failed(area, "scp policy type", failure)),
    }
    checks.extend(scps(policy, facts, expected_targets));
    checks
}

fn scps(
    policy: &TagPolicy,
    facts: &OrganizationFacts,
    expected_targets: &BTreeSet<String>,
) -> Vec<Check> {
    let area = Area::Organization;
    let expected = match expected_scps(policy) {
        Ok(expected) => expected,
        Err(err) => {
            return vec![Check::fail(
                area,
                "scp",
                format!("the config's SCPs cannot be rendered: {err}"),
                "fix the config; `autotag render --check` shows the same error",
            )];
        }
    };
    let deployed = match &facts.scps {
        Ok(deployed) => deployed,
        Err(failure) => return vec![Check::call_failed(area, "scp", failure)],
    };
    let mut checks = Vec::new();
    for scp in &expected {
        let Some(found) = deployed.iter().find(|d| d.name == scp.name) else {
            checks.push(Check::fail(
                area,
                &scp.name,
                "no SCP of this name: nothing stops anyone from removing the stamps",
                format!(
                    "aws organizations create-policy --name {} --type SERVICE_CONTROL_POLICY --content file://{} --description \"Deny removing or overwriting autotag stamps\", then attach it to the spokes' OUs (docs/deploy.md, step 7)",
                    scp.name, scp.file
                ),
            ));
            continue;
        };
        match &found.content {
            Ok(text) => match serde_json::from_str::<Value>(text) {
                Ok(document) if document == scp.document => checks.push(Check::pass(
                    area,
                    &scp.name,
                    format!("`{}` ({}) is `{}` as rendered", found.name, found.id, scp.file),
                )),
                _ => checks.push(Check::fail(
                    area,
                    &scp.name,
                    format!(
                        "`{}` ({}) differs from `{}` as the config renders it",
                        found.name, found.id, scp.file
                    ),
                    format!(
                        "autotag render, then aws organizations update-policy --policy-id {} --content file://{}",
                        found.id, scp.file
                    ),
                )),
            },
            Err(failure) => checks.push(Check::call_failed(area, &scp.name, failure)),
        }
        match &found.targets {
            Ok(targets) => {
                let attached: BTreeSet<&str> = targets.iter().map(String::as_str).collect();
                let missing: Vec<&str> = expected_targets
                    .iter()
                    .map(String::as_str)
                    .filter(|t| !attached.contains(t))
                    .collect();
                let subject = format!("{} attachment", scp.name);
                if !missing.is_empty() {
                    checks.push(Check::fail(
                        area,
                        subject,
                        format!(
                            "not attached to `{}`, where the spokes are",
                            missing.join("`, `")
                        ),
                        missing
                            .iter()
                            .map(|t| {
                                format!(
                                    "aws organizations attach-policy --policy-id {} --target-id {t}",
                                    found.id
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("; "),
                    ));
                } else if attached.is_empty() {
                    checks.push(Check::fail(
                        area,
                        subject,
                        "attached to nothing: it protects no account",
                        format!(
                            "aws organizations attach-policy --policy-id {} --target-id <OU of the spokes>",
                            found.id
                        ),
                    ));
                } else if expected_targets.is_empty() {
                    checks.push(Check::warn(
                        area,
                        subject,
                        format!(
                            "attached to `{}`; where it should be is not known (the StackSets name no OU)",
                            targets.join("`, `")
                        ),
                        "pass --scp-target OU_ID for every OU of the spokes to have it checked",
                    ));
                } else {
                    checks.push(Check::pass(
                        area,
                        subject,
                        format!("attached to `{}`", targets.join("`, `")),
                    ));
                }
            }
            Err(failure) => {
                checks.push(Check::call_failed(
                    area,
                    format!("{} attachment", scp.name),
                    failure,
                ));
            }
        }
    }
    let expected_names: BTreeSet<&str> = expected.iter().map(|e| e.name.as_str()).collect();
    for stale in deployed
        .iter()
        .filter(|d| !expected_names.contains(d.name.as_str()))
    {
        checks.push(Check::warn(
            area,
            &stale.name,
            format!(
                "`{}` ({}) is named after the install but the config renders no such SCP",
                stale.name, stale.id
            ),
            format!(
                "if it is left from an earlier rendering, detach and delete it: aws organizations detach-policy --policy-id {} --target-id TARGET; aws organizations delete-policy --policy-id {}",
                stale.id, stale.id
            ),
        ));
    }
    checks
}
