//! `cassandra.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/cassandra/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "cassandra.amazonaws.com",
    "CreateKeyspace",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "cassandra:keyspace",
        // A keyspace made with CQL (`CREATE KEYSPACE`) is logged with an empty response and
        // its ARN in `resources`.
        locators: &[
            at("responseElements.resourceArn", "{id}"),
            at("resources[].ARN", "{id}"),
            at(
                "requestParameters.keyspaceName",
                "arn:{partition}:cassandra:{region}:{account}:/keyspace/{id}/",
            ),
        ],
    }],
)
.proven_by("cassandra/CreateKeyspace-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "cassandra:keyspace",
    arn_pattern: "arn:*:cassandra:*:*:/keyspace/*/",
    read_actions: &[],
    tag_actions: &["cassandra:TagResource"],
    untag_actions: &["cassandra:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("cassandra.amazonaws.com", "TagResource"),
    untag("cassandra.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("cassandra:UntagResource", Keyless::KeysRequired("tags"))];
