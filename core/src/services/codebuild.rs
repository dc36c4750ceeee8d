//! `codebuild.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/codebuild/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{EventRow, untaggable};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "codebuild.amazonaws.com",
        "CreateProject",
        "CodeBuild has no tag-only action: a project's tags change only through `UpdateProject`, which can also rewrite its build commands and role, a power the auto-tag role is not given",
    )
    .proven_by("codebuild/CreateProject-panther-analysis-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[];
