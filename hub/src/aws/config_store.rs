//! The policy kept in SSM Parameter Store: read by the hub at cold start and when its cache
//! expires, written by `autotag config push`.
//!
//! The parameter is a `SecureString` (the policy holds the external id) under the account's
//! AWS managed key; a standard parameter holds 4 KB, an advanced one 8 KB
//! (<https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html>),
//! so a policy above 4 KB is pushed to the advanced tier.

use async_trait::async_trait;
use aws_sdk_ssm::types::{ParameterTier, ParameterType};

use super::{AwsOptions, load_sdk_config};
use crate::ports::{BoxError, PolicyStore, StoredPolicy};

/// The most a standard parameter holds.
pub const STANDARD_LIMIT: usize = 4096;
/// The most an advanced parameter holds.
pub const ADVANCED_LIMIT: usize = 8192;
/// Pages of `GetParameterHistory` read at most: its 100 versions take 2 of 50.
const MAX_HISTORY_PAGES: usize = 10;

/// Why the policy could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ParameterError {
    /// The SSM call failed.
    #[error("ssm `{action}` of parameter `{name}` failed")]
    Call {
        /// The action, e.g. `GetParameter`.
        action: &'static str,
        /// The parameter.
        name: String,
        /// The SDK's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The parameter has no value.
    #[error("parameter `{name}` has no value")]
    Empty {
        /// The parameter.
        name: String,
    },
    /// `GetParameterHistory` kept returning pages past what a history holds.
    #[error(
        "ssm `GetParameterHistory` of parameter `{name}` returned more than {MAX_HISTORY_PAGES} pages"
    )]
    Unbounded {
        /// The parameter.
        name: String,
    },
    /// The policy is larger than a parameter holds.
    #[error("the policy is {size} bytes; a parameter holds at most {ADVANCED_LIMIT}")]
    TooLarge {
        /// Its size.
        size: usize,
    },
}

/// The policy's parameter.
#[derive(Debug, Clone)]
pub struct ParameterPolicy {
    client: aws_sdk_ssm::Client,
    name: String,
}

impl ParameterPolicy {
    /// The parameter `name`, reached with `options`.
    pub async fn connect(options: &AwsOptions, name: impl Into<String>) -> Self {
        Self::new(
            aws_sdk_ssm::Client::new(&load_sdk_config(options).await),
            name,
        )
    }

    /// The parameter `name`, reached with `client`.
    pub fn new(client: aws_sdk_ssm::Client, name: impl Into<String>) -> Self {
        Self {
            client,
            name: name.into(),
        }
    }

    /// The parameter's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Reads the current version.
    pub async fn read(&self) -> Result<StoredPolicy, ParameterError> {
        let output = self
            .client
            .get_parameter()
            .name(&self.name)
            .with_decryption(true)
            .send()
            .await
            .map_err(|err| self.failed("GetParameter", err))?;
        let parameter = output.parameter().ok_or_else(|| ParameterError::Empty {
            name: self.name.clone(),
        })?;
        let text = parameter.value().ok_or_else(|| ParameterError::Empty {
            name: self.name.clone(),
        })?;
        Ok(StoredPolicy {
            text: text.to_owned(),
            version: parameter.version().to_string(),
        })
    }

    /// Reads version `version` (the policy before a change, for `autotag retag`). GetParameter
    /// takes a version selector, `name:version`
    /// (<https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html>).
    pub async fn read_version(&self, version: u64) -> Result<StoredPolicy, ParameterError> {
        let output = self
            .client
            .get_parameter()
            .name(format!("{}:{version}", self.name))
            .with_decryption(true)
            .send()
            .await
            .map_err(|err| self.failed("GetParameter", err))?;
        let text =
            output
                .parameter()
                .and_then(|p| p.value())
                .ok_or_else(|| ParameterError::Empty {
                    name: format!("{}:{version}", self.name),
                })?;
        Ok(StoredPolicy {
            text: text.to_owned(),
            version: version.to_string(),
        })
    }

    /// Every version the parameter's history holds (the last 100), oldest first, with its
    /// text decrypted: what a retag run by the hub compares, read from Parameter Store rather
    /// than from the change event, which names no version. `GetParameterHistory` pages at most
    /// 50 versions a call
    /// (<https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameterHistory.html>).
    pub async fn history(&self) -> Result<Vec<(u64, String)>, ParameterError> {
        let mut versions = Vec::new();
        let mut token = None;
        // The history holds at most 100 versions; a service that keeps answering with a next
        // token is not followed past this.
        for _ in 0..MAX_HISTORY_PAGES {
            let page = self
                .client
                .get_parameter_history()
                .name(&self.name)
                .with_decryption(true)
                .max_results(50)
                .set_next_token(token)
                .send()
                .await
                .map_err(|err| self.failed("GetParameterHistory", err))?;
            for parameter in page.parameters() {
                let version = u64::try_from(parameter.version()).unwrap_or_default();
                if let (Some(text), true) = (parameter.value(), version > 0) {
                    versions.push((version, text.to_owned()));
                }
            }
            match page.next_token {
                Some(next) if !next.is_empty() => token = Some(next),
                _ => {
                    versions.sort_by_key(|(version, _)| *version);
                    return Ok(versions);
                }
            }
        }
        Err(ParameterError::Unbounded {
            name: self.name.clone(),
        })
    }

    /// Writes `text` as a new version (the caller has validated it) and returns the version.
    pub async fn write(&self, text: &str) -> Result<String, ParameterError> {
        let size = text.len();
        let tier = if size <= STANDARD_LIMIT {
            ParameterTier::Standard
        } else if size <= ADVANCED_LIMIT {
            ParameterTier::Advanced
        } else {
            return Err(ParameterError::TooLarge { size });
        };
        let output = self
            .client
            .put_parameter()
            .name(&self.name)
            .description("autotag policy (written by `autotag config push`)")
            .value(text)
            .r#type(ParameterType::SecureString)
            .tier(tier)
            .overwrite(true)
            .send()
            .await
            .map_err(|err| self.failed("PutParameter", err))?;
        Ok(output.version().to_string())
    }

    fn failed(
        &self,
        action: &'static str,
        err: impl std::error::Error + Send + Sync + 'static,
    ) -> ParameterError {
        ParameterError::Call {
            action,
            name: self.name.clone(),
            source: Box::new(err),
        }
    }
}

#[async_trait]
impl PolicyStore for ParameterPolicy {
    async fn fetch(&self) -> Result<StoredPolicy, BoxError> {
        Ok(self.read().await?)
    }
}
