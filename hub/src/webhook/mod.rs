//! The Kubernetes validating admission webhook (`autotag-webhook`): an `AdmissionReview` v1 body
//! in, the review to send back out, with core's rules ([`autotag_core::admission`]) applied to
//! the facts of the ECR repositories the request's images come from.
//!
//! - [`facts`]: the repositories' facts behind a short cache, looked up within a deadline;
//! - [`http`]: the HTTPS server (`POST /validate`, `GET /healthz`) for in-cluster use;
//! - [`lambda`]: the same answer to API Gateway's proxy events, for the Lambda form.
//!
//! Logs name the request (uid, kind, namespace, operation) and the outcome, never the object:
//! a Pod spec holds environment values, which may be secrets.

pub mod facts;
pub mod http;
pub mod lambda;

use std::sync::Arc;
use std::time::{Duration, Instant};

use autotag_core::admission::decide::{self, Facts};
use autotag_core::admission::review;
use autotag_core::metrics::{self, AdmissionCount};
use autotag_core::policy::admission::Admission;
use serde_json::json;

use crate::clock;
use crate::ports::RepositoryFacts;

/// How long the repository lookups of one review may take. The API server waits
/// `timeoutSeconds` (default 10 s, at most 30 s) for the webhook
/// (<https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#timeouts>);
/// 8 s leaves the rest of that for TLS, the decision and the answer's trip back, so the answer
/// is the webhook's, never the API server's `failurePolicy` applied to a timeout.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(8);
/// How long a repository's facts are trusted: a repository changed (made immutable, given an
/// owner) is seen within a minute, and a rollout of many Pods costs one lookup per image.
pub const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(60);
/// The `Content-Type` of every answer.
pub const JSON: &str = "application/json";

/// The webhook: settings, where facts come from, and how long to wait for them.
#[derive(Debug, Clone)]
pub struct Webhook {
    settings: Admission,
    facts: Arc<dyn RepositoryFacts>,
    deadline: Duration,
    install: String,
    emit_metrics: bool,
}

/// One answer: the HTTP status, the JSON body, and what it counts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// 200 with a review; 400 for a body that is no `AdmissionReview` v1 request; 500 if the
    /// review could not be written.
    pub status: u16,
    /// The JSON body.
    pub body: String,
    /// The metrics it counts in.
    pub counts: Vec<AdmissionCount>,
}

impl Webhook {
    /// A webhook holding images to `settings`, with repository facts from `facts` (cache them:
    /// [`facts::CachedFacts`]) read within `deadline`. `install` names the metrics' dimension.
    pub fn new(
        settings: Admission,
        facts: Arc<dyn RepositoryFacts>,
        deadline: Duration,
        install: impl Into<String>,
    ) -> Self {
        Self {
            settings,
            facts,
            deadline,
            install: install.into(),
            emit_metrics: false,
        }
    }

    /// The same webhook, printing an EMF document per review to stdout (where Lambda, or a
    /// CloudWatch agent in the cluster, turns it into metrics).
    pub fn with_metrics(self) -> Self {
        Self {
            emit_metrics: true,
            ..self
        }
    }

    /// The settings.
    pub fn settings(&self) -> &Admission {
        &self.settings
    }

    /// Answers one request body.
    pub async fn answer(&self, body: &[u8]) -> Answer {
        let started = Instant::now();
        let answer = self.judge(body).await;
        if self.emit_metrics {
            let now = clock::now();
            let timestamp_ms = i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
            let document = metrics::admission_document(&self.install, &answer.counts, timestamp_ms);
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            if let Err(err) = writeln!(out, "{document}").and_then(|()| out.flush()) {
                tracing::warn!(error = %err, "could not print the metrics");
            }
        }
        tracing::debug!(elapsed_ms = started.elapsed().as_millis(), "answered");
        answer
    }

    async fn judge(&self, body: &[u8]) -> Answer {
        let started = Instant::now();
        let request = match review::parse_review(body) {
            Ok(request) => request,
            Err(err) => {
                tracing::warn!(error = %err, bytes = body.len(), "unreadable admission review");
                return Answer {
                    status: 400,
                    body: json!({"error": err.to_string()}).to_string(),
                    counts: vec![AdmissionCount::Errors],
                };
            }
        };
        let needed = decide::needed_repositories(&request, &self.settings);
        let lookups = needed.len();
        let found = facts::lookup_all(self.facts.as_ref(), needed, self.deadline).await;
        let failed: Vec<String> = found
            .iter()
            .filter_map(|(key, facts)| match facts {
                Facts::Unknown(why) => Some(format!("{}: {why}", key.repository)),
                _ => None,
            })
            .collect();
        let verdict = decide::decide(&request, &self.settings, &found);
        let response = verdict.response();
        let mut counts = vec![if !response.allowed {
            AdmissionCount::Denied
        } else if response.warnings.is_empty() {
            AdmissionCount::Allowed
        } else {
            AdmissionCount::Warned
        }];
        if !failed.is_empty() {
            counts.push(AdmissionCount::Errors);
        }
        let rules: Vec<&str> = verdict.violations.iter().map(|v| v.rule.as_str()).collect();
        // Whole, since the warnings the API server gets may be cut to its limits.
        let violations: Vec<&str> = verdict
            .violations
            .iter()
            .map(|v| v.message.as_str())
            .collect();
        tracing::info!(
            uid = %request.uid,
            kind = %request.kind.kind,
            namespace = request.namespace.as_deref().unwrap_or_default(),
            name = request.name.as_deref().unwrap_or_default(),
            operation = %request.operation,
            allowed = response.allowed,
            warn_only = verdict.warn_only,
            judged = verdict.judged,
            skipped = ?verdict.skipped,
            rules = ?rules,
            violations = ?violations,
            unchecked = ?verdict.unchecked,
            lookups,
            lookup_failures = ?failed,
            elapsed_ms = started.elapsed().as_millis(),
            "admission review"
        );
        match serde_json::to_string(&response.into_review()) {
            Ok(body) => Answer {
                status: 200,
                body,
                counts,
            },
            Err(err) => {
                tracing::error!(error = %err, "cannot write the admission review");
                Answer {
                    status: 500,
                    body: json!({"error": "the admission review could not be written"}).to_string(),
                    counts: vec![AdmissionCount::Errors],
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
