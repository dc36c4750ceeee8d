//! Audit rows and coverage as an aligned table (people), JSON lines (programs) or CSV
//! (spreadsheets).
//!
//! Tag values are written by whoever may tag a resource, so every format keeps them inert: the
//! table escapes control and bidirectional-override characters, which could rewrite a terminal
//! or reorder what it shows; CSV quotes by RFC 4180 and puts `'` before a cell a spreadsheet
//! would run as a formula; JSON escapes by construction.

use std::fmt::{self, Write};
use std::str::FromStr;

use super::{AuditRow, Coverage, CoverageLine, StampStatus, StatusCounts};

/// How audit output is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// Columns aligned with spaces, one header line.
    #[default]
    Table,
    /// One JSON object per line.
    Json,
    /// RFC 4180 CSV with a header line and CRLF line ends, formula cells neutralised.
    Csv,
}

/// Why an output format name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnknownFormat {
    /// The name is none of the formats.
    #[error("output format `{name}` is not one of `table`, `json`, `csv`")]
    Name {
        /// The name given.
        name: String,
    },
}

impl FromStr for OutputFormat {
    type Err = UnknownFormat;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name.to_ascii_lowercase().as_str() {
            "table" => Ok(Self::Table),
            "json" => Ok(Self::Json),
            "csv" => Ok(Self::Csv),
            _ => Err(UnknownFormat::Name {
                name: name.to_owned(),
            }),
        }
    }
}

const ROW_HEADER: [&str; 13] = [
    "account",
    "region",
    "resource_type",
    "status",
    "owner",
    "date_created",
    "created_by",
    "recorded",
    "created_at",
    "found_by",
    "drifted",
    "labels",
    "arn",
];

fn row_cells(row: &AuditRow) -> [String; 13] {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    [
        row.account.clone(),
        row.region.clone(),
        row.resource_type.clone(),
        row.status.as_str().to_owned(),
        text(&row.owner),
        text(&row.date_created),
        text(&row.created_by),
        row.recorded.to_string(),
        text(&row.created_at),
        row.found_by.clone(),
        drift_summary(&row.status),
        text(&row.labels),
        row.arn.clone(),
    ]
}

/// The drifted keys and what happened to each; the values themselves are in the JSON output.
fn drift_summary(status: &StampStatus) -> String {
    let StampStatus::Drifted { keys } = status else {
        return String::new();
    };
    keys.iter()
        .map(|drift| match drift.live {
            None => format!("{} (removed)", drift.key),
            Some(_) => format!("{} (changed)", drift.key),
        })
        .collect::<Vec<_>>()
        // Stamp keys are validated tag keys, which never hold `;`.
        .join("; ")
}

/// Writes `rows` in `format`: a header and one line per row for the table and CSV, one object
/// per line for JSON (nothing for no rows).
pub fn write_rows<'a>(
    out: &mut impl Write,
    rows: impl IntoIterator<Item = &'a AuditRow>,
    format: OutputFormat,
) -> fmt::Result {
    let rows: Vec<&AuditRow> = rows.into_iter().collect();
    write_records(
        out,
        &rows,
        &ROW_HEADER,
        |row| row_cells(row).to_vec(),
        format,
    )
}

/// Records in `format`: one JSON object per line, or the grid of `header` and each record's
/// `cells` (shared by the audit, the doctor and the enforcement report).
pub(crate) fn write_records<T: serde::Serialize>(
    out: &mut impl Write,
    records: &[T],
    header: &[&str],
    cells: impl Fn(&T) -> Vec<String>,
    format: OutputFormat,
) -> fmt::Result {
    match format {
        OutputFormat::Json => {
            for record in records {
                let line = serde_json::to_string(record).map_err(|_| fmt::Error)?;
                writeln!(out, "{line}")?;
            }
            Ok(())
        }
        OutputFormat::Table | OutputFormat::Csv => {
            let cells: Vec<Vec<String>> = records.iter().map(cells).collect();
            write_grid(out, header, &cells, format)
        }
    }
}

/// [`write_rows`] into a new string.
pub fn render_rows<'a>(
    rows: impl IntoIterator<Item = &'a AuditRow>,
    format: OutputFormat,
) -> String {
    let mut text = String::new();
    // A `String` never refuses a write, and the rows hold only strings, which serialize.
    let _ = write_rows(&mut text, rows, format);
    text
}

const COVERAGE_HEADER: [&str; 11] = [
    "scope",
    "account",
    "region",
    "resource_type",
    "total",
    "stamped",
    "owner_unknown",
    "unstamped",
    "drifted",
    "stamped_percent",
    "covered_percent",
];

/// A share as text: floored to a tenth, so anything short of every resource never reads
/// `100.0`; `n/a` without resources.
fn percent_text(part: u64, total: u64) -> String {
    if total == 0 {
        return "n/a".to_owned();
    }
    let tenths = u128::from(part) * 1000 / u128::from(total);
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn coverage_cells(line: &CoverageLine, aggregated: &str) -> Vec<String> {
    let dimension = |value: &Option<String>| value.clone().unwrap_or_else(|| aggregated.to_owned());
    let counts: &StatusCounts = &line.counts;
    let total = counts.total();
    vec![
        line.scope.as_str().to_owned(),
        dimension(&line.account),
        dimension(&line.region),
        dimension(&line.resource_type),
        total.to_string(),
        counts.stamped.to_string(),
        counts.owner_unknown.to_string(),
        counts.unstamped.to_string(),
        counts.drifted.to_string(),
        percent_text(counts.stamped, total),
        percent_text(counts.stamped + counts.owner_unknown, total),
    ]
}

/// Writes the coverage summary in `format`, one line per [`Coverage::lines`] entry. The table
/// writes `*` for a dimension a line sums over, CSV an empty cell, JSON `null`; JSON
/// percentages are unrounded numbers, or `null` without resources.
pub fn write_coverage(
    out: &mut impl Write,
    coverage: &Coverage,
    format: OutputFormat,
) -> fmt::Result {
    let lines = coverage.lines();
    match format {
        OutputFormat::Json => {
            for line in &lines {
                let counts = &line.counts;
                let object = serde_json::json!({
                    "scope": line.scope,
                    "account": line.account,
                    "region": line.region,
                    "resource_type": line.resource_type,
                    "total": counts.total(),
                    "stamped": counts.stamped,
                    "owner_unknown": counts.owner_unknown,
                    "unstamped": counts.unstamped,
                    "drifted": counts.drifted,
                    "stamped_percent": counts.stamped_percent(),
                    "covered_percent": counts.covered_percent(),
                });
                writeln!(out, "{object}")?;
            }
            Ok(())
        }
        OutputFormat::Table => {
            let cells: Vec<Vec<String>> = lines.iter().map(|l| coverage_cells(l, "*")).collect();
            write_grid(out, &COVERAGE_HEADER, &cells, format)
        }
        OutputFormat::Csv => {
            let cells: Vec<Vec<String>> = lines.iter().map(|l| coverage_cells(l, "")).collect();
            write_grid(out, &COVERAGE_HEADER, &cells, format)
        }
    }
}

/// [`write_coverage`] into a new string.
pub fn render_coverage(coverage: &Coverage, format: OutputFormat) -> String {
    let mut text = String::new();
    // A `String` never refuses a write.
    let _ = write_coverage(&mut text, coverage, format);
    text
}

/// A header and rows of cells, as a table or CSV (shared with the doctor's report).
pub(crate) fn write_grid(
    out: &mut impl Write,
    header: &[&str],
    rows: &[Vec<String>],
    format: OutputFormat,
) -> fmt::Result {
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    if format == OutputFormat::Csv {
        for cells in std::iter::once(&header).chain(rows) {
            let line: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
            write!(out, "{}\r\n", line.join(","))?;
        }
        return Ok(());
    }
    let upper: Vec<String> = header.iter().map(|h| h.to_ascii_uppercase()).collect();
    let shown: Vec<Vec<String>> = std::iter::once(upper)
        .chain(rows.iter().map(|cells| {
            cells
                .iter()
                .map(|cell| {
                    if cell.is_empty() {
                        "-".to_owned()
                    } else {
                        inert(cell)
                    }
                })
                .collect()
        }))
        .collect();
    let mut widths = vec![0; header.len()];
    for cells in &shown {
        for (width, cell) in widths.iter_mut().zip(cells) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for cells in &shown {
        let mut line = String::new();
        for (cell, width) in cells.iter().zip(&widths) {
            write!(line, "{cell:<width$}  ")?;
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// `text` with control and bidirectional-formatting characters written as escapes, so a tag
/// value cannot move the cursor, recolour the terminal or reverse the text around it. Widths
/// are counted in characters: wide characters may push a column out of line.
fn inert(text: &str) -> String {
    let dangerous = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if dangerous(c) {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    shown
}

/// One CSV row (without its line break) of `cells`, each defused against spreadsheet formulas
/// and quoted as RFC 4180 says.
pub fn csv_row(cells: &[String]) -> String {
    cells
        .iter()
        .map(|cell| csv_cell(cell))
        .collect::<Vec<_>>()
        .join(",")
}

/// One CSV cell: `'` before text a spreadsheet would evaluate (OWASP's list: `=`, `+`, `-`, `@`,
/// tab, carriage return), then RFC 4180 quoting when the cell holds a comma, a quote or a line
/// break.
fn csv_cell(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = if formula {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("alice"), "alice");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        // Only the first character makes a formula.
        assert_eq!(csv_cell("a=b"), "a=b");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn table_cells_cannot_drive_the_terminal() {
        assert_eq!(inert("ok"), "ok");
        assert_eq!(inert("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(inert("x\ny"), "x\\u{a}y");
        assert_eq!(inert("abc\u{202e}fed"), "abc\\u{202e}fed");
    }

    #[test]
    fn percentages_are_floored_to_a_tenth() {
        assert_eq!(percent_text(0, 0), "n/a");
        assert_eq!(percent_text(2, 3), "66.6");
        assert_eq!(percent_text(9999, 10000), "99.9");
        assert_eq!(percent_text(1, 1), "100.0");
        assert_eq!(percent_text(0, 7), "0.0");
    }

    #[test]
    fn format_names_parse() {
        assert_eq!("csv".parse::<OutputFormat>(), Ok(OutputFormat::Csv));
        assert_eq!("JSON".parse::<OutputFormat>(), Ok(OutputFormat::Json));
        assert_eq!("table".parse::<OutputFormat>(), Ok(OutputFormat::Table));
        assert_eq!(
            "xml".parse::<OutputFormat>().unwrap_err().to_string(),
            "output format `xml` is not one of `table`, `json`, `csv`"
        );
    }
}
