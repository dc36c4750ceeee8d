//! `iam.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/iam/`.

use crate::services::row::{
    EventRow, ID, Locator, ResourceSpec, Route, TagChangeRow, Target, Transform, at, row, tag,
    untag, untaggable,
};
use crate::services::{Keyless, ResourceTypeIam, read_by, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "iam.amazonaws.com",
        "CreateAccessKey",
        "IAM access keys cannot carry tags; the key's user can",
    )
    .proven_by("iam/CreateAccessKey-invictus-aws_dataset-1.json"),
    row(
        "iam.amazonaws.com",
        "CreateInstanceProfile",
        Route::IamInstanceProfile,
        &[ResourceSpec {
            resource_type: "iam:instance-profile",
            locators: &[
                Locator {
                    path: "responseElements.instanceProfile.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.instanceProfileName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:iam::{account}:instance-profile/{id}",
                },
            ],
        }],
    )
    .proven_by("iam/CreateInstanceProfile-invictus-aws_dataset-1.json"),
    untaggable(
        "iam.amazonaws.com",
        "CreateLoginProfile",
        "a login profile is a console password on a user and cannot carry tags.",
    )
    .proven_by("iam/CreateLoginProfile-invictus-aws_dataset-1.json"),
    row(
        "iam.amazonaws.com",
        "CreatePolicy",
        Route::IamPolicy,
        &[ResourceSpec {
            resource_type: "iam:policy",
            locators: &[
                Locator {
                    path: "responseElements.policy.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.policyName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:iam::{account}:policy/{id}",
                },
            ],
        }],
    )
    .proven_by("iam/CreatePolicy-invictus-aws_dataset-1.json"),
    row(
        "iam.amazonaws.com",
        "CreateRole",
        Route::IamRole,
        &[ResourceSpec {
            resource_type: "iam:role",
            locators: &[
                at("responseElements.role.arn", "{id}"),
                at(
                    "requestParameters.roleName",
                    "arn:{partition}:iam::{account}:role/{id}",
                ),
            ],
        }],
    )
    .proven_by("iam/CreateRole-invictus-aws_dataset-1.json"),
    row(
        "iam.amazonaws.com",
        "CreateServiceLinkedRole",
        Route::IamRole,
        &[ResourceSpec {
            resource_type: "iam:role",
            // TagRole takes service-linked roles too; their name is the service's to choose.
            locators: &[at("responseElements.role.arn", "{id}")],
        }],
    )
    .proven_by("iam/CreateServiceLinkedRole-constructed-1.json"),
    row(
        "iam.amazonaws.com",
        "CreateUser",
        Route::IamUser,
        &[ResourceSpec {
            resource_type: "iam:user",
            locators: &[
                at("responseElements.user.arn", "{id}"),
                at(
                    "requestParameters.userName",
                    "arn:{partition}:iam::{account}:user/{id}",
                ),
            ],
        }],
    )
    .proven_by("iam/CreateUser-invictus-aws_dataset-1.json"),
    row(
        "iam.amazonaws.com",
        "CreateVirtualMFADevice",
        Route::IamMfaDevice,
        &[ResourceSpec {
            resource_type: "iam:mfa",
            locators: &[
                at("responseElements.virtualMFADevice.serialNumber", "{id}"),
                at(
                    "requestParameters.virtualMFADeviceName",
                    "arn:{partition}:iam::{account}:mfa/{id}",
                ),
            ],
        }],
    )
    .proven_by("iam/CreateVirtualMFADevice-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    read_by(
        tagged_by(
            "iam:role",
            "arn:*:iam::*:role/*",
            &["iam:TagRole"],
            &["iam:UntagRole"],
        ),
        &["iam:ListRoleTags"],
    ),
    read_by(
        tagged_by(
            "iam:policy",
            "arn:*:iam::*:policy/*",
            &["iam:TagPolicy"],
            &["iam:UntagPolicy"],
        ),
        &["iam:ListPolicyTags"],
    ),
    read_by(
        tagged_by(
            "iam:instance-profile",
            "arn:*:iam::*:instance-profile/*",
            &["iam:TagInstanceProfile"],
            &["iam:UntagInstanceProfile"],
        ),
        &["iam:ListInstanceProfileTags"],
    ),
    read_by(
        tagged_by(
            "iam:user",
            "arn:*:iam::*:user/*",
            &["iam:TagUser"],
            &["iam:UntagUser"],
        ),
        &["iam:ListUserTags"],
    ),
    read_by(
        tagged_by(
            "iam:mfa",
            "arn:*:iam::*:mfa/*",
            &["iam:TagMFADevice"],
            &["iam:UntagMFADevice"],
        ),
        &["iam:ListMFADeviceTags"],
    ),
];

const IAM_ROLE: &[Target] = &[Target::at(
    "requestParameters.roleName",
    "arn:{partition}:iam::{account}:role/{id}",
)];

const IAM_USER: &[Target] = &[Target::at(
    "requestParameters.userName",
    "arn:{partition}:iam::{account}:user/{id}",
)];

const IAM_POLICY: &[Target] = &[Target::at("requestParameters.policyArn", ID)];

const IAM_INSTANCE_PROFILE: &[Target] = &[Target::at(
    "requestParameters.instanceProfileName",
    "arn:{partition}:iam::{account}:instance-profile/{id}",
)];

const IAM_MFA: &[Target] = &[Target::at(
    "requestParameters.serialNumber",
    "arn:{partition}:iam::{account}:mfa/{id}",
)];

const IAM_OIDC: &[Target] = &[Target::at("requestParameters.openIDConnectProviderArn", ID)];

const IAM_SAML: &[Target] = &[Target::at("requestParameters.sAMLProviderArn", ID)];

const IAM_SERVER_CERTIFICATE: &[Target] = &[Target::at(
    "requestParameters.serverCertificateName",
    "arn:{partition}:iam::{account}:server-certificate/{id}",
)];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("iam.amazonaws.com", "TagInstanceProfile")
        .on(IAM_INSTANCE_PROFILE)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagMFADevice")
        .on(IAM_MFA)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagOpenIDConnectProvider")
        .on(IAM_OIDC)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagPolicy")
        .on(IAM_POLICY)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagRole")
        .on(IAM_ROLE)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagSAMLProvider")
        .on(IAM_SAML)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagServerCertificate")
        .on(IAM_SERVER_CERTIFICATE)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagUser")
        .on(IAM_USER)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagInstanceProfile")
        .on(IAM_INSTANCE_PROFILE)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagMFADevice")
        .on(IAM_MFA)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagOpenIDConnectProvider")
        .on(IAM_OIDC)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagPolicy")
        .on(IAM_POLICY)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagRole")
        .on(IAM_ROLE)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagSAMLProvider")
        .on(IAM_SAML)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagServerCertificate")
        .on(IAM_SERVER_CERTIFICATE)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagUser")
        .on(IAM_USER)
        .keys_ignore_case(),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[
    ("iam:UntagInstanceProfile", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagMFADevice", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagPolicy", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagRole", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagUser", Keyless::KeysRequired("TagKeys")),
];
