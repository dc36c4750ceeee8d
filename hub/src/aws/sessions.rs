//! Spoke sessions: credentials of the auto-tag role in each spoke account, and clients per
//! (account, region) built once and reused.
//!
//! One `sts:AssumeRole` per account per credential lifetime, whatever the number of regions or
//! events: credentials are cached per account and refreshed five minutes before they expire.
//! An account outside the policy's scope is refused before any call is made.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use autotag_core::arn::{AccountId, Region};
use autotag_core::policy::{AccountScope, TagPolicy};
use aws_config::SdkConfig;
use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider, future};

use crate::clock;

/// Credentials are renewed when they have less than this left.
const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);
/// The session name the spokes' CloudTrail shows for autotag's calls.
const SESSION_NAME: &str = "autotag";

/// Why no session could be had for an account.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The account is not in the policy's scope; autotag never assumes into it.
    #[error("account `{account}` is not in the allow-list; not assuming into it")]
    OutOfScope {
        /// The account.
        account: AccountId,
    },
    /// The policy has no external id, which the spoke role's trust policy requires.
    #[error("config field `spoke.external_id` is required to assume spoke roles")]
    NoExternalId,
}

/// Clients acting as the auto-tag role in one spoke account and region.
#[derive(Debug, Clone)]
pub struct SpokeClients {
    /// EC2.
    pub ec2: aws_sdk_ec2::Client,
    /// S3.
    pub s3: aws_sdk_s3::Client,
    /// IAM.
    pub iam: aws_sdk_iam::Client,
    /// ECR.
    pub ecr: aws_sdk_ecr::Client,
    /// The Resource Groups Tagging API.
    pub tagging: aws_sdk_resourcegroupstagging::Client,
}

/// Sessions in spoke accounts, cached.
#[derive(Debug)]
pub struct SpokeSessions {
    base: SdkConfig,
    sts: aws_sdk_sts::Client,
    role_name: String,
    external_id: String,
    scope: AccountScope,
    credentials: Mutex<HashMap<AccountId, SharedCredentialsProvider>>,
    clients: Mutex<HashMap<(AccountId, Region), Arc<SpokeClients>>>,
}

impl SpokeSessions {
    /// Sessions built on the hub's `base` config, assuming with `sts`, as `policy` says.
    pub fn new(
        base: SdkConfig,
        sts: aws_sdk_sts::Client,
        policy: &TagPolicy,
    ) -> Result<Self, SessionError> {
        let external_id = policy
            .external_id
            .clone()
            .ok_or(SessionError::NoExternalId)?;
        Ok(Self {
            base,
            sts,
            role_name: policy.role_name.clone(),
            external_id,
            scope: policy.scope.clone(),
            credentials: Mutex::default(),
            clients: Mutex::default(),
        })
    }

    /// The auto-tag role's credentials provider for `account`, shared by all its regions.
    pub fn credentials(
        &self,
        account: &AccountId,
        partition: &str,
    ) -> Result<SharedCredentialsProvider, SessionError> {
        if !self.scope.contains(account) {
            return Err(SessionError::OutOfScope {
                account: account.clone(),
            });
        }
        let mut providers = self
            .credentials
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let provider = providers.entry(account.clone()).or_insert_with(|| {
            SharedCredentialsProvider::new(AssumedRole {
                sts: self.sts.clone(),
                role_arn: format!("arn:{partition}:iam::{account}:role/{}", self.role_name),
                external_id: self.external_id.clone(),
                cached: tokio::sync::Mutex::new(None),
            })
        });
        Ok(provider.clone())
    }

    /// Clients for `account` in `region`, built on first use.
    pub fn clients(
        &self,
        account: &AccountId,
        region: &Region,
        partition: &str,
    ) -> Result<Arc<SpokeClients>, SessionError> {
        let credentials = self.credentials(account, partition)?;
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = clients
            .entry((account.clone(), region.clone()))
            .or_insert_with(|| {
                let config = self
                    .base
                    .to_builder()
                    .region(aws_config::Region::new(region.as_str().to_owned()))
                    .credentials_provider(credentials)
                    .build();
                // A custom endpoint is an emulator, which serves buckets by path, not by host name.
                let s3_config = aws_sdk_s3::config::Builder::from(&config)
                    .force_path_style(config.endpoint_url().is_some())
                    .build();
                Arc::new(SpokeClients {
                    ec2: aws_sdk_ec2::Client::new(&config),
                    s3: aws_sdk_s3::Client::from_conf(s3_config),
                    iam: aws_sdk_iam::Client::new(&config),
                    ecr: aws_sdk_ecr::Client::new(&config),
                    tagging: aws_sdk_resourcegroupstagging::Client::new(&config),
                })
            });
        Ok(entry.clone())
    }
}

/// Credentials of a role, assumed with an external id and cached until near expiry.
#[derive(Debug)]
struct AssumedRole {
    sts: aws_sdk_sts::Client,
    role_arn: String,
    external_id: String,
    cached: tokio::sync::Mutex<Option<Credentials>>,
}

impl AssumedRole {
    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let mut cached = self.cached.lock().await;
        let now = SystemTime::from(clock::now());
        if let Some(credentials) = cached.as_ref() {
            let fresh = credentials
                .expiry()
                .is_none_or(|expiry| expiry > now + REFRESH_MARGIN);
            if fresh {
                return Ok(credentials.clone());
            }
        }
        let output = self
            .sts
            .assume_role()
            .role_arn(&self.role_arn)
            .role_session_name(SESSION_NAME)
            .external_id(&self.external_id)
            .send()
            .await
            .map_err(CredentialsError::provider_error)?;
        let issued = output.credentials().ok_or_else(|| {
            CredentialsError::unhandled(format!(
                "AssumeRole into `{}` returned no credentials",
                self.role_arn
            ))
        })?;
        let expiry =
            SystemTime::try_from(*issued.expiration()).map_err(CredentialsError::unhandled)?;
        let credentials = Credentials::new(
            issued.access_key_id(),
            issued.secret_access_key(),
            Some(issued.session_token().to_owned()),
            Some(expiry),
            "autotag-assume-role",
        );
        *cached = Some(credentials.clone());
        Ok(credentials)
    }
}

impl ProvideCredentials for AssumedRole {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::test_support::mocked;
    use aws_sdk_sts::operation::assume_role::AssumeRoleOutput;
    use aws_smithy_mocks::mock;

    fn policy(scope: &str) -> TagPolicy {
        TagPolicy::from_toml(&format!(
            "[scope]\naccounts = {scope}\n[spoke]\nexternal_id = \"ext-1\""
        ))
        .unwrap()
    }

    fn issued(hours: i64) -> aws_sdk_sts::types::Credentials {
        let expiry = clock::now() + time::Duration::hours(hours);
        aws_sdk_sts::types::Credentials::builder()
            .access_key_id("ASIATEST")
            .secret_access_key("secret")
            .session_token("token")
            .expiration(aws_smithy_types::DateTime::from_secs(
                expiry.unix_timestamp(),
            ))
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn one_assume_role_per_account_across_regions_and_events() {
        let assume = mock!(aws_sdk_sts::Client::assume_role)
            .match_requests(|req| {
                req.role_arn() == Some("arn:aws:iam::222222222222:role/autotag")
                    && req.external_id() == Some("ext-1")
                    && req.role_session_name() == Some("autotag")
            })
            .then_output(|| AssumeRoleOutput::builder().credentials(issued(1)).build());
        let sts = mocked!(aws_sdk_sts, &[&assume]);
        let base = aws_config::SdkConfig::builder().build();
        let sessions = SpokeSessions::new(base, sts, &policy("[\"222222222222\"]")).unwrap();
        let account = AccountId::parse("222222222222").unwrap();
        for region in ["us-east-1", "eu-west-1", "us-east-1"] {
            sessions
                .clients(&account, &Region::parse(region).unwrap(), "aws")
                .unwrap();
            let provider = sessions.credentials(&account, "aws").unwrap();
            let credentials = provider.provide_credentials().await.unwrap();
            assert_eq!(credentials.access_key_id(), "ASIATEST");
        }
        assert_eq!(assume.num_calls(), 1);
    }

    #[tokio::test]
    async fn credentials_near_expiry_are_renewed() {
        let assume = mock!(aws_sdk_sts::Client::assume_role)
            .then_output(|| AssumeRoleOutput::builder().credentials(issued(0)).build());
        let sts = mocked!(aws_sdk_sts, &[&assume]);
        let sessions = SpokeSessions::new(
            aws_config::SdkConfig::builder().build(),
            sts,
            &policy("[\"*\"]"),
        )
        .unwrap();
        let provider = sessions
            .credentials(&AccountId::parse("333333333333").unwrap(), "aws")
            .unwrap();
        provider.provide_credentials().await.unwrap();
        provider.provide_credentials().await.unwrap();
        assert_eq!(assume.num_calls(), 2);
    }

    #[test]
    fn accounts_outside_the_allow_list_are_never_assumed_into() {
        let assume = mock!(aws_sdk_sts::Client::assume_role)
            .then_output(|| AssumeRoleOutput::builder().build());
        let sts = mocked!(aws_sdk_sts, &[&assume]);
        let sessions = SpokeSessions::new(
            aws_config::SdkConfig::builder().build(),
            sts,
            &policy("[\"222222222222\"]"),
        )
        .unwrap();
        let err = sessions
            .credentials(&AccountId::parse("444444444444").unwrap(), "aws")
            .unwrap_err();
        assert!(matches!(err, SessionError::OutOfScope { .. }));
        assert_eq!(assume.num_calls(), 0);
    }

    #[test]
    fn an_external_id_is_required() {
        let sts = mocked!(aws_sdk_sts, &[]);
        let policy = TagPolicy::default();
        assert!(matches!(
            SpokeSessions::new(aws_config::SdkConfig::builder().build(), sts, &policy),
            Err(SessionError::NoExternalId)
        ));
    }
}
