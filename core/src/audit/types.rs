//! Which registry resource type, and which route, an ARN found in an account belongs to: the
//! registry's ARN templates read backwards, so resources listed by the tagging API are named and
//! tagged exactly as the events that create them would be.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::registry::{ROWS, Route};

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
        for row in ROWS {
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
            (start..=text.len()).any(|end| {
                let (Some(value), Some(tail)) = (text.get(..end), text.get(end..)) else {
                    return false;
                };
                !(field && value.contains(':')) && matches(rest, tail)
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
    ROWS.iter()
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
