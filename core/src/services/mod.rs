//! The supported services, one file each: a service's CloudTrail events (its `ROWS`, see
//! [`crate::registry`]) beside the IAM facts of the resource types they create (its
//! `RESOURCE_TYPES`): the ARN pattern their permissions are scoped to, the actions that read,
//! write and remove their tags, and whether those actions honour the `aws:TagKeys` condition key
//! (which decides whether the SCP can protect its stamps).
//!
//! The spoke role's permissions and the tag-protecting SCP are rendered from these tables and the
//! registry's routes, so a new registry row that lacks IAM facts in its own file fails a test.
//! The tables below this list hold what is not one resource type's: actions granted unscoped,
//! what untag actions do given no key, and actions that ignore the keys' case.

use std::sync::OnceLock;

pub mod row;

use row::{EventRow, Route};

/// IAM facts about one resource type.
#[derive(Debug, Clone, Copy)]
pub struct ResourceTypeIam {
    /// The registry's resource type, e.g. `ec2:volume`.
    pub resource_type: &'static str,
    /// ARN pattern the tag actions are scoped to (any partition, region and account).
    pub arn_pattern: &'static str,
    /// Resource-scoped actions the hub uses to read existing tags (the rest are in
    /// [`route_actions`]).
    pub read_actions: &'static [&'static str],
    /// The service's own action that adds tags (also authorised for the tagging API).
    pub tag_actions: &'static [&'static str],
    /// The service's own actions that remove or replace tags.
    pub untag_actions: &'static [&'static str],
    /// Whether the tag and untag actions support `aws:TagKeys`.
    pub tag_keys_condition: bool,
}

/// A resource type tagged and untagged by its service's own actions, both honouring
/// `aws:TagKeys`.
pub(crate) const fn tagged_by(
    resource_type: &'static str,
    arn_pattern: &'static str,
    tag_actions: &'static [&'static str],
    untag_actions: &'static [&'static str],
) -> ResourceTypeIam {
    ResourceTypeIam {
        resource_type,
        arn_pattern,
        read_actions: &[],
        tag_actions,
        untag_actions,
        tag_keys_condition: true,
    }
}

/// `facts`, whose existing tags the hub reads with `read_actions`.
pub(crate) const fn read_by(
    facts: ResourceTypeIam,
    read_actions: &'static [&'static str],
) -> ResourceTypeIam {
    ResourceTypeIam {
        read_actions,
        ..facts
    }
}

/// One service: its supported events and the IAM facts of the resource types they create.
#[derive(Debug, Clone, Copy)]
pub struct Service {
    /// The module name, e.g. `ec2` (`-` in the event source's prefix becomes `_`).
    pub name: &'static str,
    /// Its events, sorted by name.
    pub rows: &'static [EventRow],
    /// The IAM facts of every resource type its rows create.
    pub resource_types: &'static [ResourceTypeIam],
}

// One module per file of this folder, and `ALL`, listed by `core/build.rs`: adding a service is
// adding its file.
include!(concat!(env!("OUT_DIR"), "/services.rs"));

/// Every resource type of the registry: the union of the services' tables, built on first use.
pub fn resource_types() -> &'static [ResourceTypeIam] {
    static UNION: OnceLock<Vec<ResourceTypeIam>> = OnceLock::new();
    UNION.get_or_init(|| {
        ALL.iter()
            .flat_map(|service| service.resource_types.iter().copied())
            .collect()
    })
}

/// Tag actions the role is granted on `*` rather than on their resource type's ARN pattern,
/// each only able to tag its own service's resources:
/// - OpenSearch Serverless authorises `aoss:TagResource` on no resource type;
/// - parliament's copy of the Service Authorization Reference requires every resource type
///   of `es:AddTags` (application and data-source ARNs beside domain ARNs) and of
///   `athena:TagResource` (capacity reservations and data catalogs beside workgroups), and no
///   resource type for `workspaces:CreateTags` and `servicediscovery:TagResource`.
pub const UNSCOPED_TAG_ACTIONS: &[&str] = &[
    "aoss:TagResource",
    "athena:TagResource",
    "es:AddTags",
    "servicediscovery:TagResource",
    "workspaces:CreateTags",
];

/// What an untag action does with a request that names no tag key, in which `aws:TagKeys` is
/// absent and every `ForAnyValue` condition on it is false: the SCP's key-matching deny cannot
/// see such a call, so an action that then removes every tag needs a deny of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyless {
    /// AWS refuses the call: the API reference marks this parameter, the list of keys to
    /// remove, `Required: Yes`.
    KeysRequired(&'static str),
    /// The call removes nothing: the action only ever removes the keys this optional
    /// parameter lists.
    RemovesNothing(&'static str),
    /// The call removes every user tag of the resource, the stamps with them. The SCP denies it
    /// when `aws:TagKeys` is absent (`Null`) to all but the exempt roles.
    RemovesEveryTag,
}

/// Every untag action of a resource type whose actions support `aws:TagKeys`, with what it does
/// given no key. The parameter names and whether they are required were read from the API
/// models the API references are generated from (botocore 1.43.11's `service-2.json`), for
/// the service's own operation of the action's name. The `Null` deny goes on exactly the
/// [`Keyless::RemovesEveryTag`] actions: on an action that does not put `aws:TagKeys` in its
/// request context it would deny every call, to everyone.
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[
    (
        "acm-pca:UntagCertificateAuthority",
        Keyless::KeysRequired("Tags"),
    ),
    (
        "acm:RemoveTagsFromCertificate",
        Keyless::KeysRequired("Tags"),
    ),
    ("aoss:UntagResource", Keyless::KeysRequired("tagKeys")),
    // The IAM action of every HTTP DELETE on API Gateway; on `/tags/{arn}` it is
    // `UntagResource`, whose `tagKeys` query list is required.
    ("apigateway:DELETE", Keyless::KeysRequired("tagKeys")),
    ("appconfig:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("appmesh:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("appstream:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("appsync:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("athena:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("autoscaling:DeleteTags", Keyless::KeysRequired("Tags")),
    ("backup:UntagResource", Keyless::KeysRequired("TagKeyList")),
    ("batch:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "bedrock-agentcore:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("bedrock:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("cassandra:UntagResource", Keyless::KeysRequired("tags")),
    ("cloudfront:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "cloudhsm:UntagResource",
        Keyless::KeysRequired("TagKeyList"),
    ),
    ("cloudtrail:RemoveTags", Keyless::KeysRequired("TagsList")),
    ("cloudwatch:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("codecommit:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("codedeploy:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "codepipeline:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    (
        "cognito-identity:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "cognito-idp:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("comprehend:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("connect:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("databrew:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("datapipeline:RemoveTags", Keyless::KeysRequired("tagKeys")),
    ("datasync:UntagResource", Keyless::KeysRequired("Keys")),
    ("dax:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("deadline:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "directconnect:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    (
        "dms:RemoveTagsFromResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "ds:RemoveTagsFromResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("dsql:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("dynamodb:UntagResource", Keyless::KeysRequired("TagKeys")),
    // `Tag.N` is optional: "If you omit this parameter, we delete all user-defined tags for the
    // specified resources" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteTags.html).
    ("ec2:DeleteTags", Keyless::RemovesEveryTag),
    ("ecr:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("ecs:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("eks:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "elasticache:RemoveTagsFromResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    // The permission `UpdateTagsForResource` checks for its `TagsToRemove`, which only ever
    // removes the keys it lists.
    (
        "elasticbeanstalk:RemoveTags",
        Keyless::RemovesNothing("TagsToRemove"),
    ),
    (
        "elasticfilesystem:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "elasticloadbalancing:RemoveTags",
        Keyless::KeysRequired("Tags (Classic), TagKeys (v2)"),
    ),
    (
        "elasticmapreduce:RemoveTags",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "emr-serverless:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("es:RemoveTags", Keyless::KeysRequired("TagKeys")),
    ("events:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "firehose:UntagDeliveryStream",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("fsx:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("gamelift:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "globalaccelerator:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("glue:UntagResource", Keyless::KeysRequired("TagsToRemove")),
    ("guardduty:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("healthlake:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagInstanceProfile", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagMFADevice", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagPolicy", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagRole", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagUser", Keyless::KeysRequired("TagKeys")),
    (
        "internetmonitor:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("iot:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "iotsitewise:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("kafka:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("kendra:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "kinesis:RemoveTagsFromStream",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "kinesisanalytics:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "kinesisvideo:UntagStream",
        Keyless::KeysRequired("TagKeyList"),
    ),
    ("kms:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("lambda:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("logs:UntagLogGroup", Keyless::KeysRequired("tags")),
    ("logs:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("m2:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("medialive:DeleteTags", Keyless::KeysRequired("TagKeys")),
    (
        "mediapackage:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "medical-imaging:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("memorydb:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("mq:DeleteTags", Keyless::KeysRequired("TagKeys")),
    (
        "network-firewall:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "networkmanager:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("omics:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "organizations:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "payment-cryptography:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("quicksight:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("ram:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "rds:RemoveTagsFromResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "redshift-serverless:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("redshift:DeleteTags", Keyless::KeysRequired("TagKeys")),
    (
        "resiliencehub:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    (
        "rolesanywhere:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("sagemaker:DeleteTags", Keyless::KeysRequired("TagKeys")),
    ("scheduler:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "secretsmanager:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "servicediscovery:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("sns:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("sqs:UntagQueue", Keyless::KeysRequired("TagKeys")),
    (
        "ssm:RemoveTagsFromResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("states:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "storagegateway:RemoveTagsFromResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("tag:UntagResources", Keyless::KeysRequired("TagKeys")),
    ("timestream:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("transfer:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "vpc-lattice:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("wafv2:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("workspaces:DeleteTags", Keyless::KeysRequired("TagKeys")),
];

/// What `untag_action` does given no key, if it is listed.
pub fn untag_without_keys(untag_action: &str) -> Option<Keyless> {
    UNTAG_WITHOUT_KEYS
        .iter()
        .find(|(action, _)| *action == untag_action)
        .map(|(_, keyless)| *keyless)
}

/// Tag and untag actions on resources whose tag keys AWS compares ignoring case, so that
/// tagging `OWNER` replaces `owner`: IAM users and roles. "Tag key values for IAM users and
/// roles are not case sensitive, but case is preserved [...] If you have tagged a user with the
/// Department=finance tag and you add the department=hr tag, it replaces the first tag. [...]
/// For other IAM resource types, tag key values are case sensitive"
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating>).
/// Elsewhere AWS documents tag keys as case-sensitive (EC2's `Tag`: "Tag keys are
/// case-sensitive", <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html>),
/// where `Owner` is another team's key, not the stamp; there the SCP compares keys exactly.
pub const CASE_INSENSITIVE_KEY_ACTIONS: &[&str] = &[
    "iam:TagRole",
    "iam:TagUser",
    "iam:UntagRole",
    "iam:UntagUser",
];

/// The IAM facts of `resource_type`.
pub fn resource_type(resource_type: &str) -> Option<&'static ResourceTypeIam> {
    resource_types()
        .iter()
        .find(|t| t.resource_type == resource_type)
}

/// The actions a route needs that take no resource scope (EC2's describe calls and the
/// tagging API's), beyond each resource type's own actions.
pub fn route_actions(route: Route) -> &'static [&'static str] {
    match route {
        Route::Ec2 => &["ec2:DescribeInstances", "ec2:DescribeTags"],
        Route::TaggingApi => &["tag:GetResources", "tag:TagResources"],
        // Also how the hub finds the group, and its owner, behind an instance it launched.
        Route::AutoScaling => &[
            "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeTags",
        ],
        // The status of an account being created names the account to tag.
        Route::Organizations => &["organizations:DescribeCreateAccountStatus"],
        // Roles Anywhere authorises reading tags on no resource type.
        Route::RolesAnywhere => &["rolesanywhere:ListTagsForResource"],
        // Cloud Map authorises these on no resource type; an operation names the namespace.
        Route::CloudMap => &[
            "servicediscovery:GetOperation",
            "servicediscovery:ListTagsForResource",
        ],
        Route::S3Bucket
        | Route::Dax
        | Route::CloudWatch
        | Route::ApiGateway
        | Route::IamRole
        | Route::IamUser
        | Route::IamPolicy
        | Route::IamInstanceProfile
        | Route::IamMfaDevice
        | Route::Ecr
        | Route::Ledger
        | Route::Untaggable => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::rows;
    use std::collections::BTreeSet;

    #[test]
    fn every_registry_resource_type_has_iam_facts() {
        for row in rows() {
            for spec in row.resources {
                let facts = resource_type(spec.resource_type)
                    .unwrap_or_else(|| panic!("no IAM facts for `{}`", spec.resource_type));
                let service = spec.resource_type.split(':').next().unwrap();
                assert!(
                    facts.arn_pattern.starts_with(&format!("arn:*:{service}:")),
                    "{}",
                    facts.arn_pattern
                );
                assert!(
                    facts
                        .tag_actions
                        .iter()
                        .all(|a| a.starts_with(&format!("{service}:")))
                );
            }
        }
    }

    #[test]
    fn every_conditionable_untag_action_says_what_it_does_without_keys() {
        let untag: BTreeSet<&str> = resource_types()
            .iter()
            .filter(|f| f.tag_keys_condition)
            .flat_map(|f| f.untag_actions.iter().copied())
            .chain(["tag:UntagResources"])
            .collect();
        let listed: BTreeSet<&str> = UNTAG_WITHOUT_KEYS.iter().map(|(a, _)| *a).collect();
        assert_eq!(
            listed.len(),
            UNTAG_WITHOUT_KEYS.len(),
            "an action listed twice"
        );
        assert_eq!(listed, untag);
        let removes_every_tag: Vec<&str> = UNTAG_WITHOUT_KEYS
            .iter()
            .filter(|(_, k)| *k == Keyless::RemovesEveryTag)
            .map(|(a, _)| *a)
            .collect();
        assert_eq!(removes_every_tag, ["ec2:DeleteTags"]);
        assert_eq!(
            untag_without_keys("iam:UntagRole"),
            Some(Keyless::KeysRequired("TagKeys"))
        );
        assert_eq!(untag_without_keys("s3:DeleteBucketTagging"), None);
    }

    #[test]
    fn case_insensitive_actions_are_conditionable_tag_actions() {
        for action in CASE_INSENSITIVE_KEY_ACTIONS {
            assert!(
                resource_types().iter().any(|f| f.tag_keys_condition
                    && (f.tag_actions.contains(action) || f.untag_actions.contains(action))),
                "{action}"
            );
        }
    }

    #[test]
    fn every_row_s_resource_types_have_their_iam_facts_in_the_same_service_file() {
        for service in ALL {
            for row in service.rows {
                assert_eq!(
                    row.event_source
                        .split('.')
                        .next()
                        .map(|p| p.replace('-', "_")),
                    Some(service.name.to_string()),
                    "{} {} is in `{}`",
                    row.event_source,
                    row.event_name,
                    service.name
                );
                for spec in row.resources {
                    assert!(
                        service
                            .resource_types
                            .iter()
                            .any(|t| t.resource_type == spec.resource_type),
                        "`{}` of {} has no IAM facts in `services/{}.rs`",
                        spec.resource_type,
                        row.event_name,
                        service.name
                    );
                }
            }
            for facts in service.resource_types {
                assert!(
                    service
                        .rows
                        .iter()
                        .flat_map(|row| row.resources)
                        .any(|spec| spec.resource_type == facts.resource_type),
                    "`{}` in `services/{}.rs` is created by none of its rows",
                    facts.resource_type,
                    service.name
                );
            }
        }
    }

    #[test]
    fn each_resource_type_has_one_entry() {
        let types: BTreeSet<&str> = resource_types().iter().map(|t| t.resource_type).collect();
        assert_eq!(types.len(), resource_types().len());
    }

    #[test]
    fn services_are_sorted_by_event_source() {
        let sources: Vec<&str> = ALL
            .iter()
            .filter_map(|service| service.rows.first().map(|row| row.event_source))
            .collect();
        assert_eq!(sources.len(), ALL.len(), "a service without rows");
        assert!(sources.windows(2).all(|pair| pair.first() < pair.get(1)));
    }
}
