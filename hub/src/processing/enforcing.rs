//! Enforcement as events arrive: right after a creation is stamped, and after a change to a
//! resource's tags, the hub judges the resources the `[[enforce]]` rules cover and runs the steps
//! due at once (a mark, the first message), so the grace starts at creation and a fix clears the
//! mark without waiting for the sweep.
//!
//! It never blocks tagging: it runs after the events' outcomes are settled, and what it cannot
//! read, do or send is logged and left to the scheduled sweep, which judges every resource
//! again from what it carries and what the ledger holds. Rules scoped by OU are left to the
//! sweep as well, which reads the account's OU path.

use std::collections::BTreeMap;
use std::sync::Arc;

use autotag_core::enforce::notify::plan_notifications;
use autotag_core::enforce::{Creator, ResourceFacts};
use autotag_core::plan::Outcome;
use autotag_core::policy::TagPolicy;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{EventOutcome, EventStatus};
use crate::enforce::{EnforceFailure, Run};
use crate::ports::{EnforceTarget, EnforcementActions, EnforcementLedger, Notifier};

/// What the hub needs to enforce as events arrive.
#[derive(Debug, Clone)]
pub struct EventEnforcement {
    actions: Arc<dyn EnforcementActions>,
    ledger: Option<Arc<dyn EnforcementLedger>>,
    notifier: Option<Arc<dyn Notifier>>,
}

/// A resource an event concerns, and the tags the event says it has.
struct Concerned {
    target: EnforceTarget,
    /// The plan's tags, for a creation: what the hub just wrote, in case a read lags behind.
    planned: BTreeMap<String, String>,
    /// The event's time, for a creation.
    created: Option<OffsetDateTime>,
}

/// What one pass did, for the log and the tests.
#[derive(Debug, Default)]
pub struct EventEnforced {
    /// Every finding on the resources the events concerned.
    pub findings: Vec<autotag_core::enforce::Finding>,
    /// What could not be read, done or sent.
    pub failures: Vec<EnforceFailure>,
    /// The messages delivered.
    pub messages: usize,
}

impl EventEnforcement {
    /// Acting through `actions`, recording in `ledger`, and telling through `notifier`.
    pub fn new(
        actions: Arc<dyn EnforcementActions>,
        ledger: Option<Arc<dyn EnforcementLedger>>,
        notifier: Option<Arc<dyn Notifier>>,
    ) -> Self {
        Self {
            actions,
            ledger,
            notifier,
        }
    }

    /// Judges and acts on the resources `outcomes` created (once tagged) or changed the tags
    /// of, as of `now`.
    pub async fn after_events(
        &self,
        policy: &TagPolicy,
        outcomes: &[EventOutcome],
        now: OffsetDateTime,
        concurrency: usize,
    ) -> EventEnforced {
        let mut enforced = EventEnforced::default();
        let concerned = concerned(policy, outcomes);
        if concerned.is_empty() {
            return enforced;
        }
        let rules: Vec<&str> = policy
            .enforcement
            .rules
            .iter()
            .map(|rule| rule.name.as_str())
            .collect();
        let mut facts = Vec::new();
        for one in concerned {
            match self.facts_of(policy, one, &rules).await {
                Ok(found) => facts.push(found),
                Err(failure) => enforced.failures.push(failure),
            }
        }
        let outcome = crate::enforce::run(
            Run {
                enforcement: &policy.enforcement,
                now,
                act: true,
                concurrency,
            },
            facts,
            self.actions.as_ref(),
            self.ledger.as_deref(),
        )
        .await;
        // Dry-run rules show in the sweep's report; telling someone of each creation a dry-run
        // rule would act on is noise.
        let messages = plan_notifications(
            &outcome
                .succeeded()
                .into_iter()
                .filter(|f| !f.dry_run)
                .collect::<Vec<_>>(),
        );
        if let Some(notifier) = &self.notifier {
            for message in &messages {
                match notifier.deliver(message).await {
                    Ok(()) => enforced.messages += 1,
                    Err(err) => enforced.failures.push(EnforceFailure {
                        arn: String::new(),
                        rule: None,
                        operation: "notify".to_owned(),
                        error: format!("`{}` was not delivered: {err}", message.subject),
                    }),
                }
            }
        }
        enforced.failures.extend(outcome.failures);
        enforced.findings = outcome.findings;
        for failure in &enforced.failures {
            tracing::warn!(arn = %failure.arn, rule = ?failure.rule, operation = %failure.operation, error = %failure.error, "enforcement on arrival failed; the sweep will judge it again");
        }
        enforced
    }

    /// The facts of one resource: what it carries now (with the plan's tags where a read lags),
    /// its state, and the ledger's last steps.
    async fn facts_of(
        &self,
        policy: &TagPolicy,
        one: Concerned,
        rules: &[&str],
    ) -> Result<ResourceFacts, EnforceFailure> {
        let failed = |operation: &str, error: String| EnforceFailure {
            arn: one.target.arn.clone(),
            rule: None,
            operation: operation.to_owned(),
            error,
        };
        let seen = self
            .actions
            .observe(&one.target)
            .await
            .map_err(|err| failed(err.operation, err.to_string()))?;
        let mut tags = one.planned;
        tags.extend(seen.tags);
        let last_actions = match &self.ledger {
            Some(ledger) => ledger
                .last_actions(&one.target.arn, rules)
                .await
                .map_err(|err| failed("dynamodb:GetItem", err.to_string()))?,
            None => BTreeMap::new(),
        };
        let created = tags
            .get(policy.keys.date_created.as_str())
            .and_then(|text| OffsetDateTime::parse(text, &Rfc3339).ok())
            .or(one.created);
        Ok(ResourceFacts {
            arn: one.target.arn.clone(),
            resource_type: one.target.resource_type.clone(),
            account: one.target.account.clone(),
            region: one.target.region.as_str().to_owned(),
            ou_path: None,
            creator: Creator::from_tags(&policy.keys, &tags),
            tags,
            created,
            state: seen.state,
            details: seen.details,
            last_actions,
        })
    }
}

/// Whether some rule covers resources of `resource_type`.
fn covered(policy: &TagPolicy, resource_type: &str) -> bool {
    policy
        .enforcement
        .rules
        .iter()
        .any(|rule| rule.resource_types.contains(resource_type))
}

/// The resources of a rule's type that `outcomes` created and tagged, or changed the tags of.
/// Failed or waiting creations are left out: they come back, and are judged then.
fn concerned(policy: &TagPolicy, outcomes: &[EventOutcome]) -> Vec<Concerned> {
    let mut concerned = Vec::new();
    for outcome in outcomes {
        match (&outcome.decision.outcome, outcome.status()) {
            (Outcome::Tag(plan), EventStatus::Tagged) => {
                let planned: BTreeMap<String, String> = plan
                    .tags
                    .iter()
                    .map(|(k, v)| (k.as_str().to_owned(), v.as_str().to_owned()))
                    .collect();
                let created = OffsetDateTime::parse(&plan.event_time, &Rfc3339).ok();
                for resource in plan.batches.iter().flat_map(|b| &b.resources) {
                    if covered(policy, resource.resource_type) {
                        concerned.push(Concerned {
                            target: EnforceTarget {
                                arn: resource.arn.to_string(),
                                resource_type: resource.resource_type.to_owned(),
                                account: plan.account.clone(),
                                region: plan.region.clone(),
                            },
                            planned: planned.clone(),
                            created,
                        });
                    }
                }
            }
            (Outcome::TagChange(change), EventStatus::Restored | EventStatus::Skipped) => {
                for arn in &change.resources {
                    let Some((resource_type, _)) =
                        autotag_core::audit::resource_type_of(&arn.to_string())
                    else {
                        continue;
                    };
                    if covered(policy, resource_type) {
                        concerned.push(Concerned {
                            target: EnforceTarget {
                                arn: arn.to_string(),
                                resource_type: resource_type.to_owned(),
                                account: change.account.clone(),
                                region: change.region.clone(),
                            },
                            planned: BTreeMap::new(),
                            created: None,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    concerned
}
