//! The hub's one reading of the wall clock; everything else is handed the time.

use time::OffsetDateTime;

/// The current time, UTC.
#[expect(
    clippy::disallowed_methods,
    reason = "this is the clock adapter the rule points to"
)]
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}
