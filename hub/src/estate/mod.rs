//! Org-wide work on the estate that was there before autotag: backfill from CloudTrail's past,
//! and the progress line every long org-wide command (audit, backfill) draws.

pub mod backfill;
pub mod progress;
