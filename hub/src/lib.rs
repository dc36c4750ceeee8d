//! The hub of autotag: the AWS adapters that execute core's tag plans in spoke accounts, the
//! queue and Lambda edges that feed them, and the pieces the `autotag` CLI is built from.
//!
//! - [`processing`]: a queue message to tags in a spoke: parse, plan, the identity lookups
//!   around the plan ([`processing::identity`]), apply, record or repair in the stamp ledger
//!   ([`processing::ledger`]), and what becomes of the message.
//! - [`lambda`]: the Lambda edge over [`processing`]; `autotag hub` and `autotag handle` are
//!   the CLI's.
//! - [`estate`]: org-wide work on what was there first (backfill, progress of long commands).
//! - [`webhook`]: the Kubernetes admission webhook (`autotag-webhook`): reviews in, core's
//!   admission rules over ECR repositories' facts, answers out, over HTTPS or API Gateway.
//! - [`ports`]: what processing needs from the outside world, in domain words, with in-memory
//!   fakes ([`ports::memory`]); [`aws`]: the real adapters, grouped by the port they serve.
//!
//! Only `aws/` names `aws_sdk_*`. Everything else speaks core's vocabulary through the ports,
//! so the processing logic is tested with in-memory fakes.

pub mod aws;
pub mod clock;
pub mod config;
pub mod enforce;
pub mod estate;
pub mod lambda;
pub mod ports;
pub mod processing;
pub mod webhook;
