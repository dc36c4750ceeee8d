//! The webhook over the in-memory repositories: answers, the cache, the deadline, and the
//! Lambda form's API Gateway events.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a broken expectation should stop the test loudly"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use autotag_core::admission::decide::{Facts, Repository, RepositoryKey};
use autotag_core::arn::{AccountId, Region};
use autotag_core::metrics::AdmissionCount;
use autotag_core::policy::TagPolicy;
use base64::Engine as _;
use serde_json::{Value, json};

use super::facts::CachedFacts;
use super::{Webhook, lambda};
use crate::ports::memory::MemoryRepositories;

fn review(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../core/tests/admission_reviews/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(path).unwrap()
}

fn key(repository: &str) -> RepositoryKey {
    RepositoryKey {
        registry_id: AccountId::parse("111122223333").unwrap(),
        region: Region::parse("eu-west-1").unwrap(),
        repository: repository.to_owned(),
    }
}

fn compliant() -> Facts {
    Facts::Found(Repository {
        tag_immutable: true,
        scan_on_push: true,
        registry_scan: false,
        owner: Some("alice".to_owned()),
    })
}

/// `team/web`, `team/api` and `team/migrate` as pod-mixed.json needs them: web compliant, api
/// mutable, migrate without an owner.
fn repositories() -> Arc<MemoryRepositories> {
    let repositories = Arc::new(MemoryRepositories::default());
    repositories.insert(key("team/web"), compliant());
    repositories.insert(
        key("team/api"),
        Facts::Found(Repository {
            tag_immutable: false,
            ..Repository {
                tag_immutable: true,
                scan_on_push: true,
                registry_scan: false,
                owner: Some("bob".to_owned()),
            }
        }),
    );
    repositories.insert(
        key("team/migrate"),
        Facts::Found(Repository {
            tag_immutable: true,
            scan_on_push: false,
            registry_scan: true,
            owner: None,
        }),
    );
    repositories
}

fn webhook(policy: &str, facts: Arc<MemoryRepositories>, ttl: Duration) -> Webhook {
    let policy = TagPolicy::from_toml(policy).unwrap();
    Webhook::new(
        policy.admission,
        Arc::new(CachedFacts::new(facts, ttl)),
        Duration::from_millis(300),
        "autotag",
    )
}

fn body(answer: &super::Answer) -> Value {
    serde_json::from_str(&answer.body).unwrap()
}

#[tokio::test]
async fn a_mixed_pod_is_denied_naming_each_image_and_rule() {
    let webhook = webhook("", repositories(), Duration::from_secs(60));
    let answer = webhook.answer(&review("pod-mixed.json")).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.counts, [AdmissionCount::Denied]);
    let review = body(&answer);
    assert_eq!(review["apiVersion"], "admission.k8s.io/v1");
    assert_eq!(review["kind"], "AdmissionReview");
    let response = &review["response"];
    assert_eq!(response["uid"], "0df28fbd-5f5f-11e8-bc74-36e6bb280816");
    assert_eq!(response["allowed"], false);
    assert_eq!(response["status"]["code"], 403);
    let message = response["status"]["message"].as_str().unwrap();
    assert!(message.contains("3 broken rules"), "{message}");
    assert!(message.contains("team/api:2.0") && message.contains("tags are mutable"));
    assert!(message.contains("`nginx:1.25`") && message.contains("is not from ECR"));
    assert!(message.contains("team/migrate") && message.contains("no `owner` tag"));
    assert!(!message.contains("team/web:1.4.2"), "{message}");
    assert_eq!(
        response["auditAnnotations"]["violations"],
        "mutable_tags,no_owner,not_ecr"
    );
}

#[tokio::test]
async fn facts_are_cached_for_their_time_only() {
    let facts = repositories();
    let cached = webhook("", facts.clone(), Duration::from_secs(60));
    cached.answer(&review("pod-mixed.json")).await;
    cached.answer(&review("pod-mixed.json")).await;
    assert_eq!(facts.lookups(), 3, "three repositories, looked up once");
    let facts = repositories();
    let uncached = webhook("", facts.clone(), Duration::ZERO);
    uncached.answer(&review("pod-mixed.json")).await;
    uncached.answer(&review("pod-mixed.json")).await;
    assert_eq!(facts.lookups(), 6);
}

#[tokio::test]
async fn a_slow_ecr_is_answered_within_the_deadline_closed_or_open() {
    let facts = repositories();
    facts.slow_down(Duration::from_secs(30));
    // pod-digests.json's only other image is from registry.k8s.io.
    let allowed = "[admission]\nallowed_registries = [\"registry.k8s.io\"]\n";
    let closed = webhook(allowed, facts.clone(), Duration::from_secs(60));
    let started = Instant::now();
    let answer = closed.answer(&review("pod-digests.json")).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        answer.counts,
        [AdmissionCount::Denied, AdmissionCount::Errors]
    );
    let response = &body(&answer)["response"];
    assert_eq!(response["allowed"], false);
    let message = response["status"]["message"].as_str().unwrap();
    assert!(
        message
            .contains("could not be read (not read within 300 ms), and the webhook fails closed"),
        "{message}"
    );
    let open = webhook(
        &format!("{allowed}on_lookup_failure = \"allow\""),
        facts.clone(),
        Duration::from_secs(60),
    );
    let started = Instant::now();
    let answer = open.answer(&review("pod-digests.json")).await;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(
        answer.counts,
        [AdmissionCount::Warned, AdmissionCount::Errors]
    );
    let response = &body(&answer)["response"];
    assert_eq!(response["allowed"], true);
    assert!(
        response["warnings"][0]
            .as_str()
            .unwrap()
            .contains("was admitted unchecked"),
        "{response}"
    );
}

#[tokio::test]
async fn warn_mode_admits_with_warnings_and_ignored_namespaces_are_not_judged() {
    let facts = repositories();
    let warn = webhook(
        "[admission]\nmode = \"warn\"\nignored_namespaces = [\"kube-system\"]",
        facts.clone(),
        Duration::from_secs(60),
    );
    let answer = warn.answer(&review("pod-mixed.json")).await;
    assert_eq!(answer.counts, [AdmissionCount::Warned]);
    let response = &body(&answer)["response"];
    assert_eq!(response["allowed"], true);
    assert_eq!(response["warnings"].as_array().unwrap().len(), 3);
    let before = facts.lookups();
    let answer = warn.answer(&review("pod-kube-system.json")).await;
    assert_eq!(answer.counts, [AdmissionCount::Allowed]);
    assert_eq!(body(&answer)["response"]["allowed"], true);
    assert_eq!(facts.lookups(), before, "nothing looked up");
}

#[tokio::test]
async fn an_unreadable_review_is_a_400() {
    let webhook = webhook("", repositories(), Duration::from_secs(60));
    for name in [
        "review-truncated.json",
        "review-v1beta1.json",
        "review-without-uid.json",
    ] {
        let answer = webhook.answer(&review(name)).await;
        assert_eq!(answer.status, 400, "{name}");
        assert_eq!(answer.counts, [AdmissionCount::Errors]);
        assert!(
            body(&answer)["error"]
                .as_str()
                .unwrap()
                .contains("admission review")
        );
    }
}

#[tokio::test]
async fn api_gateway_rest_and_http_api_events_are_answered() {
    let webhook = webhook("", repositories(), Duration::from_secs(60));
    let text = String::from_utf8(review("pod-mixed.json")).unwrap();
    let rest = json!({
        "resource": "/validate",
        "path": "/validate",
        "httpMethod": "POST",
        "headers": {"Content-Type": "application/json"},
        "requestContext": {"stage": "prod", "httpMethod": "POST"},
        "body": text,
        "isBase64Encoded": false,
    });
    let http_api = json!({
        "version": "2.0",
        "routeKey": "POST /validate",
        "rawPath": "/validate",
        "requestContext": {"http": {"method": "POST", "path": "/validate"}},
        "body": base64::engine::general_purpose::STANDARD.encode(&text),
        "isBase64Encoded": true,
    });
    for event in [rest, http_api] {
        let out = lambda::handle(&webhook, &event).await;
        assert_eq!(out["statusCode"], 200, "{out}");
        assert_eq!(out["headers"]["content-type"], "application/json");
        let review: Value = serde_json::from_str(out["body"].as_str().unwrap()).unwrap();
        assert_eq!(review["response"]["allowed"], false);
        assert_eq!(
            review["response"]["uid"],
            "0df28fbd-5f5f-11e8-bc74-36e6bb280816"
        );
    }
    let health = json!({"version": "2.0", "rawPath": "/prod/healthz",
        "requestContext": {"http": {"method": "GET", "path": "/prod/healthz"}}});
    let out = lambda::handle(&webhook, &health).await;
    assert_eq!(out["statusCode"], 200);
    assert_eq!(out["body"], "ok");
    let out = lambda::handle(&webhook, &json!({"detail-type": "Scheduled Event"})).await;
    assert_eq!(out["statusCode"], 400);
    let put = json!({"httpMethod": "PUT", "path": "/validate", "body": ""});
    assert_eq!(lambda::handle(&webhook, &put).await["statusCode"], 405);
}
