//! Loading the tag policy at start: from `--config FILE`, else from the file named by
//! `AUTOTAG_CONFIG`, else the built-in default. A bad file stops the hub before any event.

use std::path::{Path, PathBuf};

use autotag_core::policy::{PolicyError, TagPolicy};

/// The environment variable naming the policy file (the Lambda sets it).
pub const CONFIG_ENV: &str = "AUTOTAG_CONFIG";

/// Why the policy could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file `{path}`")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a valid policy.
    #[error("config file `{path}`")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: PolicyError,
    },
}

/// The policy from `explicit`, else from `AUTOTAG_CONFIG`, else the default; and which file it
/// came from.
pub fn load_policy(explicit: Option<&Path>) -> Result<(TagPolicy, Option<PathBuf>), ConfigError> {
    let path = explicit
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os(CONFIG_ENV).map(PathBuf::from));
    let Some(path) = path else {
        return Ok((TagPolicy::default(), None));
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
        path: path.clone(),
        source,
    })?;
    let policy = TagPolicy::from_toml(&text).map_err(|source| ConfigError::Invalid {
        path: path.clone(),
        source,
    })?;
    Ok((policy, Some(path)))
}
