//! `apigateway.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/apigateway/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "apigateway.amazonaws.com",
        "CreateApi",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "apigateway:api",
            locators: &[at("responseElements.apiId", "arn:{partition}:apigateway:{region}::/apis/{id}")],
        }],
    )
    .proven_by("apigateway/CreateApi-constructed-1.json"),
    row(
        "apigateway.amazonaws.com",
        "CreateApiKey",
        Route::ApiGateway,
        &[ResourceSpec {
            resource_type: "apigateway:apikey",
            locators: &[at("responseElements.id", "arn:{partition}:apigateway:{region}::/apikeys/{id}")],
        }],
    )
    .proven_by("apigateway/CreateApiKey-constructed-1.json"),
    row(
        "apigateway.amazonaws.com",
        "CreateRestApi",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "apigateway:restapi",
            locators: &[
                at("responseElements.id", "arn:{partition}:apigateway:{region}::/restapis/{id}"),
                at("responseElements.self.restApiId", "arn:{partition}:apigateway:{region}::/restapis/{id}"),
            ],
        }],
    )
    .proven_by("apigateway/CreateRestApi-constructed-1.json"),
    row(
        "apigateway.amazonaws.com",
        "CreateStage",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "apigateway:stage",
            locators: &[
                at(
                    "responseElements.stageName",
                    "arn:{partition}:apigateway:{region}::/restapis/{@requestParameters.restApiId}/stages/{id}",
                ),
                at(
                    "requestParameters.createStageInput.stageName",
                    "arn:{partition}:apigateway:{region}::/restapis/{@requestParameters.restApiId}/stages/{id}",
                ),
            ],
        }],
    )
    .proven_by("apigateway/CreateStage-cloud-custodian-1.json"),
    row(
        "apigateway.amazonaws.com",
        "CreateVpcLink",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "apigateway:vpclink",
            locators: &[at("responseElements.id", "arn:{partition}:apigateway:{region}::/vpclinks/{id}")],
        }],
    )
    .proven_by("apigateway/CreateVpcLink-constructed-1.json")
    .when_available(),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    // API Gateway authorises tagging as `PUT` and `DELETE` on the resource's `/tags/<arn>` path,
    // never on the API itself: the role can tag a REST API, not change it.
    tagged_by(
        "apigateway:restapi",
        "arn:*:apigateway:*::/tags/*",
        &["apigateway:PUT"],
        &["apigateway:DELETE"],
    ),
    tagged_by(
        "apigateway:stage",
        "arn:*:apigateway:*::/tags/*",
        &["apigateway:PUT"],
        &["apigateway:DELETE"],
    ),
    ResourceTypeIam {
        resource_type: "apigateway:api",
        arn_pattern: "arn:*:apigateway:*::/tags/*",
        read_actions: &[],
        tag_actions: &["apigateway:POST"],
        untag_actions: &["apigateway:DELETE"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "apigateway:vpclink",
        arn_pattern: "arn:*:apigateway:*::/tags/*",
        read_actions: &[],
        tag_actions: &["apigateway:PUT"],
        untag_actions: &["apigateway:DELETE"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "apigateway:apikey",
        arn_pattern: "arn:*:apigateway:*::/tags/*",
        read_actions: &["apigateway:GET"],
        tag_actions: &["apigateway:PUT"],
        untag_actions: &["apigateway:DELETE"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("apigateway.amazonaws.com", "TagResource"),
    untag("apigateway.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[
    // The IAM action of every HTTP DELETE on API Gateway; on `/tags/{arn}` it is
    // `UntagResource`, whose `tagKeys` query list is required.
    ("apigateway:DELETE", Keyless::KeysRequired("tagKeys")),
];
