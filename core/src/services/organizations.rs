//! `organizations.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/organizations/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::{ResourceTypeIam, read_by, tagged_by};

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
