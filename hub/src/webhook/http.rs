//! The webhook's HTTPS server for in-cluster use: axum's router (`POST /validate`,
//! `GET /healthz`) served over rustls by hyper, HTTP/1.1, with a graceful shutdown and a
//! certificate read again when its files change.
//!
//! The API server calls webhooks over HTTPS only, and checks the certificate against the
//! `caBundle` of the `ValidatingWebhookConfiguration`
//! (<https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#contacting-the-webhook>).
//! It speaks HTTP/1.1 to webhooks when the server offers only that over ALPN.

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use super::{JSON, Webhook};

/// The largest request body read. An object stored in etcd is at most 1.5 MiB by default and
/// an `UPDATE` review carries it twice (`object`, `oldObject`), base64 nowhere; 8 MiB leaves
/// room and still bounds memory.
pub const BODY_LIMIT: usize = 8 * 1024 * 1024;
/// How long a TLS handshake may take before the connection is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long open connections get to finish at shutdown.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(15);

/// Why the server cannot start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The certificate file cannot be read or holds no PEM certificate.
    #[error("cannot read the TLS certificate `{path}`")]
    Certificate {
        /// The file.
        path: PathBuf,
        /// The PEM error.
        #[source]
        source: rustls_pki_types::pem::Error,
    },
    /// The file holds no certificate.
    #[error("the TLS certificate file `{path}` holds no certificate")]
    NoCertificate {
        /// The file.
        path: PathBuf,
    },
    /// The key file cannot be read or holds no PEM private key.
    #[error("cannot read the TLS private key `{path}`")]
    Key {
        /// The file.
        path: PathBuf,
        /// The PEM error.
        #[source]
        source: rustls_pki_types::pem::Error,
    },
    /// rustls refused the certificate and key (they do not match, or an unsupported key).
    #[error("the TLS certificate and key cannot be used")]
    Tls(#[source] rustls::Error),
    /// The address cannot be listened on, or accepting failed.
    #[error("cannot listen on `{address}`")]
    Listen {
        /// The address.
        address: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// How often [`CertificateFiles::watch`] looks at the files. cert-manager renews a certificate
/// well before it expires (by default at two thirds of its life), so a minute is soon enough.
pub const RELOAD_INTERVAL: Duration = Duration::from_secs(60);

/// The server's certificate chain and key, read from PEM files and read again when the files
/// change: a renewed certificate (cert-manager, or a Secret updated by hand, which the kubelet
/// swaps into the mounted volume) is served without a restart. A renewal that cannot be read,
/// or whose key does not match its certificate (files caught half-written), is logged and the
/// current certificate kept until the next look.
#[derive(Debug)]
pub struct CertificateFiles {
    cert: PathBuf,
    key: PathBuf,
    provider: Arc<rustls::crypto::CryptoProvider>,
    current: std::sync::RwLock<Loaded>,
}

#[derive(Debug, Clone)]
struct Loaded {
    certified: Arc<rustls::sign::CertifiedKey>,
    stamp: Stamp,
}

/// What tells a changed file: its modification time and length, for both files (the paths
/// followed, as the kubelet's volume swaps a symlink).
type Stamp = [(Option<std::time::SystemTime>, u64); 2];

fn stamp(cert: &Path, key: &Path) -> Stamp {
    let of = |path: &Path| {
        std::fs::metadata(path)
            .map(|meta| (meta.modified().ok(), meta.len()))
            .unwrap_or((None, 0))
    };
    [of(cert), of(key)]
}

impl CertificateFiles {
    /// Reads the certificate chain `cert` and private key `key` (PEM).
    pub fn load(cert: &Path, key: &Path) -> Result<Arc<Self>, ServeError> {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let stamp = stamp(cert, key);
        let certified = Arc::new(read_certified(cert, key, &provider)?);
        Ok(Arc::new(Self {
            cert: cert.to_path_buf(),
            key: key.to_path_buf(),
            provider,
            current: std::sync::RwLock::new(Loaded { certified, stamp }),
        }))
    }

    /// Reads the files again if they changed since they were read; whether the certificate
    /// served changed. On an error the current certificate stays.
    pub fn reload_if_changed(&self) -> Result<bool, ServeError> {
        let now = stamp(&self.cert, &self.key);
        let known = self.current.read().map(|c| c.stamp).unwrap_or(now);
        if known == now {
            return Ok(false);
        }
        let certified = Arc::new(read_certified(&self.cert, &self.key, &self.provider)?);
        if let Ok(mut current) = self.current.write() {
            *current = Loaded {
                certified,
                stamp: now,
            };
        }
        Ok(true)
    }

    /// Looks at the files every `every`, for as long as the server runs.
    pub async fn watch(self: Arc<Self>, every: Duration) {
        loop {
            tokio::time::sleep(every).await;
            match self.reload_if_changed() {
                Ok(true) => tracing::info!(cert = %self.cert.display(), "certificate reloaded"),
                Ok(false) => {}
                Err(err) => tracing::warn!(
                    error = %crate::lambda::cause_chain(&err),
                    "the changed certificate cannot be used; keeping the current one"
                ),
            }
        }
    }
}

impl rustls::server::ResolvesServerCert for CertificateFiles {
    fn resolve(
        &self,
        _: rustls::server::ClientHello<'_>,
    ) -> Option<Arc<rustls::sign::CertifiedKey>> {
        self.current.read().ok().map(|c| c.certified.clone())
    }
}

fn read_certified(
    cert: &Path,
    key: &Path,
    provider: &rustls::crypto::CryptoProvider,
) -> Result<rustls::sign::CertifiedKey, ServeError> {
    let certs = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|source| ServeError::Certificate {
            path: cert.to_path_buf(),
            source,
        })?;
    if certs.is_empty() {
        return Err(ServeError::NoCertificate {
            path: cert.to_path_buf(),
        });
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|source| ServeError::Key {
        path: key.to_path_buf(),
        source,
    })?;
    rustls::sign::CertifiedKey::from_der(certs, key, provider).map_err(ServeError::Tls)
}

/// The TLS configuration serving the certificate `files` hold now.
pub fn tls_config(files: Arc<CertificateFiles>) -> Result<rustls::ServerConfig, ServeError> {
    let mut config = rustls::ServerConfig::builder_with_provider(files.provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(ServeError::Tls)?
        .with_no_client_auth()
        .with_cert_resolver(files);
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// The routes: `POST /validate` and `GET /healthz`.
pub fn router(webhook: Arc<Webhook>) -> Router {
    Router::new()
        .route("/validate", post(validate))
        .route("/healthz", get(healthz))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(webhook)
}

async fn validate(State(webhook): State<Arc<Webhook>>, body: Bytes) -> Response {
    let answer = webhook.answer(&body).await;
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, JSON)], answer.body).into_response()
}

async fn healthz() -> &'static str {
    "ok"
}

/// Binds `address` (`0.0.0.0:8443`, or port 0 for any free port).
pub async fn bind(address: &str) -> Result<TcpListener, ServeError> {
    TcpListener::bind(address)
        .await
        .map_err(|source| ServeError::Listen {
            address: address.to_owned(),
            source,
        })
}

/// Serves `router` over TLS on `listener` until `shutdown` completes, then lets open
/// connections finish their requests (at most 15 s).
pub async fn serve(
    listener: TcpListener,
    tls: rustls::ServerConfig,
    router: Router,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServeError> {
    let acceptor = TlsAcceptor::from(Arc::new(tls));
    let graceful = GracefulShutdown::new();
    let local = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    tracing::info!(address = %local, "serving");
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!(error = %err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let acceptor = acceptor.clone();
        let service = TowerToHyperService::new(router.clone());
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                Ok(Ok(tls)) => tls,
                Ok(Err(err)) => {
                    tracing::debug!(peer = %peer, error = %err, "tls handshake failed");
                    return;
                }
                Err(_) => {
                    tracing::debug!(peer = %peer, "tls handshake timed out");
                    return;
                }
            };
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HANDSHAKE_TIMEOUT)
                .serve_connection(TokioIo::new(tls), service);
            if let Err(err) = watcher.watch(connection).await {
                tracing::debug!(peer = %peer, error = %err, "connection ended");
            }
        });
    }
    tracing::info!("shutting down");
    if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after the drain time; closing them");
    }
    Ok(())
}

/// The address a listener got, for a caller that bound port 0.
pub fn local_addr(listener: &TcpListener) -> Result<SocketAddr, ServeError> {
    listener.local_addr().map_err(|source| ServeError::Listen {
        address: "the bound socket".to_owned(),
        source,
    })
}

/// Completes on SIGTERM (the kubelet stopping the Pod) or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
