//! `sqlworkbench.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/sqlworkbench/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{EventRow, untaggable};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "sqlworkbench.amazonaws.com",
        "CreateConnection",
        "SQL Workbench (the Redshift query editor's back end) has no public API or SDK to tag with, and it tags the connection with its owner itself (`sqlworkbench-resource-owner`)",
    )
    .proven_by("sqlworkbench/CreateConnection-awsdocs-amazon-redshift-management-guide-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[];
