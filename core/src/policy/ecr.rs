//! The `[ecr]` section: which labels of a pushed image must agree with which tags of its
//! repository (the ECR tag-enforcement seed's third case). Compared by
//! [`crate::ecr::labels::compare`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{PolicyError, field_error};
use crate::tags::TagKey;

/// The `[ecr]` section as written.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EcrFile {
    /// Image label = repository tag key: on every push, the image's label (from its config
    /// blob, `config.Labels`) must equal the repository's tag, e.g. `{ team = "Team" }`.
    /// Default: nothing is compared.
    #[serde(default)]
    pub label_tags: BTreeMap<String, String>,
}

/// The `[ecr]` settings, validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ecr {
    /// Label name and the repository tag key it must agree with, in label order.
    pub label_tags: Vec<(String, TagKey)>,
}

/// The longest label name read: Docker and OCI set no limit, so this only bounds the config.
const MAX_LABEL_CHARS: usize = 256;

impl Ecr {
    /// Validates the section: each label is a non-empty name without control characters, each
    /// tag a valid key, and no tag is compared with two labels.
    pub fn from_file(file: &EcrFile) -> Result<Self, PolicyError> {
        let mut label_tags = Vec::new();
        let mut tag_of: BTreeMap<TagKey, &str> = BTreeMap::new();
        for (label, tag) in &file.label_tags {
            let field = format!("ecr.label_tags.{label}");
            if label.is_empty()
                || label.chars().count() > MAX_LABEL_CHARS
                || label.chars().any(char::is_control)
            {
                return Err(field_error(
                    field,
                    format!(
                        "`{label}` is not a label name: 1 to {MAX_LABEL_CHARS} characters, no control characters"
                    ),
                ));
            }
            let key = TagKey::parse(tag).map_err(|err| field_error(&field, err.to_string()))?;
            if let Some(earlier) = tag_of.insert(key.clone(), label) {
                return Err(field_error(
                    field,
                    format!("tag `{key}` is already compared with label `{earlier}`"),
                ));
            }
            label_tags.push((label.clone(), key));
        }
        Ok(Self { label_tags })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use crate::policy::TagPolicy;

    #[test]
    fn label_tags_are_read_and_bad_ones_named() {
        let policy = TagPolicy::from_toml(
            "[ecr]\nlabel_tags = { team = \"Team\", \"org.opencontainers.image.vendor\" = \"Vendor\" }",
        )
        .unwrap();
        let pairs: Vec<String> = policy
            .ecr
            .label_tags
            .iter()
            .map(|(l, t)| format!("{l}->{t}"))
            .collect();
        assert_eq!(
            pairs,
            ["org.opencontainers.image.vendor->Vendor", "team->Team"]
        );
        assert!(TagPolicy::default().ecr.label_tags.is_empty());
        for (text, expected) in [
            (
                "[ecr]\nlabel_tags = { team = \"aws:team\" }",
                "config field `ecr.label_tags.team` is not valid: tag key `aws:team` starts with `aws:`",
            ),
            (
                "[ecr]\nlabel_tags = { \"\" = \"Team\" }",
                "config field `ecr.label_tags.` is not valid: `` is not a label name",
            ),
            (
                "[ecr]\nlabel_tags = { team = \"Team\", squad = \"Team\" }",
                "config field `ecr.label_tags.team` is not valid: tag `Team` is already compared with label `squad`",
            ),
        ] {
            let message = TagPolicy::from_toml(text).unwrap_err().to_string();
            assert!(message.starts_with(expected), "{message}");
        }
        let unknown = TagPolicy::from_toml("[ecr]\nlabels = {}")
            .unwrap_err()
            .to_string();
        assert!(unknown.contains("unknown field `labels`"), "{unknown}");
    }
}
