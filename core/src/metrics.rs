//! The hub's metrics, in CloudWatch Embedded Metric Format: names and dimensions shared by the
//! hub (which prints the documents to its log) and the renderers (whose dashboard and alarms
//! read them), so the two cannot drift.
//!
//! Format: <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html>.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

/// The CloudWatch namespace of every autotag metric.
pub const NAMESPACE: &str = "autotag";
/// The dimension naming the install (`install.name`), present in every dimension set.
pub const INSTALL: &str = "Install";
/// The dimension naming the spoke account an event came from.
pub const ACCOUNT: &str = "Account";
/// The dimension naming how a resource is tagged (the registry's route, e.g. `ec2`, `tagging`).
pub const ROUTE: &str = "Route";
/// Wall time of one batch's tagging calls, in milliseconds.
pub const TAG_CALL_LATENCY: &str = "TagCallLatency";
/// Seconds an event was told to wait for its creator's context.
pub const WAIT_SECONDS: &str = "WaitSeconds";
/// EMF's limit of values per metric in one document.
const MAX_VALUES: usize = 100;

/// What became of an event, counted per install, account and route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventCount {
    /// Its resources were stamped.
    Tagged,
    /// Nothing to do (not a create call, out of scope, already stamped).
    Skipped,
    /// Malformed or untrusted; refused.
    Rejected,
    /// Parked in the dead-letter queue with its reason.
    Parked,
    /// Put back to wait for its creator's session or parent.
    Waiting,
    /// Failed this time; retried.
    Failed,
    /// A removed stamp was put back.
    Restored,
    /// A session or stack stamp was recorded.
    Recorded,
}

impl EventCount {
    /// Every count, in the order dashboards show them.
    pub const ALL: [Self; 8] = [
        Self::Tagged,
        Self::Skipped,
        Self::Rejected,
        Self::Parked,
        Self::Waiting,
        Self::Failed,
        Self::Restored,
        Self::Recorded,
    ];

    /// The metric's name.
    pub fn metric(self) -> &'static str {
        match self {
            Self::Tagged => "EventsTagged",
            Self::Skipped => "EventsSkipped",
            Self::Rejected => "EventsRejected",
            Self::Parked => "EventsParked",
            Self::Waiting => "EventsWaiting",
            Self::Failed => "EventsFailed",
            Self::Restored => "EventsRestored",
            Self::Recorded => "EventsRecorded",
        }
    }
}

/// One batch's figures, gathered while it is processed and printed once at its end.
#[derive(Debug, Clone, Default)]
pub struct BatchMetrics {
    counts: BTreeMap<(String, String), BTreeMap<EventCount, u64>>,
    tag_call_latency_ms: Vec<f64>,
    wait_seconds: Vec<f64>,
}

impl BatchMetrics {
    /// Counts one event of `account`, tagged by `route`.
    pub fn count(&mut self, account: &str, route: &str, what: EventCount) {
        let counts = self
            .counts
            .entry((account.to_owned(), route.to_owned()))
            .or_default();
        *counts.entry(what).or_default() += 1;
    }

    /// Records the wall time of a batch's tagging calls.
    pub fn tag_call_latency(&mut self, milliseconds: f64) {
        self.tag_call_latency_ms.push(milliseconds);
    }

    /// Records a wait an event was given.
    pub fn wait(&mut self, seconds: f64) {
        self.wait_seconds.push(seconds);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
            && self.tag_call_latency_ms.is_empty()
            && self.wait_seconds.is_empty()
    }

    /// The EMF documents: one per account and route with its counts (aggregated by CloudWatch
    /// per install, per account and per route), and one per install with the latencies and
    /// waits. `timestamp_ms` is milliseconds since the Unix epoch.
    pub fn documents(&self, install: &str, timestamp_ms: i64) -> Vec<Value> {
        let mut documents = Vec::new();
        for ((account, route), counts) in &self.counts {
            let metrics: Vec<Value> = counts
                .keys()
                .map(|what| json!({"Name": what.metric(), "Unit": "Count"}))
                .collect();
            let mut document = envelope(
                timestamp_ms,
                json!([[INSTALL], [INSTALL, ACCOUNT], [INSTALL, ROUTE]]),
                metrics,
            );
            document.insert(INSTALL.into(), install.into());
            document.insert(ACCOUNT.into(), account.as_str().into());
            document.insert(ROUTE.into(), route.as_str().into());
            for (what, n) in counts {
                document.insert(what.metric().into(), (*n).into());
            }
            documents.push(Value::Object(document));
        }
        let series = [
            (TAG_CALL_LATENCY, "Milliseconds", &self.tag_call_latency_ms),
            (WAIT_SECONDS, "Seconds", &self.wait_seconds),
        ];
        let longest = series.iter().map(|(_, _, v)| v.len()).max().unwrap_or(0);
        for start in (0..longest).step_by(MAX_VALUES) {
            let present: Vec<_> = series
                .iter()
                .filter_map(|(name, unit, values)| {
                    let chunk: Vec<f64> = values
                        .iter()
                        .skip(start)
                        .take(MAX_VALUES)
                        .copied()
                        .collect();
                    (!chunk.is_empty()).then_some((*name, *unit, chunk))
                })
                .collect();
            let metrics = present
                .iter()
                .map(|(name, unit, _)| json!({"Name": name, "Unit": unit}))
                .collect();
            let mut document = envelope(timestamp_ms, json!([[INSTALL]]), metrics);
            document.insert(INSTALL.into(), install.into());
            for (name, _, chunk) in present {
                document.insert(name.into(), json!(chunk));
            }
            documents.push(Value::Object(document));
        }
        documents
    }
}

/// What the admission webhook answered, counted per install.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AdmissionCount {
    /// Admitted with nothing to say.
    Allowed,
    /// Denied (enforce mode).
    Denied,
    /// Admitted with warnings: warn mode's would-be denials, or images admitted unchecked
    /// (fail open).
    Warned,
    /// The review could not be read, or a repository's settings could not be read in time.
    Errors,
}

impl AdmissionCount {
    /// Every count, in the order dashboards show them.
    pub const ALL: [Self; 4] = [Self::Allowed, Self::Denied, Self::Warned, Self::Errors];

    /// The metric's name.
    pub fn metric(self) -> &'static str {
        match self {
            Self::Allowed => "AdmissionAllowed",
            Self::Denied => "AdmissionDenied",
            Self::Warned => "AdmissionWarned",
            Self::Errors => "AdmissionErrors",
        }
    }
}

/// The EMF document of one admission review: each of `counts` as 1, per install.
/// `timestamp_ms` is milliseconds since the Unix epoch.
pub fn admission_document(install: &str, counts: &[AdmissionCount], timestamp_ms: i64) -> Value {
    let metrics: Vec<Value> = counts
        .iter()
        .map(|what| json!({"Name": what.metric(), "Unit": "Count"}))
        .collect();
    let mut document = envelope(timestamp_ms, json!([[INSTALL]]), metrics);
    document.insert(INSTALL.into(), install.into());
    for what in counts {
        document.insert(what.metric().into(), 1.into());
    }
    Value::Object(document)
}

fn envelope(timestamp_ms: i64, dimensions: Value, metrics: Vec<Value>) -> Map<String, Value> {
    let mut document = Map::new();
    document.insert(
        "_aws".into(),
        json!({
            "Timestamp": timestamp_ms,
            "CloudWatchMetrics": [{
                "Namespace": NAMESPACE,
                "Dimensions": dimensions,
                "Metrics": metrics
            }]
        }),
    );
    document
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the EMF specification requires of a document: every metric named in the directive
    /// has a numeric value (or array of at most 100) at the root, every dimension a string.
    fn assert_valid_emf(document: &Value) {
        let directive = &document["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(directive["Namespace"], NAMESPACE);
        assert!(document["_aws"]["Timestamp"].is_i64());
        for set in directive["Dimensions"].as_array().unwrap() {
            let set = set.as_array().unwrap();
            assert!(!set.is_empty() && set.len() <= 30);
            for dimension in set {
                assert!(
                    document[dimension.as_str().unwrap()].is_string(),
                    "{dimension}"
                );
            }
        }
        for metric in directive["Metrics"].as_array().unwrap() {
            let value = &document[metric["Name"].as_str().unwrap()];
            let ok = value.is_number()
                || value
                    .as_array()
                    .is_some_and(|v| v.len() <= MAX_VALUES && v.iter().all(Value::is_number));
            assert!(ok, "{metric}: {value}");
        }
    }

    #[test]
    fn counts_are_grouped_by_account_and_route() {
        let mut batch = BatchMetrics::default();
        batch.count("222222222222", "ec2", EventCount::Tagged);
        batch.count("222222222222", "ec2", EventCount::Tagged);
        batch.count("222222222222", "ec2", EventCount::Parked);
        batch.count("333333333333", "tagging", EventCount::Skipped);
        batch.tag_call_latency(12.5);
        let documents = batch.documents("autotag", 1_700_000_000_000);
        assert_eq!(documents.len(), 3);
        for document in &documents {
            assert_valid_emf(document);
        }
        assert_eq!(documents[0]["Account"], "222222222222");
        assert_eq!(documents[0]["EventsTagged"], 2);
        assert_eq!(documents[0]["EventsParked"], 1);
        assert!(documents[0].get("EventsSkipped").is_none());
        assert_eq!(documents[1]["Route"], "tagging");
        assert_eq!(documents[2]["TagCallLatency"], json!([12.5]));
        assert!(documents[2].get("WaitSeconds").is_none());
    }

    #[test]
    fn an_admission_review_counts_once_per_outcome() {
        let document = admission_document(
            "autotag",
            &[AdmissionCount::Denied, AdmissionCount::Errors],
            1_700_000_000_000,
        );
        assert_valid_emf(&document);
        assert_eq!(document["AdmissionDenied"], 1);
        assert_eq!(document["AdmissionErrors"], 1);
        assert!(document.get("AdmissionAllowed").is_none());
        assert_eq!(document["Install"], "autotag");
    }

    #[test]
    fn long_series_are_split_at_emfs_limit() {
        let mut batch = BatchMetrics::default();
        for n in 0..250 {
            batch.wait(f64::from(n));
        }
        let documents = batch.documents("staging", 0);
        assert_eq!(documents.len(), 3);
        for document in &documents {
            assert_valid_emf(document);
            assert_eq!(document["Install"], "staging");
        }
        assert_eq!(documents[2]["WaitSeconds"].as_array().unwrap().len(), 50);
        assert!(BatchMetrics::default().documents("autotag", 0).is_empty());
    }
}
