//! The stamp ledger around a plan: every stamp autotag writes is recorded once in the hub's
//! ledger, the `ledger` route's stamps (CloudFormation stacks) live only there, and a tag change
//! that removes or overwrites a recorded stamp is repaired from it.
//!
//! The ledger is what drift repair restores and what `autotag audit --drift` compares live
//! tags with, so a stamp's record is written once (conditional put) and never changed.

use std::collections::BTreeMap;

use autotag_core::arn::{AccountId, Arn, Region};
use autotag_core::plan::{KnownResource, TagPlan};
use autotag_core::policy::TagPolicy;
use autotag_core::registry::{self, CreatedResource, Route};
use autotag_core::tag_change::{DriftedKey, TagChange, stamp_drift};
use autotag_core::tags::{TagKey, TagSet, TagValue};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tracing::warn;

use crate::ports::{
    Alerts, ApplyReport, FailureKind, LedgerStamp, ResourceFailure, ResourceReport, ResourceStatus,
    ResourceTagger, StampLedger,
};

/// Records in `ledger` the stamps `applied` says were written (or found already written) by
/// `plan`, and keeps the stamps of its `ledger`-route resources; returns the reports of the
/// ledger-route resources and the failures to record.
///
/// A resource found already stamped is not recorded: its stamp's values are not known here
/// (they may be a session's that this plan could not join, or a user's from before the SCP),
/// and a record that differed from them would later be "repaired" over them. A stamp written
/// but not recorded (the record failed; the retry finds it stamped) shows in
/// `autotag audit` as stamped with `recorded` false.
pub async fn record_stamps(
    ledger: Option<&dyn StampLedger>,
    event_id: &str,
    plan: &TagPlan,
    applied: &ApplyReport,
    now: OffsetDateTime,
) -> ApplyReport {
    record_stamps_all(
        ledger,
        &[Applied {
            event_id,
            plan,
            applied,
        }],
        now,
    )
    .await
    .pop()
    .unwrap_or_default()
}

/// A plan of a batch and what applying it did.
#[derive(Debug, Clone, Copy)]
pub struct Applied<'a> {
    /// The event the plan came from.
    pub event_id: &'a str,
    /// The plan.
    pub plan: &'a TagPlan,
    /// What the tagger did.
    pub applied: &'a ApplyReport,
}

/// [`record_stamps`] for every plan of a batch, with one [`StampLedger::record_all`] for all
/// their stamps; a report per plan, in their order.
pub async fn record_stamps_all(
    ledger: Option<&dyn StampLedger>,
    batch: &[Applied<'_>],
    now: OffsetDateTime,
) -> Vec<ApplyReport> {
    let recorded_at = now.format(&Rfc3339).unwrap_or_default();
    let mut reports: Vec<ApplyReport> = batch.iter().map(|_| ApplyReport::default()).collect();
    // Each stamp to record, with the index of its plan.
    let mut stamps: Vec<(usize, (String, LedgerStamp))> = Vec::new();
    for (index, (applied, report)) in batch.iter().zip(&mut reports).enumerate() {
        for (arn, stamp) in stamps_to_record(applied, &recorded_at) {
            if ledger.is_some() {
                stamps.push((index, (arn, stamp)));
            } else if stamp.route == Route::Ledger {
                report.failures.push(ResourceFailure {
                    arn,
                    operation: "dynamodb:PutItem",
                    kind: FailureKind::Other,
                    source: "no ledger table is configured (`--ledger-table`, \
                             `AUTOTAG_LEDGER_TABLE`) to keep this stamp"
                        .into(),
                });
            }
        }
    }
    let Some(ledger) = ledger else {
        return reports;
    };
    let (owners, entries): (Vec<usize>, Vec<(String, LedgerStamp)>) = stamps.into_iter().unzip();
    let results = ledger.record_all(&entries).await;
    for ((owner, (arn, stamp)), result) in owners.into_iter().zip(entries).zip(results) {
        let Some(report) = reports.get_mut(owner) else {
            continue;
        };
        match result {
            Ok(written) if stamp.route == Route::Ledger => {
                report.resources.push(ResourceReport {
                    arn,
                    status: if written {
                        ResourceStatus::Tagged {
                            keys: stamp.tags.into_keys().collect(),
                        }
                    } else {
                        ResourceStatus::AlreadyStamped
                    },
                });
            }
            Ok(_) => {}
            Err(source) => report.failures.push(ResourceFailure {
                arn,
                operation: "dynamodb:PutItem",
                kind: FailureKind::Transient,
                source,
            }),
        }
    }
    reports
}

/// The stamps one applied plan leaves to record, by ARN: its resources' (and what the route
/// tagged beyond them, the volumes attached to a launched instance) that were written, and its
/// `ledger`-route resources'.
fn stamps_to_record(applied: &Applied<'_>, recorded_at: &str) -> Vec<(String, LedgerStamp)> {
    let Applied {
        event_id,
        plan,
        applied,
    } = *applied;
    let mut targets: Vec<(&str, Route, &str)> = plan
        .batches
        .iter()
        .flat_map(|b| {
            b.resources
                .iter()
                .map(|r| (r.arn.as_str(), b.route, r.resource_type))
        })
        .collect();
    for extra in &applied.resources {
        if targets.iter().any(|(arn, _, _)| *arn == extra.arn) {
            continue;
        }
        if let Some((resource_type, route)) = autotag_core::audit::resource_type_of(&extra.arn) {
            targets.push((extra.arn.as_str(), route, resource_type));
        }
    }
    let mut stamps = Vec::new();
    for (arn, route, resource_type) in targets {
        let tags: BTreeMap<String, String> = if route == Route::Ledger {
            own_tags(plan, None)
        } else {
            match applied.resources.iter().find(|r| r.arn == arn) {
                Some(ResourceReport {
                    status: ResourceStatus::Tagged { keys },
                    ..
                }) => own_tags(plan, Some(keys)),
                _ => continue,
            }
        };
        if tags.is_empty() {
            continue;
        }
        stamps.push((
            arn.to_owned(),
            LedgerStamp {
                account: plan.account.as_str().to_owned(),
                region: plan.region.as_str().to_owned(),
                route,
                resource_type: resource_type.to_owned(),
                tags,
                event_id: event_id.to_owned(),
                recorded_at: recorded_at.to_owned(),
            },
        ));
    }
    stamps
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

/// Puts back the stamps a tag change removed or overwrote, on the resources whose stamps the
/// ledger holds, and tells the security team who did it. Resources the ledger does not know,
/// and changes that left the stamps as recorded, are left alone.
pub async fn repair(
    ledger: Option<&dyn StampLedger>,
    tagger: &dyn ResourceTagger,
    alerts: Option<&dyn Alerts>,
    change: &TagChange,
    event: &ChangeEvent<'_>,
    policy: &TagPolicy,
    now: OffsetDateTime,
) -> ApplyReport {
    let mut report = ApplyReport::default();
    let Some(ledger) = ledger else {
        return report;
    };
    for arn in &change.resources {
        let stamp = match ledger.find(arn.as_str()).await {
            Ok(Some(stamp)) => stamp,
            Ok(None) => continue,
            Err(source) => {
                report.failures.push(ResourceFailure {
                    arn: arn.as_str().to_owned(),
                    operation: "dynamodb:GetItem",
                    kind: FailureKind::Transient,
                    source,
                });
                continue;
            }
        };
        // Bucket ARNs name no account: the stamp's own account must be the vouched one, or an
        // event from one account could make the hub act on another's resource.
        if stamp.account != change.account.as_str() || stamp.route == Route::Ledger {
            if stamp.account != change.account.as_str() {
                warn!(arn = %arn, stamp_account = %stamp.account, event_account = %change.account,
                    "tag change names a resource the ledger records in another account; ignored");
            }
            continue;
        }
        let drifted = stamp_drift(&stamp.tags, &change.change, change.case_insensitive_keys);
        if drifted.is_empty() {
            continue;
        }
        let mut restored = match restore_plan(arn, &stamp, policy, now) {
            Ok(plan) => tagger.apply(&plan).await,
            Err(problem) => ApplyReport::all_failed(
                [arn.as_str().to_owned()],
                "ledger",
                FailureKind::Other,
                &problem,
            ),
        };
        warn!(
            arn = %arn,
            actor = event.actor.unwrap_or("unknown"),
            event_name = event.name,
            event_id = event.id,
            keys = ?drifted.iter().map(|d| d.key.as_str()).collect::<Vec<_>>(),
            restored = restored.failures.is_empty(),
            "a stamp was removed or changed; restoring it from the ledger"
        );
        if let Some(alerts) = alerts {
            let (subject, message) = alert(arn.as_str(), change, event, &drifted, &restored);
            if let Err(source) = alerts.publish(&subject, &message).await {
                restored.failures.push(ResourceFailure {
                    arn: arn.as_str().to_owned(),
                    operation: "sns:Publish",
                    kind: FailureKind::Transient,
                    source,
                });
            }
        }
        report.absorb(restored);
    }
    report
}

/// What the hub says about the tag-change event in its logs and alerts.
#[derive(Debug, Clone, Copy)]
pub struct ChangeEvent<'a> {
    /// The event id.
    pub id: &'a str,
    /// `eventName`.
    pub name: &'a str,
    /// Who made the call (the principal's ARN).
    pub actor: Option<&'a str>,
}

/// A plan writing `stamp`'s tags back on `arn`, over whatever is there.
fn restore_plan(
    arn: &Arn,
    stamp: &LedgerStamp,
    policy: &TagPolicy,
    now: OffsetDateTime,
) -> Result<TagPlan, String> {
    let account = AccountId::parse(&stamp.account).map_err(|e| e.to_string())?;
    let region = Region::parse(&stamp.region).map_err(|e| e.to_string())?;
    let resource_type = registry::rows()
        .iter()
        .flat_map(|row| row.resources.iter().map(|spec| spec.resource_type))
        .find(|t| *t == stamp.resource_type)
        .ok_or_else(|| {
            format!(
                "the ledger records type `{}`, which the registry no longer has",
                stamp.resource_type
            )
        })?;
    let mut tags = TagSet::new();
    for (key, value) in &stamp.tags {
        let key = TagKey::parse(key).map_err(|e| e.to_string())?;
        tags.insert_if_absent(key, TagValue::sanitize(value));
    }
    let known = KnownResource {
        account,
        region,
        route: stamp.route,
        resource: CreatedResource {
            arn: arn.clone(),
            resource_type,
        },
    };
    Ok(TagPlan::for_resource(
        known,
        tags,
        policy.keys.owner.clone(),
        now,
        true,
    ))
}

/// The alert's subject and message (JSON, for people and for filters on the topic).
fn alert(
    arn: &str,
    change: &TagChange,
    event: &ChangeEvent<'_>,
    drifted: &[DriftedKey],
    restored: &ApplyReport,
) -> (String, String) {
    let subject = format!(
        "autotag restored a stamp on a resource in account {}",
        change.account
    );
    let message = serde_json::json!({
        "alert": "stamp-restored",
        "resource": arn,
        "account": change.account,
        "region": change.region,
        "changedBy": event.actor,
        "eventName": event.name,
        "eventId": event.id,
        "eventTime": change.event_time,
        "keys": drifted.iter().map(|d| serde_json::json!({
            "key": d.key, "recorded": d.recorded, "found": d.now,
        })).collect::<Vec<_>>(),
        "restored": restored.failures.is_empty(),
        "failures": restored.failures.iter().map(ToString::to_string).collect::<Vec<_>>(),
    });
    (subject, message.to_string())
}

/// Writes `stamp` back on `arn` over whatever is there (`autotag audit --repair`).
pub async fn restore(
    tagger: &dyn ResourceTagger,
    arn: &str,
    stamp: &LedgerStamp,
    policy: &TagPolicy,
    now: OffsetDateTime,
) -> ApplyReport {
    let plan = Arn::parse(arn)
        .map_err(|e| e.to_string())
        .and_then(|parsed| restore_plan(&parsed, stamp, policy, now));
    match plan {
        Ok(plan) => tagger.apply(&plan).await,
        Err(problem) => {
            ApplyReport::all_failed([arn.to_owned()], "ledger", FailureKind::Other, &problem)
        }
    }
}

/// The record of `arn`, as the auditor's core compares it with live tags.
pub fn entry(arn: &str, stamp: &LedgerStamp) -> autotag_core::audit::LedgerEntry {
    autotag_core::audit::LedgerEntry {
        arn: arn.to_owned(),
        tags: stamp.tags.clone(),
        event_id: Some(stamp.event_id.clone()),
        recorded_at: stamp.recorded_at.clone(),
    }
}

#[cfg(test)]
mod tests;
