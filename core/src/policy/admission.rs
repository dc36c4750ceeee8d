//! The `[admission]` section: the rules the Kubernetes admission webhook holds container images
//! to (which registries, which ECR repository settings, digests), where it looks and how it
//! answers. Validated here; applied by [`crate::admission::decide`].

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{PolicyError, field_error};
use crate::arn::{AccountId, Region};
use crate::tags::{TagKey, TagValue};

/// The `[admission]` section as written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdmissionFile {
    /// `enforce` denies a request that breaks a rule; `warn` admits it and returns the
    /// denial's reasons as warnings (a dry run). Default `enforce`.
    #[serde(default = "default_mode")]
    #[schemars(extend("enum" = ["enforce", "warn"]))]
    pub mode: String,
    /// Registries other than ECR private registries whose images are admitted: a host
    /// (`registry.k8s.io`, `public.ecr.aws`, `docker.io` for Docker Hub) or a host and path
    /// prefix (`ghcr.io/my-org`, `docker.io/library`), matched on whole path segments of the
    /// image's canonical name. Default: none, only ECR.
    #[serde(default)]
    pub allowed_registries: Vec<String>,
    /// Namespaces whose requests are admitted unjudged (`kube-system`). Default: none.
    #[serde(default)]
    pub ignored_namespaces: Vec<String>,
    /// Admit only images pinned by digest (`@sha256:…`), whatever their registry. Default
    /// `false`.
    #[serde(default)]
    pub require_digest: bool,
    /// Deny images from ECR repositories whose tags are mutable. Default `true`.
    #[serde(default = "default_true")]
    pub require_tag_immutability: bool,
    /// Deny images from ECR repositories scanned neither on push nor by a registry scanning
    /// rule (scan on push or continuous). Default `true`.
    #[serde(default = "default_true")]
    pub require_scan_on_push: bool,
    /// Deny images from ECR repositories without the owner stamp (`tags.owner`), or whose
    /// owner is the unknown-owner marker (`backfill.unknown_owner`). Default `true`.
    #[serde(default = "default_true")]
    pub require_owner: bool,
    /// The ECR registries (account ids) images may come from. Default: any.
    #[serde(default)]
    pub registry_ids: Vec<String>,
    /// The regions ECR images may come from. Default: any.
    #[serde(default)]
    pub regions: Vec<String>,
    /// What to do with an image whose repository's settings could not be read in time
    /// (throttling, timeout, no permission): `deny` (fail closed) or `allow` (fail open, with
    /// a warning). Default `deny`.
    #[serde(default = "default_on_lookup_failure")]
    #[schemars(extend("enum" = ["deny", "allow"]))]
    pub on_lookup_failure: String,
}

impl Default for AdmissionFile {
    fn default() -> Self {
        Self {
            mode: default_mode(),
            allowed_registries: Vec::new(),
            ignored_namespaces: Vec::new(),
            require_digest: false,
            require_tag_immutability: true,
            require_scan_on_push: true,
            require_owner: true,
            registry_ids: Vec::new(),
            regions: Vec::new(),
            on_lookup_failure: default_on_lookup_failure(),
        }
    }
}

fn default_mode() -> String {
    "enforce".to_owned()
}
fn default_true() -> bool {
    true
}
fn default_on_lookup_failure() -> String {
    "deny".to_owned()
}

/// How a request that breaks a rule is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Denied.
    Enforce,
    /// Admitted, with the reasons as warnings.
    Warn,
}

/// What an image whose repository could not be looked up gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnLookupFailure {
    /// Denied (fail closed).
    Deny,
    /// Admitted with a warning (fail open).
    Allow,
}

/// The `[admission]` settings, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admission {
    /// Deny or warn.
    pub mode: Mode,
    /// Allowed non-ECR registries: `host` or `host/path`, lowercase, no trailing `/`.
    pub allowed_registries: Vec<String>,
    /// Namespaces left alone.
    pub ignored_namespaces: BTreeSet<String>,
    /// Images must be pinned by digest.
    pub require_digest: bool,
    /// ECR repositories must have immutable tags.
    pub require_tag_immutability: bool,
    /// ECR repositories must be scanned on push.
    pub require_scan_on_push: bool,
    /// ECR repositories must carry a known owner.
    pub require_owner: bool,
    /// The owner stamp's key (`tags.owner`).
    pub owner_key: TagKey,
    /// The unknown-owner marker (`backfill.unknown_owner`), which is no owner.
    pub unknown_owner: TagValue,
    /// Allowed ECR registries; empty for any.
    pub registry_ids: BTreeSet<AccountId>,
    /// Allowed ECR regions; empty for any.
    pub regions: BTreeSet<Region>,
    /// Fail closed or open.
    pub on_lookup_failure: OnLookupFailure,
}

impl Default for Admission {
    fn default() -> Self {
        Self {
            mode: Mode::Enforce,
            allowed_registries: Vec::new(),
            ignored_namespaces: BTreeSet::new(),
            require_digest: false,
            require_tag_immutability: true,
            require_scan_on_push: true,
            require_owner: true,
            owner_key: TagKey::trusted("owner"),
            unknown_owner: TagValue::sanitize("unknown"),
            registry_ids: BTreeSet::new(),
            regions: BTreeSet::new(),
            on_lookup_failure: OnLookupFailure::Deny,
        }
    }
}

impl Admission {
    /// Validates the section; `owner_key` and `unknown_owner` come from `[tags]` and
    /// `[backfill]`.
    pub fn from_file(
        file: &AdmissionFile,
        owner_key: &TagKey,
        unknown_owner: &TagValue,
    ) -> Result<Self, PolicyError> {
        let mode = match file.mode.as_str() {
            "enforce" => Mode::Enforce,
            "warn" => Mode::Warn,
            other => {
                return Err(field_error(
                    "admission.mode",
                    format!("`{other}` is neither `enforce` nor `warn`"),
                ));
            }
        };
        let on_lookup_failure = match file.on_lookup_failure.as_str() {
            "deny" => OnLookupFailure::Deny,
            "allow" => OnLookupFailure::Allow,
            other => {
                return Err(field_error(
                    "admission.on_lookup_failure",
                    format!("`{other}` is neither `deny` nor `allow`"),
                ));
            }
        };
        let mut allowed_registries = Vec::new();
        for (index, entry) in file.allowed_registries.iter().enumerate() {
            let field = format!("admission.allowed_registries[{index}]");
            let trimmed = entry.trim_end_matches('/');
            let ok = !trimmed.is_empty()
                && !trimmed.contains("://")
                && !trimmed.starts_with('/')
                && !trimmed.contains("//")
                && trimmed.bytes().all(|b| {
                    b.is_ascii_lowercase()
                        || b.is_ascii_digit()
                        || matches!(b, b'.' | b'-' | b'_' | b':' | b'/')
                });
            if !ok {
                return Err(field_error(
                    field,
                    format!(
                        "`{entry}` is not a registry host or host/path such as `registry.k8s.io` or `ghcr.io/my-org` (lowercase, no scheme)"
                    ),
                ));
            }
            let canonical = match trimmed.split_once('/') {
                Some(("index.docker.io" | "registry-1.docker.io", rest)) => {
                    format!("docker.io/{rest}")
                }
                None if matches!(trimmed, "index.docker.io" | "registry-1.docker.io") => {
                    "docker.io".to_owned()
                }
                _ => trimmed.to_owned(),
            };
            allowed_registries.push(canonical);
        }
        let mut ignored_namespaces = BTreeSet::new();
        for (index, namespace) in file.ignored_namespaces.iter().enumerate() {
            let ok = (1..=63).contains(&namespace.len())
                && namespace
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !namespace.starts_with('-')
                && !namespace.ends_with('-');
            if !ok {
                return Err(field_error(
                    format!("admission.ignored_namespaces[{index}]"),
                    format!(
                        "`{namespace}` is not a namespace name: 1 to 63 lowercase letters, digits and `-`"
                    ),
                ));
            }
            ignored_namespaces.insert(namespace.clone());
        }
        let mut registry_ids = BTreeSet::new();
        for (index, id) in file.registry_ids.iter().enumerate() {
            registry_ids.insert(AccountId::parse(id).map_err(|err| {
                field_error(format!("admission.registry_ids[{index}]"), err.to_string())
            })?);
        }
        let mut regions = BTreeSet::new();
        for (index, region) in file.regions.iter().enumerate() {
            regions.insert(Region::parse(region).map_err(|err| {
                field_error(format!("admission.regions[{index}]"), err.to_string())
            })?);
        }
        Ok(Self {
            mode,
            allowed_registries,
            ignored_namespaces,
            require_digest: file.require_digest,
            require_tag_immutability: file.require_tag_immutability,
            require_scan_on_push: file.require_scan_on_push,
            require_owner: file.require_owner,
            owner_key: owner_key.clone(),
            unknown_owner: unknown_owner.clone(),
            registry_ids,
            regions,
            on_lookup_failure,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use crate::policy::TagPolicy;

    use super::*;

    #[test]
    fn the_section_is_read_with_its_defaults() {
        let default = TagPolicy::from_toml("").unwrap().admission;
        assert_eq!(default, Admission::default());
        let policy = TagPolicy::from_toml(
            r#"
            [tags]
            owner = "Owner"
            [backfill]
            unknown_owner = "nobody"
            [admission]
            mode = "warn"
            allowed_registries = ["registry.k8s.io", "index.docker.io/library/", "public.ecr.aws"]
            ignored_namespaces = ["kube-system"]
            require_digest = true
            require_owner = false
            registry_ids = ["111122223333"]
            regions = ["us-gov-west-1", "cn-north-1"]
            on_lookup_failure = "allow"
            "#,
        )
        .unwrap();
        let admission = policy.admission;
        assert_eq!(admission.mode, Mode::Warn);
        assert_eq!(
            admission.allowed_registries,
            ["registry.k8s.io", "docker.io/library", "public.ecr.aws"]
        );
        assert!(admission.ignored_namespaces.contains("kube-system"));
        assert!(admission.require_digest && !admission.require_owner);
        assert!(admission.require_tag_immutability && admission.require_scan_on_push);
        assert_eq!(admission.owner_key.as_str(), "Owner");
        assert_eq!(admission.unknown_owner.as_str(), "nobody");
        assert_eq!(admission.regions.len(), 2);
        assert_eq!(admission.on_lookup_failure, OnLookupFailure::Allow);
    }

    #[test]
    fn bad_fields_are_named() {
        for (body, expected) in [
            (
                "mode = \"dry-run\"",
                "config field `admission.mode` is not valid: `dry-run` is neither `enforce` nor `warn`",
            ),
            (
                "on_lookup_failure = \"open\"",
                "config field `admission.on_lookup_failure` is not valid: `open` is neither `deny` nor `allow`",
            ),
            (
                "allowed_registries = [\"ok.io\", \"https://ghcr.io\"]",
                "config field `admission.allowed_registries[1]` is not valid: `https://ghcr.io` is not a registry host",
            ),
            (
                "allowed_registries = [\"GHCR.io\"]",
                "config field `admission.allowed_registries[0]` is not valid",
            ),
            (
                "ignored_namespaces = [\"Kube_System\"]",
                "config field `admission.ignored_namespaces[0]` is not valid: `Kube_System` is not a namespace name",
            ),
            (
                "registry_ids = [\"12\"]",
                "config field `admission.registry_ids[0]` is not valid: `12` is not an AWS account id",
            ),
            (
                "regions = [\"EU\"]",
                "config field `admission.regions[0]` is not valid: `EU` is not an AWS region name",
            ),
        ] {
            let message = TagPolicy::from_toml(&format!("[admission]\n{body}"))
                .unwrap_err()
                .to_string();
            assert!(message.starts_with(expected), "{body}: {message}");
        }
        let unknown = TagPolicy::from_toml("[admission]\nfail_open = true")
            .unwrap_err()
            .to_string();
        assert!(unknown.contains("unknown field `fail_open`"), "{unknown}");
    }
}
