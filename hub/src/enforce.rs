//! Enforcement's acting half, over ports: given the facts the adapters gathered, assess every
//! rule with core ([`autotag_core::enforce::assess`]), then, unless the run or the rule is a dry
//! run, run the steps due (a `stop` or `terminate` only after the mark announcing it is on the
//! resource, as the spoke role's condition requires), write or remove the marks, remove the
//! marks of rules that are gone, and record each step reached (or forget the ladder) in the
//! ledger. A failure is the resource's own: it is listed, and the sweep goes on.

use std::collections::BTreeMap;

use autotag_core::enforce::{Finding, LastAction, MarkChange, ResourceFacts, assess, utc_seconds};
use autotag_core::policy::enforce::{Action, Enforcement};
use futures::StreamExt as _;
use serde::Serialize;
use time::OffsetDateTime;

use crate::ports::{EnforceTarget, EnforcementActions, EnforcementLedger};

/// One thing enforcement could not do (or read) for one resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnforceFailure {
    /// The resource, or the account/region when a whole listing failed.
    pub arn: String,
    /// The rule whose step failed, if it was one rule's.
    pub rule: Option<String>,
    /// The call or step that failed (`ec2:StopInstances`, `ledger:reached`).
    pub operation: String,
    /// What went wrong, with its cause chain.
    pub error: String,
}

/// What one run found and did.
#[derive(Debug, Default)]
pub struct RunOutcome {
    /// Every rule's finding on every resource, out-of-scope ones included.
    pub findings: Vec<Finding>,
    /// The findings whose actions, mark or ledger record failed (by rule and ARN), left out of
    /// the messages: what they announce did not happen.
    pub failed: std::collections::BTreeSet<(String, String)>,
    /// What could not be done.
    pub failures: Vec<EnforceFailure>,
}

impl RunOutcome {
    /// The findings that ran as assessed, for the messages.
    pub fn succeeded(&self) -> Vec<Finding> {
        self.findings
            .iter()
            .filter(|f| !self.failed.contains(&(f.rule.clone(), f.arn.clone())))
            .cloned()
            .collect()
    }
}

/// How a run acts.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    /// The rules.
    pub enforcement: &'a Enforcement,
    /// The time the rules are evaluated at.
    pub now: OffsetDateTime,
    /// `false` for a report or a dry run: assess only, change and record nothing.
    pub act: bool,
    /// Resources worked on at once.
    pub concurrency: usize,
}

/// Assesses each resource of `facts` and, when `run.act`, acts on its findings through
/// `actions` and records them in `ledger`.
pub async fn run(
    run: Run<'_>,
    facts: Vec<ResourceFacts>,
    actions: &dyn EnforcementActions,
    ledger: Option<&dyn EnforcementLedger>,
) -> RunOutcome {
    let mut outcome = RunOutcome::default();
    let mut done = futures::stream::iter(facts)
        .map(|facts| async move { resource(run, &facts, actions, ledger).await })
        .buffer_unordered(run.concurrency.max(1));
    while let Some(one) = done.next().await {
        outcome.findings.extend(one.findings);
        outcome.failed.extend(one.failed);
        outcome.failures.extend(one.failures);
    }
    outcome
}

/// Assesses and acts on one resource.
async fn resource(
    run: Run<'_>,
    facts: &ResourceFacts,
    actions: &dyn EnforcementActions,
    ledger: Option<&dyn EnforcementLedger>,
) -> RunOutcome {
    let assessment = assess(run.enforcement, facts, run.now);
    let mut outcome = RunOutcome::default();
    let target = EnforceTarget {
        arn: facts.arn.clone(),
        resource_type: facts.resource_type.clone(),
        account: facts.account.clone(),
        region: match autotag_core::arn::Region::parse(&facts.region) {
            Ok(region) => region,
            Err(err) => {
                outcome.failures.push(EnforceFailure {
                    arn: facts.arn.clone(),
                    rule: None,
                    operation: "enforce".to_owned(),
                    error: format!("the region `{}` is unreadable: {err}", facts.region),
                });
                outcome.findings = assessment.findings;
                return outcome;
            }
        },
    };
    // The tags as this run leaves them, so a later step sees the mark an earlier one wrote.
    let mut tags = facts.tags.clone();
    for finding in &assessment.findings {
        if !run.act || finding.dry_run {
            continue;
        }
        let had_ledger_state = facts.last_actions.contains_key(&finding.rule);
        if let Err(failure) = act(
            run.now,
            finding,
            &target,
            &mut tags,
            actions,
            ledger,
            had_ledger_state,
        )
        .await
        {
            tracing::warn!(
                arn = %finding.arn,
                rule = %finding.rule,
                operation = %failure.operation,
                error = %failure.error,
                "enforcement step failed"
            );
            outcome
                .failed
                .insert((finding.rule.clone(), finding.arn.clone()));
            outcome.failures.push(failure);
        }
    }
    if run.act && !assessment.orphan_marks.is_empty() {
        match actions.remove_tags(&target, &assessment.orphan_marks).await {
            Ok(()) => tracing::info!(
                arn = %target.arn,
                keys = ?assessment.orphan_marks,
                "removed marks of rules no longer in the policy"
            ),
            Err(failure) => outcome.failures.push(EnforceFailure {
                arn: target.arn.clone(),
                rule: None,
                operation: failure.operation.to_owned(),
                error: failure.to_string(),
            }),
        }
    }
    outcome.findings = assessment.findings;
    outcome
}

/// Runs one finding's steps, mark and ledger record; the first failure ends it.
async fn act(
    now: OffsetDateTime,
    finding: &Finding,
    target: &EnforceTarget,
    tags: &mut BTreeMap<String, String>,
    actions: &dyn EnforcementActions,
    ledger: Option<&dyn EnforcementLedger>,
    had_ledger_state: bool,
) -> Result<(), EnforceFailure> {
    let failed = |failure: crate::ports::ResourceFailure| EnforceFailure {
        arn: finding.arn.clone(),
        rule: Some(finding.rule.clone()),
        operation: failure.operation.to_owned(),
        error: failure.to_string(),
    };
    for action in &finding.actions {
        if !matches!(action, Action::Stop | Action::Terminate) {
            // `report` and `notify` are the run's messages; `mark` is the mark written below.
            continue;
        }
        // The spoke role may stop (terminate) only an instance whose mark announces it.
        let announcing = format!("{action}@");
        if !tags
            .get(&finding.mark_key)
            .is_some_and(|value| value.starts_with(&announcing))
        {
            let value = format!("{announcing}{}", utc_seconds(now));
            let mark = BTreeMap::from([(finding.mark_key.clone(), value.clone())]);
            actions.set_tags(target, &mark).await.map_err(failed)?;
            tags.insert(finding.mark_key.clone(), value);
        }
        match action {
            Action::Stop => actions.stop(target).await,
            _ => actions.terminate(target).await,
        }
        .map_err(failed)?;
        tracing::info!(arn = %finding.arn, rule = %finding.rule, action = %action, "enforcement action");
    }
    match &finding.mark {
        MarkChange::Keep => {}
        MarkChange::Set(value) => {
            let mark = BTreeMap::from([(finding.mark_key.clone(), value.clone())]);
            actions.set_tags(target, &mark).await.map_err(failed)?;
            tags.insert(finding.mark_key.clone(), value.clone());
            tracing::info!(arn = %finding.arn, rule = %finding.rule, key = %finding.mark_key, "mark written");
        }
        MarkChange::Remove => {
            actions
                .remove_tags(target, std::slice::from_ref(&finding.mark_key))
                .await
                .map_err(failed)?;
            tags.remove(&finding.mark_key);
            tracing::info!(arn = %finding.arn, rule = %finding.rule, key = %finding.mark_key, "mark removed");
        }
    }
    let Some(ledger) = ledger else {
        return Ok(());
    };
    let recorded = match finding.reached {
        Some(action) => ledger
            .reached(&finding.arn, &finding.rule, LastAction { action, at: now })
            .await
            .map(|()| "reached"),
        None if finding.forget && had_ledger_state => ledger
            .forget(&finding.arn, &finding.rule)
            .await
            .map(|()| "forgot"),
        None => return Ok(()),
    };
    match recorded {
        Ok(what) => {
            tracing::info!(arn = %finding.arn, rule = %finding.rule, record = what, "enforcement ledger");
            Ok(())
        }
        Err(err) => Err(EnforceFailure {
            arn: finding.arn.clone(),
            rule: Some(finding.rule.clone()),
            operation: "dynamodb:PutItem".to_owned(),
            error: format!("recording the step in the ledger: {err}"),
        }),
    }
}

#[cfg(test)]
mod tests;
