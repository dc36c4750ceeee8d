//! `sso.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/sso/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{EventRow, untaggable};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[untaggable(
    "sso.amazonaws.com",
    "CreateToken",
    "it issues an OIDC access token, which is not a resource",
)
.proven_by("sso/CreateToken-awsdocs-aws-single-sign-on-user-guide-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[];
