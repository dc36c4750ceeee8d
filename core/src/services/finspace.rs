//! `finspace.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/finspace/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{EventRow, untaggable};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "finspace.amazonaws.com",
        "CreateEnvironment",
        "Amazon FinSpace reached end of support on 7 October 2026 (no new customers since 7 October 2025): no environment can be created",
    )
    .proven_by("finspace/CreateEnvironment-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[];
