//! `autotag enforce --report`: one flat row per finding, as a table, JSON lines or CSV, with the
//! audit's writers (tag values kept inert in every format; see [`crate::audit::write_rows`]).

use std::fmt::{self, Write};

use serde::Serialize;

use super::{Finding, MarkChange, Verdict, utc_seconds};
use crate::audit::{OutputFormat, write_records};

/// One finding as a report row. Lists are joined with `; `.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRow {
    /// The rule.
    pub rule: String,
    /// The account.
    pub account: String,
    /// The region.
    pub region: String,
    /// The owner stamp, empty when unknown.
    pub owner: String,
    /// The registry resource type.
    pub resource_type: String,
    /// The ARN.
    pub resource: String,
    /// `compliant`, `non_compliant`, `exempt` or `out_of_scope`.
    pub status: &'static str,
    /// The problems (non-compliant), the exemption (exempt) or why it is out of scope.
    pub detail: String,
    /// The actions of this run (or, in a dry run, that it would run).
    pub actions: String,
    /// The next step, if any.
    pub next_action: String,
    /// Its due date, RFC 3339 UTC.
    pub due: String,
    /// The mark after this run: its value, `removed`, or empty when unchanged.
    pub mark: String,
    /// Whether the rule is a dry run.
    pub dry_run: bool,
}

impl ReportRow {
    /// The row of `finding`.
    pub fn new(finding: &Finding) -> Self {
        let detail = match &finding.verdict {
            Verdict::OutOfScope(why) => json_word(why),
            Verdict::Exempt(exemption) => match exemption {
                super::Exemption::Tag { key, value } => format!("tag {key}={value}"),
                super::Exemption::Principal { pattern } => format!("principal {pattern}"),
                super::Exemption::Account => "account".to_owned(),
            },
            Verdict::Compliant => String::new(),
            Verdict::NonCompliant(problems) => problems
                .iter()
                .map(super::Problem::describe)
                .collect::<Vec<_>>()
                .join("; "),
        };
        Self {
            rule: finding.rule.clone(),
            account: finding.account.clone(),
            region: finding.region.clone(),
            owner: finding.creator.owner.clone().unwrap_or_default(),
            resource_type: finding.resource_type.clone(),
            resource: finding.arn.clone(),
            status: finding.verdict.status(),
            detail,
            actions: finding
                .actions
                .iter()
                .map(|a| a.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            next_action: finding
                .next
                .map(|n| n.action.as_str().to_owned())
                .unwrap_or_default(),
            due: finding.next.map(|n| utc_seconds(n.due)).unwrap_or_default(),
            mark: match &finding.mark {
                MarkChange::Keep => String::new(),
                MarkChange::Set(value) => value.clone(),
                MarkChange::Remove => "removed".to_owned(),
            },
            dry_run: finding.dry_run,
        }
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.rule.clone(),
            self.account.clone(),
            self.region.clone(),
            self.owner.clone(),
            self.resource_type.clone(),
            self.resource.clone(),
            self.status.to_owned(),
            self.detail.clone(),
            self.actions.clone(),
            self.next_action.clone(),
            self.due.clone(),
            self.mark.clone(),
            self.dry_run.to_string(),
        ]
    }
}

/// The report's columns, in order.
pub const REPORT_HEADER: [&str; 13] = [
    "rule",
    "account",
    "region",
    "owner",
    "resource_type",
    "resource",
    "status",
    "detail",
    "actions",
    "next_action",
    "due",
    "mark",
    "dry_run",
];

fn json_word(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The rows of `findings`, sorted by rule, account and owner (then resource), as the report
/// lists them.
pub fn report_rows(findings: &[Finding]) -> Vec<ReportRow> {
    let mut rows: Vec<ReportRow> = findings.iter().map(ReportRow::new).collect();
    rows.sort_by(|a, b| {
        (&a.rule, &a.account, &a.owner, &a.resource).cmp(&(
            &b.rule,
            &b.account,
            &b.owner,
            &b.resource,
        ))
    });
    rows
}

/// Writes `rows` in `format`: a header and a line per row (table, CSV), or a JSON object per
/// line.
pub fn write_report(out: &mut impl Write, rows: &[ReportRow], format: OutputFormat) -> fmt::Result {
    write_records(out, rows, &REPORT_HEADER, ReportRow::cells, format)
}

/// [`write_report`] into a new string.
pub fn render_report(rows: &[ReportRow], format: OutputFormat) -> String {
    let mut text = String::new();
    // Writing to a `String` cannot fail.
    let _ = write_report(&mut text, rows, format);
    text
}
