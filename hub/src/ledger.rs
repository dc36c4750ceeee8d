//! The stamp ledger around a plan: every stamp autotag writes is recorded once in the hub's
//! ledger, and the `ledger` route's stamps (CloudFormation stacks) live only there.
//!
//! The ledger is what drift repair restores and what `autotag audit --drift` compares live
//! tags with, so a stamp's record is written once (conditional put) and never changed.

use std::collections::BTreeMap;

use autotag_core::plan::TagPlan;
use autotag_core::registry::Route;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::ports::{
    ApplyReport, FailureKind, LedgerStamp, ResourceFailure, ResourceReport, ResourceStatus,
    StampLedger,
};

/// Records in `ledger` the stamps `applied` says were written (or found already written) by
/// `plan`, and keeps the stamps of its `ledger`-route resources; returns the reports of the
/// ledger-route resources and the failures to record.
///
/// A resource found already stamped is recorded too, with the plan's own tags: that is the
/// redelivery of an event whose tags were written but whose record failed, and the SCP lets
/// no one but autotag write the stamp keys, so the values are the plan's. A record already
/// there is left as it is.
pub async fn record_stamps(
    ledger: Option<&dyn StampLedger>,
    event_id: &str,
    plan: &TagPlan,
    applied: &ApplyReport,
    now: OffsetDateTime,
) -> ApplyReport {
    let mut report = ApplyReport::default();
    let recorded_at = now.format(&Rfc3339).unwrap_or_default();
    for batch in &plan.batches {
        for resource in &batch.resources {
            let arn = resource.arn.as_str();
            let tags: BTreeMap<String, String> = if batch.route == Route::Ledger {
                own_tags(plan, None)
            } else {
                match applied.resources.iter().find(|r| r.arn == arn) {
                    Some(ResourceReport {
                        status: ResourceStatus::Tagged { keys },
                        ..
                    }) => own_tags(plan, Some(keys)),
                    Some(ResourceReport {
                        status: ResourceStatus::AlreadyStamped,
                        ..
                    }) => own_tags(plan, None),
                    _ => continue,
                }
            };
            if tags.is_empty() {
                continue;
            }
            let Some(ledger) = ledger else {
                if batch.route == Route::Ledger {
                    report.failures.push(ResourceFailure {
                        arn: arn.to_owned(),
                        operation: "dynamodb:PutItem",
                        kind: FailureKind::Other,
                        source: "no ledger table is configured (`--ledger-table`, \
                                 `AUTOTAG_LEDGER_TABLE`) to keep this stamp"
                            .into(),
                    });
                }
                continue;
            };
            let stamp = LedgerStamp {
                account: plan.account.as_str().to_owned(),
                region: plan.region.as_str().to_owned(),
                route: batch.route,
                resource_type: resource.resource_type.to_owned(),
                tags,
                event_id: event_id.to_owned(),
                recorded_at: recorded_at.clone(),
            };
            match ledger.record(arn, &stamp).await {
                Ok(written) if batch.route == Route::Ledger => {
                    report.resources.push(ResourceReport {
                        arn: arn.to_owned(),
                        status: if written {
                            ResourceStatus::Tagged {
                                keys: stamp.tags.keys().cloned().collect(),
                            }
                        } else {
                            ResourceStatus::AlreadyStamped
                        },
                    });
                }
                Ok(_) => {}
                Err(source) => report.failures.push(ResourceFailure {
                    arn: arn.to_owned(),
                    operation: "dynamodb:PutItem",
                    kind: FailureKind::Transient,
                    source,
                }),
            }
        }
    }
    report
}

/// The plan's own tags (autotag's stamps, not the inherited or static ones), limited to
/// `written` when given: what the ledger protects.
fn own_tags(plan: &TagPlan, written: Option<&Vec<String>>) -> BTreeMap<String, String> {
    plan.stamps
        .own
        .iter()
        .filter(|(key, _)| written.is_none_or(|keys| keys.iter().any(|k| k == key.as_str())))
        .filter_map(|(key, _)| {
            // The final value, after inheritance replaced the owner with a better-known one.
            plan.tags
                .get(key)
                .map(|value| (key.to_string(), value.as_str().to_owned()))
        })
        .collect()
}
