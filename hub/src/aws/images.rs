//! The [`ImageFacts`] port on ECR, as the spoke's auto-tag role: a pushed image's config blob
//! and its repository's tags.
//!
//! The config blob is found as a registry client finds it: `BatchGetImage` returns the image
//! manifest, whose `config.digest` names the blob
//! (<https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html>);
//! `GetDownloadUrlForLayer` returns a pre-signed URL for that digest — config blobs are stored
//! as layers — valid for a short time
//! (<https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetDownloadUrlForLayer.html>),
//! and one HTTPS GET reads it. The GET uses the client stack the AWS SDK already builds (as the
//! chat webhook does), so nothing new is compiled.
//!
//! Every failure says whether trying again later may help ([`ImageError::kind`], the
//! [`FailureKind`] the tagging routes use): throttling, a 5xx, a timeout or a broken connection
//! is `Transient`, and the push's message is retried; a denial is `Denied`, retried and then
//! parked for a replay once the role is fixed, like a tagging denial; an image or repository
//! that is gone, a manifest without a config blob, or a blob that is not JSON is `Other`: it
//! will not change, so it is recorded and not retried.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use autotag_core::ecr::push::ImagePush;
use aws_sdk_ecr::types::ImageIdentifier;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use bytes::Bytes;
use http_body_util::{BodyExt as _, Empty, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::sessions::SpokeSessions;
use super::{ErrorClass, classify, describe};
use crate::ports::{BoxError, FailureKind, ImageFacts, ResourceFailure};

/// The manifest types asked for: Docker image manifest v2 schema 2 and OCI image manifest, the
/// two whose `config` names a config blob.
const MANIFEST_TYPES: [&str; 2] = [
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
];

/// The largest config blob read. Configs are a few KiB; this only bounds a hostile one.
pub const MAX_CONFIG_BYTES: usize = 4 * 1024 * 1024;

/// How long the blob's GET may take.
const GET_TIMEOUT: Duration = Duration::from_secs(10);

/// Why an image's config blob could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// An ECR call failed.
    #[error("`{operation}` failed: {summary}")]
    Call {
        /// The call.
        operation: &'static str,
        /// AWS's code and message.
        summary: String,
        /// Whether trying again may help, from the error's code, HTTP status and kind.
        kind: FailureKind,
        /// The SDK's error.
        #[source]
        source: BoxError,
    },
    /// ECR answered, without what the hub needs.
    #[error("`{operation}` gave no {what} for `{digest}`")]
    Missing {
        /// The call.
        operation: &'static str,
        /// What was missing.
        what: &'static str,
        /// The image.
        digest: String,
    },
    /// The manifest names no config blob (an image index of several platforms, or not JSON).
    #[error("the manifest of `{digest}` names no config blob: {reason}")]
    NoConfig {
        /// The image.
        digest: String,
        /// Why.
        reason: String,
    },
    /// The blob's download failed.
    #[error("downloading the config blob of `{digest}` failed: {reason}")]
    Download {
        /// The image.
        digest: String,
        /// Why (the URL is not repeated: it is a credential while it lasts).
        reason: String,
        /// A timeout, a broken connection, 429, 5xx, or 403 (the pre-signed URL expired before
        /// it was used; the next attempt asks for a new one).
        transient: bool,
    },
}

impl ImageError {
    /// How the failure is treated: `Transient` and `Denied` are retried, `Other` is final.
    pub fn kind(&self) -> FailureKind {
        match self {
            Self::Call { kind, .. } => *kind,
            Self::Download {
                transient: true, ..
            } => FailureKind::Transient,
            Self::Missing { .. } | Self::NoConfig { .. } | Self::Download { .. } => {
                FailureKind::Other
            }
        }
    }

    /// The operation that failed, as failures name it.
    pub fn operation(&self) -> &'static str {
        match self {
            Self::Call { operation, .. } | Self::Missing { operation, .. } => operation,
            Self::NoConfig { .. } => "ecr:BatchGetImage",
            Self::Download { .. } => "GET config blob",
        }
    }

    fn call<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        Self::Call {
            operation,
            summary: describe(&err),
            kind: call_kind(&err),
            source: Box::new(err),
        }
    }
}

/// How a failed ECR call is treated: as the tagging routes classify it, and any 429 or 5xx
/// answer as transient too (ECR's `ServerException` has no code the shared table knows).
pub(crate) fn call_kind<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> FailureKind {
    let status = err.raw_response().map(|raw| raw.status().as_u16());
    if status.is_some_and(|status| status == 429 || status >= 500) {
        return FailureKind::Transient;
    }
    match classify(err) {
        ErrorClass::Transient => FailureKind::Transient,
        ErrorClass::Denied => FailureKind::Denied,
        ErrorClass::Gone | ErrorClass::Other => FailureKind::Other,
    }
}

/// Whether an HTTP answer to the blob's GET may be different next time.
fn transient_status(status: u16) -> bool {
    matches!(status, 403 | 408 | 429) || status >= 500
}

/// The GET client for pre-signed blob URLs.
pub type BlobClient = HttpClient<HttpsConnector<HttpConnector>, Empty<Bytes>>;

/// A GET client that speaks HTTPS, and plain HTTP only to whatever URL it is given (tests
/// serve blobs on `127.0.0.1`; ECR's URLs are HTTPS).
pub fn blob_client() -> Result<BlobClient, BoxError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_native_roots(provider)?
        .https_or_http()
        .enable_http1()
        .build();
    Ok(HttpClient::builder(TokioExecutor::new()).build(connector))
}

/// The digest of the config blob named by a manifest's JSON.
pub fn config_digest(manifest: &str, digest: &str) -> Result<String, ImageError> {
    let no_config = |reason: &str| ImageError::NoConfig {
        digest: digest.to_owned(),
        reason: reason.to_owned(),
    };
    let value: serde_json::Value =
        serde_json::from_str(manifest).map_err(|_| no_config("the manifest is not JSON"))?;
    if value.get("manifests").is_some() {
        return Err(no_config(
            "it is an image index; its platforms' images are not read",
        ));
    }
    value
        .get("config")
        .and_then(|c| c.get("digest"))
        .and_then(|d| d.as_str())
        .map(str::to_owned)
        .ok_or_else(|| no_config("it has no `config.digest`"))
}

/// The config blob of `push`, read with `ecr` (in the push's account and region) and `http`.
pub async fn config_blob(
    ecr: &aws_sdk_ecr::Client,
    http: &BlobClient,
    push: &ImagePush,
) -> Result<Vec<u8>, ImageError> {
    let digest = push.digest.as_str();
    let got = ecr
        .batch_get_image()
        .registry_id(push.account.as_str())
        .repository_name(&push.repository)
        .image_ids(ImageIdentifier::builder().image_digest(digest).build())
        .set_accepted_media_types(Some(MANIFEST_TYPES.map(str::to_owned).to_vec()))
        .send()
        .await
        .map_err(|err| ImageError::call("ecr:BatchGetImage", err))?;
    // An image deleted since its push comes back as a failure entry (`ImageNotFound`), not
    // as an error: it is gone for good.
    let manifest = got
        .images()
        .iter()
        .find_map(|image| image.image_manifest())
        .ok_or_else(|| ImageError::Missing {
            operation: "ecr:BatchGetImage",
            what: "manifest",
            digest: digest.to_owned(),
        })?;
    let config = config_digest(manifest, digest)?;
    let url = ecr
        .get_download_url_for_layer()
        .registry_id(push.account.as_str())
        .repository_name(&push.repository)
        .layer_digest(&config)
        .send()
        .await
        .map_err(|err| ImageError::call("ecr:GetDownloadUrlForLayer", err))?
        .download_url
        .ok_or_else(|| ImageError::Missing {
            operation: "ecr:GetDownloadUrlForLayer",
            what: "download URL",
            digest: digest.to_owned(),
        })?;
    download(http, &url, digest).await
}

async fn download(http: &BlobClient, url: &str, digest: &str) -> Result<Vec<u8>, ImageError> {
    let failed = |reason: String, transient: bool| ImageError::Download {
        digest: digest.to_owned(),
        reason,
        transient,
    };
    let uri: http::Uri = url
        .parse()
        .map_err(|_| failed("the download URL is not a URL".to_owned(), false))?;
    let response = tokio::time::timeout(GET_TIMEOUT, http.get(uri))
        .await
        .map_err(|_| failed(format!("no answer within {GET_TIMEOUT:?}"), true))?
        .map_err(|err| failed(format!("request failed: {err}"), true))?;
    let status = response.status();
    if !status.is_success() {
        return Err(failed(
            format!("HTTP {status}"),
            transient_status(status.as_u16()),
        ));
    }
    let body = tokio::time::timeout(
        GET_TIMEOUT,
        Limited::new(response.into_body(), MAX_CONFIG_BYTES).collect(),
    )
    .await
    .map_err(|_| failed(format!("no body within {GET_TIMEOUT:?}"), true))?
    .map_err(|err| {
        // A body past the bound stays past it; a connection cut mid-body may not.
        let too_large = err.is::<http_body_util::LengthLimitError>();
        failed(format!("reading the body: {err}"), !too_large)
    })?;
    Ok(body.to_bytes().to_vec())
}

/// Where [`EcrImageFacts`] gets its ECR client.
enum Registry {
    /// The push's account and region, as the auto-tag role.
    Spokes(Arc<SpokeSessions>),
    /// One client for every push (a single registry, or a test's mocked client).
    Client(aws_sdk_ecr::Client),
}

/// [`ImageFacts`] through the spoke sessions.
pub struct EcrImageFacts {
    registry: Registry,
    http: BlobClient,
}

impl std::fmt::Debug for EcrImageFacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EcrImageFacts").finish_non_exhaustive()
    }
}

impl EcrImageFacts {
    /// Facts read as the auto-tag role through `sessions`.
    pub fn new(sessions: Arc<SpokeSessions>) -> Result<Self, BoxError> {
        Ok(Self {
            registry: Registry::Spokes(sessions),
            http: blob_client()?,
        })
    }

    /// Facts read with `ecr` whatever the push's account and region (one registry; tests).
    pub fn with_client(ecr: aws_sdk_ecr::Client) -> Result<Self, BoxError> {
        Ok(Self {
            registry: Registry::Client(ecr),
            http: blob_client()?,
        })
    }

    fn ecr(&self, push: &ImagePush) -> Result<aws_sdk_ecr::Client, ResourceFailure> {
        let sessions = match &self.registry {
            Registry::Client(ecr) => return Ok(ecr.clone()),
            Registry::Spokes(sessions) => sessions,
        };
        let clients = sessions
            .clients(&push.account, &push.region, push.region.partition())
            // Out of scope or no external id: configuration, not a passing failure.
            .map_err(|err| ResourceFailure {
                arn: push.repository_arn.clone(),
                operation: "sts:AssumeRole",
                kind: FailureKind::Other,
                source: Box::new(err),
            })?;
        Ok(clients.ecr().clone())
    }
}

/// `err` as the failure of the push's repository.
fn failure(push: &ImagePush, err: ImageError) -> ResourceFailure {
    ResourceFailure {
        arn: push.repository_arn.clone(),
        operation: err.operation(),
        kind: err.kind(),
        source: Box::new(err),
    }
}

/// The repository's tags, read with `ecr`.
pub async fn repository_tags(
    ecr: &aws_sdk_ecr::Client,
    push: &ImagePush,
) -> Result<BTreeMap<String, String>, ImageError> {
    let listed = ecr
        .list_tags_for_resource()
        .resource_arn(&push.repository_arn)
        .send()
        .await
        .map_err(|err| ImageError::call("ecr:ListTagsForResource", err))?;
    Ok(listed
        .tags()
        .iter()
        .map(|t| (t.key().to_owned(), t.value().to_owned()))
        .collect())
}

#[async_trait]
impl ImageFacts for EcrImageFacts {
    async fn config_blob(&self, push: &ImagePush) -> Result<Vec<u8>, ResourceFailure> {
        config_blob(&self.ecr(push)?, &self.http, push)
            .await
            .map_err(|err| failure(push, err))
    }

    async fn repository_tags(
        &self,
        push: &ImagePush,
    ) -> Result<BTreeMap<String, String>, ResourceFailure> {
        repository_tags(&self.ecr(push)?, push)
            .await
            .map_err(|err| failure(push, err))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;

    #[test]
    fn the_config_digest_is_read_and_an_index_refused() {
        let manifest = r#"{"schemaVersion": 2, "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:c0f", "size": 7}, "layers": []}"#;
        assert_eq!(config_digest(manifest, "sha256:i").unwrap(), "sha256:c0f");
        let index = r#"{"schemaVersion": 2, "manifests": [{"digest": "sha256:a"}]}"#;
        assert!(
            config_digest(index, "sha256:i")
                .unwrap_err()
                .to_string()
                .contains("image index")
        );
        assert!(config_digest("not json", "sha256:i").is_err());
    }
}
