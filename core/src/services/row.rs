//! The shape of a registry row and of a tag-change row: the types every service file fills in
//! (`EventRow`, `ResourceSpec`, `Locator`, `Route`; `TagChangeRow`, `Target`, `TagsAt`,
//! `ChangeKind`) and the const helpers that build them. They live here, below the services, so
//! that the service files and the registry that reads them do not import each other: services use
//! these types, and [`crate::registry`] (with its `tag_change`) uses the services.

use serde::Serialize;
use serde_json::Value;

/// The API family that tags a resource.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    /// EC2 `CreateTags`: up to 1000 ids in one call.
    Ec2,
    /// S3 `PutBucketTagging`, merged with the bucket's existing tag set.
    S3Bucket,
    /// IAM `TagRole`.
    IamRole,
    /// IAM `TagUser`.
    IamUser,
    /// IAM `TagPolicy`, by policy ARN.
    IamPolicy,
    /// IAM `TagInstanceProfile`.
    IamInstanceProfile,
    /// IAM `TagMFADevice`, by serial number.
    IamMfaDevice,
    /// ECR `TagResource`.
    Ecr,
    /// The Resource Groups Tagging API `TagResources`: 20 ARNs a call.
    TaggingApi,
    /// Auto Scaling `CreateOrUpdateTags`, by group name, not propagated at launch: instances
    /// the group launches are stamped by autotag with the group's owner.
    AutoScaling,
    /// Organizations `TagResource`, by account, OU or policy id, in the management account.
    /// An account being created is named by its create-account request (`car-…`): the hub asks
    /// Organizations for the request's status and tags the account once it exists.
    Organizations,
    /// DAX `TagResource`, by cluster ARN: DAX is not served by the tagging API.
    Dax,
    /// IAM Roles Anywhere `TagResource`, by ARN: not served by the tagging API.
    RolesAnywhere,
    /// Cloud Map `TagResource`, by ARN. A namespace is created by an operation that ends later:
    /// its event names the operation, which the hub asks for the namespace's id once it has
    /// succeeded.
    CloudMap,
    /// CloudWatch `TagResource`, by ARN, for dashboards: the tagging API serves alarms only.
    CloudWatch,
    /// API Gateway `TagResource`, by ARN, for API keys: the tagging API rejects their ARNs.
    ApiGateway,
    /// Nothing is written on the resource; its stamp is kept in the hub's ledger table. For
    /// CloudFormation stacks, whose tags change only through `UpdateStack`, which updates every
    /// resource of the stack: the ledger is where the stack's resources find their owner.
    Ledger,
    /// The event creates nothing that can carry tags (an access key, a route, a grant) or
    /// creates nothing at all (`CreateTags`). Listed so that it is a decision, not a gap; its
    /// events are not forwarded to the hub.
    Untaggable,
}

/// Whether a created resource accepts tags at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Readiness {
    /// Tags can be written as soon as the create call returns.
    Immediate,
    /// The service refuses tags (or does not find the resource) until it has finished
    /// creating it: the hub retries with a delay, within a bound, before reporting it.
    WhenAvailable,
}

impl Readiness {
    /// The name as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::WhenAvailable => "when-available",
        }
    }
}

impl Route {
    /// The route's name as printed and configured.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ec2 => "ec2",
            Self::S3Bucket => "s3-bucket",
            Self::IamRole => "iam-role",
            Self::IamUser => "iam-user",
            Self::IamPolicy => "iam-policy",
            Self::IamInstanceProfile => "iam-instance-profile",
            Self::IamMfaDevice => "iam-mfa-device",
            Self::Ecr => "ecr",
            Self::TaggingApi => "tagging-api",
            Self::AutoScaling => "autoscaling",
            Self::Organizations => "organizations",
            Self::Dax => "dax",
            Self::RolesAnywhere => "rolesanywhere",
            Self::CloudMap => "cloudmap",
            Self::CloudWatch => "cloudwatch",
            Self::ApiGateway => "apigateway",
            Self::Ledger => "ledger",
            Self::Untaggable => "untaggable",
        }
    }
}

/// How a found value becomes the id put into the ARN template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    /// The value as found.
    AsIs,
    /// The last `/`-separated segment, e.g. a queue name out of an SQS queue URL.
    LastPathSegment,
    /// Without a leading `/`: SSM parameter names may start with one, their ARNs never
    /// repeat it (`/app/db` is `parameter/app/db`).
    WithoutLeadingSlash,
}

/// One place a resource id may be found, and the ARN template it fills.
///
/// Templates use `{partition}`, `{region}`, `{account}` (all from the record) and `{id}`. A
/// template of just `{id}` means the value found is already the ARN. `{@path}` is the string at
/// another path of the record, for ARNs built from two fields (an API Gateway stage is
/// `/restapis/{@requestParameters.restApiId}/stages/{id}`).
#[derive(Debug, Clone, Copy)]
pub struct Locator {
    /// A [`crate::json_path`] path into the record, e.g. `responseElements.volumeId`.
    pub path: &'static str,
    /// How the value becomes `{id}`.
    pub transform: Transform,
    /// The ARN template.
    pub arn: &'static str,
}

/// One kind of resource an event creates. Its locators are tried in order; the first that
/// finds anything wins, so later ones are fallbacks (e.g. `requestParameters` when
/// `responseElements` is `null`).
#[derive(Debug, Clone, Copy)]
pub struct ResourceSpec {
    /// The resource type, as `service:type`.
    pub resource_type: &'static str,
    /// Where to look, in order.
    pub locators: &'static [Locator],
}

/// One supported event.
#[derive(Debug, Clone, Copy)]
pub struct EventRow {
    /// `eventSource`, e.g. `ec2.amazonaws.com`.
    pub event_source: &'static str,
    /// `eventName`, e.g. `RunInstances`.
    pub event_name: &'static str,
    /// What the event creates.
    pub resources: &'static [ResourceSpec],
    /// The API that tags them.
    pub route: Route,
    /// Whether the hub must also find and tag what AWS attached without naming it in the
    /// event (an instance's EBS volumes).
    pub tag_attached_volumes: bool,
    /// Whether the resources accept tags at once.
    pub readiness: Readiness,
    /// The fixture that proves the row, under `core/tests/fixtures/`: a real record from the
    /// shared corpus, or one built from the AWS documentation (`-constructed-` in its name,
    /// provenance in `PROVENANCE.md`).
    pub fixture: &'static str,
    /// Why the event is untaggable, for [`Route::Untaggable`] rows.
    pub untaggable_because: &'static str,
    /// For calls that create or update (`PutParameter`): the field that tells which one a record
    /// is. A record where it holds another value updated an existing resource and is skipped,
    /// so an overwrite never stamps the overwriter as the owner.
    pub creation_mark: Option<CreationMark>,
}

/// A response field and the value it holds when the call created its resource.
#[derive(Debug, Clone, Copy)]
pub struct CreationMark {
    /// A [`crate::json_path`] path into the record, e.g. `responseElements.version`.
    pub path: &'static str,
    /// The value, as JSON text (`1`, or `"CREATED"` for a string).
    pub created: &'static str,
}

impl CreationMark {
    /// What the record holds at the mark when it did not create the resource; `None` for a
    /// creation, and when the field is absent (a record without its response is not taken
    /// for an update).
    pub fn update_seen(&self, record: &Value) -> Option<String> {
        let found = crate::json_path::value_at(record, self.path)?;
        let text = found.to_string();
        (text != self.created).then_some(text)
    }
}

impl EventRow {
    /// The row, proven by `fixture`.
    pub const fn proven_by(self, fixture: &'static str) -> Self {
        Self { fixture, ..self }
    }

    /// The row, whose resources accept tags only once available.
    pub const fn when_available(self) -> Self {
        Self {
            readiness: Readiness::WhenAvailable,
            ..self
        }
    }

    /// The row, which creates only when `path` holds `created` (JSON text).
    pub const fn created_when(self, path: &'static str, created: &'static str) -> Self {
        Self {
            creation_mark: Some(CreationMark { path, created }),
            ..self
        }
    }

    /// Where the row's fixture comes from.
    pub fn provenance(&self) -> &'static str {
        if self.fixture.contains("-constructed-") {
            "constructed from AWS documentation"
        } else {
            "real record (shared corpus)"
        }
    }
}

/// A locator that takes the value found as `{id}` unchanged.
pub const fn at(path: &'static str, arn: &'static str) -> Locator {
    Locator {
        path,
        transform: Transform::AsIs,
        arn,
    }
}

/// A row tagged through `route`, immediately taggable, proven by no fixture yet.
pub const fn row(
    event_source: &'static str,
    event_name: &'static str,
    route: Route,
    resources: &'static [ResourceSpec],
) -> EventRow {
    EventRow {
        event_source,
        event_name,
        resources,
        route,
        tag_attached_volumes: false,
        readiness: Readiness::Immediate,
        fixture: "",
        untaggable_because: "",
        creation_mark: None,
    }
}

/// An event that creates nothing taggable, and why.
pub const fn untaggable(
    event_source: &'static str,
    event_name: &'static str,
    because: &'static str,
) -> EventRow {
    EventRow {
        untaggable_because: because,
        ..row(event_source, event_name, Route::Untaggable, &[])
    }
}

/// What a tag-change call does to the resource's tag set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Adds the tags found, overwriting the values of keys already there.
    Set,
    /// Replaces the whole tag set with the tags found (S3 `PutBucketTagging`).
    Replace,
    /// Removes the keys found.
    Remove,
    /// Removes the keys found, or every tag when the request names none (EC2 `DeleteTags`).
    RemoveOrAll,
    /// Removes every tag (S3 `DeleteBucketTagging`).
    RemoveAll,
}

impl ChangeKind {
    /// The kind as listed in `docs/coverage.md`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Set => "set",
            Self::Replace => "replace",
            Self::Remove => "remove",
            Self::RemoveOrAll => "remove, or all without keys",
            Self::RemoveAll => "remove all",
        }
    }
}

/// Where a row finds the resources a call changed.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// A value at the locator's path: an `arn:` value is taken as it is, anything else fills the
    /// locator's template (a name or id, as the registry builds the resource's ARN from it).
    At(Locator),
    /// Ids at `path` whose prefix says the resource type (EC2's `i-`, `vol-`...), each prefix
    /// with its ARN template. An id of no listed prefix names nothing autotag stamps, and is
    /// left out.
    ByPrefix {
        /// A [`crate::json_path`] path.
        path: &'static str,
        /// `(prefix, template)`, longest prefixes first; an empty prefix takes any id.
        prefixes: &'static [(&'static str, &'static str)],
    },
}

impl Target {
    /// The value at `path`, filling `template` unless it is an ARN.
    pub const fn at(path: &'static str, template: &'static str) -> Self {
        Self::At(at(path, template))
    }

    /// The path the target reads.
    pub fn path(&self) -> &'static str {
        match self {
            Self::At(locator) => locator.path,
            Self::ByPrefix { path, .. } => path,
        }
    }
}

/// Where a row finds the tags a `Set` or `Replace` call writes.
#[derive(Debug, Clone, Copy)]
pub enum TagsAt {
    /// A list of `{key, value}` objects (either casing); one object is a list of one, as
    /// CloudTrail writes XML-born lists.
    List(&'static str),
    /// An object mapping keys to values.
    Map(&'static str),
    /// A list when the value is an array, a map when it is an object (services write either).
    Either(&'static str),
}

/// One tag-change event: a call that adds, overwrites or removes tags on resources that already
/// exist. Each service file lists its own in `TAG_CHANGES`; `crate::tag_change` reads records
/// with them.
#[derive(Debug, Clone, Copy)]
pub struct TagChangeRow {
    /// `eventSource`.
    pub event_source: &'static str,
    /// `eventName`; a name carrying an API version matches every version, as in the registry.
    pub event_name: &'static str,
    /// What the call does.
    pub kind: ChangeKind,
    /// Where the resources are; the first target that finds anything wins.
    pub targets: &'static [Target],
    /// Where the tags are, for `Set` and `Replace`; the first that finds anything wins.
    pub tags: &'static [TagsAt],
    /// Where the removed keys are, for `Remove` and `RemoveOrAll`; every path is read.
    pub keys: &'static [&'static str],
    /// Whether the service compares tag keys ignoring case (IAM does: `Owner` and `owner` are
    /// the same tag there).
    pub case_insensitive: bool,
}

/// An ARN, or a value no template can make one of: refused as an invalid ARN.
pub const ID: &str = "{id}";

/// Where services that tag by ARN name it; the casing varies (`resourceArn`, `ResourceARN`...)
/// and paths match ignoring case.
const BY_ARN: &[Target] = &[
    Target::at("requestParameters.resourceArn", ID),
    Target::at("requestParameters.resource", ID),
    Target::at("requestParameters.resourceName", ID),
    Target::at("requestParameters.arn", ID),
    Target::at("requestParameters.resourceArns[]", ID),
    Target::at("requestParameters.resource-arn", ID),
];

/// The request fields, in order, where a row that tags by ARN looks for it.
pub fn arn_paths() -> Vec<&'static str> {
    BY_ARN.iter().map(Target::path).collect()
}

/// Where services that tag by ARN put the tags written: a map or a list of `{key, value}`.
const TAGS: &[TagsAt] = &[
    TagsAt::List("requestParameters.tags.items"),
    TagsAt::Map("requestParameters.tagResourceInput.tags"),
    TagsAt::Either("requestParameters.tags"),
    TagsAt::Either("requestParameters.tagList"),
    TagsAt::Either("requestParameters.tagsList"),
    TagsAt::Map("requestParameters.tagsToAdd"),
];

/// Where services that tag by ARN put the keys removed.
const KEYS: &[&str] = &[
    "requestParameters.tagKeys.items[]",
    "requestParameters.tagKeys[]",
    "requestParameters.tagKeyList[]",
    "requestParameters.keys[]",
    "requestParameters.tagsToRemove[]",
    "requestParameters.tags[].key",
    "requestParameters.tagsList[].key",
];

/// A call that writes tags on resources named by ARN.
pub const fn tag(event_source: &'static str, event_name: &'static str) -> TagChangeRow {
    TagChangeRow {
        event_source,
        event_name,
        kind: ChangeKind::Set,
        targets: BY_ARN,
        tags: TAGS,
        keys: &[],
        case_insensitive: false,
    }
}

/// A call that removes tag keys from resources named by ARN.
pub const fn untag(event_source: &'static str, event_name: &'static str) -> TagChangeRow {
    TagChangeRow {
        kind: ChangeKind::Remove,
        tags: &[],
        keys: KEYS,
        ..tag(event_source, event_name)
    }
}

impl TagChangeRow {
    /// The row, naming its resources at `targets`.
    pub const fn on(self, targets: &'static [Target]) -> Self {
        Self { targets, ..self }
    }

    /// The row, of a service that compares keys ignoring case.
    pub const fn keys_ignore_case(self) -> Self {
        Self {
            case_insensitive: true,
            ..self
        }
    }
}

/// The one target of a row that names its resource at `path`, filling `template`.
pub const fn by(path: &'static str, template: &'static str) -> [Target; 1] {
    [Target::at(path, template)]
}
