//! `vpc-lattice.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/vpc-lattice/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "vpc-lattice.amazonaws.com",
        "CreateService",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "vpc-lattice:Service",
            locators: &[Locator {
                path: "responseElements.arn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("vpc-lattice/CreateService-constructed-1.json"),
    row(
        "vpc-lattice.amazonaws.com",
        "CreateServiceNetwork",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "vpc-lattice:ServiceNetwork",
            locators: &[Locator {
                path: "responseElements.arn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("vpc-lattice/CreateServiceNetwork-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "vpc-lattice:ServiceNetwork",
        arn_pattern: "arn:*:vpc-lattice:*:*:servicenetwork/*",
        read_actions: &[],
        tag_actions: &["vpc-lattice:TagResource"],
        untag_actions: &["vpc-lattice:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "vpc-lattice:Service",
        arn_pattern: "arn:*:vpc-lattice:*:*:service/*",
        read_actions: &[],
        tag_actions: &["vpc-lattice:TagResource"],
        untag_actions: &["vpc-lattice:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("vpc-lattice.amazonaws.com", "TagResource"),
    untag("vpc-lattice.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "vpc-lattice:UntagResource",
    Keyless::KeysRequired("tagKeys"),
)];
