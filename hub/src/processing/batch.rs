//! A batch as one unit of work: every event of every message is planned first, sessions are
//! recorded before the plans that may join them, the tag plans are enriched concurrently and
//! applied together (so the tagger can serve them with one read and one write per distinct tag
//! set in each account and region), their stamps recorded in one ledger call, and tag changes
//! repaired last, after the batch's own stamps are written.
//!
//! A plan whose tags depend on context another event of the same batch brings (a CloudFormation
//! stack's ledger stamp, an Auto Scaling group's owner tag) is looked at again once that event
//! has been applied: waves, at most [`MAX_WAVES`], keep the outcome of processing the events one
//! by one, in order.

use std::collections::HashSet;

use autotag_core::event::Event;
use autotag_core::plan::{Decision, Outcome, SkipReason, TagPlan, plan};
use futures::StreamExt as _;
use time::OffsetDateTime;

use super::identity::Enriched;
use super::ledger::{Applied, ChangeEvent, record_stamps_all, repair};
use super::{EventOutcome, Processor, log_outcome, not_ready_yet};
use crate::ports::ApplyReport;

/// Passes over the tag plans still waiting on context another plan of the batch may bring.
pub const MAX_WAVES: usize = 3;

/// One event of the batch on its way to its outcome.
struct Slot {
    decision: Decision,
    event_name: String,
    report: Option<ApplyReport>,
    waiting: Option<(String, i32)>,
}

impl Slot {
    fn tag_plan(&self) -> Option<&TagPlan> {
        match &self.decision.outcome {
            Outcome::Tag(plan) => Some(plan),
            _ => None,
        }
    }
}

impl Processor {
    /// Plans and applies `events` as one unit of work; an outcome per event, in their order.
    pub async fn process_events(
        &self,
        events: &[&Event],
        now: OffsetDateTime,
    ) -> Vec<EventOutcome> {
        let mut slots: Vec<Slot> = events
            .iter()
            .map(|event| Slot {
                decision: plan(event, &self.policy, now),
                event_name: event.record.event_name().unwrap_or_default().to_owned(),
                report: None,
                waiting: None,
            })
            .collect();
        self.record_sessions(&mut slots).await;
        let mut pending: Vec<usize> = (0..slots.len())
            .filter(|i| slots.get(*i).and_then(Slot::tag_plan).is_some())
            .collect();
        for wave in 1..=MAX_WAVES {
            if pending.is_empty() {
                break;
            }
            pending = self
                .tag_wave(&mut slots, &pending, wave == MAX_WAVES, now)
                .await;
        }
        self.repair_changes(&mut slots, now).await;
        self.check_images(&mut slots, events, now).await;
        let outcomes: Vec<EventOutcome> = slots
            .into_iter()
            .map(|slot| {
                let outcome = EventOutcome {
                    decision: slot.decision,
                    report: slot.report,
                    waiting: slot.waiting,
                };
                log_outcome(&outcome);
                outcome
            })
            .collect();
        if let Some(enforcement) = &self.enforcement
            && !self.policy.enforcement.rules.is_empty()
        {
            enforcement
                .after_events(&self.policy, &outcomes, now, self.concurrency)
                .await;
        }
        outcomes
    }

    /// Compares the batch's image pushes' labels with their repositories' tags. A push whose
    /// image could not be read yet fails its own event, so that its message alone is retried;
    /// every other event's outcome is left as it is.
    async fn check_images(&self, slots: &mut [Slot], events: &[&Event], now: OffsetDateTime) {
        let Some(images) = &self.images else {
            return;
        };
        // What the plan refused or left out of scope is not read in the spoke either.
        let checked: Vec<(usize, &Event)> = events
            .iter()
            .enumerate()
            .filter(|(index, _)| {
                slots.get(*index).is_some_and(|slot| {
                    !matches!(
                        slot.decision.outcome,
                        Outcome::Reject(_) | Outcome::Skip(SkipReason::OutOfScope { .. })
                    )
                })
            })
            .map(|(index, event)| (index, *event))
            .collect();
        for (index, result) in images.after_events(&self.policy, &checked, now).await {
            if let (Err(failure), Some(slot)) = (result, slots.get_mut(index)) {
                slot.report
                    .get_or_insert_with(ApplyReport::default)
                    .failures
                    .push(failure);
            }
        }
    }

    /// Records the batch's STS sessions, in order, before any plan looks one up.
    async fn record_sessions(&self, slots: &mut [Slot]) {
        for slot in slots {
            let Outcome::Session(session) = &mut slot.decision.outcome else {
                continue;
            };
            match self.identity.record(session).await {
                Ok(Some(stored)) => {
                    **session = stored;
                    slot.report = Some(ApplyReport::default());
                }
                Ok(None) => {}
                Err(failure) => {
                    slot.report = Some(ApplyReport {
                        resources: Vec::new(),
                        failures: vec![failure],
                    });
                }
            }
        }
    }

    /// Enriches the plans of `pending` concurrently, applies those that are ready together and
    /// records their stamps; returns the plans that wait, to be tried again in the next wave
    /// when this one applied something they may depend on. In the `last` wave, and when
    /// nothing was applied, waiting is final.
    async fn tag_wave(
        &self,
        slots: &mut [Slot],
        pending: &[usize],
        last: bool,
        now: OffsetDateTime,
    ) -> Vec<usize> {
        // Each plan is enriched as a copy, so a plan that waits is planned afresh next wave.
        let jobs: Vec<(usize, TagPlan)> = pending
            .iter()
            .filter_map(|&index| Some((index, slots.get(index)?.tag_plan()?.clone())))
            .collect();
        let enriched: Vec<(usize, TagPlan, Enriched)> = futures::stream::iter(jobs)
            .map(|(index, mut plan)| async move {
                let enriched = self.identity.enrich(&mut plan, &self.policy, now).await;
                (index, plan, enriched)
            })
            .buffer_unordered(self.concurrency)
            .collect()
            .await;
        let mut ready: Vec<(usize, TagPlan)> = Vec::new();
        let mut waits: Vec<(usize, String, i32)> = Vec::new();
        for (index, plan, enriched) in enriched {
            match enriched {
                Enriched::Ready => ready.push((index, plan)),
                Enriched::Wait { reason, seconds } => waits.push((index, reason, seconds)),
                Enriched::Failed(failure) => {
                    if let Some(slot) = slots.get_mut(index) {
                        slot.report = Some(ApplyReport {
                            resources: Vec::new(),
                            failures: vec![failure],
                        });
                    }
                }
            }
        }
        // Batch order, so that of two plans naming one resource the earlier event's stamps win.
        ready.sort_by_key(|(index, _)| *index);
        let applied_any = !ready.is_empty();
        for round in rounds(&ready) {
            self.apply_round(slots, &ready, &round, now).await;
        }
        for (index, plan) in ready {
            if let Some(Slot {
                decision:
                    Decision {
                        outcome: Outcome::Tag(kept),
                        ..
                    },
                ..
            }) = slots.get_mut(index)
            {
                *kept = plan;
            }
        }
        if applied_any && !last {
            waits.sort_by_key(|(index, _, _)| *index);
            return waits.into_iter().map(|(index, _, _)| index).collect();
        }
        for (index, reason, seconds) in waits {
            if let Some(slot) = slots.get_mut(index) {
                slot.waiting = Some((reason, seconds));
            }
        }
        Vec::new()
    }

    /// Applies the plans `round` names (positions in `ready`) with one tagger call and records
    /// their stamps with one ledger call.
    async fn apply_round(
        &self,
        slots: &mut [Slot],
        ready: &[(usize, TagPlan)],
        round: &[usize],
        now: OffsetDateTime,
    ) {
        let members: Vec<&(usize, TagPlan)> = round.iter().filter_map(|i| ready.get(*i)).collect();
        let plans: Vec<&TagPlan> = members.iter().map(|(_, plan)| plan).collect();
        let started = std::time::Instant::now();
        let mut reports = self.tagger.apply_all(&plans).await;
        self.record_tag_call_latency(started.elapsed());
        let applied: Vec<Applied<'_>> = members
            .iter()
            .zip(&reports)
            .map(|((index, plan), applied)| Applied {
                event_id: slots
                    .get(*index)
                    .map_or("", |slot| slot.decision.id.as_str()),
                plan,
                applied,
            })
            .collect();
        let recorded = record_stamps_all(self.ledger(), &applied, now).await;
        for (report, extra) in reports.iter_mut().zip(recorded) {
            report.absorb(extra);
        }
        for ((index, plan), report) in members.into_iter().zip(reports) {
            if let Some(slot) = slots.get_mut(*index) {
                slot.waiting = not_ready_yet(plan, &report, now);
                slot.report = Some(report);
            }
        }
    }

    /// Repairs the stamps each tag change of the batch removed or overwrote, in order.
    async fn repair_changes(&self, slots: &mut [Slot], now: OffsetDateTime) {
        for slot in slots {
            let Outcome::TagChange(change) = &slot.decision.outcome else {
                continue;
            };
            let actor = slot
                .decision
                .principal
                .as_ref()
                .and_then(|p| p.arn.as_deref());
            let change_event = ChangeEvent {
                id: &slot.decision.id,
                name: &slot.event_name,
                actor,
            };
            slot.report = Some(
                repair(
                    self.ledger(),
                    self.tagger.as_ref(),
                    self.alerts.as_deref(),
                    change,
                    &change_event,
                    &self.policy,
                    now,
                )
                .await,
            );
        }
    }
}

/// Splits `ready` (positions) into rounds in which no resource is named twice, keeping batch
/// order between plans that share one: a plan goes to the first round after every round that
/// names one of its resources, so the earlier event's stamps are written first and the later
/// plan finds them there.
fn rounds(ready: &[(usize, TagPlan)]) -> Vec<Vec<usize>> {
    let mut rounds: Vec<(HashSet<String>, Vec<usize>)> = Vec::new();
    for (position, (_, plan)) in ready.iter().enumerate() {
        let arns: Vec<String> = plan.arns().map(ToString::to_string).collect();
        let after = rounds
            .iter()
            .rposition(|(named, _)| arns.iter().any(|arn| named.contains(arn)))
            .map_or(0, |last| last + 1);
        match rounds.get_mut(after) {
            Some((named, members)) => {
                named.extend(arns);
                members.push(position);
            }
            None => rounds.push((arns.into_iter().collect(), vec![position])),
        }
    }
    rounds.into_iter().map(|(_, members)| members).collect()
}
