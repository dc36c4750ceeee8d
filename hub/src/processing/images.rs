//! Image pushes (`PutImage`): the pushed image's labels compared with its repository's tags by
//! `[ecr] label_tags`, and every mismatch reported: one structured log line per push, and an
//! alert to the security team naming the repository's owner and team. Nothing is written: an
//! image has no tags of its own, and which side is right is for the owner to say.
//!
//! A push is an observation, not a creation: a push whose image cannot be read is logged and
//! never retried or parked (the next push is compared again), and the event's own status stays
//! what the plan said (skipped: `PutImage` creates nothing the registry stamps).

use std::sync::Arc;

use autotag_core::ecr::labels::{Mismatch, compare, parse_labels};
use autotag_core::ecr::push::{ImagePush, read_push};
use autotag_core::event::Event;
use autotag_core::policy::TagPolicy;
use serde::Serialize;

use crate::ports::{Alerts, ImageFacts};

/// What comparing one push found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PushCheck {
    /// Every mapped label agrees with its tag.
    Agrees,
    /// Some disagree.
    Mismatched {
        /// The disagreements, in label order.
        mismatches: Vec<Mismatch>,
        /// The repository's owner stamp, when it has one.
        owner: Option<String>,
    },
    /// The image, its labels or the repository's tags could not be read.
    Unreadable {
        /// Why.
        reason: String,
    },
}

/// The image checks of the hub: reads through `facts`, alerts through `alerts`.
#[derive(Debug, Clone)]
pub struct ImageChecks {
    facts: Arc<dyn ImageFacts>,
    alerts: Option<Arc<dyn Alerts>>,
}

impl ImageChecks {
    /// Checks reading through `facts` and alerting through `alerts`, when given.
    pub fn new(facts: Arc<dyn ImageFacts>, alerts: Option<Arc<dyn Alerts>>) -> Self {
        Self { facts, alerts }
    }

    /// Checks every push among `events` (nothing when the policy maps no label).
    pub async fn after_events(&self, policy: &TagPolicy, events: &[&Event]) -> Vec<PushCheck> {
        if policy.ecr.label_tags.is_empty() {
            return Vec::new();
        }
        let mut checks = Vec::new();
        for event in events {
            match read_push(event) {
                None => {}
                Some(Err(err)) => {
                    tracing::warn!(event = %event.id, error = %err, "image push not checked");
                    checks.push(PushCheck::Unreadable {
                        reason: err.to_string(),
                    });
                }
                Some(Ok(push)) => checks.push(self.check(policy, &push).await),
            }
        }
        checks
    }

    /// Compares `push`'s labels with its repository's tags, logs the result and alerts on a
    /// mismatch.
    pub async fn check(&self, policy: &TagPolicy, push: &ImagePush) -> PushCheck {
        let check = self.compare(policy, push).await;
        let (repository, digest) = (&push.repository_arn, &push.digest);
        match &check {
            PushCheck::Agrees => {
                tracing::info!(
                    repository,
                    digest,
                    "image labels agree with the repository's tags"
                );
            }
            PushCheck::Unreadable { reason } => {
                tracing::warn!(repository, digest, reason, "image labels not compared");
            }
            PushCheck::Mismatched { mismatches, owner } => {
                let found: Vec<String> = mismatches.iter().map(ToString::to_string).collect();
                tracing::warn!(repository, digest, owner, mismatches = ?found, "image labels disagree with the repository's tags");
                if let Some(alerts) = &self.alerts {
                    let (subject, message) = alert_text(push, mismatches, owner.as_deref());
                    if let Err(err) = alerts.publish(&subject, &message).await {
                        tracing::warn!(repository, error = %err, "label mismatch alert not sent");
                    }
                }
            }
        }
        check
    }

    async fn compare(&self, policy: &TagPolicy, push: &ImagePush) -> PushCheck {
        let unreadable = |reason: String| PushCheck::Unreadable { reason };
        let blob = match self.facts.config_blob(push).await {
            Ok(blob) => blob,
            Err(err) => return unreadable(format!("reading the image config: {err}")),
        };
        let labels = match parse_labels(&blob) {
            Ok(labels) => labels,
            Err(err) => return unreadable(err.to_string()),
        };
        let tags = match self.facts.repository_tags(push).await {
            Ok(tags) => tags,
            Err(err) => return unreadable(format!("reading the repository's tags: {err}")),
        };
        let mismatches = compare(&labels, &tags, &policy.ecr);
        if mismatches.is_empty() {
            return PushCheck::Agrees;
        }
        PushCheck::Mismatched {
            mismatches,
            owner: tags.get(policy.keys.owner.as_str()).cloned(),
        }
    }
}

/// The alert's subject and text: the repository, the image, each mismatch, and whom to ask.
fn alert_text(push: &ImagePush, mismatches: &[Mismatch], owner: Option<&str>) -> (String, String) {
    let image = push.image_tag.as_ref().map_or_else(
        || push.digest.clone(),
        |tag| format!("{tag} ({})", push.digest),
    );
    let mut text = format!(
        "An image pushed to {} does not agree with the repository's tags.\n\nImage: {image}\nOwner: {}\n\n",
        push.repository_arn,
        owner.unwrap_or("unknown")
    );
    for mismatch in mismatches {
        text.push_str(&format!("- {mismatch}\n"));
    }
    text.push_str(
        "\nFix the image's labels or the repository's tags; autotag changes neither (docs/config.md, \"[ecr]\").\n",
    );
    (
        format!("autotag: image labels disagree with {}", push.repository),
        text,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;
    use crate::ports::BoxError;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    #[derive(Debug)]
    struct Facts {
        blob: Result<&'static str, &'static str>,
        tags: BTreeMap<String, String>,
    }

    #[async_trait::async_trait]
    impl ImageFacts for Facts {
        async fn config_blob(&self, _: &ImagePush) -> Result<Vec<u8>, BoxError> {
            self.blob.map(|b| b.as_bytes().to_vec()).map_err(Into::into)
        }
        async fn repository_tags(
            &self,
            _: &ImagePush,
        ) -> Result<BTreeMap<String, String>, BoxError> {
            Ok(self.tags.clone())
        }
    }

    #[derive(Debug, Default)]
    struct Sent(Mutex<Vec<(String, String)>>);

    #[async_trait::async_trait]
    impl Alerts for Sent {
        async fn publish(&self, subject: &str, message: &str) -> Result<(), BoxError> {
            self.0
                .lock()
                .unwrap()
                .push((subject.to_owned(), message.to_owned()));
            Ok(())
        }
    }

    fn push() -> ImagePush {
        ImagePush {
            account: autotag_core::arn::AccountId::parse("111111111111").unwrap(),
            region: autotag_core::arn::Region::parse("us-east-1").unwrap(),
            repository: "app".to_owned(),
            repository_arn: "arn:aws:ecr:us-east-1:111111111111:repository/app".to_owned(),
            digest: "sha256:abc".to_owned(),
            image_tag: Some("v1".to_owned()),
        }
    }

    fn policy() -> TagPolicy {
        TagPolicy::from_toml("[ecr]\nlabel_tags = { team = \"Team\" }").unwrap()
    }

    #[tokio::test]
    async fn a_mismatch_is_alerted_with_the_owner_and_agreement_is_quiet() {
        let sent = Arc::new(Sent::default());
        let tags = BTreeMap::from([
            ("Team".to_owned(), "payments".to_owned()),
            ("owner".to_owned(), "alice".to_owned()),
        ]);
        let checks = ImageChecks::new(
            Arc::new(Facts {
                blob: Ok(r#"{"config": {"Labels": {"team": "search"}}}"#),
                tags: tags.clone(),
            }),
            Some(sent.clone() as Arc<dyn Alerts>),
        );
        let check = checks.check(&policy(), &push()).await;
        let PushCheck::Mismatched { mismatches, owner } = &check else {
            panic!("{check:?}");
        };
        assert_eq!(owner.as_deref(), Some("alice"));
        assert_eq!(mismatches.len(), 1);
        let sent_now = sent.0.lock().unwrap().clone();
        assert_eq!(sent_now.len(), 1);
        assert!(sent_now[0].0.contains("app"), "{sent_now:?}");
        assert!(
            sent_now[0].1.contains("Owner: alice")
                && sent_now[0].1.contains("`search`")
                && sent_now[0].1.contains("`payments`"),
            "{sent_now:?}"
        );

        let agreeing = ImageChecks::new(
            Arc::new(Facts {
                blob: Ok(r#"{"config": {"Labels": {"team": "payments"}}}"#),
                tags,
            }),
            Some(sent.clone() as Arc<dyn Alerts>),
        );
        assert_eq!(agreeing.check(&policy(), &push()).await, PushCheck::Agrees);
        assert_eq!(sent.0.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn an_unreadable_image_is_reported_not_alerted() {
        let sent = Arc::new(Sent::default());
        let checks = ImageChecks::new(
            Arc::new(Facts {
                blob: Err("GetDownloadUrlForLayer: not implemented"),
                tags: BTreeMap::new(),
            }),
            Some(sent.clone() as Arc<dyn Alerts>),
        );
        let check = checks.check(&policy(), &push()).await;
        assert!(
            matches!(&check, PushCheck::Unreadable { reason } if reason.contains("not implemented")),
            "{check:?}"
        );
        assert!(sent.0.lock().unwrap().is_empty());
    }
}
