//! Tests of `core/src/admission/decide.rs`, with the `AdmissionReview` requests of
//! `core/tests/admission_reviews/`.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code"
)]

use super::*;
use crate::admission::review::{ContainerList, ReviewError, parse_review};
use crate::policy::TagPolicy;

fn body(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/admission_reviews")
            .join(name),
    )
    .unwrap()
}

fn request(name: &str) -> AdmissionRequest {
    parse_review(&body(name)).unwrap_or_else(|err| panic!("{name}: {err}"))
}

fn settings(toml: &str) -> Admission {
    TagPolicy::from_toml(&format!("[admission]\n{toml}"))
        .unwrap()
        .admission
}

const ECR: &str = "111122223333.dkr.ecr.eu-west-1.amazonaws.com";

fn key(registry: &str, region: &str, repository: &str) -> RepositoryKey {
    RepositoryKey {
        registry_id: AccountId::parse(registry).unwrap(),
        region: Region::parse(region).unwrap(),
        repository: repository.to_owned(),
    }
}

/// The ECR state the tests run against, in `111122223333` `eu-west-1` unless named.
fn facts() -> BTreeMap<RepositoryKey, Facts> {
    let compliant = Repository {
        tag_immutable: true,
        scan_on_push: true,
        registry_scan: false,
        owner: Some("alice".into()),
    };
    BTreeMap::from([
        (
            key("111122223333", "eu-west-1", "team/web"),
            Facts::Found(compliant.clone()),
        ),
        (
            key("111122223333", "us-gov-west-1", "team/web"),
            Facts::Found(compliant.clone()),
        ),
        (
            key("444455556666", "cn-north-1", "team/web"),
            Facts::Found(compliant),
        ),
        (
            key("111122223333", "eu-west-1", "team/api"),
            // Scanned by a registry rule, not by its own setting; owned by nobody known.
            Facts::Found(Repository {
                tag_immutable: true,
                scan_on_push: false,
                registry_scan: true,
                owner: Some("unknown".into()),
            }),
        ),
        (
            key("111122223333", "eu-west-1", "team/migrate"),
            Facts::Found(Repository::default()),
        ),
        (
            key("111122223333", "eu-west-1", "team/worker"),
            Facts::Unknown("ThrottlingException after 3 tries".into()),
        ),
        (
            key("111122223333", "eu-west-1", "team/gone"),
            Facts::NotFound,
        ),
    ])
}

/// `(container, rule)` of every violation.
fn broken(verdict: &Verdict) -> Vec<(String, &'static str)> {
    verdict
        .violations
        .iter()
        .map(|v| {
            (
                v.container
                    .as_ref()
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                v.rule.as_str(),
            )
        })
        .collect()
}

#[test]
fn requests_are_judged_by_the_table() {
    type Expected = &'static [(&'static str, &'static str)];
    let cases: [(&str, &str, bool, Expected); 12] = [
        (
            "pod-mixed.json",
            "",
            false,
            &[
                ("metrics", "no_owner"),
                ("proxy", "not_ecr"),
                ("migrate", "mutable_tags"),
                ("migrate", "no_scan_on_push"),
                ("migrate", "no_owner"),
            ],
        ),
        (
            "pod-mixed.json",
            "allowed_registries = [\"docker.io/library\"]\nrequire_owner = false",
            false,
            &[("migrate", "mutable_tags"), ("migrate", "no_scan_on_push")],
        ),
        (
            "pod-digests.json",
            "require_digest = true\nallowed_registries = [\"registry.k8s.io\"]",
            false,
            &[("tagged", "digest_required")],
        ),
        (
            "pod-public.json",
            "allowed_registries = [\"public.ecr.aws\", \"registry.k8s.io\", \"ghcr.io/my-org\", \"docker.io\"]",
            false,
            &[("other", "not_ecr")],
        ),
        (
            "pod-public.json",
            "",
            false,
            &[
                ("nginx", "not_ecr"),
                ("pause", "not_ecr"),
                ("cli", "not_ecr"),
                ("other", "not_ecr"),
                ("redis", "not_ecr"),
            ],
        ),
        (
            "deployment.json",
            "",
            false,
            &[
                ("web", ""),
                ("proxy", "not_ecr"),
                ("migrate", "mutable_tags"),
                ("migrate", "no_scan_on_push"),
                ("migrate", "no_owner"),
            ],
        ),
        (
            "cronjob.json",
            "",
            false,
            &[
                ("report", "facts_unavailable"),
                ("fetch", "repository_not_found"),
            ],
        ),
        (
            "cronjob.json",
            "on_lookup_failure = \"allow\"",
            false,
            &[("fetch", "repository_not_found")],
        ),
        (
            "pod-kube-system.json",
            "ignored_namespaces = [\"kube-system\"]",
            true,
            &[],
        ),
        ("pod-delete.json", "", true, &[]),
        (
            "pod-ephemeral.json",
            "",
            false,
            &[("debugger-8xw2t", "not_ecr")],
        ),
        (
            "pod-partitions.json",
            "regions = [\"us-gov-west-1\", \"cn-north-1\"]",
            false,
            &[("dual", "region_not_allowed")],
        ),
    ];
    for (file, toml, allowed, expected) in cases {
        let settings = settings(toml);
        let request = request(file);
        let verdict = decide(&request, &settings, &facts());
        let expected: Vec<(String, &str)> = expected
            .iter()
            .filter(|(_, rule)| !rule.is_empty())
            .map(|(c, r)| ((*c).to_owned(), *r))
            .collect();
        assert_eq!(broken(&verdict), expected, "{file} with `{toml}`");
        assert_eq!(verdict.allowed(), allowed, "{file} with `{toml}`");
        let response = verdict.response();
        assert_eq!(response.uid, request.uid);
        assert_eq!(response.allowed, allowed);
        assert_eq!(response.status.is_none(), allowed, "{file}");
    }
}

#[test]
fn skipped_requests_say_why() {
    let verdict = decide(&request("pod-delete.json"), &settings(""), &facts());
    assert_eq!(
        verdict.skipped,
        Some(Skip::Operation {
            operation: "DELETE".into()
        })
    );
    let verdict = decide(
        &request("pod-kube-system.json"),
        &settings("ignored_namespaces = [\"kube-system\"]"),
        &facts(),
    );
    assert_eq!(
        verdict.skipped,
        Some(Skip::IgnoredNamespace {
            namespace: "kube-system".into()
        })
    );
    // Without the namespace ignored, the same request is judged and denied.
    let judged = decide(&request("pod-kube-system.json"), &settings(""), &facts());
    assert!(judged.skipped.is_none() && !judged.allowed());
    let mut config_map = request("pod-mixed.json");
    config_map.kind.kind = "ConfigMap".into();
    let verdict = decide(&config_map, &settings(""), &facts());
    assert_eq!(
        verdict.skipped,
        Some(Skip::Kind {
            kind: "ConfigMap".into()
        })
    );
    assert!(verdict.allowed());
}

#[test]
fn an_update_judges_only_what_it_adds() {
    let update = request("pod-ephemeral.json");
    // The Pod's `web` container runs `team/migrate`, which breaks three rules, but it was
    // already running: only the added debug container is judged.
    let verdict = decide(&update, &settings(""), &facts());
    assert_eq!(verdict.judged, 1);
    let container = verdict.violations[0].container.as_ref().unwrap();
    assert_eq!(container.list, ContainerList::EphemeralContainer);
    assert_eq!(
        verdict.violations[0].message,
        "image `busybox:1.36` in ephemeral container `debugger-8xw2t` is not from ECR (no other registry is allowed)"
    );
    // As a creation, all of it is judged.
    let mut create = update.clone();
    create.operation = "CREATE".into();
    create.old_object = None;
    assert_eq!(decide(&create, &settings(""), &facts()).judged, 2);
}

#[test]
fn messages_name_the_image_the_container_and_the_rule() {
    let verdict = decide(
        &request("pod-mixed.json"),
        &settings("allowed_registries = [\"registry.k8s.io\", \"public.ecr.aws\"]"),
        &facts(),
    );
    let messages: Vec<&str> = verdict
        .violations
        .iter()
        .map(|v| v.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            format!("image `{ECR}/team/api:2.0` in container `metrics` is from repository `team/api`, which has no `owner` tag naming a known owner (it is `unknown`) (every repository must have an owner)"),
            "image `nginx:1.25` in container `proxy` is not from ECR (allowed registries: `registry.k8s.io`, `public.ecr.aws`)".to_owned(),
            format!("image `{ECR}/team/migrate:2024-03-05` in init container `migrate` is from repository `team/migrate`, whose tags are mutable (tag immutability is required)"),
            format!("image `{ECR}/team/migrate:2024-03-05` in init container `migrate` is from repository `team/migrate`, which is not scanned on push (by its own setting or a registry scanning rule)"),
            format!("image `{ECR}/team/migrate:2024-03-05` in init container `migrate` is from repository `team/migrate`, which has no `owner` tag (every repository must have an owner)"),
        ]
    );
    let cron = decide(&request("cronjob.json"), &settings(""), &facts());
    assert_eq!(
        cron.violations[0].message,
        format!(
            "image `{ECR}/team/worker:5.1` in container `report`: the settings of repository `team/worker` could not be read (ThrottlingException after 3 tries), and the webhook fails closed"
        )
    );
    assert_eq!(
        cron.violations[1].message,
        format!(
            "image `{ECR}/team/gone:1` in init container `fetch`: repository `team/gone` does not exist"
        )
    );
    let partitions = decide(
        &request("pod-partitions.json"),
        &settings("registry_ids = [\"111122223333\"]"),
        &facts(),
    );
    assert_eq!(
        partitions.violations[0].message,
        "image `444455556666.dkr.ecr.cn-north-1.amazonaws.com.cn/team/web:1.4.2` in container `china` is from ECR registry `444455556666`, which is not allowed (allowed registry ids: `111122223333`)"
    );
}

#[test]
fn responses_deny_with_a_status_or_warn() {
    let request = request("pod-mixed.json");
    let denied = decide(&request, &settings(""), &facts()).response();
    let json = serde_json::to_value(denied.into_review()).unwrap();
    assert_eq!(json["apiVersion"], "admission.k8s.io/v1");
    assert_eq!(json["kind"], "AdmissionReview");
    assert_eq!(
        json["response"]["uid"],
        "0df28fbd-5f5f-11e8-bc74-36e6bb280816"
    );
    assert_eq!(json["response"]["allowed"], false);
    assert_eq!(json["response"]["status"]["code"], 403);
    let message = json["response"]["status"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("autotag denied the request (5 broken rules): image `"),
        "{message}"
    );
    assert_eq!(
        json["response"]["auditAnnotations"]["violations"],
        "mutable_tags,no_owner,no_scan_on_push,not_ecr"
    );
    assert!(json["response"].get("warnings").is_none());

    let warned = decide(&request, &settings("mode = \"warn\""), &facts()).response();
    assert!(warned.allowed && warned.status.is_none());
    assert_eq!(warned.warnings.len(), 5);
    // Kept short (within 256 characters): the API server may truncate long warnings.
    assert!(
        warned.warnings.iter().all(|w| w.chars().count() <= 256),
        "{:?}",
        warned.warnings
    );
    assert!(
        warned.warnings[1].starts_with(
            "autotag would deny (warn mode): image `nginx:1.25` in container `proxy` is not from ECR"
        ),
        "{:?}",
        warned.warnings
    );

    // Fail open: admitted, and the client is told what was not checked.
    let open = decide(
        &super::super::review::parse_review(&body("cronjob.json")).unwrap(),
        &settings("on_lookup_failure = \"allow\""),
        &BTreeMap::new(),
    )
    .response();
    assert!(open.allowed, "{open:?}");
    assert_eq!(open.warnings.len(), 2);
    assert!(
        open.warnings[0].contains("admitted unchecked")
            && open.warnings[0].contains("not looked up")
    );

    let clean = decide(
        &self::request("pod-digests.json"),
        &settings("allowed_registries = [\"registry.k8s.io\"]"),
        &facts(),
    )
    .response();
    let json = serde_json::to_value(clean.into_review()).unwrap();
    assert_eq!(
        json["response"],
        serde_json::json!({"uid": "7a3c1e9b-2d4f-4a6b-8c0d-1e2f3a4b5c6d", "allowed": true})
    );
}

#[test]
fn the_repositories_to_look_up_are_the_judged_ecr_ones_once_each() {
    let names = |request: &AdmissionRequest, toml: &str| {
        needed_repositories(request, &settings(toml))
            .into_iter()
            .map(|k| format!("{}/{}/{}", k.registry_id, k.region, k.repository))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(&request("pod-mixed.json"), ""),
        [
            "111122223333/eu-west-1/team/api",
            "111122223333/eu-west-1/team/migrate",
            "111122223333/eu-west-1/team/web",
        ]
    );
    // One repository twice (digest and tag) is looked up once.
    assert_eq!(
        names(&request("pod-digests.json"), ""),
        ["111122223333/eu-west-1/team/web"]
    );
    assert_eq!(
        names(
            &request("pod-partitions.json"),
            "regions = [\"cn-north-1\"]"
        ),
        ["444455556666/cn-north-1/team/web"]
    );
    assert!(names(&request("pod-delete.json"), "").is_empty());
    assert!(names(&request("pod-ephemeral.json"), "").is_empty());
    assert!(
        names(
            &request("pod-kube-system.json"),
            "ignored_namespaces = [\"kube-system\"]"
        )
        .is_empty()
    );
    assert_eq!(
        names(&request("cronjob.json"), ""),
        [
            "111122223333/eu-west-1/team/gone",
            "111122223333/eu-west-1/team/worker",
        ]
    );
}

#[test]
fn malformed_input_is_refused_clearly() {
    for (file, expected) in [
        (
            "review-truncated.json",
            "the admission review is not JSON: EOF while parsing",
        ),
        (
            "review-v1beta1.json",
            "the admission review is `admission.k8s.io/v1beta1` `AdmissionReview`, not `admission.k8s.io/v1` `AdmissionReview`",
        ),
        (
            "review-without-uid.json",
            "the admission review has no `request` with a `uid`",
        ),
    ] {
        let err = parse_review(&body(file)).unwrap_err().to_string();
        assert!(err.starts_with(expected), "{file}: {err}");
    }
    assert!(matches!(
        parse_review(br#"{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": 7}}"#),
        Err(ReviewError::Shape { .. })
    ));
    assert_eq!(
        parse_review(b"[]").unwrap_err().to_string(),
        "the admission review is not valid: it is not a JSON object"
    );
    // A readable review whose object is not: denied, by uid, with the reason.
    let request = request("pod-containers-not-a-list.json");
    let verdict = decide(&request, &settings(""), &facts());
    assert_eq!(broken(&verdict), [(String::new(), "unreadable_object")]);
    let message = &verdict.violations[0].message;
    assert!(
        message.starts_with(
            "the `Pod` object cannot be read: `spec`: invalid type: map, expected a sequence"
        ),
        "{message}"
    );
    assert!(!verdict.response().allowed);
    assert!(needed_repositories(&request, &settings("")).is_empty());
}

#[test]
fn every_workload_kind_has_its_pod_spec_found() {
    let spec = serde_json::json!({"containers": [{"name": "c", "image": "nginx"}], "initContainers": [{"name": "i", "image": "busybox"}]});
    let template = serde_json::json!({"template": {"spec": spec}});
    for (group, kind, object) in [
        ("", "Pod", serde_json::json!({"spec": spec})),
        ("", "PodTemplate", template.clone()),
        (
            "",
            "ReplicationController",
            serde_json::json!({"spec": template}),
        ),
        ("apps", "Deployment", serde_json::json!({"spec": template})),
        ("apps", "StatefulSet", serde_json::json!({"spec": template})),
        ("apps", "DaemonSet", serde_json::json!({"spec": template})),
        ("apps", "ReplicaSet", serde_json::json!({"spec": template})),
        ("batch", "Job", serde_json::json!({"spec": template})),
        (
            "batch",
            "CronJob",
            serde_json::json!({"spec": {"jobTemplate": {"spec": template}}}),
        ),
    ] {
        let gvk = review::GroupVersionKind {
            group: group.into(),
            version: "v1".into(),
            kind: kind.into(),
        };
        let found = review::containers(&gvk, &object).unwrap().unwrap();
        let names: Vec<(&str, &str)> = found
            .iter()
            .map(|c| (c.name.as_str(), c.list.noun()))
            .collect();
        assert_eq!(
            names,
            [("c", "container"), ("i", "init container")],
            "{kind}"
        );
    }
    // The same kind in another group is not a workload; a missing template has no containers.
    let foreign = review::GroupVersionKind {
        group: "example.com".into(),
        version: "v1".into(),
        kind: "Deployment".into(),
    };
    assert_eq!(
        review::containers(&foreign, &serde_json::json!({})).unwrap(),
        None
    );
    let deployment = review::GroupVersionKind {
        group: "apps".into(),
        version: "v1".into(),
        kind: "Deployment".into(),
    };
    assert_eq!(
        review::containers(&deployment, &serde_json::json!({"spec": {}})).unwrap(),
        Some(Vec::new())
    );
    // A container without an image is judged as an invalid reference.
    let mut request = request("pod-public.json");
    request.object = Some(serde_json::json!({"spec": {"containers": [{"name": "x"}]}}));
    let verdict = decide(&request, &settings(""), &facts());
    assert_eq!(
        verdict.violations[0].message,
        "image `` in container `x` is not a valid image reference: the image reference is empty"
    );
}

#[test]
fn registry_scanning_rules_cover_by_wildcard() {
    let rules = [
        ScanRule {
            frequency: ScanFrequency::from_ecr("SCAN_ON_PUSH"),
            filters: vec!["prod-*".into(), "team/*/api".into()],
        },
        ScanRule {
            frequency: ScanFrequency::from_ecr("CONTINUOUS_SCAN"),
            filters: vec!["critical".into()],
        },
        ScanRule {
            frequency: ScanFrequency::from_ecr("MANUAL"),
            filters: vec!["*".into()],
        },
    ];
    for (repository, covered) in [
        ("prod-web", true),
        ("prod-", true),
        ("team/payments/api", true),
        ("team/api", false),
        ("team/payments/api-v2", false),
        ("critical", true),
        ("critical-2", false),
        ("dev-web", false),
    ] {
        assert_eq!(
            ScanRule::covers(&rules, repository),
            covered,
            "{repository}"
        );
    }
    assert!(ScanRule::covers(
        &[ScanRule {
            frequency: ScanFrequency::OnPush,
            filters: vec!["*".into()]
        }],
        "anything/at/all"
    ));
    assert!(!ScanRule::covers(&[], "x"));
    assert_eq!(
        ScanFrequency::from_ecr("SOMETHING_NEW"),
        ScanFrequency::Manual
    );
}

#[test]
fn warnings_fit_what_the_api_server_shows() {
    let long_image = format!("{ECR}/{}:1", "team/".repeat(60));
    let violation = |n: usize| Violation {
        container: None,
        rule: Rule::NotEcr,
        message: format!("image `{long_image}` in container `c{n}` is not from ECR"),
    };
    let verdict = Verdict {
        uid: "u".to_owned(),
        skipped: None,
        judged: 40,
        violations: (0..40).map(violation).collect(),
        unchecked: vec!["short".to_owned()],
        warn_only: true,
    };
    let warnings = verdict.response().warnings;
    assert!(
        warnings
            .iter()
            .all(|w| w.chars().count() <= WARNING_CHARACTERS),
        "{warnings:?}"
    );
    assert!(warnings.iter().map(|w| w.chars().count()).sum::<usize>() <= WARNINGS_CHARACTERS);
    assert_eq!(warnings[0], "short");
    // The image gives up its middle; the container and the rule are kept.
    assert!(
        warnings[1].contains("…")
            && warnings[1].ends_with("team/:1` in container `c0` is not from ECR")
            && warnings[1].chars().count() == WARNING_CHARACTERS,
        "{}",
        warnings[1]
    );
    let note = warnings.last().unwrap();
    let shown = warnings.len() - 2;
    assert_eq!(
        *note,
        format!(
            "autotag left out {} more warnings (the API server shows at most 4096 characters); the webhook's log has them all",
            41 - 1 - shown
        )
    );

    // A denial keeps every violation in its status message; only warnings are bounded.
    let denied = Verdict {
        warn_only: false,
        ..verdict
    }
    .response();
    assert!(denied.status.unwrap().message.contains("`c39`"));
}

#[test]
fn a_warning_without_a_long_value_is_cut_at_its_end() {
    let verdict = Verdict {
        uid: "u".to_owned(),
        skipped: None,
        judged: 1,
        violations: Vec::new(),
        unchecked: vec![format!("{} `short`", "word ".repeat(80))],
        warn_only: true,
    };
    let warning = &verdict.response().warnings[0];
    assert_eq!(warning.chars().count(), WARNING_CHARACTERS);
    assert!(
        warning.starts_with("word word") && warning.ends_with('…'),
        "{warning}"
    );
}
