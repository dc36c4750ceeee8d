//! `aoss.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/aoss/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "aoss.amazonaws.com",
    "CreateCollection",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "aoss:collection",
        locators: &[at("responseElements.createCollectionDetail.arn", "{id}")],
    }],
)
.proven_by("aoss/CreateCollection-constructed-1.json")
.when_available()];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[tagged_by(
    "aoss:collection",
    "arn:*:aoss:*:*:collection/*",
    &["aoss:TagResource"],
    &["aoss:UntagResource"],
)];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("aoss.amazonaws.com", "TagResource"),
    untag("aoss.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("aoss:UntagResource", Keyless::KeysRequired("tagKeys"))];
