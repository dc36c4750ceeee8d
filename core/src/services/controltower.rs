//! `controltower.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/controltower/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{EventRow, untaggable};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "controltower.amazonaws.com",
        "CreateManagedAccount",
        "the record names no account; the account is created by the Organizations `CreateAccount` call Control Tower makes, and stamped from that event",
    )
    .proven_by("controltower/CreateManagedAccount-aws-lambda-rust-runtime-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[];
