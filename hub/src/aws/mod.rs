//! AWS adapters: the only code that names `aws_sdk_*`, grouped by the port they serve.
//!
//! - Tagging ([`ResourceTagger`]): [`AwsTagger`] dispatches each route batch to its module in
//!   [`routes`] ([`ec2`], [`s3`], [`iam`], [`ecr`], [`tagging`], [`autoscaling`],
//!   [`organizations`], [`dax`], [`rolesanywhere`], [`cloudmap`], [`cloudwatch`],
//!   [`apigateway`]), each the cheapest correct API of its family; the shared read-merge-write
//!   helpers are here.
//! - Reaching the spokes and reading identity: [`sessions`] (clients as the spoke's auto-tag
//!   role) and [`directory`] (principals' IAM tags, launching parents).
//! - The hub's own state: [`session_store`] (sessions and the stamp ledger in DynamoDB),
//!   [`queue`] (the hub queue, redelivery and the dead-letter queue) and [`alerts`] (SNS).
//! - Image pushes ([`ImageFacts`](crate::ports::ImageFacts)): [`images`] (a pushed image's
//!   config blob and its repository's tags).
//! - Enforcement's messages ([`Notifier`](crate::ports::Notifier)): [`notify`] (SNS, the chat
//!   webhook, SES, and the dispatcher that routes, rate-limits, retries and reports them).
//! - Org-wide reading for `autotag audit` and `autotag backfill`: [`estate`] (accounts and
//!   regions), [`inventory`] (the survey) and [`trail`] (CloudTrail's past); for
//!   `autotag doctor`, [`doctor`] (the deployment's facts).
//! - The admission webhook's [`RepositoryFacts`](crate::ports::RepositoryFacts): [`admission`]
//!   (ECR repositories' immutability, scanning and owner stamp).

pub mod admission;
pub mod alerts;
pub mod config_store;
pub mod directory;
pub mod doctor;
pub mod enforce;
pub mod estate;
pub mod images;
pub mod inventory;
pub mod notify;
pub mod queue;
pub mod routes;
pub mod session_store;
pub mod sessions;
pub mod trail;

pub(crate) use routes::by_arn;
pub use routes::{
    apigateway, autoscaling, cloudmap, cloudwatch, dax, ec2, ecr, iam, organizations,
    rolesanywhere, s3, tagging,
};

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use autotag_core::plan::{RouteBatch, TagPlan};
use autotag_core::registry::Route;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures::StreamExt as _;

use crate::ports::{ApplyReport, FailureKind, ResourceFailure, ResourceTagger};
use sessions::SpokeSessions;

/// How the hub reaches AWS.
#[derive(Debug, Clone, Default)]
pub struct AwsOptions {
    /// Send every call here instead of AWS (e.g. a local emulator). `AWS_ENDPOINT_URL` in the
    /// environment has the same effect.
    pub endpoint_url: Option<String>,
    /// The hub's own region; defaults to the environment's, then `us-east-1`.
    pub region: Option<String>,
    /// The named profile of the shared config and credentials files; defaults to the
    /// environment's (`AWS_PROFILE`).
    pub profile: Option<String>,
    /// Attempts per call, throttling and 5xx included (the SDK backs off between them).
    pub max_attempts: Option<u32>,
}

/// Loads the hub's base SDK configuration from the environment, with `options` on top.
///
/// Retries are the SDK's standard mode with autotag's attempts. The mode's details come from
/// the environment's default chain, so `AWS_NEW_RETRIES_2026=true` opts into AWS's 2026 retry
/// behaviour (50 ms base backoff for transient errors, 1 s kept for throttling; see
/// docs/performance.md), which the hub stack sets for the function.
pub async fn load_sdk_config(options: &AwsOptions) -> SdkConfig {
    let retries = aws_config::default_provider::retry_config::default_provider()
        .retry_config()
        .await
        .with_retry_mode(aws_smithy_types::retry::RetryMode::Standard)
        .with_max_attempts(options.max_attempts.unwrap_or(5));
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).retry_config(retries);
    if let Some(endpoint) = &options.endpoint_url {
        loader = loader.endpoint_url(endpoint);
    }
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &options.region {
        loader = loader.region(Region::new(region.clone()));
    }
    let config = loader.load().await;
    if config.region().is_none() {
        return config
            .into_builder()
            .region(Region::from_static("us-east-1"))
            .build();
    }
    config
}

/// Where the hub keeps its state and parks what it cannot process.
#[derive(Debug, Clone, Default)]
pub struct HubStores {
    /// The dead-letter queue that failed messages are parked in.
    pub dead_letter_url: Option<String>,
    /// Deliveries of a failing message before it is parked.
    pub max_receives: u32,
    /// The DynamoDB table STS sessions are recorded in; without it, no session is joined.
    pub session_table: Option<String>,
    /// The DynamoDB table stack stamps are kept in; without it, stack creations cannot be
    /// recorded and fail, and stack resources take the caller as owner; no stamp is recorded
    /// and none is restored.
    pub ledger_table: Option<String>,
    /// The SNS topic told when a removed stamp is put back.
    pub alert_topic_arn: Option<String>,
    /// How many account and region groups of a batch are tagged at once, and identity lookups
    /// run at once; 0 for the default ([`DEFAULT_CONCURRENCY`]).
    pub concurrency: usize,
}

/// How long the messages of one batch's enforcement may take: they go after the batch's tags,
/// within the function's time, and what is not delivered by then is logged (the sweep's
/// messages are the backstop).
const EVENT_NOTIFY_DEADLINE: std::time::Duration = std::time::Duration::from_secs(10);

/// The channels enforcement's messages take as events arrive, or none when the policy names
/// none or one is misconfigured (logged: the sweep reports the same error and fails).
fn event_notifier(
    base: &SdkConfig,
    enforcement: &autotag_core::policy::enforce::Enforcement,
) -> Option<Arc<dyn crate::ports::Notifier>> {
    match notify::dispatch::Notifiers::from_enforcement(base, enforcement) {
        Ok(notifiers) if notifiers.is_empty() => None,
        Ok(notifiers) => Some(Arc::new(notifiers.with_deadline(EVENT_NOTIFY_DEADLINE))),
        Err(err) => {
            tracing::warn!(error = %err, "enforcement's channels cannot be set up; no message is sent on arrival");
            None
        }
    }
}

/// Everything the hub needs to process events for real: spoke sessions, the tagger, the
/// directory of principals and parents and, if given, the session table and the dead-letter
/// queue.
pub async fn processor(
    policy: autotag_core::policy::TagPolicy,
    options: &AwsOptions,
    stores: HubStores,
) -> Result<crate::processing::Processor, sessions::SessionError> {
    let (base, sessions) = spoke_sessions(&policy, options).await?;
    Ok(processor_on(&base, sessions, policy, stores))
}

/// As [`processor`], over spoke sessions the caller already holds (an org-wide command that
/// also lists the spokes), so each account's role is assumed once.
pub fn processor_on(
    base: &SdkConfig,
    sessions: Arc<SpokeSessions>,
    policy: autotag_core::policy::TagPolicy,
    stores: HubStores,
) -> crate::processing::Processor {
    let concurrency = match stores.concurrency {
        0 => DEFAULT_CONCURRENCY,
        n => n,
    };
    let tagger = Arc::new(AwsTagger::new(Arc::clone(&sessions)).with_concurrency(concurrency));
    let directory: Arc<dyn crate::ports::Directory> = Arc::new(directory::AwsDirectory::new(
        Arc::clone(&sessions),
        directory::PRINCIPAL_TAGS_TTL,
    ));
    let session_store = stores.session_table.map(|table| {
        Arc::new(session_store::DynamoSessions::new(
            aws_sdk_dynamodb::Client::new(base),
            table,
        )) as Arc<dyn crate::ports::SessionStore>
    });
    let dynamo_ledger = stores.ledger_table.map(|table| {
        Arc::new(session_store::DynamoLedger::new(
            aws_sdk_dynamodb::Client::new(base),
            table,
        ))
    });
    let ledger = dynamo_ledger
        .clone()
        .map(|ledger| ledger as Arc<dyn crate::ports::StampLedger>);
    // One dispatcher for enforcement's messages and image pushes' owner messages, so they share
    // each channel's rate limit.
    let notifier = (!policy.enforcement.rules.is_empty() || !policy.ecr.label_tags.is_empty())
        .then(|| event_notifier(base, &policy.enforcement))
        .flatten();
    let enforcement = (!policy.enforcement.rules.is_empty()).then(|| {
        crate::processing::enforcing::EventEnforcement::new(
            Arc::new(enforce::AwsEnforcementActions::new(Arc::clone(&sessions))),
            dynamo_ledger
                .clone()
                .map(|ledger| ledger as Arc<dyn crate::ports::EnforcementLedger>),
            notifier.clone(),
        )
    });
    let identity =
        crate::processing::identity::IdentityContext::new(session_store, Some(directory))
            .with_ledger(ledger);
    let alerts = stores.alert_topic_arn.map(|topic| {
        Arc::new(alerts::SnsAlerts::new(
            aws_sdk_sns::Client::new(base),
            topic,
        )) as Arc<dyn crate::ports::Alerts>
    });
    let images = (!policy.ecr.label_tags.is_empty())
        .then(|| match images::EcrImageFacts::new(Arc::clone(&sessions)) {
            Ok(facts) => Some(
                crate::processing::images::ImageChecks::new(Arc::new(facts), alerts.clone())
                    .with_owner_messages(notifier.clone())
                    .with_ledger(
                        dynamo_ledger
                            .clone()
                            .map(|ledger| ledger as Arc<dyn crate::ports::LabelLedger>),
                    ),
            ),
            Err(err) => {
                tracing::warn!(error = %err, "image pushes cannot be read; labels are not compared");
                None
            }
        })
        .flatten();
    let processor = crate::processing::Processor::new(Arc::new(policy), tagger)
        .with_identity(identity)
        .with_alerts(alerts)
        .with_image_checks(images)
        .with_concurrency(concurrency)
        .with_enforcement(enforcement);
    let (dead_letter_url, max_receives) = (stores.dead_letter_url, stores.max_receives);
    match dead_letter_url {
        Some(url) => {
            let dead_letters = queue::SqsDeadLetters::new(aws_sdk_sqs::Client::new(base), url);
            processor.with_dead_letters(Arc::new(dead_letters), max_receives)
        }
        None => processor,
    }
}

/// The hub's SDK configuration, and sessions as the autotag role in the spoke accounts.
pub async fn spoke_sessions(
    policy: &autotag_core::policy::TagPolicy,
    options: &AwsOptions,
) -> Result<(SdkConfig, Arc<SpokeSessions>), sessions::SessionError> {
    let base = load_sdk_config(options).await;
    let sessions = Arc::new(SpokeSessions::new(
        base.clone(),
        aws_sdk_sts::Client::new(&base),
        policy,
    )?);
    Ok((base, sessions))
}

/// Redelivery of the Lambda's waiting messages, as the hub identity.
pub async fn redelivery(options: &AwsOptions) -> queue::SqsRedelivery {
    queue::SqsRedelivery::new(aws_sdk_sqs::Client::new(&load_sdk_config(options).await))
}

/// The [`ResourceTagger`] that writes tags in spoke accounts through their auto-tag role.
#[derive(Debug, Clone)]
pub struct AwsTagger {
    sessions: Arc<SpokeSessions>,
    concurrency: usize,
}

/// How many (account, region) groups of a batch are tagged at once, by default.
pub const DEFAULT_CONCURRENCY: usize = 8;

impl AwsTagger {
    /// A tagger over `sessions`.
    pub fn new(sessions: Arc<SpokeSessions>) -> Self {
        Self {
            sessions,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }

    /// Tags up to `concurrency` (account, region) groups of a batch at once (at least one).
    pub fn with_concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    /// Applies plans of one account, region and partition: EC2 batches together (one read and
    /// one write per distinct tag set for all of them), the other routes plan by plan.
    async fn apply_group(&self, plans: &[&TagPlan]) -> Vec<ApplyReport> {
        let mut reports: Vec<ApplyReport> = plans.iter().map(|_| ApplyReport::default()).collect();
        let Some(first) = plans.first() else {
            return reports;
        };
        let clients = match self
            .sessions
            .clients(&first.account, &first.region, first.partition)
        {
            Ok(clients) => clients,
            Err(err) => {
                let message = err.to_string();
                return plans
                    .iter()
                    .map(|plan| {
                        ApplyReport::all_failed(
                            plan.arns().map(ToString::to_string),
                            "sts:AssumeRole",
                            FailureKind::Denied,
                            &message,
                        )
                    })
                    .collect();
            }
        };
        let ec2_batches: Vec<(usize, (&TagPlan, &RouteBatch))> = plans
            .iter()
            .enumerate()
            .flat_map(|(index, plan)| {
                plan.batches
                    .iter()
                    .filter(|batch| batch.route == Route::Ec2)
                    .map(move |batch| (index, (*plan, batch)))
            })
            .collect();
        if !ec2_batches.is_empty() {
            let (owners, batches): (Vec<usize>, Vec<(&TagPlan, &RouteBatch)>) =
                ec2_batches.into_iter().unzip();
            let parts = ec2::tag_all(clients.ec2(), &batches).await;
            for (owner, part) in owners.into_iter().zip(parts) {
                if let Some(report) = reports.get_mut(owner) {
                    report.absorb(part);
                }
            }
        }
        for (plan, report) in plans.iter().zip(&mut reports) {
            for batch in plan.batches.iter().filter(|b| b.route != Route::Ec2) {
                report.absorb(apply_batch(&clients, plan, batch).await);
            }
        }
        reports
    }
}

/// Applies one route batch of `plan` with the route's own module.
async fn apply_batch(
    clients: &sessions::SpokeClients,
    plan: &TagPlan,
    batch: &RouteBatch,
) -> ApplyReport {
    match batch.route {
        Route::Ec2 => ec2::tag(clients.ec2(), plan, batch).await,
        Route::S3Bucket => s3::tag(clients.s3(), plan, batch).await,
        Route::IamRole
        | Route::IamUser
        | Route::IamPolicy
        | Route::IamInstanceProfile
        | Route::IamMfaDevice => iam::tag(clients.iam(), plan, batch).await,
        Route::Ecr => ecr::tag(clients.ecr(), plan, batch).await,
        Route::TaggingApi => tagging::tag(clients.tagging(), plan, batch).await,
        Route::AutoScaling => autoscaling::tag(clients.autoscaling(), plan, batch).await,
        Route::Organizations => organizations::tag(clients.organizations(), plan, batch).await,
        Route::Dax => dax::tag(clients.dax(), plan, batch).await,
        Route::RolesAnywhere => rolesanywhere::tag(clients.rolesanywhere(), plan, batch).await,
        Route::CloudMap => cloudmap::tag(clients.cloudmap(), plan, batch).await,
        Route::CloudWatch => cloudwatch::tag(clients.cloudwatch(), plan, batch).await,
        Route::ApiGateway => apigateway::tag(clients.apigateway(), plan, batch).await,
        // Nothing to write in the spoke: the hub's ledger keeps these stamps, and untaggable
        // events never become plans.
        Route::Ledger | Route::Untaggable => ApplyReport::default(),
    }
}

#[async_trait]
impl ResourceTagger for AwsTagger {
    async fn apply(&self, plan: &TagPlan) -> ApplyReport {
        self.apply_all(&[plan]).await.pop().unwrap_or_default()
    }

    /// Groups the plans by account, region and partition (one set of clients each) and tags
    /// up to `concurrency` groups at once.
    async fn apply_all(&self, plans: &[&TagPlan]) -> Vec<ApplyReport> {
        let mut groups: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
        for (index, plan) in plans.iter().enumerate() {
            groups
                .entry((plan.account.as_str(), plan.region.as_str(), plan.partition))
                .or_default()
                .push(index);
        }
        let done: Vec<(Vec<usize>, Vec<ApplyReport>)> =
            futures::stream::iter(groups.into_values().map(|members| async move {
                let group: Vec<&TagPlan> = members
                    .iter()
                    .filter_map(|i| plans.get(*i).copied())
                    .collect();
                let reports = self.apply_group(&group).await;
                (members, reports)
            }))
            .buffer_unordered(self.concurrency)
            .collect()
            .await;
        let mut reports: Vec<ApplyReport> = plans.iter().map(|_| ApplyReport::default()).collect();
        for (members, parts) in done {
            for (index, part) in members.into_iter().zip(parts) {
                if let Some(report) = reports.get_mut(index) {
                    report.absorb(part);
                }
            }
        }
        reports
    }
}

/// The planned tags resource `arn` lacks: the plan's own, plus its type's `[[tag_set]]` tags
/// (an instance's attached volumes, which the plan does not list, are `ec2:volume`).
fn missing_on<'a>(
    plan: &TagPlan,
    arn: &str,
    existing_keys: impl IntoIterator<Item = &'a str> + Clone,
) -> Result<autotag_core::tags::TagSet, autotag_core::tags::TagLimitExceeded> {
    let listed = plan
        .batches
        .iter()
        .flat_map(|batch| &batch.resources)
        .find(|resource| resource.arn.to_string() == arn)
        .map(|resource| resource.resource_type);
    let resource_type = listed.or_else(|| arn.contains(":volume/").then_some("ec2:volume"));
    match resource_type {
        Some(resource_type) => plan.missing_for(resource_type, existing_keys),
        None => plan.missing_from(existing_keys),
    }
}

/// The planned tags `arn` lacks; `None` once `report` says why nothing is to be written to it
/// (already stamped, or the missing tags would pass the 50-tag limit).
pub(crate) fn missing_tags<'a>(
    plan: &TagPlan,
    arn: &str,
    existing_keys: impl IntoIterator<Item = &'a str> + Clone,
    operation: &'static str,
    report: &mut ApplyReport,
) -> Option<autotag_core::tags::TagSet> {
    match missing_on(plan, arn, existing_keys) {
        Ok(missing) if missing.is_empty() => {
            report.resources.push(crate::ports::ResourceReport {
                arn: arn.to_owned(),
                status: crate::ports::ResourceStatus::AlreadyStamped,
            });
            None
        }
        Ok(missing) => Some(missing),
        Err(limit) => {
            report.failures.push(ResourceFailure {
                arn: arn.to_owned(),
                operation,
                kind: FailureKind::Other,
                source: Box::new(limit),
            });
            None
        }
    }
}

/// Records what writing `missing` to `arn` did: tagged, found gone, or failed.
pub(crate) fn record_write<E, R>(
    report: &mut ApplyReport,
    arn: &str,
    operation: &'static str,
    missing: &autotag_core::tags::TagSet,
    written: Result<(), SdkError<E, R>>,
) where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match written {
        Ok(()) => report.resources.push(crate::ports::ResourceReport {
            arn: arn.to_owned(),
            status: crate::ports::ResourceStatus::Tagged {
                keys: missing.iter().map(|(k, _)| k.to_string()).collect(),
            },
        }),
        Err(err) if matches!(classify(&err), ErrorClass::Gone) => {
            report.resources.push(crate::ports::ResourceReport {
                arn: arn.to_owned(),
                status: crate::ports::ResourceStatus::Gone {
                    reason: describe(&err),
                },
            });
        }
        Err(err) => report.failures.push(failure(arn, operation, err)),
    }
}

/// Splits a report over several plans into one per plan, by the plan `plan_of` says each ARN
/// belongs to; what names no known ARN goes to the first plan, so nothing is dropped.
pub(crate) fn split_by_plan(
    report: ApplyReport,
    plan_of: &std::collections::HashMap<String, usize>,
    plans: usize,
) -> Vec<ApplyReport> {
    let mut reports: Vec<ApplyReport> = (0..plans.max(1)).map(|_| ApplyReport::default()).collect();
    let owner = |arn: &str| {
        plan_of
            .get(arn)
            .copied()
            .filter(|i| *i < plans)
            .unwrap_or(0)
    };
    for resource in report.resources {
        if let Some(target) = reports.get_mut(owner(&resource.arn)) {
            target.resources.push(resource);
        }
    }
    for failure in report.failures {
        if let Some(target) = reports.get_mut(owner(&failure.arn)) {
            target.failures.push(failure);
        }
    }
    reports.truncate(plans);
    reports
}

/// Planned tags a resource lacks, mapped to the resources that lack exactly them.
pub(crate) type TagGroups<T> = std::collections::BTreeMap<Vec<(String, String)>, Vec<T>>;

/// Groups `targets` by the planned tags each lacks (per `existing`, keyed by `key`), so that the
/// resources lacking the same keys share one write call. Resources already stamped, and those the
/// missing tags would take past the 50-tag limit, go straight into `report`.
pub(crate) fn group_by_missing<T>(
    plan: &TagPlan,
    targets: Vec<T>,
    existing: &std::collections::HashMap<String, Vec<String>>,
    key: impl Fn(&T) -> &str,
    arn: impl Fn(&T) -> &str,
    operation: &'static str,
    report: &mut ApplyReport,
) -> TagGroups<T> {
    let mut groups = TagGroups::new();
    for target in targets {
        let keys = existing
            .get(key(&target))
            .map(Vec::as_slice)
            .unwrap_or_default();
        match missing_on(plan, arn(&target), keys.iter().map(String::as_str)) {
            Ok(missing) if missing.is_empty() => {
                report.resources.push(crate::ports::ResourceReport {
                    arn: arn(&target).to_owned(),
                    status: crate::ports::ResourceStatus::AlreadyStamped,
                })
            }
            Ok(missing) => {
                let pairs = missing
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                groups.entry(pairs).or_insert_with(Vec::new).push(target);
            }
            Err(limit) => report.failures.push(ResourceFailure {
                arn: arn(&target).to_owned(),
                operation,
                kind: FailureKind::Other,
                source: Box::new(limit),
            }),
        }
    }
    groups
}

/// How an AWS error is treated, from its code and kind.
pub(crate) enum ErrorClass {
    /// The resource does not exist (any more).
    Gone,
    /// A retry later may succeed.
    Transient,
    /// Permission is missing.
    Denied,
    /// Anything else.
    Other,
}

pub(crate) fn classify<E, R>(err: &SdkError<E, R>) -> ErrorClass
where
    E: ProvideErrorMetadata,
{
    match err {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            return ErrorClass::Transient;
        }
        _ => {}
    }
    classify_code(err.code().unwrap_or_default())
}

pub(crate) fn classify_code(code: &str) -> ErrorClass {
    const GONE: &[&str] = &[
        "NoSuchBucket",
        "NoSuchEntity",
        "RepositoryNotFoundException",
        "ResourceNotFoundException",
    ];
    const TRANSIENT: &[&str] = &[
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "SlowDown",
        "InternalError",
        "InternalFailure",
        "InternalServiceException",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "RequestTimeout",
    ];
    if GONE.contains(&code) || code.ends_with(".NotFound") {
        ErrorClass::Gone
    } else if TRANSIENT.contains(&code) {
        ErrorClass::Transient
    } else if code.contains("AccessDenied")
        || code == "UnauthorizedOperation"
        || code == "AuthFailure"
    {
        ErrorClass::Denied
    } else {
        ErrorClass::Other
    }
}

impl ErrorClass {
    fn failure_kind(&self) -> FailureKind {
        match self {
            Self::Transient => FailureKind::Transient,
            Self::Denied => FailureKind::Denied,
            Self::Gone | Self::Other => FailureKind::Other,
        }
    }
}

/// A failure record for `arn` from an SDK error, keeping the error as the source.
pub(crate) fn failure<E, R>(
    arn: &str,
    operation: &'static str,
    err: SdkError<E, R>,
) -> ResourceFailure
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    ResourceFailure {
        arn: arn.to_owned(),
        operation,
        kind: classify(&err).failure_kind(),
        source: Box::new(err),
    }
}

/// A failure on `arn` that is not AWS's answer (a request that could not be built, an
/// unsupported type): never retried.
pub(crate) fn other_failure(
    arn: &str,
    operation: &'static str,
    err: impl std::error::Error + Send + Sync + 'static,
) -> ResourceFailure {
    ResourceFailure {
        arn: arn.to_owned(),
        operation,
        kind: FailureKind::Other,
        source: Box::new(err),
    }
}

/// Failure records for several resources that one call failed, each keeping the same error
/// (shared, since SDK errors are not `Clone`) as its source.
pub(crate) fn failures_for<'a, E, R>(
    arns: impl IntoIterator<Item = &'a str>,
    operation: &'static str,
    err: SdkError<E, R>,
) -> Vec<ResourceFailure>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let kind = classify(&err).failure_kind();
    let shared = std::sync::Arc::new(err);
    arns.into_iter()
        .map(|arn| ResourceFailure {
            arn: arn.to_owned(),
            operation,
            kind,
            source: Box::new(std::sync::Arc::clone(&shared)),
        })
        .collect()
}

/// The most pages any listing of the hub reads for one request. Every listing it makes reads the
/// tags of a handful of resources, which fit in one page; a service that keeps answering with a
/// next token past this is misbehaving, and reading on would loop for ever.
pub const MAX_PAGES: usize = 100;

/// A listing that still named a next page after [`MAX_PAGES`] pages.
#[derive(Debug, Clone, thiserror::Error)]
#[error("`{operation}` still returned a next page after {pages} pages; stopped reading")]
pub struct TooManyPages {
    /// The paged operation, e.g. `tag:GetResources`.
    pub operation: &'static str,
    /// The pages read.
    pub pages: usize,
}

/// Counts the pages of one listing against [`MAX_PAGES`].
#[derive(Debug)]
pub(crate) struct PageCap {
    operation: &'static str,
    pages: usize,
}

impl PageCap {
    pub(crate) fn new(operation: &'static str) -> Self {
        Self {
            operation,
            pages: 0,
        }
    }

    /// Counts a page that named a next one; an error once [`MAX_PAGES`] pages have been read.
    pub(crate) fn next_page(&mut self) -> Result<(), TooManyPages> {
        self.pages += 1;
        if self.pages < MAX_PAGES {
            return Ok(());
        }
        tracing::warn!(
            operation = self.operation,
            pages = self.pages,
            "listing passed the page cap; stopped reading"
        );
        Err(TooManyPages {
            operation: self.operation,
            pages: self.pages,
        })
    }
}

/// A paged read that failed: one of its calls, or the page cap.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PagedError<E> {
    /// A call failed.
    #[error(transparent)]
    Call(E),
    /// The listing did not end within [`MAX_PAGES`].
    #[error(transparent)]
    TooManyPages(TooManyPages),
}

impl<E, R> From<SdkError<E, R>> for PagedError<SdkError<E, R>> {
    fn from(err: SdkError<E, R>) -> Self {
        Self::Call(err)
    }
}

impl<E> From<TooManyPages> for PagedError<E> {
    fn from(err: TooManyPages) -> Self {
        Self::TooManyPages(err)
    }
}

/// Failure records for several resources whose paged read failed (see [`failures_for`]).
pub(crate) fn paged_failures<'a, E, R>(
    arns: impl IntoIterator<Item = &'a str>,
    operation: &'static str,
    err: PagedError<SdkError<E, R>>,
) -> Vec<ResourceFailure>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match err {
        PagedError::Call(err) => failures_for(arns, operation, err),
        PagedError::TooManyPages(cap) => arns
            .into_iter()
            .map(|arn| ResourceFailure {
                arn: arn.to_owned(),
                operation,
                kind: FailureKind::Other,
                source: Box::new(cap.clone()),
            })
            .collect(),
    }
}

/// The failure record for one resource whose paged read failed (see [`failure`]).
pub(crate) fn paged_failure<E, R>(
    arn: &str,
    operation: &'static str,
    err: PagedError<SdkError<E, R>>,
) -> ResourceFailure
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match err {
        PagedError::Call(err) => failure(arn, operation, err),
        PagedError::TooManyPages(cap) => ResourceFailure {
            arn: arn.to_owned(),
            operation,
            kind: FailureKind::Other,
            source: Box::new(cap),
        },
    }
}

/// The SDK error's code and message, for reports of resources found gone.
pub(crate) fn describe<E, R>(err: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata,
{
    format!(
        "{}: {}",
        err.code().unwrap_or("error"),
        err.message().unwrap_or("no message")
    )
}
