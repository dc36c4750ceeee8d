//! The shape of a registry row: the types every service file fills in (`EventRow`,
//! `ResourceSpec`, `Locator`, `Route`) and the const helpers that build them. They live here,
//! below the services, so that the service files and the registry that reads them do not import
//! each other: services use these types, and [`crate::registry`] uses the services.

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
