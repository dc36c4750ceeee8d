//! The supported services, one file each: a service's CloudTrail events (its `ROWS`, see
//! [`crate::registry`]) beside the IAM facts of the resource types they create (its
//! `RESOURCE_TYPES`): the ARN pattern their permissions are scoped to, the actions that read,
//! write and remove their tags, and whether those actions honour the `aws:TagKeys` condition key
//! (which decides whether the SCP can protect its stamps). A service whose tags can change after
//! creation also lists those calls (its `TAG_CHANGES`, see [`crate::tag_change`]) and what its
//! untag actions do given no key (its `UNTAG_WITHOUT_KEYS`, see [`Keyless`]).
//!
//! The spoke role's permissions and the tag-protecting SCP are rendered from these tables and the
//! registry's routes, so a new registry row that lacks IAM facts in its own file fails a test.
//! The tables below this list hold what is not one service's: actions granted unscoped and
//! actions that ignore the keys' case.

use std::sync::OnceLock;

pub mod row;

use row::{EventRow, Route, TagChangeRow};

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
    /// Its calls that change the tags of existing resources, sorted by name (empty when the file
    /// declares no `TAG_CHANGES`).
    pub tag_changes: &'static [TagChangeRow],
    /// What its untag actions do given no key (empty when the file declares no
    /// `UNTAG_WITHOUT_KEYS`).
    pub untag_without_keys: &'static [(&'static str, Keyless)],
    /// Why its tag changes are not read, for a service that stamps but whose tag calls no
    /// [`TagChangeRow`] can describe (the file's `TAG_CHANGES_NOT_READ`).
    pub tag_changes_not_read: Option<&'static str>,
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
/// given no key: the union of the services' `UNTAG_WITHOUT_KEYS`, sorted by action. The
/// parameter names and whether they are required were read from the API models the API
/// references are generated from (botocore 1.43.11's `service-2.json`), for the service's own
/// operation of the action's name. The `Null` deny goes on exactly the
/// [`Keyless::RemovesEveryTag`] actions: on an action that does not put `aws:TagKeys` in its
/// request context it would deny every call, to everyone.
pub fn keyless_untag_actions() -> &'static [(&'static str, Keyless)] {
    static UNION: OnceLock<Vec<(&'static str, Keyless)>> = OnceLock::new();
    UNION.get_or_init(|| {
        let mut actions: Vec<(&'static str, Keyless)> = ALL
            .iter()
            .flat_map(|service| service.untag_without_keys.iter().copied())
            .collect();
        actions.sort_by_key(|(action, _)| *action);
        actions
    })
}

/// What `untag_action` does given no key, if it is listed.
pub fn untag_without_keys(untag_action: &str) -> Option<Keyless> {
    keyless_untag_actions()
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
        let all = keyless_untag_actions();
        let listed: BTreeSet<&str> = all.iter().map(|(a, _)| *a).collect();
        assert_eq!(listed.len(), all.len(), "an action listed twice");
        assert_eq!(listed, untag);
        let removes_every_tag: Vec<&str> = all
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
                assert_in_own_file(service, row.event_source, row.event_name);
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

    /// Fails unless `service`'s file is the one of `event_source`: named after its prefix, `-`
    /// made `_`.
    fn assert_in_own_file(service: &Service, event_source: &str, event_name: &str) {
        assert_eq!(
            event_source.split('.').next().map(|p| p.replace('-', "_")),
            Some(service.name.to_string()),
            "{event_source} {event_name} is in `{}`",
            service.name
        );
    }

    #[test]
    fn each_service_file_s_tag_changes_are_its_own_and_sorted_by_name() {
        for service in ALL {
            for row in service.tag_changes {
                assert_in_own_file(service, row.event_source, row.event_name);
            }
            assert!(
                service
                    .tag_changes
                    .windows(2)
                    .all(|pair| pair.first().map(|r| r.event_name)
                        < pair.get(1).map(|r| r.event_name)),
                "`services/{}.rs`: TAG_CHANGES not sorted by name",
                service.name
            );
        }
    }

    #[test]
    fn each_untag_action_without_keys_is_of_a_resource_type_of_its_file() {
        for service in ALL {
            for (action, _) in service.untag_without_keys {
                // The tagging API's actions are granted by route, on no resource type.
                if *action == "tag:UntagResources" {
                    assert_eq!(service.name, "tagging");
                    continue;
                }
                assert!(
                    service
                        .resource_types
                        .iter()
                        .any(|facts| facts.untag_actions.contains(action)),
                    "`{action}` in `services/{}.rs` is the untag action of none of its resource types",
                    service.name
                );
            }
        }
    }

    #[test]
    fn services_are_sorted_by_event_source() {
        // The tagging API's file has tag changes and no rows: it creates nothing.
        let sources: Vec<&str> = ALL
            .iter()
            .filter_map(|service| {
                service
                    .rows
                    .first()
                    .map(|row| row.event_source)
                    .or_else(|| service.tag_changes.first().map(|row| row.event_source))
            })
            .collect();
        assert_eq!(
            sources.len(),
            ALL.len(),
            "a service without rows or tag changes"
        );
        assert!(sources.windows(2).all(|pair| pair.first() < pair.get(1)));
    }
}
