//! The trail check: some trail must log every account and region, be logging, and record
//! management events, read and write. Write events carry the creations; read events carry
//! `sts:AssumeRole` and `GetFederationToken` (`readOnly: true`), which the session joins need.

use super::{Area, Check, EventSelectors, Gathered, TrailInfo};

/// Which management events a trail's selectors record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Management {
    pub(super) reads: bool,
    pub(super) writes: bool,
}

/// The management events `selectors` record, read and write, summed over the selectors.
pub(super) fn management(selectors: &EventSelectors) -> Management {
    let mut seen = Management::default();
    match selectors {
        EventSelectors::Classic(classic) => {
            for selector in classic.iter().filter(|s| s.management) {
                match selector.read_write.as_str() {
                    "ReadOnly" => seen.reads = true,
                    "WriteOnly" => seen.writes = true,
                    // `All`, and the default when absent.
                    _ => {
                        seen.reads = true;
                        seen.writes = true;
                    }
                }
            }
        }
        EventSelectors::Advanced(advanced) => {
            for selector in advanced {
                let field = |name: &str| selector.fields.iter().find(|f| f.field == name);
                let is_management = field("eventCategory")
                    .is_some_and(|f| f.equals.iter().any(|v| v == "Management"));
                // A selector narrowed to some event sources does not cover the create calls
                // of every service.
                let narrowed = field("eventSource").is_some_and(|f| !f.equals.is_empty());
                if !is_management || narrowed {
                    continue;
                }
                match field("readOnly") {
                    None => {
                        seen.reads = true;
                        seen.writes = true;
                    }
                    Some(read_only) => {
                        let matches = |value: &str| {
                            (read_only.equals.is_empty()
                                || read_only.equals.iter().any(|v| v == value))
                                && !read_only.not_equals.iter().any(|v| v == value)
                        };
                        seen.reads |= matches("true");
                        seen.writes |= matches("false");
                    }
                }
            }
        }
    }
    seen
}

/// What is wrong with one trail, each with its fix.
fn problems(trail: &TrailInfo) -> Vec<(String, String)> {
    let name = trail.arn.as_deref().unwrap_or(&trail.name);
    let mut problems = Vec::new();
    if !trail.organization {
        problems.push((
            "not an organization trail".to_owned(),
            format!("aws cloudtrail update-trail --name {name} --is-organization-trail (from the management account)"),
        ));
    }
    if !trail.multi_region {
        problems.push((
            "not multi-region".to_owned(),
            format!("aws cloudtrail update-trail --name {name} --is-multi-region-trail"),
        ));
    }
    match &trail.logging {
        Ok(true) => {}
        Ok(false) => problems.push((
            "not logging".to_owned(),
            format!("aws cloudtrail start-logging --name {name}"),
        )),
        Err(failure) => problems.push((failure.to_string(), failure.hint())),
    }
    let all_management = format!(
        "aws cloudtrail put-event-selectors --trail-name {name} --event-selectors '[{{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true}}]'"
    );
    match &trail.selectors {
        Ok(selectors) => match management(selectors) {
            Management {
                reads: true,
                writes: true,
            } => {}
            Management {
                reads: false,
                writes: true,
            } => problems.push((
                "management events are write-only".to_owned(),
                format!(
                    "record read events too: STS joins need them (AssumeRole and GetFederationToken are read events): {all_management}"
                ),
            )),
            Management {
                reads: true,
                writes: false,
            } => problems.push((
                "management events are read-only: no creation is recorded".to_owned(),
                all_management,
            )),
            Management {
                reads: false,
                writes: false,
            } => problems.push((
                "no management events are recorded".to_owned(),
                all_management,
            )),
        },
        Err(failure) => problems.push((failure.to_string(), failure.hint())),
    }
    problems
}

pub(super) fn evaluate(trails: &Gathered<Vec<TrailInfo>>) -> Vec<Check> {
    let area = Area::Trail;
    let trails = match trails {
        Ok(trails) => trails,
        Err(failure) => return vec![Check::call_failed(area, "trails", failure)],
    };
    if trails.is_empty() {
        return vec![Check::fail(
            area,
            "trails",
            "no trail: no CloudTrail event reaches the hub, so nothing is stamped",
            "aws cloudtrail create-trail --name org-trail --s3-bucket-name BUCKET --is-multi-region-trail --is-organization-trail; aws cloudtrail start-logging --name org-trail (docs/deploy.md, prerequisites)",
        )];
    }
    let judged: Vec<(&TrailInfo, Vec<(String, String)>)> =
        trails.iter().map(|t| (t, problems(t))).collect();
    if let Some((good, _)) = judged.iter().find(|(_, problems)| problems.is_empty()) {
        return vec![Check::pass(
            area,
            &good.name,
            "organization-wide, multi-region, logging, management events read and write",
        )];
    }
    judged
        .into_iter()
        .map(|(trail, problems)| {
            let detail = problems
                .iter()
                .map(|(what, _)| what.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            let hint = problems
                .iter()
                .map(|(_, fix)| fix.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            Check::fail(area, &trail.name, detail, hint)
        })
        .collect()
}
