//! `config.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/config/`. Added while writing "How to add a
//! service" (docs/ARCHITECTURE.md), to prove the walkthrough names every file touched.

use crate::services::ResourceTypeIam;
use crate::services::row::{EventRow, untaggable};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[untaggable(
    "config.amazonaws.com",
    "PutDeliveryChannel",
    "a delivery channel takes no tags: AWS Config's TagResource serves configuration recorders, \
     rules, conformance packs, aggregators, aggregation authorizations and stored queries only",
)
.proven_by("config/PutDeliveryChannel-derived-panther-analysis-1.json")];

/// The IAM facts of the resource types the rows create: none, the one row is untaggable.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[];
