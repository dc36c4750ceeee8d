//! The doctor's report as a table (people), JSON lines (programs) or CSV (spreadsheets), in the
//! audit's style: the same grid, the same defusing of cells.

use std::fmt::{self, Write};

use super::{Check, Status};
use crate::audit::{OutputFormat, write_records};

const HEADER: [&str; 5] = ["status", "area", "subject", "detail", "hint"];

/// Writes `checks` in `format`; the table ends with a count of passes, warnings and failures.
pub fn write_checks(out: &mut impl Write, checks: &[Check], format: OutputFormat) -> fmt::Result {
    let cells = |c: &Check| {
        vec![
            c.status.as_str().to_ascii_uppercase(),
            c.area.as_str().to_owned(),
            c.subject.clone(),
            c.detail.clone(),
            c.hint.clone().unwrap_or_default(),
        ]
    };
    write_records(out, checks, &HEADER, cells, format)?;
    if format == OutputFormat::Table {
        let count = |status: Status| checks.iter().filter(|c| c.status == status).count();
        writeln!(
            out,
            "\n{} passed, {} warning(s), {} failed",
            count(Status::Pass),
            count(Status::Warn),
            count(Status::Fail)
        )?;
    }
    Ok(())
}

/// [`write_checks`] into a new string.
pub fn render_checks(checks: &[Check], format: OutputFormat) -> String {
    let mut text = String::new();
    // A `String` never refuses a write, and checks hold only strings, which serialize.
    let _ = write_checks(&mut text, checks, format);
    text
}
