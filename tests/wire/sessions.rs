//! Spoke sessions: one AssumeRole per account whatever the regions, renewal near expiry, and
//! no call at all for accounts outside the allow-list.

use autotag_core::arn::{AccountId, Region};
use autotag_core::policy::TagPolicy;
use autotag_hub::aws::sessions::{SessionError, SpokeSessions};
use autotag_hub::clock;
use aws_credential_types::provider::ProvideCredentials;

use crate::mocked;
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
    let assume =
        mock!(aws_sdk_sts::Client::assume_role).then_output(|| AssumeRoleOutput::builder().build());
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

/// The session cache keeps at most its capacity, drops the least recently used account first,
/// and an account dropped and needed again gets its own role, not another account's.
#[tokio::test]
async fn the_session_cache_is_bounded_and_serves_the_right_accounts() {
    let assumed = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let record = assumed.clone();
    let assume = mock!(aws_sdk_sts::Client::assume_role)
        .match_requests(move |req| {
            record
                .lock()
                .unwrap()
                .push(req.role_arn().unwrap_or_default().to_owned());
            true
        })
        .then_output(|| AssumeRoleOutput::builder().credentials(issued(1)).build());
    let sts = mocked!(aws_sdk_sts, &[&assume]);
    let sessions = SpokeSessions::new(
        aws_config::SdkConfig::builder().build(),
        sts,
        &policy("[\"*\"]"),
    )
    .unwrap()
    .with_capacity(2);
    let region = Region::parse("us-east-1").unwrap();
    // `a` is used again before `c` arrives, so `b` is the one dropped; then `b` comes back.
    for account in [
        "111111111111",
        "222222222222",
        "111111111111",
        "333333333333",
        "222222222222",
    ] {
        let account = AccountId::parse(account).unwrap();
        sessions.clients(&account, &region, "aws").unwrap();
        let provider = sessions.credentials(&account, "aws").unwrap();
        provider.provide_credentials().await.unwrap();
        let (credentials, clients) = sessions.cached();
        assert!(credentials <= 2 && clients <= 2, "{credentials} {clients}");
    }
    let role = |account: &str| format!("arn:aws:iam::{account}:role/autotag");
    assert_eq!(
        *assumed.lock().unwrap(),
        [
            role("111111111111"),
            role("222222222222"),
            role("333333333333"),
            role("222222222222")
        ]
    );
}
