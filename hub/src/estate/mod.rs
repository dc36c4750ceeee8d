//! Org-wide work on the estate that was there before autotag: backfill from CloudTrail's past,
//! retag after a policy change, and the progress line every long org-wide command (audit,
//! backfill, retag) draws.

pub mod backfill;
pub mod progress;
pub mod retag;
