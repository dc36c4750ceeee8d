//! Shared support for autotag's end-to-end tests and demo: a moto_server harness and AWS SDK configs.
//!
//! The e2e test binary (`tests/e2e/main.rs`) and the demo binary use [`moto`] to reach one
//! moto_server per process and to act in fresh, isolated AWS accounts inside it.

pub mod moto;
