//! The hub of autotag: the AWS adapters that execute core's tag plans in spoke accounts, the
//! queue and Lambda edges that feed them, and the pieces the `autotag` CLI is built from.
//!
//! Only `aws/` names `aws_sdk_*`. Everything else speaks core's vocabulary through the ports in
//! [`ports`], so the processing logic is tested with in-memory fakes.

pub mod aws;
pub mod backfill;
pub mod clock;
pub mod config;
pub mod identity;
pub mod lambda;
pub mod ledger;
pub mod memory;
pub mod ports;
pub mod process;
pub mod progress;
