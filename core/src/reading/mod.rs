//! Reading events: the EventBridge envelope and the CloudTrail record ([`event`]), the paths
//! into them ([`json_path`]), who made the call ([`principal`]), the sessions STS issued
//! ([`session`]), and what AWS vouches for ([`trust`]).

pub mod event;
pub mod json_path;
pub mod principal;
pub mod session;
pub mod trust;
