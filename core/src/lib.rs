//! The pure domain of autotag: from a CloudTrail record and a tag policy to a tag plan.
//!
//! Nothing in this crate performs I/O, reads the clock or names an AWS SDK type. The hub feeds it
//! bytes and the current time and executes the plans it returns.
//!
//! The path of one event:
//! [`event::parse_document`] turns input text into [`event::Event`]s, [`plan::plan`] turns an event
//! and a [`policy::TagPolicy`] into a [`plan::Decision`]: tag these resources with these tags, skip
//! the event for a reason, or reject it as malformed.

//! The folders follow that path: `reading/` (envelope, record, principal, session, trust),
//! `services/` and `registry/` (the supported events, one file per service, and how records are
//! read with them), `deciding/` (plan, inherit), `policy/` (the tag policy and tag sets),
//! `policy_eval` (the IAM and SCP evaluator), `enforce/` (the `[[enforce]]` rules' findings,
//! messages and permissions), `render/` (deployment files from the registry), `audit/`,
//! `ecr/` (image labels against repository tags), `retag` (re-applying a changed policy's
//! fixed tags) and `admission/` (the Kubernetes admission
//! webhook's decisions). Each module keeps its path at the crate root (`autotag_core::plan`), re-exported
//! below.

pub mod admission;
pub mod arn;
pub mod audit;
pub mod deciding;
pub mod doctor;
pub mod ecr;
pub mod enforce;
pub mod metrics;
pub mod policy;
pub mod policy_eval;
pub mod reading;
pub mod registry;
pub mod render;
pub mod retag;
pub mod services;

pub use deciding::{inherit, plan};
pub use policy::tags;
pub use reading::{event, json_path, principal, session, trust};
pub use registry::tag_change;
