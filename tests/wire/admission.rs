//! The admission webhook's ECR reads under throttling: the answer comes within the webhook's
//! deadline, whatever the SDK's retries would take, and it is the `[admission]` setting's
//! (fail closed by default, fail open when set), never a hang.

use std::sync::Arc;
use std::time::{Duration, Instant};

use autotag_core::arn::{AccountId, Region};
use autotag_core::policy::TagPolicy;
use autotag_hub::aws::admission::EcrRepositoryFacts;
use autotag_hub::webhook::{Webhook, facts::CachedFacts};
use aws_sdk_ecr::operation::describe_repositories::{
    DescribeRepositoriesError, DescribeRepositoriesOutput,
};
use aws_sdk_ecr::operation::list_tags_for_resource::ListTagsForResourceOutput;
use aws_sdk_ecr::types::{ImageScanningConfiguration, ImageTagMutability, Repository, Tag};
use aws_smithy_mocks::{Rule, mock};
use aws_smithy_types::error::ErrorMetadata;
use aws_smithy_types::retry::RetryConfig;
use serde_json::Value;

const ACCOUNT: &str = "111122223333";

/// An ECR client answering with `rules`, trying each call `attempts` times.
fn ecr(rules: &[&Rule], attempts: u32) -> aws_sdk_ecr::Client {
    aws_sdk_ecr::Client::from_conf(
        aws_sdk_ecr::Config::builder()
            .behavior_version(aws_sdk_ecr::config::BehaviorVersion::latest())
            .region(aws_sdk_ecr::config::Region::new("eu-west-1"))
            .credentials_provider(crate::credentials())
            .retry_config(RetryConfig::standard().with_max_attempts(attempts))
            .http_client(aws_smithy_mocks::create_mock_http_client())
            .interceptor(crate::interceptor(rules))
            .build(),
    )
}

fn throttled() -> Rule {
    mock!(aws_sdk_ecr::Client::describe_repositories).then_error(|| {
        DescribeRepositoriesError::generic(
            ErrorMetadata::builder()
                .code("ThrottlingException")
                .message("Rate exceeded")
                .build(),
        )
    })
}

fn webhook(policy: &str, ecr: aws_sdk_ecr::Client, deadline: Duration) -> Webhook {
    let policy = TagPolicy::from_toml(policy).unwrap();
    let facts = EcrRepositoryFacts::new(
        aws_config::SdkConfig::builder().build(),
        Some(AccountId::parse(ACCOUNT).unwrap()),
        None,
        "owner",
        Duration::from_secs(60),
    )
    .with_own_client(Region::parse("eu-west-1").unwrap(), ecr);
    Webhook::new(
        policy.admission,
        Arc::new(CachedFacts::new(Arc::new(facts), Duration::from_secs(60))),
        deadline,
        "wire",
    )
}

/// pod-digests.json: `team/web` twice (tag and digest) and `registry.k8s.io/pause`, allowed.
fn review() -> Vec<u8> {
    std::fs::read(format!(
        "{}/../core/tests/admission_reviews/pod-digests.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

const ALLOW_PAUSE: &str = "[admission]\nallowed_registries = [\"registry.k8s.io\"]\n";

async fn answer(webhook: &Webhook) -> (Duration, Value) {
    let started = Instant::now();
    let answer = webhook.answer(&review()).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let body: Value = serde_json::from_str(&answer.body).unwrap();
    (started.elapsed(), body["response"].clone())
}

#[tokio::test]
async fn retries_longer_than_the_deadline_are_cut_short_fail_closed() {
    // Throttling backs off up to 1 s, then 2 s, 4 s… per attempt (jittered); fifty attempts
    // would take minutes. Within 3 s the SDK has tried at least twice.
    let rule = throttled();
    let webhook = webhook(ALLOW_PAUSE, ecr(&[&rule], 50), Duration::from_secs(3));
    let (took, response) = answer(&webhook).await;
    assert!(took < Duration::from_secs(4), "{took:?}");
    assert!(
        rule.num_calls() >= 2,
        "the SDK was retrying: {}",
        rule.num_calls()
    );
    assert_eq!(response["allowed"], false, "{response}");
    let message = response["status"]["message"].as_str().unwrap();
    assert!(
        message.contains("repository `team/web` could not be read (not read within 3000 ms), and the webhook fails closed"),
        "{message}"
    );
    assert_eq!(
        response["auditAnnotations"]["violations"],
        "facts_unavailable"
    );
}

#[tokio::test]
async fn a_throttled_read_is_denied_or_admitted_with_a_warning_as_set() {
    let rule = throttled();
    let closed = webhook(ALLOW_PAUSE, ecr(&[&rule], 1), Duration::from_secs(8));
    let (took, response) = answer(&closed).await;
    assert!(took < Duration::from_secs(2), "{took:?}");
    assert_eq!(response["allowed"], false);
    let message = response["status"]["message"].as_str().unwrap();
    assert!(
        message.contains(
            "`ecr:DescribeRepositories` on `team/web` failed (throttled: `ThrottlingException`)"
        ),
        "{message}"
    );
    let open = webhook(
        &format!("{ALLOW_PAUSE}on_lookup_failure = \"allow\""),
        ecr(&[&rule], 1),
        Duration::from_secs(8),
    );
    let (_, response) = answer(&open).await;
    assert_eq!(response["allowed"], true, "{response}");
    let warning = response["warnings"][0].as_str().unwrap();
    assert!(warning.contains("was admitted unchecked"), "{warning}");
    assert!(warning.contains("throttled"), "{warning}");
    // A failed read is not cached: the next review asks again.
    let calls = rule.num_calls();
    answer(&open).await;
    assert_eq!(rule.num_calls(), calls + 1);
}

#[tokio::test]
async fn a_repository_read_once_is_served_from_the_cache() {
    let describe = mock!(aws_sdk_ecr::Client::describe_repositories)
        .match_requests(|req| {
            req.registry_id() == Some(ACCOUNT) && req.repository_names() == ["team/web"]
        })
        .then_output(|| {
            DescribeRepositoriesOutput::builder()
                .repositories(
                    Repository::builder()
                        .repository_name("team/web")
                        .repository_arn(format!(
                            "arn:aws:ecr:eu-west-1:{ACCOUNT}:repository/team/web"
                        ))
                        .image_tag_mutability(ImageTagMutability::ImmutableWithExclusion)
                        .image_scanning_configuration(
                            ImageScanningConfiguration::builder()
                                .scan_on_push(true)
                                .build(),
                        )
                        .build(),
                )
                .build()
        });
    let tags = mock!(aws_sdk_ecr::Client::list_tags_for_resource).then_output(|| {
        ListTagsForResourceOutput::builder()
            .tags(Tag::builder().key("owner").value("alice").build().unwrap())
            .build()
    });
    let webhook = webhook(
        ALLOW_PAUSE,
        ecr(&[&describe, &tags], 1),
        Duration::from_secs(8),
    );
    let (_, response) = answer(&webhook).await;
    // IMMUTABLE_WITH_EXCLUSION counts as mutable: excluded tags can be moved.
    assert_eq!(response["allowed"], false);
    assert_eq!(response["auditAnnotations"]["violations"], "mutable_tags");
    answer(&webhook).await;
    assert_eq!((describe.num_calls(), tags.num_calls()), (1, 1));
}
