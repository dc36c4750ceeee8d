//! Wire behaviour of the hub's AWS adapters, against `aws-smithy-mocks` rules (no network).

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a broken expectation should stop the test loudly"
)]

mod admission;
mod doctor;
mod images;
mod ledger;
mod notify;
mod overwrite;
mod retag;
mod routes;
mod sessions;
mod trail;

use aws_credential_types::Credentials;
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode};

/// An interceptor answering with the first matching rule.
pub(crate) fn interceptor(rules: &[&Rule]) -> MockResponseInterceptor {
    rules.iter().fold(
        MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny),
        |i, rule| i.with_rule(rule),
    )
}

/// Credentials for mocked clients (never sent anywhere).
pub(crate) fn credentials() -> Credentials {
    Credentials::new("AKIDTEST", "secret", None, None, "test")
}

/// A client of SDK crate `$krate` whose every call is answered by `$rules`.
#[macro_export]
macro_rules! mocked {
    ($krate:ident, $rules:expr) => {
        $krate::Client::from_conf(
            $krate::Config::builder()
                .behavior_version($krate::config::BehaviorVersion::latest())
                .region($krate::config::Region::new("us-east-1"))
                .credentials_provider($crate::credentials())
                .http_client(aws_smithy_mocks::create_mock_http_client())
                .interceptor($crate::interceptor($rules))
                .build(),
        )
    };
}
