//! The admission webhook end to end: ECR repositories in a spoke and in the webhook's own
//! account (moto), the real HTTPS server on 127.0.0.1 with a certificate made here, and the
//! real `AdmissionReview` requests of `core/tests/admission_reviews/` (their images moved to the
//! moto repositories) posted by an HTTPS client that trusts only that certificate.
//!
//! Not proven here: a Kubernetes API server calling the webhook (no kind/k3d cluster).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use autotag_core::policy::TagPolicy;
use autotag_hub::webhook::{self, Webhook};
use autotag_tests::org::{Org, REGION};
use aws_config::SdkConfig;
use aws_sdk_ecr::types::{
    ImageScanningConfiguration, ImageTagMutability, RegistryScanningRule, ScanFrequency, ScanType,
    ScanningRepositoryFilter, ScanningRepositoryFilterType, Tag,
};
use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "autotag-e2e-admission-{}-{name}",
        std::process::id()
    ))
}

/// One repository as the test wants it.
struct Repo {
    name: &'static str,
    immutable: bool,
    scan_on_push: bool,
    owner: Option<&'static str>,
}

async fn create(config: &SdkConfig, repo: &Repo) -> anyhow::Result<()> {
    let mut create = aws_sdk_ecr::Client::new(config)
        .create_repository()
        .repository_name(repo.name)
        .image_tag_mutability(if repo.immutable {
            ImageTagMutability::Immutable
        } else {
            ImageTagMutability::Mutable
        })
        .image_scanning_configuration(
            ImageScanningConfiguration::builder()
                .scan_on_push(repo.scan_on_push)
                .build(),
        );
    if let Some(owner) = repo.owner {
        create = create.tags(Tag::builder().key("owner").value(owner).build()?);
    }
    create.send().await?;
    Ok(())
}

type HttpsClient = Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    Full<Bytes>,
>;

/// An HTTPS client that trusts only `cert`.
fn client_trusting(
    cert: &rustls::pki_types::CertificateDer<'static>,
) -> anyhow::Result<HttpsClient> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.clone())?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let client_tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(client_tls)
        .https_only()
        .enable_http1()
        .build();
    Ok(Client::builder(TokioExecutor::new()).build(connector))
}

/// A running server, its certificate files, and a client that trusts its certificate.
struct Running {
    url: String,
    client: HttpsClient,
    /// The certificate it started with.
    first: rustls::pki_types::CertificateDer<'static>,
    files: Arc<webhook::http::CertificateFiles>,
    stop: tokio::sync::oneshot::Sender<()>,
    served: tokio::task::JoinHandle<Result<(), webhook::http::ServeError>>,
}

impl Running {
    async fn post(&self, body: String) -> anyhow::Result<(u16, Value)> {
        let request = hyper::Request::post(format!("{}/validate", self.url))
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body)))?;
        let response = self.client.request(request).await?;
        let status = response.status().as_u16();
        let bytes = response.into_body().collect().await?.to_bytes();
        Ok((status, serde_json::from_slice(&bytes)?))
    }

    async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        tokio::time::timeout(Duration::from_secs(20), self.served)
            .await
            .context("the server did not stop")???;
        Ok(())
    }
}

/// Starts the HTTPS server for `webhook` on a free port of 127.0.0.1, with a self-signed
/// certificate for that address written to `dir`.
async fn serve(webhook: Webhook, dir: &std::path::Path) -> anyhow::Result<Running> {
    std::fs::create_dir_all(dir)?;
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])?;
    let (cert, key) = (dir.join("tls.crt"), dir.join("tls.key"));
    std::fs::write(&cert, certified.cert.pem())?;
    std::fs::write(&key, certified.signing_key.serialize_pem())?;
    let files = webhook::http::CertificateFiles::load(&cert, &key)?;
    let tls = webhook::http::tls_config(files.clone())?;
    let listener = webhook::http::bind("127.0.0.1:0").await?;
    let address = webhook::http::local_addr(&listener)?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(webhook::http::serve(
        listener,
        tls,
        webhook::http::router(Arc::new(webhook)),
        async move {
            let _ = stopped.await;
        },
    ));
    Ok(Running {
        url: format!("https://{address}"),
        client: client_trusting(certified.cert.der())?,
        first: certified.cert.der().clone(),
        files,
        stop,
        served,
    })
}

/// The review `name` with its `111122223333` `eu-west-1` images moved to `account`'s registry
/// in this test's region.
fn review(name: &str, account: &str) -> anyhow::Result<String> {
    let path = format!(
        "{}/../core/tests/admission_reviews/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    Ok(std::fs::read_to_string(path)?.replace(
        "111122223333.dkr.ecr.eu-west-1.amazonaws.com/",
        &format!("{account}.dkr.ecr.{REGION}.amazonaws.com/"),
    ))
}

fn message(review: &Value) -> String {
    review
        .pointer("/response/status/message")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn reviews_over_https_are_judged_on_the_repositories_in_moto() -> anyhow::Result<()> {
    let org = Org::create(1).await?;
    let spoke = org.spokes.first().context("a spoke")?.clone();
    let admin = org.admin(&spoke).await?;
    for repo in [
        Repo {
            name: "team/web",
            immutable: true,
            scan_on_push: true,
            owner: Some("alice"),
        },
        Repo {
            name: "team/api",
            immutable: false,
            scan_on_push: true,
            owner: Some("bob"),
        },
        Repo {
            name: "team/migrate",
            immutable: true,
            scan_on_push: false,
            owner: Some("carol"),
        },
        Repo {
            name: "team/worker",
            immutable: true,
            scan_on_push: true,
            owner: None,
        },
    ] {
        create(&admin, &repo).await?;
    }
    // The webhook's own account: read with its own credentials, not a spoke role.
    create(
        org.hub_config(),
        &Repo {
            name: "team/web",
            immutable: true,
            scan_on_push: true,
            owner: None,
        },
    )
    .await?;

    let dir = scratch("enforce");
    let running = serve(
        org.webhook("", &dir, webhook::DEFAULT_CACHE_TTL).await?,
        &dir,
    )
    .await?;
    let health = running
        .client
        .request(
            hyper::Request::get(format!("{}/healthz", running.url))
                .body(Full::new(Bytes::new()))?,
        )
        .await?;
    assert_eq!(health.status(), 200);

    // pod-mixed: web compliant, api mutable, nginx not from ECR, migrate not scanned on push.
    let (status, answer) = running.post(review("pod-mixed.json", &spoke)?).await?;
    assert_eq!(status, 200);
    assert_eq!(
        answer["response"]["uid"],
        "0df28fbd-5f5f-11e8-bc74-36e6bb280816"
    );
    assert_eq!(answer["response"]["allowed"], false, "{answer}");
    assert_eq!(answer["response"]["status"]["code"], 403);
    let text = message(&answer);
    assert!(text.contains("3 broken rules"), "{text}");
    assert!(
        text.contains(&format!(
            "`{spoke}.dkr.ecr.{REGION}.amazonaws.com/team/api:2.0`"
        )),
        "{text}"
    );
    assert!(text.contains("whose tags are mutable"), "{text}");
    assert!(
        text.contains("`nginx:1.25`") && text.contains("is not from ECR"),
        "{text}"
    );
    assert!(
        text.contains("team/migrate") && text.contains("not scanned on push"),
        "{text}"
    );
    assert!(
        !text.contains("team/web"),
        "a compliant image is not named: {text}"
    );
    assert_eq!(
        answer["response"]["auditAnnotations"]["violations"],
        "mutable_tags,no_scan_on_push,not_ecr"
    );

    // cronjob: worker has no owner stamp, gone does not exist.
    let (_, answer) = running.post(review("cronjob.json", &spoke)?).await?;
    let text = message(&answer);
    assert_eq!(answer["response"]["allowed"], false);
    assert!(
        text.contains("team/worker") && text.contains("no `owner` tag"),
        "{text}"
    );
    assert!(
        text.contains("team/gone") && text.contains("does not exist"),
        "{text}"
    );

    // The hub's own repository, read with its own credentials: it has no owner.
    let own = review("pod-digests.json", &org.hub)?;
    let (_, answer) = running.post(own).await?;
    let text = message(&answer);
    assert!(
        text.contains(&format!(
            "`{}.dkr.ecr.{REGION}.amazonaws.com/team/web",
            org.hub
        )),
        "{text}"
    );
    assert!(text.contains("no `owner` tag"), "{text}");
    assert!(!text.contains("could not be read"), "{text}");

    // A body that is no review is a 400.
    let (status, answer) = running.post("{\"kind\": \"Pod\"}".to_owned()).await?;
    assert_eq!(status, 400);
    assert!(
        answer["error"]
            .as_str()
            .unwrap_or_default()
            .contains("admission review")
    );
    running.stop().await?;

    // A registry scanning rule covering team/* scans migrate on push; a fresh webhook sees it.
    aws_sdk_ecr::Client::new(&admin)
        .put_registry_scanning_configuration()
        .scan_type(ScanType::Basic)
        .rules(
            RegistryScanningRule::builder()
                .scan_frequency(ScanFrequency::ScanOnPush)
                .repository_filters(
                    ScanningRepositoryFilter::builder()
                        .filter("team/*")
                        .filter_type(ScanningRepositoryFilterType::Wildcard)
                        .build()?,
                )
                .build()?,
        )
        .send()
        .await?;
    let dir = scratch("rule");
    let running = serve(
        org.webhook("", &dir, webhook::DEFAULT_CACHE_TTL).await?,
        &dir,
    )
    .await?;
    let (_, answer) = running.post(review("pod-mixed.json", &spoke)?).await?;
    let text = message(&answer);
    assert!(text.contains("2 broken rules"), "{text}");
    assert!(!text.contains("team/migrate"), "{text}");
    running.stop().await?;

    // Warn mode admits, with the reasons as warnings; an ignored namespace is not judged.
    let dir = scratch("warn");
    let running = serve(
        org.webhook(
            "[admission]\nmode = \"warn\"\nignored_namespaces = [\"tools\"]\n",
            &dir,
            webhook::DEFAULT_CACHE_TTL,
        )
        .await?,
        &dir,
    )
    .await?;
    let (_, answer) = running.post(review("pod-mixed.json", &spoke)?).await?;
    assert_eq!(answer["response"]["allowed"], true, "{answer}");
    let warnings: Vec<&str> = answer["response"]["warnings"]
        .as_array()
        .context("warnings")?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings
            .iter()
            .all(|w| w.starts_with("autotag would deny (warn mode): "))
    );
    assert!(warnings.iter().any(|w| w.contains("team/api:2.0")));
    // pod-public (namespace `tools`) names five images no rule allows, yet is admitted silently.
    let (_, answer) = running.post(review("pod-public.json", &spoke)?).await?;
    assert_eq!(answer["response"]["allowed"], true);
    assert!(answer["response"].get("warnings").is_none(), "{answer}");
    running.stop().await?;
    Ok(())
}

/// GET `/healthz` with `client`: whether the server answered `ok`.
async fn healthy(client: &HttpsClient, url: &str) -> anyhow::Result<bool> {
    let response = client
        .request(hyper::Request::get(format!("{url}/healthz")).body(Full::new(Bytes::new()))?)
        .await?;
    Ok(response.into_body().collect().await?.to_bytes() == "ok")
}

/// Moves `path`'s modification time ahead, so that a rewrite within the file system's timestamp
/// granularity is still seen as a change.
fn touch(path: &std::path::Path, seconds_ahead: u64) -> anyhow::Result<()> {
    let file = std::fs::File::options().write(true).open(path)?;
    let written = file.metadata()?.modified()?;
    file.set_modified(written + Duration::from_secs(seconds_ahead))?;
    Ok(())
}

/// cert-manager renews the certificate in the mounted Secret: the server serves the new one
/// without a restart, and keeps the old one while the files do not match (caught half-written).
#[tokio::test]
async fn a_renewed_certificate_is_served_without_a_restart() -> anyhow::Result<()> {
    // GIVEN the server running with its first certificate,
    let dir = scratch("renewal");
    let webhook = Webhook::new(
        TagPolicy::default().admission,
        Arc::new(autotag_hub::ports::memory::MemoryRepositories::default()),
        webhook::DEFAULT_DEADLINE,
        "e2e",
    );
    let running = serve(webhook, &dir).await?;
    assert!(healthy(&running.client, &running.url).await?);
    let renewed = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])?;
    let (cert, key) = (dir.join("tls.crt"), dir.join("tls.key"));

    // WHEN only the certificate has been rewritten so far,
    std::fs::write(&cert, renewed.cert.pem())?;
    touch(&cert, 5)?;
    // THEN the pair is refused and the first certificate is still served,
    assert!(running.files.reload_if_changed().is_err());
    let (first, renewed_der) = (running.first.clone(), renewed.cert.der().clone());
    assert!(healthy(&client_trusting(&first)?, &running.url).await?);
    assert!(
        healthy(&client_trusting(&renewed_der)?, &running.url)
            .await
            .is_err()
    );

    // WHEN the key follows,
    std::fs::write(&key, renewed.signing_key.serialize_pem())?;
    touch(&key, 5)?;
    // THEN the renewed certificate is served to new connections, and a client that trusts
    // only the first one can no longer connect.
    assert!(running.files.reload_if_changed()?);
    assert!(!running.files.reload_if_changed()?, "nothing changed since");
    assert!(healthy(&client_trusting(&renewed_der)?, &running.url).await?);
    assert!(
        healthy(&client_trusting(&first)?, &running.url)
            .await
            .is_err()
    );
    running.stop().await?;
    Ok(())
}
