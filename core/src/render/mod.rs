//! Renderers: the deployment artifacts generated from the registry and the policy, so that the
//! spoke rules, the auto-tag role's permissions and the SCP never drift from what the hub handles.
//!
//! Everything here is pure: data in, documents out. `autotag render` writes the results into
//! `spoke-roles/`, `stacksets/`, `scp/`, `sam/`, `terraform/autotag/` and `docs/coverage.md`
//! ([`render_all`]), and the admission webhook's `webhook/` ([`webhook::files`]); and
//! `autotag render --check` fails on drift.

#[cfg(test)]
mod cfn;
pub mod coverage;
pub mod documents;
pub mod hub_calls;
pub mod sam;
pub mod templates;
pub mod terraform;
pub mod webhook;
pub mod yaml;

use serde_json::Value;

use crate::policy::TagPolicy;

/// EventBridge's default limit on an event pattern's size, in characters.
pub const MAX_PATTERN_CHARS: usize = 2048;
/// The size limit of one service control policy, in characters (whitespace counts), applied to
/// the file as written ([`documents::scp_text`]).
pub const MAX_SCP_CHARS: usize = 5120;
/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A document cannot be made small enough.
    #[error("`{document}` cannot fit in {limit} characters: {detail}")]
    TooLarge {
        /// Which document.
        document: String,
        /// The limit.
        limit: usize,
        /// Why splitting did not help.
        detail: String,
    },
    /// A template has something a derived document cannot carry over faithfully.
    #[error("`{document}` cannot be derived: {detail}")]
    Unsupported {
        /// Which document.
        document: String,
        /// What could not be carried over.
        detail: String,
    },
}

/// One generated file: its path from the repository root, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// E.g. `stacksets/spoke-rules.yaml`.
    pub path: String,
    /// The file's text.
    pub contents: String,
}

/// Every generated file, for `policy`.
pub fn render_all(policy: &TagPolicy) -> Result<Vec<RenderedFile>, RenderError> {
    let json = |value: &Value| {
        format!(
            "{}\n",
            serde_json::to_string_pretty(value).unwrap_or_default()
        )
    };
    let mut files = vec![
        RenderedFile {
            path: "spoke-roles/autotag-role-policy.json".into(),
            contents: json(&documents::spoke_role_policy(policy)),
        },
        RenderedFile {
            path: "spoke-roles/forwarder-policy.json".into(),
            contents: json(&documents::forwarder_policy(format!(
                "arn:aws:events:*:*:event-bus/{}",
                policy.install.hub_bus()
            ))),
        },
        RenderedFile {
            path: "spoke-roles/spoke-roles.yaml".into(),
            contents: yaml::to_yaml(&templates::spoke_roles(policy)),
        },
        RenderedFile {
            path: "stacksets/spoke-rules.yaml".into(),
            contents: yaml::to_yaml(&templates::spoke_rules(policy)?),
        },
        RenderedFile {
            path: "stacksets/hub.yaml".into(),
            contents: yaml::to_yaml(&templates::hub(policy)),
        },
        RenderedFile {
            path: "stacksets/org-stacksets.yaml".into(),
            contents: yaml::to_yaml(&templates::org_stacksets(policy)?),
        },
        RenderedFile {
            path: "docs/coverage.md".into(),
            contents: coverage::markdown(),
        },
    ];
    let scps = documents::scps(policy)?;
    let count = scps.len();
    for (index, scp) in scps.iter().enumerate() {
        let path = if count == 1 {
            "scp/protect-tags.json".to_owned()
        } else {
            format!("scp/protect-tags-{}.json", index + 1)
        };
        // Compact, so that the file as written is what the size limit was measured on.
        files.push(RenderedFile {
            path,
            contents: documents::scp_text(scp),
        });
    }
    files.push(RenderedFile {
        path: sam::PATH.into(),
        contents: sam::template(policy)?,
    });
    let scp_files: Vec<RenderedFile> = files
        .iter()
        .filter(|file| file.path.starts_with("scp/"))
        .cloned()
        .collect();
    let module = terraform::module(
        policy,
        &templates::hub(policy),
        &templates::org_stacksets(policy)?,
        &scp_files,
    )?;
    files.extend(module);
    Ok(files)
}
