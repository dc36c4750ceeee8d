//! `opsworks.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/opsworks/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{EventRow, untaggable};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "opsworks.amazonaws.com",
        "CloneStack",
        "AWS OpsWorks Stacks reached end of life on 26 May 2024: no stack can be created any more",
    )
    .proven_by("opsworks/CloneStack-constructed-1.json"),
    untaggable(
        "opsworks.amazonaws.com",
        "CreateStack",
        "AWS OpsWorks Stacks reached end of life on 26 May 2024: no stack can be created any more",
    )
    .proven_by("opsworks/CreateStack-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[];
