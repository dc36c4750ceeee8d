//! `appconfig.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/appconfig/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "appconfig.amazonaws.com",
        "CreateConfigurationProfile",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "appconfig:configurationprofile",
            locators: &[at("responseElements.id", "arn:{partition}:appconfig:{region}:{account}:application/{@responseElements.applicationId}/configurationprofile/{id}")],
        }],
    )
    .proven_by("appconfig/CreateConfigurationProfile-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "appconfig:configurationprofile",
    arn_pattern: "arn:*:appconfig:*:*:application/*/configurationprofile/*",
    read_actions: &[],
    tag_actions: &["appconfig:TagResource"],
    untag_actions: &["appconfig:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("appconfig.amazonaws.com", "TagResource"),
    untag("appconfig.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("appconfig:UntagResource", Keyless::KeysRequired("TagKeys"))];
