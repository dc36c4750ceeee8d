//! `mediaconvert.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/mediaconvert/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{EventRow, untaggable};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "mediaconvert.amazonaws.com",
        "CreateJob",
        "a MediaConvert job takes tags only in its CreateJob request; TagResource accepts queues, presets and job templates",
    )
    .proven_by("mediaconvert/CreateJob-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[];
