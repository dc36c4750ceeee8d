//! A pushed image's config blob on the wire: `BatchGetImage` for the manifest, then
//! `GetDownloadUrlForLayer` for its config digest, then a GET of the URL (served here by a
//! local HTTP server, as moto cannot: its `GetDownloadUrlForLayer` is not implemented). Then
//! the labels are compared with the repository's tags by core. Last, the hub's processor over
//! these calls: throttling the SDK rides out, and throttling that persists past its attempts,
//! which leaves the push's queue message to be delivered again (issue 17, "nothing lost").

use autotag_core::arn::{AccountId, Region};
use autotag_core::ecr::labels::{compare, parse_labels};
use autotag_core::ecr::push::ImagePush;
use autotag_core::policy::TagPolicy;
use autotag_hub::aws::images::{blob_client, config_blob};
use autotag_hub::ports::FailureKind;
use aws_sdk_ecr::operation::batch_get_image::BatchGetImageOutput;
use aws_sdk_ecr::operation::get_download_url_for_layer::{
    GetDownloadUrlForLayerError, GetDownloadUrlForLayerOutput,
};
use aws_sdk_ecr::types::Image;
use aws_smithy_mocks::mock;
use aws_smithy_types::error::ErrorMetadata;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::mocked;

const CONFIG: &str = r#"{"architecture":"amd64","config":{"Labels":{"team":"search","maintainer":"x"}},"rootfs":{"type":"layers","diff_ids":[]}}"#;
const MANIFEST: &str = r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:c0ffee","size":120},"layers":[]}"#;

/// Serves `body` once on a local port with `status`; returns the URL and the request line read.
async fn serve_once(
    status: &'static str,
    body: &'static str,
) -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/blob?X-Amz-Signature=s",
        listener.local_addr().unwrap()
    );
    let served = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = vec![0; 4096];
        let read = socket.read(&mut request).await.unwrap();
        let line = String::from_utf8_lossy(&request[..read])
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(response.as_bytes()).await.unwrap();
        line
    });
    (url, served)
}

fn push() -> ImagePush {
    ImagePush {
        account: AccountId::parse("111111111111").unwrap(),
        region: Region::parse("us-east-1").unwrap(),
        repository: "app".to_owned(),
        repository_arn: "arn:aws:ecr:us-east-1:111111111111:repository/app".to_owned(),
        digest: "sha256:1mage".to_owned(),
        image_tag: Some("v1".to_owned()),
        pushed_at: None,
    }
}

#[tokio::test]
async fn the_config_blob_is_found_through_the_manifest_and_its_labels_compared() {
    let (url, served) = serve_once("200 OK", CONFIG).await;
    let manifest = mock!(aws_sdk_ecr::Client::batch_get_image)
        .match_requests(|r| {
            r.repository_name() == Some("app")
                && r.registry_id() == Some("111111111111")
                && r.image_ids().first().and_then(|i| i.image_digest()) == Some("sha256:1mage")
                && r.accepted_media_types().len() == 2
        })
        .then_output(|| {
            BatchGetImageOutput::builder()
                .images(Image::builder().image_manifest(MANIFEST).build())
                .build()
        });
    let download = mock!(aws_sdk_ecr::Client::get_download_url_for_layer)
        .match_requests(|r| r.layer_digest() == Some("sha256:c0ffee"))
        .then_output(move || {
            GetDownloadUrlForLayerOutput::builder()
                .download_url(url.clone())
                .layer_digest("sha256:c0ffee")
                .build()
        });
    let ecr = mocked!(aws_sdk_ecr, &[&manifest, &download]);

    let blob = config_blob(&ecr, &blob_client().unwrap(), &push())
        .await
        .unwrap();

    assert_eq!(
        served.await.unwrap(),
        "GET /blob?X-Amz-Signature=s HTTP/1.1"
    );
    assert_eq!((manifest.num_calls(), download.num_calls()), (1, 1));
    let labels = parse_labels(&blob).unwrap();
    let policy = TagPolicy::from_toml("[ecr]\nlabel_tags = { team = \"Team\" }").unwrap();
    let tags = [("Team".to_owned(), "payments".to_owned())].into();
    let found: Vec<String> = compare(&labels, &tags, &policy.ecr)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        found,
        ["image label `team` is `search` but repository tag `Team` is `payments`"]
    );
}

#[tokio::test]
async fn a_failed_download_and_a_refused_call_say_which_step_failed() {
    let (url, served) = serve_once("403 Forbidden", "expired").await;
    let manifest = mock!(aws_sdk_ecr::Client::batch_get_image).then_output(|| {
        BatchGetImageOutput::builder()
            .images(Image::builder().image_manifest(MANIFEST).build())
            .build()
    });
    let download = mock!(aws_sdk_ecr::Client::get_download_url_for_layer).then_output(move || {
        GetDownloadUrlForLayerOutput::builder()
            .download_url(url.clone())
            .build()
    });
    let ecr = mocked!(aws_sdk_ecr, &[&manifest, &download]);
    let failed = config_blob(&ecr, &blob_client().unwrap(), &push())
        .await
        .unwrap_err();
    served.await.unwrap();
    // An expired pre-signed URL: the next delivery asks for a new one.
    assert_eq!(failed.kind(), FailureKind::Transient);
    let err = failed.to_string();
    assert!(
        err.contains("HTTP 403") && !err.contains("Signature"),
        "{err}"
    );

    let refused = mock!(aws_sdk_ecr::Client::get_download_url_for_layer).then_error(|| {
        GetDownloadUrlForLayerError::generic(
            ErrorMetadata::builder()
                .code("AccessDeniedException")
                .message("not authorized to perform ecr:GetDownloadUrlForLayer")
                .build(),
        )
    });
    let ecr = mocked!(aws_sdk_ecr, &[&manifest, &refused]);
    let failed = config_blob(&ecr, &blob_client().unwrap(), &push())
        .await
        .unwrap_err();
    assert_eq!(failed.kind(), FailureKind::Denied);
    let err = failed.to_string();
    assert!(
        err.contains("ecr:GetDownloadUrlForLayer") && err.contains("AccessDeniedException"),
        "{err}"
    );

    // An image deleted since its push, and a server error, in ECR's words.
    let deleted = mock!(aws_sdk_ecr::Client::batch_get_image).then_output(|| {
        BatchGetImageOutput::builder()
            .failures(
                aws_sdk_ecr::types::ImageFailure::builder()
                    .failure_code(aws_sdk_ecr::types::ImageFailureCode::ImageNotFound)
                    .build(),
            )
            .build()
    });
    let ecr = mocked!(aws_sdk_ecr, &[&deleted]);
    let failed = config_blob(&ecr, &blob_client().unwrap(), &push())
        .await
        .unwrap_err();
    assert_eq!(failed.kind(), FailureKind::Other, "{failed}");
    let broken = mock!(aws_sdk_ecr::Client::batch_get_image)
        .sequence()
        .http_status(
            500,
            Some(r#"{"__type":"ServerException","message":"internal"}"#.to_owned()),
        )
        .times(5)
        .build();
    let ecr = mocked!(aws_sdk_ecr, &[&broken]);
    let failed = config_blob(&ecr, &blob_client().unwrap(), &push())
        .await
        .unwrap_err();
    assert_eq!(failed.kind(), FailureKind::Transient, "{failed}");
}

mod through_the_processor {
    use super::*;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use async_trait::async_trait;
    use autotag_core::plan::TagPlan;
    use autotag_hub::aws::images::EcrImageFacts;
    use autotag_hub::ports::{Alerts, ApplyReport, BoxError, DeadLetters, ResourceTagger};
    use autotag_hub::processing::images::ImageChecks;
    use autotag_hub::processing::{Disposition, Processor, QueueMessage};
    use aws_sdk_ecr::config::retry::RetryConfig;
    use aws_sdk_ecr::operation::batch_get_image::BatchGetImageError;
    use aws_sdk_ecr::operation::list_tags_for_resource::ListTagsForResourceOutput;
    use aws_smithy_mocks::Rule;

    /// Tags nothing: a push plans no tags.
    #[derive(Debug)]
    struct NoTagger;

    #[async_trait]
    impl ResourceTagger for NoTagger {
        async fn apply(&self, _: &TagPlan) -> ApplyReport {
            ApplyReport::default()
        }
    }

    #[derive(Debug, Default)]
    struct Kept(Mutex<Vec<(String, String)>>);

    #[async_trait]
    impl DeadLetters for Kept {
        async fn park(&self, body: &str, reason: &str) -> Result<(), BoxError> {
            self.0
                .lock()
                .unwrap()
                .push((body.to_owned(), reason.to_owned()));
            Ok(())
        }
    }

    #[async_trait]
    impl Alerts for Kept {
        async fn publish(&self, subject: &str, message: &str) -> Result<(), BoxError> {
            self.0
                .lock()
                .unwrap()
                .push((subject.to_owned(), message.to_owned()));
            Ok(())
        }
    }

    /// An ECR client answering with `rules`, `attempts` per call, backing off briefly.
    fn ecr(rules: &[&Rule], attempts: u32) -> aws_sdk_ecr::Client {
        aws_sdk_ecr::Client::from_conf(
            aws_sdk_ecr::Config::builder()
                .behavior_version(aws_sdk_ecr::config::BehaviorVersion::latest())
                .region(aws_sdk_ecr::config::Region::new("us-east-1"))
                .credentials_provider(crate::credentials())
                .retry_config(
                    RetryConfig::standard()
                        .with_max_attempts(attempts)
                        .with_initial_backoff(Duration::from_millis(1))
                        .with_max_backoff(Duration::from_millis(5)),
                )
                .http_client(aws_smithy_mocks::create_mock_http_client())
                .interceptor(crate::interceptor(rules))
                .build(),
        )
    }

    fn throttling() -> BatchGetImageError {
        BatchGetImageError::generic(
            ErrorMetadata::builder()
                .code("ThrottlingException")
                .message("Rate exceeded")
                .build(),
        )
    }

    fn manifest() -> BatchGetImageOutput {
        BatchGetImageOutput::builder()
            .images(Image::builder().image_manifest(MANIFEST).build())
            .build()
    }

    fn tags() -> Rule {
        mock!(aws_sdk_ecr::Client::list_tags_for_resource).then_output(|| {
            ListTagsForResourceOutput::builder()
                .tags(
                    aws_sdk_ecr::types::Tag::builder()
                        .key("Team")
                        .value("payments")
                        .build()
                        .unwrap(),
                )
                .build()
        })
    }

    fn push_message(receive_count: u32) -> QueueMessage {
        let body = autotag_tests::cloudtrail::put_image_event(
            "ev-push",
            "111111111111",
            "app",
            "sha256:1mage",
            "2024-01-01T00:00:00Z",
        )
        .to_string();
        QueueMessage {
            id: "m-push".to_owned(),
            body,
            receive_count,
        }
    }

    fn processor(ecr: aws_sdk_ecr::Client, kept: &Arc<Kept>, alerts: &Arc<Kept>) -> Processor {
        let policy = TagPolicy::from_toml("[ecr]\nlabel_tags = { team = \"Team\" }").unwrap();
        Processor::new(Arc::new(policy), Arc::new(NoTagger))
            .with_dead_letters(Arc::clone(kept) as Arc<dyn DeadLetters>, 3)
            .with_image_checks(Some(ImageChecks::new(
                Arc::new(EcrImageFacts::with_client(ecr).unwrap()),
                Some(Arc::clone(alerts) as Arc<dyn Alerts>),
            )))
    }

    async fn disposition(processor: &Processor, receive_count: u32) -> Disposition {
        processor
            .process_messages(&[push_message(receive_count)], autotag_hub::clock::now())
            .await
            .remove(0)
            .disposition
    }

    #[tokio::test]
    async fn throttling_then_success_compares_the_labels_in_one_delivery() {
        let (url, served) = serve_once("200 OK", CONFIG).await;
        let batch = mock!(aws_sdk_ecr::Client::batch_get_image)
            .sequence()
            .error(throttling)
            .output(manifest)
            .build();
        let download =
            mock!(aws_sdk_ecr::Client::get_download_url_for_layer).then_output(move || {
                GetDownloadUrlForLayerOutput::builder()
                    .download_url(url.clone())
                    .build()
            });
        let tags = tags();
        let (kept, alerts) = (Arc::new(Kept::default()), Arc::new(Kept::default()));
        let processor = processor(ecr(&[&batch, &download, &tags], 3), &kept, &alerts);

        assert_eq!(disposition(&processor, 1).await, Disposition::Done);
        served.await.unwrap();
        assert_eq!(batch.num_calls(), 2, "the SDK retried the throttled call");
        assert!(kept.0.lock().unwrap().is_empty());
        let alerted = alerts.0.lock().unwrap().clone();
        assert_eq!(alerted.len(), 1, "{alerted:?}");
        assert!(alerted[0].1.contains("`search`"), "{alerted:?}");
    }

    #[tokio::test]
    async fn throttling_that_persists_leaves_the_message_for_retry_then_parks_it() {
        let batch = mock!(aws_sdk_ecr::Client::batch_get_image).then_error(throttling);
        let (kept, alerts) = (Arc::new(Kept::default()), Arc::new(Kept::default()));
        let processor = processor(ecr(&[&batch], 2), &kept, &alerts);

        let Disposition::Retry { reason } = disposition(&processor, 1).await else {
            panic!("not retried");
        };
        assert!(
            reason.contains("ecr:BatchGetImage")
                && reason.contains("ThrottlingException")
                && reason.contains("repository/app"),
            "{reason}"
        );
        assert_eq!(batch.num_calls(), 2, "the SDK's attempts were used first");
        assert!(kept.0.lock().unwrap().is_empty());

        // The queue's last delivery parks it in the dead-letter queue, with the reason.
        let Disposition::Parked { reason } = disposition(&processor, 3).await else {
            panic!("not parked");
        };
        assert!(reason.contains("ThrottlingException"), "{reason}");
        let parked = kept.0.lock().unwrap().clone();
        assert_eq!(parked.len(), 1);
        assert_eq!(parked[0].0, push_message(3).body);
        assert!(alerts.0.lock().unwrap().is_empty());
    }
}
