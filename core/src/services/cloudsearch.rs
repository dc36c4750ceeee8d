//! `cloudsearch.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/cloudsearch/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{EventRow, untaggable};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "cloudsearch.amazonaws.com",
        "CreateDomain",
        "CloudSearch has no tagging API (its 2013-01-01 API has no tag operation) and the Resource Groups Tagging API does not serve it",
    )
    .proven_by("cloudsearch/CreateDomain-cloud-custodian-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[];
