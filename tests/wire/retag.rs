//! `autotag retag`'s writes on the wire: ECR `TagResource` over existing values, throttling
//! retried by the SDK, a repository whose writes keep failing reported while the others are
//! written, and a dry run that calls nothing.

use std::collections::BTreeMap;

use async_trait::async_trait;
use autotag_core::audit::Observed;
use autotag_core::policy::TagPolicy;
use autotag_core::policy::tag_sets::retag_delta;
use autotag_core::retag::{Outcome, protected_keys};
use autotag_hub::aws;
use autotag_hub::estate::retag::{Writing, apply};
use autotag_hub::ports::{
    EnforceTarget, EnforcementActions, FailureKind, Observed as SeenNow, ResourceFailure,
};
use aws_sdk_ecr::operation::tag_resource::{TagResourceError, TagResourceOutput};
use aws_smithy_mocks::mock;
use aws_smithy_types::error::ErrorMetadata;

use crate::mocked;

/// Writes go to one mocked ECR client through the route's `overwrite`, as
/// `AwsEnforcementActions` sends them for a repository.
#[derive(Debug)]
struct Ecr(aws_sdk_ecr::Client);

#[async_trait]
impl EnforcementActions for Ecr {
    async fn set_tags(
        &self,
        target: &EnforceTarget,
        tags: &BTreeMap<String, String>,
    ) -> Result<(), ResourceFailure> {
        aws::ecr::overwrite(&self.0, &target.arn, tags).await
    }
    async fn remove_tags(&self, _: &EnforceTarget, _: &[String]) -> Result<(), ResourceFailure> {
        unreachable!("retag removes nothing")
    }
    async fn stop(&self, _: &EnforceTarget) -> Result<(), ResourceFailure> {
        unreachable!("retag stops nothing")
    }
    async fn terminate(&self, _: &EnforceTarget) -> Result<(), ResourceFailure> {
        unreachable!("retag terminates nothing")
    }
    async fn observe(&self, _: &EnforceTarget) -> Result<SeenNow, ResourceFailure> {
        unreachable!("retag works from the survey's listing")
    }
}

fn repository(name: &str, tags: &[(&str, &str)]) -> Observed {
    Observed {
        arn: format!("arn:aws:ecr:us-east-1:111111111111:repository/{name}"),
        account: "111111111111".to_owned(),
        region: "us-east-1".to_owned(),
        resource_type: "ecr:repository".to_owned(),
        tags: tags
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        created_at: None,
        found_by: "ecr:DescribeRepositories".to_owned(),
    }
}

fn throttled() -> TagResourceError {
    TagResourceError::generic(
        ErrorMetadata::builder()
            .code("ThrottlingException")
            .message("Rate exceeded")
            .build(),
    )
}

#[tokio::test]
async fn throttled_writes_are_retried_and_a_failing_repository_is_reported_while_the_rest_go_on() {
    let old = TagPolicy::from_toml(
        "[[tag_set]]\nresource_types = [\"ecr:repository\"]\ntags = { ManagedBy = \"ops\" }",
    )
    .unwrap();
    let new = TagPolicy::from_toml(
        "[[tag_set]]\nresource_types = [\"ecr:repository\"]\ntags = { ManagedBy = \"autotag\", Tier = \"\" }",
    )
    .unwrap();
    // `once` is throttled twice, then written: the SDK's standard retries absorb it. `never`
    // is throttled on every attempt. `fine` is written at once, the old value replaced.
    let once = mock!(aws_sdk_ecr::Client::tag_resource)
        .match_requests(|r| r.resource_arn().is_some_and(|a| a.ends_with("/once")))
        .sequence()
        .error(throttled)
        .times(2)
        .output(|| TagResourceOutput::builder().build())
        .build();
    let never = mock!(aws_sdk_ecr::Client::tag_resource)
        .match_requests(|r| r.resource_arn().is_some_and(|a| a.ends_with("/never")))
        .then_error(throttled);
    let fine = mock!(aws_sdk_ecr::Client::tag_resource)
        .match_requests(|r| {
            r.resource_arn().is_some_and(|a| a.ends_with("/fine"))
                && r.tags().len() == 2
                && r.tags()
                    .iter()
                    .any(|t| t.key() == "ManagedBy" && t.value() == "autotag")
        })
        .then_output(|| TagResourceOutput::builder().build());
    let client = mocked!(aws_sdk_ecr, &[&once, &never, &fine]);
    let actions = Ecr(client);

    let (delta, protected) = (retag_delta(&old, &new), protected_keys(&old, &new));
    let run = |dry_run: bool| {
        apply(
            vec![
                repository("once", &[]),
                repository("never", &[]),
                repository("fine", &[("ManagedBy", "ops")]),
            ],
            &delta,
            &protected,
            Writing {
                actions: &actions,
                dry_run,
                concurrency: 3,
                progress: &|_, _| {},
            },
        )
    };

    // A dry run counts all three as to be written and calls nothing.
    let dry = run(true).await;
    assert_eq!(dry.summary[0].updated, 3);
    assert_eq!(once.num_calls() + never.num_calls() + fine.num_calls(), 0);

    let report = run(false).await;

    assert_eq!(once.num_calls(), 3);
    assert!(never.num_calls() >= 2, "the SDK retries throttling");
    assert_eq!(fine.num_calls(), 1);
    let outcomes: Vec<(&str, Outcome)> = report
        .resources
        .iter()
        .map(|r| (r.arn.rsplit('/').next().unwrap(), r.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("fine", Outcome::Updated),
            ("never", Outcome::Failed),
            ("once", Outcome::Updated)
        ]
    );
    assert_eq!(report.failures.len(), 1);
    let failure = &report.failures[0];
    assert!(failure.arn.ends_with("/never"));
    assert_eq!(failure.operation, "ecr:TagResource");
    assert!(failure.error.contains("ThrottlingException"), "{failure:?}");
    assert!(!report.complete());
    let row = &report.summary[0];
    assert_eq!((row.updated, row.failed, row.tags_written), (2, 1, 4));
}

#[tokio::test]
async fn a_denied_write_keeps_its_kind_and_source() {
    let denied = mock!(aws_sdk_ecr::Client::tag_resource).then_error(|| {
        TagResourceError::generic(
            ErrorMetadata::builder()
                .code("AccessDeniedException")
                .message("not authorized to perform ecr:TagResource")
                .build(),
        )
    });
    let client = mocked!(aws_sdk_ecr, &[&denied]);
    let tags = BTreeMap::from([("Tier".to_owned(), String::new())]);
    let err = aws::ecr::overwrite(&client, "arn:aws:ecr:us-east-1:1:repository/x", &tags)
        .await
        .unwrap_err();
    assert_eq!(err.kind, FailureKind::Denied);
    assert_eq!(err.operation, "ecr:TagResource");
    assert!(err.to_string().contains("AccessDeniedException"), "{err}");
}
