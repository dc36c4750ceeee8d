//! The record of a push's label check that the hub keeps in its ledger (the latest per
//! repository) and `autotag audit` shows in its `labels` column: which image, whether its labels
//! agree with the repository's tags, how they disagree, or why they could not be read, and when.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::labels::Mismatch;

/// One push's label check, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelCheck {
    /// The repository's ARN.
    pub repository_arn: String,
    /// The image's digest.
    pub digest: String,
    /// The tag it was pushed with, if any.
    #[serde(default)]
    pub image_tag: Option<String>,
    /// What the check found.
    #[serde(flatten)]
    pub status: LabelStatus,
    /// When the image was pushed (the record's `eventTime`, UTC seconds), when known.
    #[serde(default)]
    pub pushed_at: Option<String>,
    /// When the hub checked it (UTC seconds).
    pub checked_at: String,
}

/// What a label check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum LabelStatus {
    /// Every mapped label agrees with its tag.
    Agrees,
    /// Some disagree.
    Mismatched {
        /// The disagreements, in label order.
        mismatches: Vec<Mismatch>,
    },
    /// The image, its labels or the repository's tags could not be read, for good.
    Unreadable {
        /// Why.
        reason: String,
    },
}

impl LabelCheck {
    /// When the check counts from, for keeping the latest: the push's time, else the check's.
    pub fn order_time(&self) -> &str {
        self.pushed_at.as_deref().unwrap_or(&self.checked_at)
    }

    /// The audit's cell: `agree`, `mismatch: team=search≠Team=payments` (each mismatch as
    /// label=value≠tag=value, a missing side as `(none)`, joined by `, `), or `unreadable`.
    pub fn summary(&self) -> String {
        match &self.status {
            LabelStatus::Agrees => "agree".to_owned(),
            LabelStatus::Unreadable { .. } => "unreadable".to_owned(),
            LabelStatus::Mismatched { mismatches } => {
                let mut text = "mismatch: ".to_owned();
                for (index, mismatch) in mismatches.iter().enumerate() {
                    if index > 0 {
                        text.push_str(", ");
                    }
                    // Writing to a `String` cannot fail.
                    let _ = match mismatch {
                        Mismatch::Differs {
                            label,
                            tag,
                            label_value,
                            tag_value,
                        } => write!(text, "{label}={label_value}≠{tag}={tag_value}"),
                        Mismatch::TagMissing {
                            label,
                            tag,
                            label_value,
                        } => write!(text, "{label}={label_value}≠{tag} (none)"),
                        Mismatch::LabelMissing {
                            label,
                            tag,
                            tag_value,
                        } => write!(text, "{label} (none)≠{tag}={tag_value}"),
                    };
                }
                text
            }
        }
    }

    /// Whether the labels disagreed.
    pub fn is_mismatch(&self) -> bool {
        matches!(self.status, LabelStatus::Mismatched { .. })
    }

    /// Whether this check only repeats what `previous`, another push's check of the same
    /// repository, found: a pipeline pushing image after image with the same wrong label is
    /// told once, not at every push. A check of the same push again (a retry, whose first
    /// message may not have gone out) repeats nothing.
    pub fn repeats(&self, previous: &LabelCheck) -> bool {
        let same_push = previous.digest == self.digest && previous.pushed_at == self.pushed_at;
        !same_push
            && previous.repository_arn == self.repository_arn
            && previous.status == self.status
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;

    fn check(status: LabelStatus) -> LabelCheck {
        LabelCheck {
            repository_arn: "arn:aws:ecr:eu-west-1:111111111111:repository/app".into(),
            digest: "sha256:abc".into(),
            image_tag: Some("v1".into()),
            status,
            pushed_at: Some("2024-03-05T09:14:02Z".into()),
            checked_at: "2024-03-05T09:14:09Z".into(),
        }
    }

    #[test]
    fn the_audit_cell_says_agree_mismatch_or_unreadable() {
        assert_eq!(check(LabelStatus::Agrees).summary(), "agree");
        assert_eq!(
            check(LabelStatus::Unreadable {
                reason: "image config is not JSON".into()
            })
            .summary(),
            "unreadable"
        );
        let mismatched = check(LabelStatus::Mismatched {
            mismatches: vec![
                Mismatch::Differs {
                    label: "team".into(),
                    tag: "Team".into(),
                    label_value: "search".into(),
                    tag_value: "payments".into(),
                },
                Mismatch::TagMissing {
                    label: "cost".into(),
                    tag: "CostCenter".into(),
                    label_value: "1001".into(),
                },
                Mismatch::LabelMissing {
                    label: "tier".into(),
                    tag: "Tier".into(),
                    tag_value: "gold".into(),
                },
            ],
        });
        assert_eq!(
            mismatched.summary(),
            "mismatch: team=search≠Team=payments, cost=1001≠CostCenter (none), tier (none)≠Tier=gold"
        );
        assert!(mismatched.is_mismatch());
        // The record reads back as written, its status flattened.
        let json = serde_json::to_value(&mismatched).unwrap();
        assert_eq!(json["status"], "mismatched");
        assert_eq!(json["mismatches"][0]["kind"], "differs");
        let back: LabelCheck = serde_json::from_value(json).unwrap();
        assert_eq!(back, mismatched);
        assert_eq!(back.order_time(), "2024-03-05T09:14:02Z");
    }

    #[test]
    fn only_another_push_with_the_same_finding_repeats() {
        let differs = |tag_value: &str| LabelStatus::Mismatched {
            mismatches: vec![Mismatch::Differs {
                label: "team".into(),
                tag: "Team".into(),
                label_value: "search".into(),
                tag_value: tag_value.into(),
            }],
        };
        let first = check(differs("payments"));
        let next = |status: LabelStatus| LabelCheck {
            digest: "sha256:def".into(),
            pushed_at: Some("2024-03-05T10:00:00Z".into()),
            ..check(status)
        };
        assert!(next(differs("payments")).repeats(&first));
        // Another finding, or none, is news.
        assert!(!next(differs("billing")).repeats(&first));
        assert!(!next(LabelStatus::Agrees).repeats(&first));
        assert!(!check(differs("payments")).repeats(&next(LabelStatus::Agrees)));
        // The same push checked again is a retry: its message is sent again.
        assert!(!check(differs("payments")).repeats(&first));
        // Another repository's check is never a repetition.
        let elsewhere = LabelCheck {
            repository_arn: "arn:aws:ecr:eu-west-1:111111111111:repository/other".into(),
            ..next(differs("payments"))
        };
        assert!(!elsewhere.repeats(&first));
    }
}
