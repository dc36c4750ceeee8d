//! Support for autotag's end-to-end tests and demo: the moto_server harness, a local
//! organization in it, and CloudTrail records with live ids.

pub mod cloudtrail;
pub mod deployed;
pub mod measure;
pub mod moto;
pub mod org;
pub mod resources;
