//! Image labels against repository tags: reading the labels of an image's config blob (OCI
//! image config or Docker image config v1, `config.Labels`) and comparing them with the
//! repository's tags by the policy's `[ecr] label_tags` mapping. ECR images carry no tags of
//! their own, so the repository's tags are what a label must agree with.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::policy::ecr::Ecr;
use crate::tags::TagValue;

/// Why a config blob's labels cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    /// The blob is not JSON.
    #[error("image config is not JSON: {message}")]
    NotJson {
        /// The parser's message.
        message: String,
    },
    /// A part of the blob that must be an object is something else.
    #[error("image config `{path}` is {found}, not an object")]
    NotAnObject {
        /// Where: ``, `config` or `config.Labels`.
        path: &'static str,
        /// What it is instead (`an array`).
        found: &'static str,
    },
    /// A label's value is not a string.
    #[error("image label `{label}` is {found}, not a string")]
    NotAString {
        /// The label.
        label: String,
        /// What it is instead.
        found: &'static str,
    },
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The labels of an image config blob, by name. A blob without `config`, or whose `config`
/// or `config.Labels` is `null` or absent (an image built without `LABEL`), has none.
pub fn parse_labels(blob: &[u8]) -> Result<BTreeMap<String, String>, LabelError> {
    let value: Value = serde_json::from_slice(blob).map_err(|err| LabelError::NotJson {
        message: err.to_string(),
    })?;
    let Value::Object(top) = &value else {
        return Err(LabelError::NotAnObject {
            path: "",
            found: kind(&value),
        });
    };
    let config = match top.get("config") {
        None | Some(Value::Null) => return Ok(BTreeMap::new()),
        Some(Value::Object(config)) => config,
        Some(other) => {
            return Err(LabelError::NotAnObject {
                path: "config",
                found: kind(other),
            });
        }
    };
    let labels = match config.get("Labels") {
        None | Some(Value::Null) => return Ok(BTreeMap::new()),
        Some(Value::Object(labels)) => labels,
        Some(other) => {
            return Err(LabelError::NotAnObject {
                path: "config.Labels",
                found: kind(other),
            });
        }
    };
    labels
        .iter()
        .map(|(label, value)| match value {
            Value::String(text) => Ok((label.clone(), text.clone())),
            other => Err(LabelError::NotAString {
                label: label.clone(),
                found: kind(other),
            }),
        })
        .collect()
}

/// How one mapped label and its tag disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Mismatch {
    /// Both are there, with different values.
    Differs {
        /// The label.
        label: String,
        /// The tag key.
        tag: String,
        /// The label's value.
        label_value: String,
        /// The tag's value.
        tag_value: String,
    },
    /// The image has the label; the repository lacks the tag.
    TagMissing {
        /// The label.
        label: String,
        /// The tag key.
        tag: String,
        /// The label's value.
        label_value: String,
    },
    /// The repository has the tag; the image lacks the label.
    LabelMissing {
        /// The label.
        label: String,
        /// The tag key.
        tag: String,
        /// The tag's value.
        tag_value: String,
    },
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Differs {
                label,
                tag,
                label_value,
                tag_value,
            } => write!(
                f,
                "image label `{label}` is `{label_value}` but repository tag `{tag}` is `{tag_value}`"
            ),
            Self::TagMissing {
                label,
                tag,
                label_value,
            } => write!(
                f,
                "image label `{label}` is `{label_value}` but the repository has no tag `{tag}`"
            ),
            Self::LabelMissing {
                label,
                tag,
                tag_value,
            } => write!(
                f,
                "repository tag `{tag}` is `{tag_value}` but the image has no label `{label}`"
            ),
        }
    }
}

/// One push whose image labels disagree with its repository's tags: what a message about it
/// says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PushMismatch {
    /// The repository's ARN.
    pub repository_arn: String,
    /// The repository's name.
    pub repository: String,
    /// The image's digest.
    pub digest: String,
    /// The tag it was pushed with, if any.
    pub image_tag: Option<String>,
    /// The repository's owner stamp, when it has one.
    pub owner: Option<String>,
    /// The disagreements, in label order.
    pub mismatches: Vec<Mismatch>,
}

impl PushMismatch {
    /// The image as people name it: `tag (digest)`, or the digest alone.
    pub fn image(&self) -> String {
        match &self.image_tag {
            Some(tag) => format!("{tag} ({})", self.digest),
            None => self.digest.clone(),
        }
    }
}

/// Compares an image's `labels` with its repository's `tags` by `settings.label_tags`, in
/// label order. A label agrees with its tag when the label's value, mapped as autotag maps every
/// tag value (docs/config.md, "Tag values"), equals the tag's value exactly: a label a tag
/// cannot hold as written still agrees with the tag written from it. A label and tag both
/// absent claim nothing and do not disagree; labels and tags the mapping does not name are
/// ignored.
pub fn compare(
    labels: &BTreeMap<String, String>,
    tags: &BTreeMap<String, String>,
    settings: &Ecr,
) -> Vec<Mismatch> {
    let mut mismatches = Vec::new();
    for (label, key) in &settings.label_tags {
        let tag = key.as_str().to_owned();
        match (labels.get(label), tags.get(key.as_str())) {
            (Some(label_value), Some(tag_value)) => {
                if TagValue::sanitize(label_value).as_str() != tag_value {
                    mismatches.push(Mismatch::Differs {
                        label: label.clone(),
                        tag,
                        label_value: label_value.clone(),
                        tag_value: tag_value.clone(),
                    });
                }
            }
            (Some(label_value), None) => mismatches.push(Mismatch::TagMissing {
                label: label.clone(),
                tag,
                label_value: label_value.clone(),
            }),
            (None, Some(tag_value)) => mismatches.push(Mismatch::LabelMissing {
                label: label.clone(),
                tag,
                tag_value: tag_value.clone(),
            }),
            (None, None) => {}
        }
    }
    mismatches
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;
    use crate::policy::TagPolicy;

    type Pairs<'a> = &'a [(&'a str, &'a str)];
    /// A named blob and the labels read from it, or the error's message.
    type BlobCase = (
        &'static str,
        String,
        Result<BTreeMap<String, String>, &'static str>,
    );

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// A Docker image config as `docker build` writes it (trimmed), with `labels` as its
    /// `config.Labels` JSON.
    fn docker_config(labels: &str) -> String {
        format!(
            r#"{{"architecture":"amd64","config":{{"Env":["PATH=/usr/bin"],"Cmd":["/bin/sh"],"Labels":{labels}}},"created":"2024-03-05T09:14:02Z","os":"linux","rootfs":{{"type":"layers","diff_ids":["sha256:95481a8e9b7fcae0f5bea89d5b35ec1029303910033fa1a20f083970ec97ee28"]}}}}"#
        )
    }

    #[test]
    fn labels_are_read_from_config_blobs() {
        let cases: [BlobCase; 10] = [
            (
                "the seed's Dockerfile",
                docker_config(
                    r#"{"maintainer":"Eslam Mohammed <eslam.anwar96@gmail.com>","version":"1.0"}"#,
                ),
                Ok(map(&[
                    ("maintainer", "Eslam Mohammed <eslam.anwar96@gmail.com>"),
                    ("version", "1.0"),
                ])),
            ),
            ("null labels", docker_config("null"), Ok(map(&[]))),
            (
                "no labels",
                r#"{"architecture":"arm64","os":"linux","config":{"Env":[]}}"#.to_owned(),
                Ok(map(&[])),
            ),
            (
                "no config (OCI allows it)",
                r#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#
                    .to_owned(),
                Ok(map(&[])),
            ),
            (
                "null config",
                r#"{"os":"linux","config":null}"#.to_owned(),
                Ok(map(&[])),
            ),
            (
                "not JSON",
                "<Error><Code>AccessDenied</Code></Error>".to_owned(),
                Err("image config is not JSON: expected value at line 1 column 1"),
            ),
            (
                "an array",
                "[]".to_owned(),
                Err("image config `` is an array, not an object"),
            ),
            (
                "config a string",
                r#"{"config":"x"}"#.to_owned(),
                Err("image config `config` is a string, not an object"),
            ),
            (
                "labels an array",
                docker_config(r#"["team=x"]"#),
                Err("image config `config.Labels` is an array, not an object"),
            ),
            (
                "a number label",
                docker_config(r#"{"team":"payments","build":42}"#),
                Err("image label `build` is a number, not a string"),
            ),
        ];
        for (name, blob, expected) in cases {
            let got = parse_labels(blob.as_bytes()).map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{name}");
        }
    }

    #[test]
    fn labels_are_compared_with_the_mapped_tags() {
        let settings = TagPolicy::from_toml(
            "[ecr]\nlabel_tags = { team = \"Team\", \"com.example.cost\" = \"CostCenter\", tier = \"Tier\" }",
        )
        .unwrap()
        .ecr;
        let cases: [(&str, Pairs<'_>, Pairs<'_>, &[&str]); 7] = [
            (
                "all agree, unmapped ones ignored",
                &[
                    ("team", "payments"),
                    ("com.example.cost", "1001"),
                    ("version", "2"),
                ],
                &[
                    ("Team", "payments"),
                    ("CostCenter", "1001"),
                    ("owner", "alice"),
                ],
                &[],
            ),
            (
                "a value differs",
                &[("team", "payments")],
                &[("Team", "platform")],
                &["image label `team` is `payments` but repository tag `Team` is `platform`"],
            ),
            (
                "the tag is missing",
                &[("com.example.cost", "1001")],
                &[],
                &[
                    "image label `com.example.cost` is `1001` but the repository has no tag `CostCenter`",
                ],
            ),
            (
                "the label is missing",
                &[],
                &[("Tier", "gold")],
                &["repository tag `Tier` is `gold` but the image has no label `tier`"],
            ),
            (
                "an empty placeholder tag differs from a set label",
                &[("team", "payments")],
                &[("Team", "")],
                &["image label `team` is `payments` but repository tag `Team` is ``"],
            ),
            (
                "a label agrees with the tag written from it",
                &[("team", "payments; emea")],
                &[("Team", "payments_ emea")],
                &[],
            ),
            (
                "several, in label order; case matters",
                &[("team", "Payments"), ("tier", "gold")],
                &[("Team", "payments"), ("CostCenter", "1001")],
                &[
                    "repository tag `CostCenter` is `1001` but the image has no label `com.example.cost`",
                    "image label `team` is `Payments` but repository tag `Team` is `payments`",
                    "image label `tier` is `gold` but the repository has no tag `Tier`",
                ],
            ),
        ];
        for (name, labels, tags, expected) in cases {
            let got: Vec<String> = compare(&map(labels), &map(tags), &settings)
                .iter()
                .map(ToString::to_string)
                .collect();
            assert_eq!(got, expected, "{name}");
        }
        // Without a mapping nothing is compared.
        assert!(
            compare(
                &map(&[("team", "a")]),
                &map(&[("Team", "b")]),
                &TagPolicy::default().ecr
            )
            .is_empty()
        );
    }

    #[test]
    fn mismatches_serialize_for_reports() {
        let mismatch = Mismatch::TagMissing {
            label: "team".into(),
            tag: "Team".into(),
            label_value: "payments".into(),
        };
        assert_eq!(
            serde_json::to_value(&mismatch).unwrap(),
            serde_json::json!({"kind": "tag_missing", "label": "team", "tag": "Team", "label_value": "payments"})
        );
    }
}
