//! The pure domain of autotag: from a CloudTrail record and a tag policy to a tag plan.
//!
//! Nothing in this crate performs I/O, reads the clock or names an AWS SDK type. The hub feeds it
//! bytes and the current time and executes the plans it returns.
//!
//! The path of one event:
//! [`event::parse_document`] turns input text into [`event::Event`]s, [`plan::plan`] turns an event
//! and a [`policy::TagPolicy`] into a [`plan::Decision`]: tag these resources with these tags, skip
//! the event for a reason, or reject it as malformed.

pub mod arn;
pub mod audit;
pub mod event;
pub mod inherit;
pub mod json_path;
pub mod plan;
pub mod policy;
pub mod policy_eval;
pub mod principal;
pub mod registry;
pub mod render;
pub mod services;
pub mod session;
pub mod tag_change;
pub mod tags;
pub mod trust;
