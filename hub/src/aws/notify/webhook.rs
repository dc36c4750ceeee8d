//! The security team's summary posted to a Slack or Teams incoming webhook. The URL is a
//! credential (anyone holding a Slack webhook URL can post to the channel), so it lives in
//! Secrets Manager (`enforcement.webhook_secret`), is read once per run, and never appears in
//! a log, an error or a report.
//!
//! The HTTPS client is the stack the AWS SDK already builds (hyper 1, hyper-util's pooled
//! client, rustls over aws-lc-rs with the platform's roots), so this adds no dependency.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use autotag_core::enforce::notify::{Notification, Recipient, render_chat};
use bytes::Bytes;
use http::Uri;
use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http_body_util::{BodyExt as _, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::Deserialize;
use tokio::sync::OnceCell;

use super::{NotifyError, recipient_label};
use crate::ports::{BoxError, Notifier};

/// How long one POST may take, connection included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Posts the security team's messages to the webhook whose URL a secret holds.
pub struct WebhookNotifier {
    secrets: aws_sdk_secretsmanager::Client,
    secret_arn: String,
    // The URL, once read: one `GetSecretValue` per run. A failed read is not kept, so the next
    // message tries again. `Uri`'s `Debug` would print it: `Debug` below leaves it out.
    url: OnceCell<Uri>,
    http: HttpClient<HttpsConnector<HttpConnector>, Full<Bytes>>,
    timeout: Duration,
}

impl std::fmt::Debug for WebhookNotifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookNotifier")
            .field("secret_arn", &self.secret_arn)
            .field("url_read", &self.url.initialized())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl WebhookNotifier {
    /// Posts to the URL held by the secret `secret_arn`.
    pub fn new(
        secrets: aws_sdk_secretsmanager::Client,
        secret_arn: String,
    ) -> Result<Self, NotifyError> {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_native_roots(provider)
            .map_err(|err| NotifyError::Transport {
                source: Box::new(err),
            })?
            // Plain http is refused before any request unless it is to this machine (tests).
            .https_or_http()
            .enable_http1()
            .build();
        Ok(Self {
            secrets,
            secret_arn,
            url: OnceCell::new(),
            http: HttpClient::builder(TokioExecutor::new()).build(connector),
            timeout: DEFAULT_TIMEOUT,
        })
    }

    /// Each POST may take at most `timeout`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    async fn url(&self) -> Result<&Uri, NotifyError> {
        self.url
            .get_or_try_init(|| async {
                let secret = self
                    .secrets
                    .get_secret_value()
                    .secret_id(&self.secret_arn)
                    .send()
                    .await
                    .map_err(|err| NotifyError::aws("secretsmanager:GetSecretValue", err))?;
                let bad = |reason: &str| NotifyError::BadSecret {
                    secret: self.secret_arn.clone(),
                    reason: reason.to_owned(),
                };
                let text = secret
                    .secret_string()
                    .ok_or_else(|| bad("it has no secret string"))?;
                webhook_url(text).map_err(|reason| bad(&reason))
            })
            .await
    }
}

/// The webhook URL in a secret string: the URL itself, or JSON `{"url": "..."}`. It must be
/// `https`, except `http` to `127.0.0.1` or `localhost` (a test's server). The error says what
/// is wrong without repeating the value.
pub fn webhook_url(secret: &str) -> Result<Uri, String> {
    #[derive(Deserialize)]
    struct Wrapped {
        url: String,
    }
    let secret = secret.trim();
    let raw = if secret.starts_with('{') {
        serde_json::from_str::<Wrapped>(secret)
            .map_err(|_| "it is JSON without a string `url` field".to_owned())?
            .url
    } else {
        secret.to_owned()
    };
    let uri: Uri = raw
        .trim()
        .parse()
        .map_err(|_| "it is not a url".to_owned())?;
    let host = uri.host().unwrap_or_default();
    match uri.scheme_str() {
        Some("https") if !host.is_empty() => Ok(uri),
        Some("http") if matches!(host, "127.0.0.1" | "localhost") => Ok(uri),
        Some("http") => Err("its scheme is `http`; only `https` is allowed".to_owned()),
        Some(other) => Err(format!("its scheme is `{other}`, not `https`")),
        None => Err("it is not an absolute `https` url".to_owned()),
    }
}

/// The delay a `Retry-After` header asks for, when it is a number of seconds (Slack's form).
fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[async_trait]
impl Notifier for WebhookNotifier {
    async fn deliver(&self, notification: &Notification) -> Result<(), BoxError> {
        if notification.recipient != Recipient::SecurityTeam {
            return Err(NotifyError::WrongRecipient {
                channel: "webhook",
                recipient: recipient_label(&notification.recipient),
            }
            .into());
        }
        let url = self.url().await?;
        let body =
            serde_json::to_vec(&render_chat(notification)).map_err(|err| NotifyError::Build {
                operation: "webhook POST",
                source: Box::new(err),
            })?;
        let request = http::Request::post(url.clone())
            .header(CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(body)))
            .map_err(|err| NotifyError::Build {
                operation: "webhook POST",
                source: Box::new(err),
            })?;
        let exchange = async {
            let response =
                self.http
                    .request(request)
                    .await
                    .map_err(|err| NotifyError::Transport {
                        source: Box::new(err),
                    })?;
            let status = response.status();
            let wait = retry_after(response.headers());
            // Read the answer to the end so the connection can be reused; its content (Slack
            // says `ok` or an error word) is not needed beyond the status.
            let _ = response.into_body().collect().await;
            if status.is_success() {
                Ok(())
            } else {
                Err(NotifyError::Status {
                    status: status.as_u16(),
                    retry_after: wait,
                })
            }
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| NotifyError::Timeout(self.timeout))??;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_is_the_secret_string_or_its_json_url_field() {
        let plain = webhook_url(" https://hooks.slack.com/services/T0/B0/x \n").unwrap();
        assert_eq!(plain.host(), Some("hooks.slack.com"));
        let wrapped = webhook_url(r#"{"url": "https://example.webhook.office.com/h"}"#).unwrap();
        assert_eq!(wrapped.host(), Some("example.webhook.office.com"));
        assert!(webhook_url("http://127.0.0.1:8080/hook").is_ok());
        assert!(webhook_url("http://localhost/hook").is_ok());
    }

    #[test]
    fn anything_but_https_is_refused_without_repeating_the_url() {
        for bad in [
            "http://hooks.slack.com/services/T0/B0/secret-part",
            "ftp://hooks.slack.com/secret-part",
            "hooks.slack.com/secret-part",
            r#"{"href": "https://hooks.slack.com/secret-part"}"#,
            "not a url at all secret-part",
        ] {
            let reason = webhook_url(bad).unwrap_err();
            assert!(!reason.contains("secret-part"), "{reason}");
            assert!(!reason.contains("hooks.slack.com"), "{reason}");
        }
    }

    #[test]
    fn retry_after_reads_seconds() {
        let mut headers = http::HeaderMap::new();
        headers.insert(RETRY_AFTER, http::HeaderValue::from_static("3"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert(
            RETRY_AFTER,
            http::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), None);
    }
}
