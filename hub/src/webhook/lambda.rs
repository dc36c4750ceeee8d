//! The webhook behind API Gateway, as the seed deploys it: a proxy event in (REST API, payload
//! format 1.0, or HTTP API, payload format 2.0), a proxy response out. Read with serde_json
//! rather than `lambda_http`, which would bring its own HTTP types and `aws_lambda_events` for
//! two fields of each event.
//!
//! Formats: <https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format>
//! and <https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html>.
//! Both accept the same response: `statusCode`, `headers`, `body`, `isBase64Encoded`.

use base64::Engine as _;
use serde_json::{Value, json};

use super::{Answer, JSON, Webhook};

/// The method and path of a proxy event, and its body's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyRequest {
    /// `POST`, `GET`.
    pub method: String,
    /// The path as the client sent it.
    pub path: String,
    /// The body, decoded if API Gateway base64-encoded it.
    pub body: Vec<u8>,
}

/// Reads a REST (1.0) or HTTP API (2.0) proxy event; `None` if it is neither.
pub fn proxy_request(event: &Value) -> Option<ProxyRequest> {
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
    let (method, path) = if event.get("version").and_then(Value::as_str) == Some("2.0") {
        let http = event.get("requestContext")?.get("http")?;
        (
            text(http.get("method"))?,
            text(event.get("rawPath")).or_else(|| text(http.get("path")))?,
        )
    } else {
        (text(event.get("httpMethod"))?, text(event.get("path"))?)
    };
    let raw = event
        .get("body")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let encoded = event
        .get("isBase64Encoded")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let body = if encoded {
        // A body that is not base64 is answered as the unreadable review it is.
        base64::engine::general_purpose::STANDARD
            .decode(raw)
            .unwrap_or_else(|_| raw.as_bytes().to_vec())
    } else {
        raw.as_bytes().to_vec()
    };
    Some(ProxyRequest { method, path, body })
}

fn proxy_response(status: u16, content_type: &str, body: String) -> Value {
    json!({
        "statusCode": status,
        "headers": {"content-type": content_type},
        "body": body,
        "isBase64Encoded": false,
    })
}

/// Answers one API Gateway proxy event: `POST …/validate` (or any `POST`: the stage and
/// resource path are the deployer's) is a review, `GET …/healthz` the health check; anything
/// else is a 404 or 405.
pub async fn handle(webhook: &Webhook, event: &Value) -> Value {
    let Some(request) = proxy_request(event) else {
        tracing::warn!("not an API Gateway proxy event");
        return proxy_response(
            400,
            JSON,
            json!({"error": "not an API Gateway proxy event"}).to_string(),
        );
    };
    match request.method.as_str() {
        "POST" => {
            let Answer { status, body, .. } = webhook.answer(&request.body).await;
            proxy_response(status, JSON, body)
        }
        "GET" if request.path.ends_with("/healthz") => {
            proxy_response(200, "text/plain", "ok".to_owned())
        }
        "GET" => proxy_response(404, JSON, json!({"error": "not found"}).to_string()),
        _ => proxy_response(
            405,
            JSON,
            json!({"error": "method not allowed"}).to_string(),
        ),
    }
}
