//! Where the tag policy comes from: an SSM parameter (`AUTOTAG_CONFIG_PARAMETER`, the deployed
//! hub), `--config FILE` or the file named by `AUTOTAG_CONFIG`, else the built-in default. A bad
//! policy stops the hub before any event.

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

/// The environment variable naming the SSM parameter the policy is kept in (the hub stack
/// sets it); it wins over [`CONFIG_ENV`].
pub const PARAMETER_ENV: &str = "AUTOTAG_CONFIG_PARAMETER";
/// The environment variable with the seconds a read policy is trusted before the store is
/// looked at again.
pub const TTL_ENV: &str = "AUTOTAG_CONFIG_TTL_SECONDS";
/// How long a read policy is trusted by default.
pub const DEFAULT_TTL: std::time::Duration = std::time::Duration::from_secs(300);

/// Where the policy comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicySource {
    /// An SSM parameter.
    Parameter(String),
    /// A file.
    File(PathBuf),
    /// The built-in default.
    Default,
}

impl PolicySource {
    /// The source the environment names: [`PARAMETER_ENV`], else [`CONFIG_ENV`], else the default.
    pub fn from_env() -> Self {
        let named = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        if let Some(parameter) = named(PARAMETER_ENV) {
            Self::Parameter(parameter)
        } else if let Some(path) = named(CONFIG_ENV) {
            Self::File(PathBuf::from(path))
        } else {
            Self::Default
        }
    }
}

/// The cache time [`TTL_ENV`] sets, or [`DEFAULT_TTL`].
pub fn ttl_from_env() -> std::time::Duration {
    std::env::var(TTL_ENV)
        .ok()
        .and_then(|seconds| seconds.parse().ok())
        .map_or(DEFAULT_TTL, std::time::Duration::from_secs)
}

/// The policy in a file, read again at every fetch; its version is a digest of the text.
#[derive(Debug, Clone)]
pub struct FilePolicy {
    path: Option<PathBuf>,
}

impl FilePolicy {
    /// The file at `path`, or the built-in default for `None`.
    pub fn new(path: Option<PathBuf>) -> Self {
        Self { path }
    }
}

#[async_trait::async_trait]
impl crate::ports::PolicyStore for FilePolicy {
    async fn fetch(&self) -> Result<crate::ports::StoredPolicy, crate::ports::BoxError> {
        let text = match &self.path {
            Some(path) => std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.clone(),
                source,
            })?,
            None => String::new(),
        };
        let version = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            text.hash(&mut hasher);
            format!("{:016x}", hasher.finish())
        };
        Ok(crate::ports::StoredPolicy { text, version })
    }
}
