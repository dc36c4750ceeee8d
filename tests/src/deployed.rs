//! An organization deployed from the generated artifacts, as docs/deploy.md describes: an
//! organization with an OU of two member accounts, the hub stack from `stacksets/hub.yaml`, the
//! spoke roles and rules as service-managed StackSets targeting the OU, and the SCP attached to
//! the OU.
//!
//! What the emulator cannot do is said, not hidden: it cannot run Lambda functions, so the
//! function, its queue mapping and its alarms are left out of the hub stack and `autotag hub`
//! drains the queue instead, and so are the retag function, its rule, permission, invoke
//! configuration and errors alarm (the e2e tests call its library edge) ([`EMULATOR_CANNOT_RUN`]); it does not support the
//! `AWS::CloudFormation::StackSet` resource of `stacksets/org-stacksets.yaml`, so the same
//! rendered spoke templates are deployed through the StackSets API; and it stores the SCP but
//! never enforces it (the SCP's effect is proven by core's policy evaluator instead).
//!
//! [`cover_management`] adds what the organization stack deployed with `CallAs=SELF` gives the
//! management account itself (docs/deploy.md, step 6), through the same APIs.

use std::path::Path;

use anyhow::{Context, anyhow, bail};
use aws_sdk_cloudformation::types::{
    AutoDeployment, CallAs, Capability, DeploymentTargets, Parameter, PermissionModels, StackStatus,
};
use aws_sdk_organizations::types::{OrganizationFeatureSet, PolicyType};
use serde_json::Value;

use crate::moto;
use crate::org::{EXTERNAL_ID, Org, REGION};

/// Hub-stack resources the emulator cannot run, left out of the deployed hub stack.
pub const EMULATOR_CANNOT_RUN: &[&str] = &[
    "Function",
    "QueueToFunction",
    "ErrorsAlarm",
    "ThrottlesAlarm",
    "RetagFunction",
    "RetagInvokeConfig",
    "RetagRule",
    "RetagPermission",
    "RetagErrorsAlarm",
];

/// A deployed organization and what was made.
#[derive(Debug)]
pub struct Deployed {
    /// The hub (the management account here) and the member accounts as spokes.
    pub org: Org,
    /// `o-...`.
    pub organization_id: String,
    /// The OU the member accounts are in.
    pub ou_id: String,
    /// The attached SCPs' ids.
    pub scp_ids: Vec<String>,
}

fn repo_file(path: &str) -> anyhow::Result<String> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    std::fs::read_to_string(&full).with_context(|| format!("reading {}", full.display()))
}

fn parameter(key: &str, value: &str) -> Parameter {
    Parameter::builder()
        .parameter_key(key)
        .parameter_value(value)
        .build()
}

/// Deploys a fresh organization whose spoke rules cover `regions`.
pub async fn deploy(regions: &[&str]) -> anyhow::Result<Deployed> {
    let moto = moto::shared()?;
    let management = moto::fresh_account();
    let config = moto
        .account_config(
            &management,
            REGION,
            "OrganizationAccountAccessRole",
            "deployer",
        )
        .await?;
    let orgs = aws_sdk_organizations::Client::new(&config);

    let organization = orgs
        .create_organization()
        .feature_set(OrganizationFeatureSet::All)
        .send()
        .await?;
    let organization_id = organization
        .organization()
        .and_then(|o| o.id())
        .context("no organization id")?
        .to_owned();
    let roots = orgs.list_roots().send().await?;
    let root = roots
        .roots()
        .first()
        .and_then(|r| r.id())
        .context("no root")?
        .to_owned();
    let ou = orgs
        .create_organizational_unit()
        .parent_id(&root)
        .name("workloads")
        .send()
        .await?;
    let ou_id = ou
        .organizational_unit()
        .and_then(|o| o.id())
        .context("no OU id")?
        .to_owned();
    let mut members = Vec::new();
    for name in ["spoke-a", "spoke-b"] {
        let created = orgs
            .create_account()
            .account_name(name)
            .email(format!("{name}-{management}@example.com"))
            .send()
            .await?;
        let request = created
            .create_account_status()
            .and_then(|s| s.id())
            .context("no request id")?;
        let status = orgs
            .describe_create_account_status()
            .create_account_request_id(request)
            .send()
            .await?;
        let account = status
            .create_account_status()
            .and_then(|s| s.account_id())
            .context("no account id")?
            .to_owned();
        orgs.move_account()
            .account_id(&account)
            .source_parent_id(&root)
            .destination_parent_id(&ou_id)
            .send()
            .await?;
        members.push(account);
    }

    // The hub stack, from the same rendering `stacksets/hub.yaml` is checked against.
    let policy = autotag_core::policy::TagPolicy::default();
    let install = &policy.install;
    let mut hub = autotag_core::render::templates::hub(&policy);
    if let Some(resources) = hub.get_mut("Resources").and_then(Value::as_object_mut) {
        for name in EMULATOR_CANNOT_RUN {
            resources
                .remove(*name)
                .ok_or_else(|| anyhow!("hub template has no `{name}`"))?;
        }
    }
    // moto reads an archive's `EventPattern` only as JSON text, which CloudFormation takes too
    // (its type is `Json`: an object or its text).
    if let Some(pattern) = hub.pointer_mut("/Resources/HubBusArchive/Properties/EventPattern") {
        *pattern = Value::String(pattern.to_string());
    }
    // The outputs naming what was left out (`FunctionName`) keep their key, as the stack on
    // AWS has it (`autotag doctor` checks the outputs against the rendered template), with a
    // value saying what stands in for the function.
    if let Some(outputs) = hub.get_mut("Outputs").and_then(Value::as_object_mut) {
        for output in outputs.values_mut() {
            let text = output.to_string();
            if EMULATOR_CANNOT_RUN
                .iter()
                .any(|name| text.contains(&format!("\"{name}\"")))
            {
                *output = serde_json::json!({"Value": "not deployed in the emulator: `autotag hub` stands in"});
            }
        }
    }
    let cfn = aws_sdk_cloudformation::Client::new(&config);
    cfn.create_stack()
        .stack_name(install.hub_stack())
        .template_body(hub.to_string())
        .capabilities(Capability::CapabilityNamedIam)
        .parameters(parameter("OrganizationId", &organization_id))
        .parameters(parameter("CodeBucket", "not-deployed-in-the-emulator"))
        .parameters(parameter("CodeKey", "not-deployed-in-the-emulator.zip"))
        .send()
        .await?;
    let stacks = cfn
        .describe_stacks()
        .stack_name(install.hub_stack())
        .send()
        .await?;
    let stack = stacks.stacks().first().context("hub stack missing")?;
    if stack.stack_status() != Some(&StackStatus::CreateComplete) {
        bail!(
            "hub stack is {:?}: {:?}",
            stack.stack_status(),
            stack.stack_status_reason()
        );
    }
    let output = |key: &str| {
        stack
            .outputs()
            .iter()
            .find(|o| o.output_key() == Some(key))
            .and_then(|o| o.output_value())
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("hub stack has no output `{key}`"))
    };
    let queue_url = output("HubQueueUrl")?;
    let dead_letter_url = output("DeadLetterQueueUrl")?;

    // The spoke StackSets, from the committed templates.
    let hub_parameters = [
        parameter("HubAccountId", &management),
        parameter("HubRegion", REGION),
    ];
    let role_parameters = [
        parameter("OrganizationId", &organization_id),
        parameter("ExternalId", EXTERNAL_ID),
    ];
    let stacksets = [
        (
            install.roles_stack_set(),
            "spoke-roles/spoke-roles.yaml",
            vec![REGION],
            true,
        ),
        (
            install.rules_stack_set(),
            "stacksets/spoke-rules.yaml",
            regions.to_vec(),
            false,
        ),
    ];
    for (name, path, stackset_regions, roles) in stacksets {
        let mut parameters: Vec<Parameter> = hub_parameters.to_vec();
        if roles {
            parameters.extend(role_parameters.iter().cloned());
        }
        cfn.create_stack_set()
            .stack_set_name(&name)
            .template_body(repo_file(path)?)
            .permission_model(PermissionModels::ServiceManaged)
            .auto_deployment(
                AutoDeployment::builder()
                    .enabled(true)
                    .retain_stacks_on_account_removal(false)
                    .build(),
            )
            .capabilities(Capability::CapabilityNamedIam)
            .set_parameters(Some(parameters))
            .send()
            .await?;
        cfn.create_stack_instances()
            .stack_set_name(&name)
            .deployment_targets(
                DeploymentTargets::builder()
                    .organizational_unit_ids(&ou_id)
                    .build(),
            )
            .set_regions(Some(
                stackset_regions.iter().map(|r| (*r).to_owned()).collect(),
            ))
            .send()
            .await?;
    }

    // The SCPs (one, or several when the renderer had to split them), attached to the OU.
    let scp_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scp");
    let mut scp_files: Vec<String> = std::fs::read_dir(&scp_dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("protect-tags") && name.ends_with(".json"))
        .collect();
    scp_files.sort();
    anyhow::ensure!(!scp_files.is_empty(), "no SCP in {}", scp_dir.display());
    let mut scp_ids = Vec::new();
    for file in &scp_files {
        let scp = orgs
            .create_policy()
            .name(format!("autotag-{}", file.trim_end_matches(".json")))
            .description("Deny removing or overwriting autotag's stamps")
            .r#type(PolicyType::ServiceControlPolicy)
            .content(repo_file(&format!("scp/{file}"))?)
            .send()
            .await?;
        let scp_id = scp
            .policy()
            .and_then(|p| p.policy_summary())
            .and_then(|s| s.id())
            .context("no policy id")?
            .to_owned();
        orgs.attach_policy()
            .policy_id(&scp_id)
            .target_id(&ou_id)
            .send()
            .await?;
        scp_ids.push(scp_id);
    }

    let org = Org::from_parts(
        moto,
        management,
        members,
        queue_url,
        dead_letter_url,
        config,
    );
    Ok(Deployed {
        org,
        organization_id,
        ou_id,
        scp_ids,
    })
}

/// Covers the management account (the hub here) as the organization stack deployed with
/// `CallAs=SELF` does: its spoke roles, which that stack creates as resources of its own
/// (`ManagementAutoTagRole`, `ManagementForwarderRole`), here a stack of the rendered
/// `spoke-roles/spoke-roles.yaml`; and its spoke rules in `regions` through the self-managed
/// StackSet `<install>-spoke-rules-management`, with an instance in the management account in
/// each region. moto ignores the StackSet's administration and execution roles, so none is
/// made.
pub async fn cover_management(deployed: &Deployed, regions: &[&str]) -> anyhow::Result<()> {
    let org = &deployed.org;
    let install = autotag_core::policy::TagPolicy::default().install;
    let cfn = aws_sdk_cloudformation::Client::new(org.hub_config());
    let hub_parameters = [
        parameter("HubAccountId", &org.hub),
        parameter("HubRegion", REGION),
    ];
    cfn.create_stack()
        .stack_name(install.roles_stack_set())
        .template_body(repo_file("spoke-roles/spoke-roles.yaml")?)
        .capabilities(Capability::CapabilityNamedIam)
        .set_parameters(Some(hub_parameters.to_vec()))
        .parameters(parameter("OrganizationId", &deployed.organization_id))
        .parameters(parameter("ExternalId", EXTERNAL_ID))
        .send()
        .await?;
    let name = install.management_rules_stack_set();
    cfn.create_stack_set()
        .stack_set_name(&name)
        .template_body(repo_file("stacksets/spoke-rules.yaml")?)
        .permission_model(PermissionModels::SelfManaged)
        .call_as(CallAs::SelfValue)
        .capabilities(Capability::CapabilityNamedIam)
        .set_parameters(Some(hub_parameters.to_vec()))
        .send()
        .await?;
    cfn.create_stack_instances()
        .stack_set_name(&name)
        .call_as(CallAs::SelfValue)
        .accounts(&org.hub)
        .set_regions(Some(regions.iter().map(|r| (*r).to_owned()).collect()))
        .send()
        .await?;
    Ok(())
}
