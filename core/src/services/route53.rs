//! `route53.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/route53/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, at, row};

/// Why its tag changes are not read: its one tag call, `ChangeTagsForResource`, adds and removes in
/// the same request, which no single `Change` describes.
pub static TAG_CHANGES_NOT_READ: &str = "its one tag call, `ChangeTagsForResource`, adds and removes in the \
     same request, which no single `Change` describes";

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "route53.amazonaws.com",
        "CreateHealthCheck",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "route53:healthcheck",
            locators: &[at(
                "responseElements.healthCheck.id",
                "arn:{partition}:route53:::healthcheck/{id}",
            )],
        }],
    )
    .proven_by("route53/CreateHealthCheck-constructed-1.json"),
    row(
        "route53.amazonaws.com",
        "CreateHostedZone",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "route53:hostedzone",
            locators: &[Locator {
                path: "responseElements.hostedZone.id",
                transform: Transform::LastPathSegment,
                arn: "arn:{partition}:route53:::hostedzone/{id}",
            }],
        }],
    )
    .proven_by("route53/CreateHostedZone-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "route53:hostedzone",
        arn_pattern: "arn:*:route53:::hostedzone/*",
        read_actions: &[],
        tag_actions: &["route53:ChangeTagsForResource"],
        untag_actions: &["route53:ChangeTagsForResource"],
        tag_keys_condition: false,
    },
    ResourceTypeIam {
        resource_type: "route53:healthcheck",
        arn_pattern: "arn:*:route53:::healthcheck/*",
        read_actions: &[],
        tag_actions: &["route53:ChangeTagsForResource"],
        untag_actions: &["route53:ChangeTagsForResource"],
        tag_keys_condition: false,
    },
];
