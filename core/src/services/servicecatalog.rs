//! `servicecatalog.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/servicecatalog/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{EventRow, untaggable};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "servicecatalog.amazonaws.com",
        "CreatePortfolio",
        "Service Catalog has no tag-only action for portfolios: their tags change through `UpdatePortfolio`, which can also rewrite the portfolio, a power the auto-tag role is not given",
    )
    .proven_by("servicecatalog/CreatePortfolio-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[];
