//! The facts `autotag doctor` judges ([`autotag_core::doctor`]), gathered with the caller's
//! own credentials: the organization (Organizations), the trails (CloudTrail), the hub stack
//! and the StackSets (CloudFormation), the management account's own spoke role (IAM) and one
//! `AssumeRole` per account (STS).
//!
//! Every list is read to its last page. A call that fails becomes a [`CallFailure`] fact with
//! the SDK's error text and sources, and gathering goes on: one denied or throttled call costs
//! its own line of the report, never the whole run.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use autotag_core::arn::AccountId;
use autotag_core::doctor::{
    AdvancedSelector, AssumeOutcome, AssumeResult, CallAs, CallFailure, ClassicSelector,
    EventSelectors, Facts, FieldSelector, Gathered, HubStackFacts, InstanceInfo, ManagementFacts,
    OrganizationFacts, OrganizationInfo, RoleInfo, RootInfo, ScpInfo, StackInfo, StackSetFacts,
    StackSetInfo, TrailInfo,
};
use autotag_core::policy::TagPolicy;
use aws_config::SdkConfig;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures::StreamExt as _;

/// The clients the doctor reads with: the caller's own, in the hub region.
#[derive(Debug, Clone)]
pub struct DoctorClients {
    /// Organizations.
    pub organizations: aws_sdk_organizations::Client,
    /// CloudTrail.
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    /// CloudFormation.
    pub cloudformation: aws_sdk_cloudformation::Client,
    /// IAM.
    pub iam: aws_sdk_iam::Client,
    /// STS.
    pub sts: aws_sdk_sts::Client,
}

impl DoctorClients {
    /// Clients of `base` (whose region is the hub region).
    pub fn new(base: &SdkConfig) -> Self {
        Self {
            organizations: aws_sdk_organizations::Client::new(base),
            cloudtrail: aws_sdk_cloudtrail::Client::new(base),
            cloudformation: aws_sdk_cloudformation::Client::new(base),
            iam: aws_sdk_iam::Client::new(base),
            sts: aws_sdk_sts::Client::new(base),
        }
    }
}

/// What to look at.
#[derive(Debug, Clone)]
pub struct DoctorOptions {
    /// The hub stack's name.
    pub hub_stack: String,
    /// The hub region.
    pub hub_region: String,
    /// As whom StackSets are read.
    pub call_as: CallAs,
    /// Do not try `AssumeRole` into the accounts.
    pub skip_assume: bool,
    /// `AssumeRole` calls at once.
    pub concurrency: usize,
    /// Where the SCPs must be attached, besides the StackSets' OUs.
    pub scp_targets: Vec<String>,
}

/// The failure of `call`, with the service's code and the error's whole chain of sources.
fn failure<E, R>(call: &str, err: &SdkError<E, R>) -> CallFailure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    CallFailure::new(
        call,
        err.code().map(str::to_owned),
        DisplayErrorContext(err).to_string(),
    )
}

/// A next token that means "more": present and not empty.
fn more(token: Option<String>) -> Option<String> {
    token.filter(|t| !t.is_empty())
}

/// Every item of a paged list: `page(token)` is one call, returning its items and the next
/// token.
async fn all_pages<T, F, Fut>(mut page: F) -> Gathered<Vec<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Gathered<(Vec<T>, Option<String>)>>,
{
    let mut all = Vec::new();
    let mut token = None;
    loop {
        let (items, next) = page(token).await?;
        all.extend(items);
        token = more(next);
        if token.is_none() {
            return Ok(all);
        }
    }
}

/// Gathers every fact; `progress(done, total)` is told after each `AssumeRole`.
pub async fn gather(
    clients: &DoctorClients,
    policy: &TagPolicy,
    options: &DoctorOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Facts {
    let caller = clients
        .sts
        .get_caller_identity()
        .send()
        .await
        .map(|out| out.arn().unwrap_or_default().to_owned())
        .map_err(|err| failure("sts:GetCallerIdentity", &err));
    let partition = caller
        .as_deref()
        .ok()
        .and_then(|arn| arn.split(':').nth(1))
        .filter(|p| !p.is_empty())
        .unwrap_or("aws")
        .to_owned();
    let accounts = accounts(&clients.organizations).await;
    let organization = organization(&clients.organizations, policy).await;
    let trails = trails(&clients.cloudtrail).await;
    let hub_stack = hub_stack(&clients.cloudformation, &options.hub_stack).await;
    let call_as = match options.call_as {
        CallAs::SelfAccount => aws_sdk_cloudformation::types::CallAs::SelfValue,
        CallAs::DelegatedAdmin => aws_sdk_cloudformation::types::CallAs::DelegatedAdmin,
    };
    let roles_stack_set = stack_set(
        &clients.cloudformation,
        &policy.install.roles_stack_set(),
        &call_as,
    )
    .await;
    let rules_stack_set = stack_set(
        &clients.cloudformation,
        &policy.install.rules_stack_set(),
        &call_as,
    )
    .await;
    // Only the management account sees its own coverage; a delegated administrator cannot.
    let management = match options.call_as {
        CallAs::SelfAccount => Some(management(clients, policy).await),
        CallAs::DelegatedAdmin => None,
    };
    let assumed = match (&accounts, options.skip_assume) {
        (Ok(accounts), false) => Some(
            assume_all(
                &clients.sts,
                policy,
                &partition,
                accounts,
                options.concurrency,
                progress,
            )
            .await,
        ),
        (Err(_), false) => Some(Vec::new()),
        (_, true) => None,
    };
    Facts {
        caller,
        call_as: options.call_as,
        hub_region: options.hub_region.clone(),
        organization,
        trails,
        hub_stack,
        roles_stack_set,
        rules_stack_set,
        management,
        accounts,
        assumed,
        scp_targets: options.scp_targets.clone(),
    }
}

/// The organization's active accounts.
async fn accounts(client: &aws_sdk_organizations::Client) -> Gathered<Vec<String>> {
    all_pages(|token| async move {
        let page = client
            .list_accounts()
            .set_next_token(token)
            .send()
            .await
            .map_err(|err| failure("organizations:ListAccounts", &err))?;
        let active = page
            .accounts()
            .iter()
            .filter(|a| a.status().is_none_or(|s| s.as_str() == "ACTIVE"))
            .filter_map(|a| a.id().map(str::to_owned))
            .collect();
        Ok((active, page.next_token))
    })
    .await
}

async fn organization(
    client: &aws_sdk_organizations::Client,
    policy: &TagPolicy,
) -> OrganizationFacts {
    let organization = client
        .describe_organization()
        .send()
        .await
        .map_err(|err| failure("organizations:DescribeOrganization", &err))
        .map(|out| {
            let org = out.organization();
            OrganizationInfo {
                id: org.and_then(|o| o.id()).unwrap_or_default().to_owned(),
                feature_set: org
                    .and_then(|o| o.feature_set())
                    .map(|f| f.as_str().to_owned())
                    .unwrap_or_default(),
                management_account: org.and_then(|o| o.master_account_id()).map(str::to_owned),
            }
        });
    OrganizationFacts {
        organization,
        trusted_services: trusted_services(client).await,
        roots: roots(client).await,
        scps: scps(client, &format!("{}-protect-tags", policy.install.name)).await,
    }
}

async fn trusted_services(client: &aws_sdk_organizations::Client) -> Gathered<Vec<String>> {
    all_pages(|token| async move {
        let page = client
            .list_aws_service_access_for_organization()
            .set_next_token(token)
            .send()
            .await
            .map_err(|err| failure("organizations:ListAWSServiceAccessForOrganization", &err))?;
        let services = page
            .enabled_service_principals()
            .iter()
            .filter_map(|s| s.service_principal().map(str::to_owned))
            .collect();
        Ok((services, page.next_token))
    })
    .await
}

async fn roots(client: &aws_sdk_organizations::Client) -> Gathered<Vec<RootInfo>> {
    all_pages(|token| async move {
        let page = client
            .list_roots()
            .set_next_token(token)
            .send()
            .await
            .map_err(|err| failure("organizations:ListRoots", &err))?;
        let roots = page
            .roots()
            .iter()
            .map(|root| RootInfo {
                id: root.id().unwrap_or_default().to_owned(),
                policy_types: root
                    .policy_types()
                    .iter()
                    .map(|t| {
                        (
                            t.r#type()
                                .map(|t| t.as_str().to_owned())
                                .unwrap_or_default(),
                            t.status()
                                .map(|s| s.as_str().to_owned())
                                .unwrap_or_default(),
                        )
                    })
                    .collect(),
            })
            .collect();
        Ok((roots, page.next_token))
    })
    .await
}

/// The SCPs whose names start with `prefix`, with their content and targets.
async fn scps(client: &aws_sdk_organizations::Client, prefix: &str) -> Gathered<Vec<ScpInfo>> {
    let found: Vec<(String, String)> = all_pages(|token| async move {
        let page = client
            .list_policies()
            .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
            .set_next_token(token)
            .send()
            .await
            .map_err(|err| failure("organizations:ListPolicies", &err))?;
        let named = page
            .policies()
            .iter()
            .filter(|p| p.name().is_some_and(|n| n.starts_with(prefix)))
            .filter_map(|p| Some((p.id()?.to_owned(), p.name()?.to_owned())))
            .collect();
        Ok((named, page.next_token))
    })
    .await?;
    let mut scps = Vec::new();
    for (id, name) in found {
        let content = client
            .describe_policy()
            .policy_id(&id)
            .send()
            .await
            .map_err(|err| failure("organizations:DescribePolicy", &err))
            .map(|out| {
                out.policy()
                    .and_then(|p| p.content())
                    .unwrap_or_default()
                    .to_owned()
            });
        let targets = policy_targets(client, &id).await;
        scps.push(ScpInfo {
            id,
            name,
            content,
            targets,
        });
    }
    Ok(scps)
}

async fn policy_targets(
    client: &aws_sdk_organizations::Client,
    policy_id: &str,
) -> Gathered<Vec<String>> {
    all_pages(|token| async move {
        let page = client
            .list_targets_for_policy()
            .policy_id(policy_id)
            .set_next_token(token)
            .send()
            .await
            .map_err(|err| failure("organizations:ListTargetsForPolicy", &err))?;
        let targets = page
            .targets()
            .iter()
            .filter_map(|t| t.target_id().map(str::to_owned))
            .collect();
        Ok((targets, page.next_token))
    })
    .await
}

/// Every trail the region sees, shadow trails of organization and multi-region trails
/// included, with its status and selectors (asked for by ARN, which a shadow trail needs).
async fn trails(client: &aws_sdk_cloudtrail::Client) -> Gathered<Vec<TrailInfo>> {
    let listed = client
        .describe_trails()
        .include_shadow_trails(true)
        .send()
        .await
        .map_err(|err| failure("cloudtrail:DescribeTrails", &err))?;
    let mut trails = Vec::new();
    for trail in listed.trail_list() {
        let name = trail.name().unwrap_or_default().to_owned();
        let id = trail.trail_arn().unwrap_or(&name).to_owned();
        let logging = client
            .get_trail_status()
            .name(&id)
            .send()
            .await
            .map(|out| out.is_logging().unwrap_or(false))
            .map_err(|err| failure("cloudtrail:GetTrailStatus", &err));
        let selectors = client
            .get_event_selectors()
            .trail_name(&id)
            .send()
            .await
            .map(|out| {
                let advanced = out.advanced_event_selectors();
                if advanced.is_empty() {
                    EventSelectors::Classic(
                        out.event_selectors()
                            .iter()
                            .map(|s| ClassicSelector {
                                read_write: s
                                    .read_write_type()
                                    .map_or("All", |t| t.as_str())
                                    .to_owned(),
                                management: s.include_management_events().unwrap_or(true),
                            })
                            .collect(),
                    )
                } else {
                    EventSelectors::Advanced(
                        advanced
                            .iter()
                            .map(|s| AdvancedSelector {
                                name: s.name().map(str::to_owned),
                                fields: s
                                    .field_selectors()
                                    .iter()
                                    .map(|f| FieldSelector {
                                        field: f.field().to_owned(),
                                        equals: f.equals().to_vec(),
                                        not_equals: f.not_equals().to_vec(),
                                    })
                                    .collect(),
                            })
                            .collect(),
                    )
                }
            })
            .map_err(|err| failure("cloudtrail:GetEventSelectors", &err));
        trails.push(TrailInfo {
            name,
            arn: trail.trail_arn().map(str::to_owned),
            home_region: trail.home_region().map(str::to_owned),
            organization: trail.is_organization_trail().unwrap_or(false),
            multi_region: trail.is_multi_region_trail().unwrap_or(false),
            logging,
            selectors,
        });
    }
    Ok(trails)
}

async fn hub_stack(client: &aws_sdk_cloudformation::Client, name: &str) -> HubStackFacts {
    let stack = match client.describe_stacks().stack_name(name).send().await {
        Ok(out) => Ok(out.stacks().first().map(|stack| StackInfo {
            status: stack
                .stack_status()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            status_reason: stack.stack_status_reason().map(str::to_owned),
            parameters: stack
                .parameters()
                .iter()
                .filter_map(|p| {
                    Some((
                        p.parameter_key()?.to_owned(),
                        p.parameter_value().unwrap_or_default().to_owned(),
                    ))
                })
                .collect(),
            outputs: stack
                .outputs()
                .iter()
                .filter_map(|o| {
                    Some((
                        o.output_key()?.to_owned(),
                        o.output_value().unwrap_or_default().to_owned(),
                    ))
                })
                .collect(),
        })),
        // CloudFormation says a stack is missing with a ValidationError.
        Err(err) if err.message().is_some_and(|m| m.contains("does not exist")) => Ok(None),
        Err(err) => Err(failure("cloudformation:DescribeStacks", &err)),
    };
    HubStackFacts {
        name: name.to_owned(),
        stack,
    }
}

async fn stack_set(
    client: &aws_sdk_cloudformation::Client,
    name: &str,
    call_as: &aws_sdk_cloudformation::types::CallAs,
) -> StackSetFacts {
    let described = client
        .describe_stack_set()
        .stack_set_name(name)
        .call_as(call_as.clone())
        .send()
        .await;
    let stack_set = match described {
        Ok(out) => Ok(out.stack_set().map(|set| StackSetInfo {
            status: set
                .status()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            parameters: set
                .parameters()
                .iter()
                .filter_map(|p| {
                    Some((
                        p.parameter_key()?.to_owned(),
                        p.parameter_value().unwrap_or_default().to_owned(),
                    ))
                })
                .collect::<BTreeMap<_, _>>(),
            template_body: set.template_body().map(str::to_owned),
            organizational_units: set.organizational_unit_ids().to_vec(),
        })),
        Err(err) if err.code() == Some("StackSetNotFoundException") => Ok(None),
        Err(err) => Err(failure("cloudformation:DescribeStackSet", &err)),
    };
    let instances = match &stack_set {
        Ok(Some(_)) => instances(client, name, call_as).await,
        _ => Ok(Vec::new()),
    };
    StackSetFacts {
        name: name.to_owned(),
        stack_set,
        instances,
    }
}

/// The management account's spoke rules StackSet (self-managed, read with `CallAs` `SELF`) and
/// its spoke role, as the caller's account has them.
async fn management(clients: &DoctorClients, policy: &TagPolicy) -> ManagementFacts {
    let rules_stack_set = stack_set(
        &clients.cloudformation,
        &policy.install.management_rules_stack_set(),
        &aws_sdk_cloudformation::types::CallAs::SelfValue,
    )
    .await;
    let role = match clients
        .iam
        .get_role()
        .role_name(&policy.role_name)
        .send()
        .await
    {
        Ok(out) => Ok(out.role().map(|role| RoleInfo {
            arn: role.arn().to_owned(),
            path: role.path().to_owned(),
        })),
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_no_such_entity_exception()) =>
        {
            Ok(None)
        }
        Err(err) => Err(failure("iam:GetRole", &err)),
    };
    ManagementFacts {
        rules_stack_set,
        role,
    }
}

async fn instances(
    client: &aws_sdk_cloudformation::Client,
    name: &str,
    call_as: &aws_sdk_cloudformation::types::CallAs,
) -> Gathered<Vec<InstanceInfo>> {
    all_pages(|token| async move {
        let page = client
            .list_stack_instances()
            .stack_set_name(name)
            .call_as(call_as.clone())
            .set_next_token(token)
            .send()
            .await
            .map_err(|err| failure("cloudformation:ListStackInstances", &err))?;
        let instances = page
            .summaries()
            .iter()
            .map(|i| InstanceInfo {
                account: i.account().unwrap_or_default().to_owned(),
                region: i.region().unwrap_or_default().to_owned(),
                status: i
                    .status()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
                detailed_status: i
                    .stack_instance_status()
                    .and_then(|s| s.detailed_status())
                    .map(|s| s.as_str().to_owned()),
                status_reason: i.status_reason().map(str::to_owned),
                organizational_unit: i.organizational_unit_id().map(str::to_owned),
            })
            .collect();
        Ok((instances, page.next_token))
    })
    .await
}

/// One `AssumeRole` into the spoke role of each account in scope, `concurrency` at a time,
/// in the accounts' order.
async fn assume_all(
    sts: &aws_sdk_sts::Client,
    policy: &TagPolicy,
    partition: &str,
    accounts: &[String],
    concurrency: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<AssumeResult> {
    let done = AtomicUsize::new(0);
    let total = accounts.len();
    futures::stream::iter(accounts)
        .map(|account| {
            let done = &done;
            async move {
                let result = assume(sts, policy, partition, account).await;
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                result
            }
        })
        .buffered(concurrency.max(1))
        .collect()
        .await
}

async fn assume(
    sts: &aws_sdk_sts::Client,
    policy: &TagPolicy,
    partition: &str,
    account: &str,
) -> AssumeResult {
    let role_arn = policy
        .install
        .role_arn(partition, account, &policy.role_name);
    let in_scope = AccountId::parse(account).is_ok_and(|id| policy.scope.contains(&id));
    let outcome = match (&policy.external_id, in_scope) {
        (_, false) => AssumeOutcome::OutOfScope,
        (None, true) => AssumeOutcome::Failed(CallFailure::new(
            "sts:AssumeRole",
            None,
            "not tried: config field `spoke.external_id` is not set",
        )),
        (Some(external_id), true) => match sts
            .assume_role()
            .role_arn(&role_arn)
            .role_session_name("autotag-doctor")
            .external_id(external_id)
            .duration_seconds(900)
            .send()
            .await
        {
            Ok(_) => AssumeOutcome::Assumed,
            Err(err) => AssumeOutcome::Failed(failure("sts:AssumeRole", &err)),
        },
    };
    AssumeResult {
        account: account.to_owned(),
        role_arn,
        outcome,
    }
}
