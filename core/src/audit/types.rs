//! Which registry resource type, and which route, an ARN found in an account belongs to: the
//! registry's ARN templates read backwards, so resources listed by the tagging API are named and
//! tagged exactly as the events that create them would be.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::registry::{Route, rows};

/// One ARN template of the registry, split into literals and placeholders.
#[derive(Debug)]
struct Template {
    parts: Vec<Part>,
    literal_len: usize,
    resource_type: &'static str,
    route: Route,
}

#[derive(Debug, PartialEq, Eq)]
enum Part {
    Literal(&'static str),
    /// `{partition}`, `{region}`, `{account}`: no `:`, may be empty.
    Field,
    /// `{id}` or `{@path}`: anything but empty.
    Id,
}

/// Templates by service (the third field of the ARN), built once.
fn templates() -> &'static BTreeMap<&'static str, Vec<Template>> {
    static TEMPLATES: OnceLock<BTreeMap<&'static str, Vec<Template>>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let mut by_service: BTreeMap<&'static str, Vec<Template>> = BTreeMap::new();
        for row in rows() {
            if matches!(row.route, Route::Untaggable) {
                continue;
            }
            for spec in row.resources {
                for locator in spec.locators {
                    let Some(template) = parse(locator.arn, spec.resource_type, row.route) else {
                        continue;
                    };
                    let Some(service) = locator.arn.split(':').nth(2) else {
                        continue;
                    };
                    let same = by_service.entry(service).or_default();
                    if !same.iter().any(|t| t.parts == template.parts) {
                        same.push(template);
                    }
                }
            }
        }
        by_service
    })
}

fn parse(text: &'static str, resource_type: &'static str, route: Route) -> Option<Template> {
    // `{id}` alone: the value found is the ARN, which says nothing about its shape.
    if !text.starts_with("arn:") {
        return None;
    }
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let (literal, tail) = rest.split_at(open);
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        let close = tail.find('}')?;
        let name = tail.get(1..close)?;
        parts.push(match name {
            "partition" | "region" | "account" => Part::Field,
            _ => Part::Id,
        });
        rest = tail.get(close + 1..)?;
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest));
    }
    let literal_len = parts
        .iter()
        .map(|p| match p {
            Part::Literal(l) => l.len(),
            _ => 0,
        })
        .sum();
    Some(Template {
        parts,
        literal_len,
        resource_type,
        route,
    })
}

fn matches(parts: &[Part], text: &str) -> bool {
    let Some((first, rest)) = parts.split_first() else {
        return text.is_empty();
    };
    match first {
        Part::Literal(literal) => text
            .strip_prefix(literal)
            .is_some_and(|tail| matches(rest, tail)),
        Part::Field | Part::Id => {
            let field = matches!(first, Part::Field);
            let start = usize::from(!field);
            // A field holds no `:`, so it ends at the next one at the latest: the only ends
            // worth trying (this keeps matching linear on the fields of an ARN).
            let last = if field {
                text.find(':').unwrap_or(text.len())
            } else {
                text.len()
            };
            (start..=last).any(|end| {
                let (Some(_), Some(tail)) = (text.get(..end), text.get(end..)) else {
                    return false;
                };
                matches(rest, tail)
            })
        }
    }
}

/// The registry resource type and route of `arn`, by the most specific template it fits.
pub fn resource_type_of(arn: &str) -> Option<(&'static str, Route)> {
    let service = arn.split(':').nth(2)?;
    templates()
        .get(service)?
        .iter()
        .filter(|t| matches(&t.parts, arn))
        .max_by_key(|t| t.literal_len)
        .map(|t| (t.resource_type, t.route))
}

/// The route that tags resources of `resource_type`, when the registry stamps that type.
pub fn route_of(resource_type: &str) -> Option<(&'static str, Route)> {
    rows()
        .iter()
        .filter(|row| !matches!(row.route, Route::Untaggable))
        .flat_map(|row| {
            row.resources
                .iter()
                .map(move |spec| (spec.resource_type, row.route))
        })
        .find(|(t, _)| *t == resource_type)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;

    #[test]
    fn arns_are_named_as_the_registry_names_them() {
        let cases = [
            (
                "arn:aws:ec2:eu-west-1:222222222222:instance/i-0abc",
                "ec2:instance",
                Route::Ec2,
            ),
            (
                "arn:aws:ec2:eu-west-1:222222222222:volume/vol-1",
                "ec2:volume",
                Route::Ec2,
            ),
            ("arn:aws:s3:::my-bucket", "s3:bucket", Route::S3Bucket),
            (
                "arn:aws:iam::222222222222:role/path/app",
                "iam:role",
                Route::IamRole,
            ),
            (
                "arn:aws:ecr:eu-west-1:222222222222:repository/team/app",
                "ecr:repository",
                Route::Ecr,
            ),
        ];
        for (arn, resource_type, route) in cases {
            assert_eq!(resource_type_of(arn), Some((resource_type, route)), "{arn}");
        }
        assert_eq!(
            resource_type_of("arn:aws:nosuch:eu-west-1:222222222222:thing/x"),
            None
        );
        assert_eq!(resource_type_of("not an arn"), None);
        assert_eq!(route_of("ec2:volume"), Some(("ec2:volume", Route::Ec2)));
        assert_eq!(route_of("nosuch:thing"), None);
    }
}

/// One per-service listing `autotag audit` makes, for resources the tagging API cannot see
/// (never tagged): the type it finds, the call, and where the creation time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listing {
    /// The registry resource type found.
    pub resource_type: &'static str,
    /// The listing call (`found_by` in the audit's rows), and the tag read where the listing
    /// does not carry tags.
    pub operations: &'static [&'static str],
    /// The field giving the resource's own creation time, if the service reports one.
    pub created_at: Option<&'static str>,
    /// Listed once per account (a global service), not per region.
    pub global: bool,
}

/// The per-service listings of `hub/src/aws/inventory.rs`; every other type is found only when
/// it carries, or once carried, a tag (`tag:GetResources`).
pub const LISTINGS: &[Listing] = &[
    Listing {
        resource_type: "ec2:instance",
        operations: &["ec2:DescribeInstances"],
        created_at: Some("LaunchTime"),
        global: false,
    },
    Listing {
        resource_type: "ec2:volume",
        operations: &["ec2:DescribeVolumes"],
        created_at: Some("CreateTime"),
        global: false,
    },
    Listing {
        resource_type: "ec2:snapshot",
        operations: &["ec2:DescribeSnapshots"],
        created_at: Some("StartTime"),
        global: false,
    },
    Listing {
        resource_type: "ec2:image",
        operations: &["ec2:DescribeImages"],
        created_at: Some("CreationDate"),
        global: false,
    },
    Listing {
        resource_type: "ec2:security-group",
        operations: &["ec2:DescribeSecurityGroups"],
        created_at: None,
        global: false,
    },
    Listing {
        resource_type: "ec2:vpc",
        operations: &["ec2:DescribeVpcs"],
        created_at: None,
        global: false,
    },
    Listing {
        resource_type: "ec2:subnet",
        operations: &["ec2:DescribeSubnets"],
        created_at: None,
        global: false,
    },
    Listing {
        resource_type: "ecr:repository",
        operations: &["ecr:DescribeRepositories", "ecr:ListTagsForResource"],
        created_at: Some("createdAt"),
        global: false,
    },
    Listing {
        resource_type: "autoscaling:autoScalingGroup",
        operations: &["autoscaling:DescribeAutoScalingGroups"],
        created_at: Some("CreatedTime"),
        global: false,
    },
    Listing {
        resource_type: "s3:bucket",
        operations: &["s3:ListAllMyBuckets", "s3:GetBucketTagging"],
        created_at: Some("CreationDate"),
        global: true,
    },
    Listing {
        resource_type: "iam:role",
        operations: &["iam:ListRoles", "iam:ListRoleTags"],
        created_at: Some("CreateDate"),
        global: true,
    },
    Listing {
        resource_type: "iam:user",
        operations: &["iam:ListUsers", "iam:ListUserTags"],
        created_at: Some("CreateDate"),
        global: true,
    },
];

#[cfg(test)]
mod listing_tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;

    #[test]
    fn every_listing_finds_a_type_autotag_stamps_and_the_spoke_role_may_call_it() {
        let policy =
            crate::render::documents::spoke_role_policy(&crate::policy::TagPolicy::default())
                .to_string();
        for listing in LISTINGS {
            assert!(route_of(listing.resource_type).is_some(), "{listing:?}");
            for operation in listing.operations {
                assert!(
                    policy.contains(&format!("\"{operation}\"")),
                    "`{operation}` is not granted"
                );
            }
        }
    }
}
