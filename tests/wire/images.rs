//! A pushed image's config blob on the wire: `BatchGetImage` for the manifest, then
//! `GetDownloadUrlForLayer` for its config digest, then a GET of the URL (served here by a
//! local HTTP server, as moto cannot: its `GetDownloadUrlForLayer` is not implemented). Then
//! the labels are compared with the repository's tags by core.

use autotag_core::arn::{AccountId, Region};
use autotag_core::ecr::labels::{compare, parse_labels};
use autotag_core::ecr::push::ImagePush;
use autotag_core::policy::TagPolicy;
use autotag_hub::aws::images::{blob_client, config_blob};
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
    let err = config_blob(&ecr, &blob_client().unwrap(), &push())
        .await
        .unwrap_err()
        .to_string();
    served.await.unwrap();
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
    let err = config_blob(&ecr, &blob_client().unwrap(), &push())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("ecr:GetDownloadUrlForLayer") && err.contains("AccessDeniedException"),
        "{err}"
    );
}
