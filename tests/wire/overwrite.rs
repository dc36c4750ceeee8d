//! Writing tag values over existing ones on the native routes (`autotag retag`, enforcement
//! marks): which call each route makes, on which target, with which values; Auto Scaling's
//! propagate-at-launch kept; a refused write keeps its operation and kind.

use std::collections::BTreeMap;

use autotag_hub::aws;
use autotag_hub::ports::FailureKind;
use aws_smithy_mocks::mock;
use aws_smithy_types::error::ErrorMetadata;

use crate::mocked;

fn tags() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("CostCenter".to_owned(), "cc-200".to_owned()),
        ("ManagedBy".to_owned(), "platform".to_owned()),
    ])
}

fn pairs<'a>(tags: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> =
        tags.map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    pairs.sort();
    pairs
}

fn expected() -> Vec<(String, String)> {
    tags().into_iter().collect()
}

#[tokio::test]
async fn arn_routes_write_every_value_in_one_tag_resource_call() {
    let cluster = "arn:aws:dax:us-east-1:222222222222:cache/daxcluster";
    let dax = mock!(aws_sdk_dax::Client::tag_resource)
        .match_requests(move |req| {
            req.resource_name() == Some(cluster)
                && pairs(
                    req.tags()
                        .iter()
                        .map(|t| (t.key().unwrap_or(""), t.value().unwrap_or(""))),
                ) == expected()
        })
        .then_output(|| aws_sdk_dax::operation::tag_resource::TagResourceOutput::builder().build());
    let client = mocked!(aws_sdk_dax, &[&dax]);
    aws::dax::overwrite(&client, cluster, &tags())
        .await
        .unwrap();
    assert_eq!(dax.num_calls(), 1);

    let profile = "arn:aws:rolesanywhere:us-east-1:222222222222:profile/ac4e09d1";
    let roles_anywhere = mock!(aws_sdk_rolesanywhere::Client::tag_resource)
        .match_requests(move |req| {
            req.resource_arn() == Some(profile)
                && pairs(req.tags().iter().map(|t| (t.key(), t.value()))) == expected()
        })
        .then_output(|| {
            aws_sdk_rolesanywhere::operation::tag_resource::TagResourceOutput::builder().build()
        });
    let client = mocked!(aws_sdk_rolesanywhere, &[&roles_anywhere]);
    aws::rolesanywhere::overwrite(&client, profile, &tags())
        .await
        .unwrap();
    assert_eq!(roles_anywhere.num_calls(), 1);

    let namespace = "arn:aws:servicediscovery:us-east-1:222222222222:namespace/ns-abc";
    let cloud_map = mock!(aws_sdk_servicediscovery::Client::tag_resource)
        .match_requests(move |req| {
            req.resource_arn() == Some(namespace)
                && pairs(req.tags().iter().map(|t| (t.key(), t.value()))) == expected()
        })
        .then_output(|| {
            aws_sdk_servicediscovery::operation::tag_resource::TagResourceOutput::builder().build()
        });
    let client = mocked!(aws_sdk_servicediscovery, &[&cloud_map]);
    aws::cloudmap::overwrite(&client, namespace, &tags())
        .await
        .unwrap();
    assert_eq!(cloud_map.num_calls(), 1);

    let dashboard = "arn:aws:cloudwatch::222222222222:dashboard/orders";
    let cloudwatch = mock!(aws_sdk_cloudwatch::Client::tag_resource)
        .match_requests(move |req| {
            req.resource_arn() == Some(dashboard)
                && pairs(
                    req.tags()
                        .iter()
                        .map(|t| (t.key().unwrap_or(""), t.value().unwrap_or(""))),
                ) == expected()
        })
        .then_output(|| {
            aws_sdk_cloudwatch::operation::tag_resource::TagResourceOutput::builder().build()
        });
    let client = mocked!(aws_sdk_cloudwatch, &[&cloudwatch]);
    aws::cloudwatch::overwrite(&client, dashboard, &tags())
        .await
        .unwrap();
    assert_eq!(cloudwatch.num_calls(), 1);

    let key = "arn:aws:apigateway:us-east-1::/apikeys/vxd2mzs5ef";
    let api_gateway = mock!(aws_sdk_apigateway::Client::tag_resource)
        .match_requests(move |req| {
            req.resource_arn() == Some(key)
                && req.tags().is_some_and(|t| {
                    pairs(t.iter().map(|(k, v)| (k.as_str(), v.as_str()))) == expected()
                })
        })
        .then_output(|| {
            aws_sdk_apigateway::operation::tag_resource::TagResourceOutput::builder().build()
        });
    let client = mocked!(aws_sdk_apigateway, &[&api_gateway]);
    aws::apigateway::overwrite(&client, key, &tags())
        .await
        .unwrap();
    assert_eq!(api_gateway.num_calls(), 1);
}

#[tokio::test]
async fn organizations_writes_by_the_id_and_a_refusal_keeps_its_operation() {
    use aws_sdk_organizations::operation::tag_resource::{TagResourceError, TagResourceOutput};
    let account = "arn:aws:organizations::111111111111:account/o-abc123/222222222222";
    let tagged = mock!(aws_sdk_organizations::Client::tag_resource)
        .match_requests(|req| {
            req.resource_id() == Some("222222222222")
                && pairs(req.tags().iter().map(|t| (t.key(), t.value()))) == expected()
        })
        .then_output(|| TagResourceOutput::builder().build());
    let client = mocked!(aws_sdk_organizations, &[&tagged]);
    aws::organizations::overwrite(&client, account, &tags())
        .await
        .unwrap();
    assert_eq!(tagged.num_calls(), 1);

    let denied = mock!(aws_sdk_organizations::Client::tag_resource).then_error(|| {
        TagResourceError::generic(
            ErrorMetadata::builder()
                .code("AccessDeniedException")
                .build(),
        )
    });
    let client = mocked!(aws_sdk_organizations, &[&denied]);
    let failure = aws::organizations::overwrite(&client, account, &tags())
        .await
        .unwrap_err();
    assert_eq!(failure.arn, account);
    assert_eq!(failure.operation, "organizations:TagResource");
    assert_eq!(failure.kind, FailureKind::Denied);
}

#[tokio::test]
async fn auto_scaling_keeps_each_keys_propagate_at_launch() {
    use aws_sdk_autoscaling::operation::create_or_update_tags::CreateOrUpdateTagsOutput;
    use aws_sdk_autoscaling::operation::describe_tags::DescribeTagsOutput;
    use aws_sdk_autoscaling::types::TagDescription;
    let group =
        "arn:aws:autoscaling:us-east-1:222222222222:autoScalingGroup:uuid:autoScalingGroupName/web";
    let described = mock!(aws_sdk_autoscaling::Client::describe_tags).then_output(|| {
        DescribeTagsOutput::builder()
            .tags(
                TagDescription::builder()
                    .resource_id("web")
                    .resource_type("auto-scaling-group")
                    .key("CostCenter")
                    .value("cc-100")
                    .propagate_at_launch(true)
                    .build(),
            )
            .build()
    });
    let written = mock!(aws_sdk_autoscaling::Client::create_or_update_tags)
        .match_requests(|req| {
            let mut seen: Vec<(String, String, String, bool)> = req
                .tags()
                .iter()
                .map(|t| {
                    (
                        t.resource_id().unwrap_or("").to_owned(),
                        t.key().unwrap_or("").to_owned(),
                        t.value().unwrap_or("").to_owned(),
                        t.propagate_at_launch().unwrap_or(false),
                    )
                })
                .collect();
            seen.sort();
            seen == [
                (
                    "web".to_owned(),
                    "CostCenter".to_owned(),
                    "cc-200".to_owned(),
                    true,
                ),
                (
                    "web".to_owned(),
                    "ManagedBy".to_owned(),
                    "platform".to_owned(),
                    false,
                ),
            ]
        })
        .then_output(|| CreateOrUpdateTagsOutput::builder().build());
    let client = mocked!(aws_sdk_autoscaling, &[&described, &written]);
    aws::autoscaling::overwrite(&client, group, &tags())
        .await
        .unwrap();
    assert_eq!(written.num_calls(), 1);
}

#[tokio::test]
async fn a_value_aws_would_refuse_fails_before_the_call() {
    let cluster = "arn:aws:dax:us-east-1:222222222222:cache/daxcluster";
    let never = mock!(aws_sdk_dax::Client::tag_resource)
        .then_output(|| aws_sdk_dax::operation::tag_resource::TagResourceOutput::builder().build());
    let client = mocked!(aws_sdk_dax, &[&never]);
    let bad = BTreeMap::from([("Team".to_owned(), "a<b".to_owned())]);
    let failure = aws::dax::overwrite(&client, cluster, &bad)
        .await
        .unwrap_err();
    assert_eq!(failure.operation, "dax:TagResource");
    assert_eq!(failure.kind, FailureKind::Other);
    assert_eq!(
        failure.source.to_string(),
        "the value of tag `Team` is not a valid AWS tag value"
    );
    assert_eq!(never.num_calls(), 0);
}

#[tokio::test]
async fn marks_are_removed_by_each_routes_untag_call() {
    let keys = vec!["autotag:enforce:cost".to_owned()];
    let wanted = keys.clone();
    let repository = "arn:aws:ecr:us-east-1:222222222222:repository/app";
    let ecr = mock!(aws_sdk_ecr::Client::untag_resource)
        .match_requests(move |req| {
            req.resource_arn() == Some(repository) && req.tag_keys() == wanted.as_slice()
        })
        .then_output(|| {
            aws_sdk_ecr::operation::untag_resource::UntagResourceOutput::builder().build()
        });
    let client = mocked!(aws_sdk_ecr, &[&ecr]);
    aws::ecr::untag(&client, repository, &keys).await.unwrap();
    assert_eq!(ecr.num_calls(), 1);

    let account = "arn:aws:organizations::111111111111:account/o-abc123/222222222222";
    let organizations = mock!(aws_sdk_organizations::Client::untag_resource)
        .match_requests(|req| req.resource_id() == Some("222222222222"))
        .then_output(|| {
            aws_sdk_organizations::operation::untag_resource::UntagResourceOutput::builder().build()
        });
    let client = mocked!(aws_sdk_organizations, &[&organizations]);
    aws::organizations::untag(&client, account, &keys)
        .await
        .unwrap();
    assert_eq!(organizations.num_calls(), 1);

    let group =
        "arn:aws:autoscaling:us-east-1:222222222222:autoScalingGroup:uuid:autoScalingGroupName/web";
    let autoscaling = mock!(aws_sdk_autoscaling::Client::delete_tags)
        .match_requests(|req| {
            req.tags().len() == 1
                && req.tags()[0].resource_id() == Some("web")
                && req.tags()[0].key() == Some("autotag:enforce:cost")
        })
        .then_output(|| {
            aws_sdk_autoscaling::operation::delete_tags::DeleteTagsOutput::builder().build()
        });
    let client = mocked!(aws_sdk_autoscaling, &[&autoscaling]);
    aws::autoscaling::untag(&client, group, &keys)
        .await
        .unwrap();
    assert_eq!(autoscaling.num_calls(), 1);

    // A refusal names the IAM action a policy grants (`apigateway:DELETE`), not the API's name.
    let key = "arn:aws:apigateway:us-east-1::/apikeys/vxd2mzs5ef";
    let denied = mock!(aws_sdk_apigateway::Client::untag_resource).then_error(|| {
        aws_sdk_apigateway::operation::untag_resource::UntagResourceError::generic(
            ErrorMetadata::builder()
                .code("AccessDeniedException")
                .build(),
        )
    });
    let client = mocked!(aws_sdk_apigateway, &[&denied]);
    let failure = aws::apigateway::untag(&client, key, &keys)
        .await
        .unwrap_err();
    assert_eq!(failure.operation, "apigateway:DELETE");
    assert_eq!(failure.kind, FailureKind::Denied);
}
