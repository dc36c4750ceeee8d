//! `organizations.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/organizations/`.

use crate::services::row::{
    EventRow, ResourceSpec, Route, TagChangeRow, Target, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam, read_by, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "organizations.amazonaws.com",
        "CreateAccount",
        Route::Organizations,
        &[ResourceSpec {
            resource_type: "organizations:account",
            // The account has no id until Organizations has created it: the record names the
            // create-account request, which the organizations route resolves to the account.
            locators: &[at(
                "responseElements.createAccountStatus.id",
                "arn:{partition}:organizations::{account}:account/{id}",
            )],
        }],
    )
    .proven_by("organizations/CreateAccount-awsdocs-aws-organizations-docs-1.json")
    .when_available(),
    row(
        "organizations.amazonaws.com",
        "CreateOrganizationalUnit",
        Route::Organizations,
        &[ResourceSpec {
            resource_type: "organizations:organizationalunit",
            locators: &[at("responseElements.organizationalUnit.arn", "{id}")],
        }],
    )
    .proven_by("organizations/CreateOrganizationalUnit-awsdocs-aws-organizations-docs-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    read_by(
        tagged_by(
            "organizations:organizationalunit",
            "arn:*:organizations::*:ou/o-*/ou-*",
            &["organizations:TagResource"],
            &["organizations:UntagResource"],
        ),
        &["organizations:ListTagsForResource"],
    ),
    read_by(
        tagged_by(
            "organizations:account",
            "arn:*:organizations::*:account/o-*/*",
            &["organizations:TagResource"],
            &["organizations:UntagResource"],
        ),
        &["organizations:ListTagsForResource"],
    ),
];

/// Organizations names accounts by number and the rest by prefixed id; the registry names an
/// account `account/{id}` in the management account. An OU's, root's or policy's real ARN also
/// holds the organization's id, which the request does not name: the ARNs built here lack it, so
/// a ledger holding the full ARN can find them only by their last segment.
const ORGANIZATIONS: &[Target] = &[Target::ByPrefix {
    path: "requestParameters.resourceId",
    prefixes: &[
        ("ou-", "arn:{partition}:organizations::{account}:ou/{id}"),
        ("r-", "arn:{partition}:organizations::{account}:root/{id}"),
        ("p-", "arn:{partition}:organizations::{account}:policy/{id}"),
        ("", "arn:{partition}:organizations::{account}:account/{id}"),
    ],
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("organizations.amazonaws.com", "TagResource").on(ORGANIZATIONS),
    untag("organizations.amazonaws.com", "UntagResource").on(ORGANIZATIONS),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "organizations:UntagResource",
    Keyless::KeysRequired("TagKeys"),
)];
