//! Identity context around a plan: records the sessions STS events issue, and looks up what a
//! plan's tags inherit (its session, its principal's IAM tags, its launching parent) before
//! [`autotag_core::inherit::resolve`] merges them.
//!
//! Without a session store or a directory the matching lookups are simply not made, so a hub
//! configured without them stamps exactly what the record says.

use std::sync::Arc;

use autotag_core::inherit::{Context, Lookup, ParentRef, ParentStamp};
use autotag_core::plan::TagPlan;
use autotag_core::policy::TagPolicy;
use autotag_core::session::IssuedSession;
use time::OffsetDateTime;
use tracing::info;

use crate::ports::{Directory, FailureKind, ResourceFailure, SessionStore, StampLedger};

/// Shortest and longest pause before a waiting event is looked at again.
const MIN_WAIT_SECONDS: i64 = 5;
const MAX_WAIT_SECONDS: i64 = 900;

/// What became of a plan's lookups.
#[derive(Debug)]
pub enum Enriched {
    /// The plan's tags are final.
    Ready,
    /// Context has not arrived; look again after `seconds`.
    Wait {
        /// What is missing.
        reason: String,
        /// When to look again.
        seconds: i32,
    },
    /// A lookup failed in a way a retry may fix.
    Failed(ResourceFailure),
}

/// The session store, directory and stamp ledger, each optional.
#[derive(Debug, Clone, Default)]
pub struct IdentityContext {
    sessions: Option<Arc<dyn SessionStore>>,
    directory: Option<Arc<dyn Directory>>,
    ledger: Option<Arc<dyn StampLedger>>,
}

impl IdentityContext {
    /// Lookups through `sessions` and `directory`, where given.
    pub fn new(
        sessions: Option<Arc<dyn SessionStore>>,
        directory: Option<Arc<dyn Directory>>,
    ) -> Self {
        Self {
            sessions,
            directory,
            ledger: None,
        }
    }

    /// Keeps stamps of the `ledger` route in `ledger`, and finds stacks' owners there.
    pub fn with_ledger(mut self, ledger: Option<Arc<dyn StampLedger>>) -> Self {
        self.ledger = ledger;
        self
    }

    /// The stamp ledger, when one is configured.
    pub fn ledger(&self) -> Option<&Arc<dyn StampLedger>> {
        self.ledger.as_ref()
    }

    /// The stamp of a stack, from the ledger.
    async fn stack_stamp(
        &self,
        stack_id: &str,
        owner_key: &str,
    ) -> Result<Lookup<ParentStamp>, ResourceFailure> {
        let Some(ledger) = &self.ledger else {
            return Ok(Lookup::NotNeeded);
        };
        let name = stack_id.split('/').nth(1).unwrap_or(stack_id);
        match ledger.find(stack_id).await {
            Ok(Some(stamp)) => Ok(Lookup::Found(ParentStamp {
                name: format!("CloudFormation stack `{name}`"),
                owner: stamp.tags.get(owner_key).cloned(),
            })),
            Ok(None) => Ok(Lookup::Absent(format!(
                "CloudFormation stack `{name}` is not in the ledger"
            ))),
            Err(source) => Err(ResourceFailure {
                arn: stack_id.to_owned(),
                operation: "dynamodb:GetItem",
                kind: FailureKind::Transient,
                source,
            }),
        }
    }

    /// The parent's stamp: Auto Scaling groups from the spoke, stacks from the ledger.
    async fn parent(
        &self,
        directory: &dyn Directory,
        plan: &TagPlan,
        policy: &TagPolicy,
        parent: &ParentRef,
    ) -> Result<Lookup<ParentStamp>, ResourceFailure> {
        match parent {
            ParentRef::Stack { stack_id } => {
                self.stack_stamp(stack_id, policy.keys.owner.as_str()).await
            }
            ParentRef::StackOfResource { arn } => {
                match directory
                    .stack_of_resource(&plan.account, &plan.region, plan.partition, arn)
                    .await?
                {
                    Some(stack_id) => {
                        self.stack_stamp(&stack_id, policy.keys.owner.as_str())
                            .await
                    }
                    None => Ok(Lookup::Absent(format!(
                        "`{arn}` carries no `aws:cloudformation:stack-id` tag"
                    ))),
                }
            }
            ParentRef::AutoScalingGroup { .. } | ParentRef::AutoScalingInstance { .. } => Ok(
                match directory
                    .parent_stamp(
                        &plan.account,
                        &plan.region,
                        plan.partition,
                        parent,
                        policy.keys.owner.as_str(),
                    )
                    .await?
                {
                    Some(stamp) => Lookup::Found(stamp),
                    None => Lookup::Absent(format!("{parent} is not found")),
                },
            ),
        }
    }

    /// Records `session`, chained onto the caller's own session when that is recorded; returns
    /// what was stored, or `None` without a store.
    pub async fn record(
        &self,
        session: &IssuedSession,
    ) -> Result<Option<IssuedSession>, ResourceFailure> {
        let Some(store) = &self.sessions else {
            return Ok(None);
        };
        let failure = |operation, source| ResourceFailure {
            arn: format!("session `{}`", session.access_key_id),
            operation,
            kind: FailureKind::Transient,
            source,
        };
        let mut stored = session.clone();
        // The caller's own session was issued in the caller's account, and is looked up there.
        if let (Some(caller), Some(account)) =
            (&session.caller_access_key_id, &session.caller_account)
        {
            match store.find(caller, account).await {
                Ok(Some(parent)) => stored = stored.chained_onto(&parent),
                Ok(None) => {}
                Err(source) => return Err(failure("dynamodb:GetItem", source)),
            }
        }
        let written = store
            .remember(&stored)
            .await
            .map_err(|source| failure("dynamodb:PutItem", source))?;
        if !written {
            info!(access_key_id = %stored.access_key_id, account = %stored.account,
                "session already recorded; the first record stands");
        }
        Ok(Some(stored))
    }

    /// Looks up what `plan` inherits and merges it into its tags.
    pub async fn enrich(
        &self,
        plan: &mut TagPlan,
        policy: &TagPolicy,
        now: OffsetDateTime,
    ) -> Enriched {
        let mut context = Context::empty();
        if let (Some(key), Some(store)) = (&plan.lookups.session, &self.sessions) {
            // A session joins only calls made in the account that recorded it.
            context.session = match store.find(key, plan.account.as_str()).await {
                Ok(Some(session)) => Lookup::Found(session),
                Ok(None) => Lookup::Absent(format!("session `{key}` is not recorded")),
                Err(source) => {
                    return Enriched::Failed(ResourceFailure {
                        arn: format!("session `{key}`"),
                        operation: "dynamodb:GetItem",
                        kind: FailureKind::Transient,
                        source,
                    });
                }
            };
        }
        if let Some(directory) = &self.directory {
            if let Some(principal) = &plan.lookups.principal {
                context.principal_tags = match directory
                    .principal_tags(principal, &plan.region, plan.partition)
                    .await
                {
                    Ok(Some(tags)) => Lookup::Found(tags),
                    Ok(None) => Lookup::Absent(format!(
                        "principal {principal:?} no longer exists; no IAM tags inherited"
                    )),
                    Err(failure) if failure.kind == FailureKind::Transient => {
                        return Enriched::Failed(failure);
                    }
                    // Denied or broken: the IAM tags are enrichment, the stamp is not; say why.
                    Err(failure) => Lookup::Absent(format!("IAM tags not inherited: {failure}")),
                };
            }
            if let Some(parent) = &plan.lookups.parent {
                context.parent = match self.parent(directory.as_ref(), plan, policy, parent).await {
                    Ok(lookup) => lookup,
                    Err(failure) if failure.kind == FailureKind::Transient => {
                        return Enriched::Failed(failure);
                    }
                    Err(failure) => Lookup::Absent(format!("{parent}: {failure}")),
                };
            }
        }
        match plan.resolve(policy, &context, now) {
            Ok(()) => Enriched::Ready,
            Err(reason) => {
                let remaining =
                    (plan.stamps.event_time + policy.inherit.wait - now).whole_seconds();
                let seconds = (remaining / 2).clamp(MIN_WAIT_SECONDS, MAX_WAIT_SECONDS);
                Enriched::Wait {
                    reason,
                    seconds: i32::try_from(seconds).unwrap_or(900),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
