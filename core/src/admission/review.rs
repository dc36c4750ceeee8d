//! The `AdmissionReview` (`admission.k8s.io/v1`) the API server sends a validating webhook, the
//! workload objects' containers read from it, and the review it expects back
//! (<https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#request>).
//!
//! Hand-written serde structs that read only what the rules need, not `k8s-openapi`: that
//! crate has no `admission.k8s.io` types (the API server does not serve them, so they are not
//! in its OpenAPI document), it added 18 s (75 %) to a clean build of this crate (measured:
//! 23.9 s without, 41.7 s with, 2 cores), it brings a second date-time crate (`jiff`), and its
//! version feature (one Kubernetes version for the whole build) would bind the hub's future
//! Kubernetes crates. Reading only names and images also means a field this code does not
//! know, in a newer Kubernetes, can never make a valid object unreadable.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Why a request cannot be answered at all: without a readable `request.uid` there is no
/// review to answer, and the webhook replies with an HTTP error instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// The body is not JSON.
    #[error("the admission review is not JSON: {message}")]
    NotJson {
        /// The parser's message.
        message: String,
    },
    /// The body is JSON of the wrong shape.
    #[error("the admission review is not valid: {message}")]
    Shape {
        /// The parser's message, naming the field.
        message: String,
    },
    /// `apiVersion` or `kind` is not `admission.k8s.io/v1` `AdmissionReview`.
    #[error(
        "the admission review is `{api_version}` `{kind}`, not `admission.k8s.io/v1` `AdmissionReview`"
    )]
    Version {
        /// The `apiVersion` sent.
        api_version: String,
        /// The `kind` sent.
        kind: String,
    },
    /// There is no `request`, or its `uid` is empty.
    #[error("the admission review has no `request` with a `uid`")]
    NoRequest,
}

/// The admission API version this module reads and writes.
pub const API_VERSION: &str = "admission.k8s.io/v1";

/// An `AdmissionReview` as the API server sends it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdmissionReview {
    /// `admission.k8s.io/v1`.
    #[serde(default)]
    pub api_version: String,
    /// `AdmissionReview`.
    #[serde(default)]
    pub kind: String,
    /// The request.
    #[serde(default)]
    pub request: Option<AdmissionRequest>,
}

/// The group, version and kind of an object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GroupVersionKind {
    /// The API group, empty for the core group (`Pod`).
    #[serde(default)]
    pub group: String,
    /// The version (`v1`).
    #[serde(default)]
    pub version: String,
    /// The kind (`Deployment`).
    #[serde(default)]
    pub kind: String,
}

/// The request part of a review: the fields the rules read; the rest is ignored.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdmissionRequest {
    /// The request's id, echoed in the response.
    pub uid: String,
    /// The kind of the object.
    #[serde(default)]
    pub kind: GroupVersionKind,
    /// The subresource (`ephemeralcontainers`), if any.
    #[serde(default)]
    pub sub_resource: Option<String>,
    /// The object's name, when known (a Pod of a ReplicaSet has none yet).
    #[serde(default)]
    pub name: Option<String>,
    /// The object's namespace.
    #[serde(default)]
    pub namespace: Option<String>,
    /// `CREATE`, `UPDATE`, `DELETE` or `CONNECT`.
    #[serde(default)]
    pub operation: String,
    /// Whether the request is a dry run.
    #[serde(default)]
    pub dry_run: Option<bool>,
    /// The object as it will be.
    #[serde(default)]
    pub object: Option<Value>,
    /// The object as it was (`UPDATE`, `DELETE`).
    #[serde(default)]
    pub old_object: Option<Value>,
}

/// Reads an `AdmissionReview` v1 request body.
pub fn parse_review(body: &[u8]) -> Result<AdmissionRequest, ReviewError> {
    let value: Value = serde_json::from_slice(body).map_err(|err| ReviewError::NotJson {
        message: err.to_string(),
    })?;
    if !value.is_object() {
        return Err(ReviewError::Shape {
            message: "it is not a JSON object".to_owned(),
        });
    }
    let review: AdmissionReview =
        serde_json::from_value(value).map_err(|err| ReviewError::Shape {
            message: err.to_string(),
        })?;
    if review.api_version != API_VERSION || review.kind != "AdmissionReview" {
        return Err(ReviewError::Version {
            api_version: review.api_version,
            kind: review.kind,
        });
    }
    match review.request {
        Some(request) if !request.uid.is_empty() => Ok(request),
        _ => Err(ReviewError::NoRequest),
    }
}

/// Which list of a pod spec a container is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContainerList {
    /// `containers`.
    Container,
    /// `initContainers`.
    InitContainer,
    /// `ephemeralContainers`.
    EphemeralContainer,
}

impl ContainerList {
    /// How messages name a container of this list.
    pub fn noun(self) -> &'static str {
        match self {
            Self::Container => "container",
            Self::InitContainer => "init container",
            Self::EphemeralContainer => "ephemeral container",
        }
    }
}

/// One container of the object and its image, as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ContainerImage {
    /// Its list.
    pub list: ContainerList,
    /// Its name.
    pub name: String,
    /// Its image, as written.
    pub image: String,
}

/// Why a workload object's containers cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the `{kind}` object cannot be read: {message}")]
pub struct ObjectError {
    /// The object's kind.
    pub kind: String,
    /// The parser's message, naming the field.
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PodSpec {
    #[serde(default)]
    containers: Option<Vec<Container>>,
    #[serde(default)]
    init_containers: Option<Vec<Container>>,
    #[serde(default)]
    ephemeral_containers: Option<Vec<Container>>,
}

#[derive(Debug, Deserialize)]
struct Container {
    #[serde(default)]
    name: String,
    #[serde(default)]
    image: Option<String>,
}

/// The kinds whose containers are judged, and where their pod spec is:
/// `(group, kind) -> path`.
fn pod_spec_path(group: &str, kind: &str) -> Option<&'static [&'static str]> {
    Some(match (group, kind) {
        ("", "Pod") => &["spec"],
        ("", "PodTemplate") => &["template", "spec"],
        ("", "ReplicationController")
        | ("apps", "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet")
        | ("batch", "Job") => &["spec", "template", "spec"],
        ("batch", "CronJob") => &["spec", "jobTemplate", "spec", "template", "spec"],
        _ => return None,
    })
}

/// Whether objects of this group and kind run containers this module judges: `Pod`,
/// `PodTemplate`, `ReplicationController`, `Deployment`, `StatefulSet`, `DaemonSet`,
/// `ReplicaSet`, `Job` and `CronJob`.
pub fn runs_containers(kind: &GroupVersionKind) -> bool {
    pod_spec_path(&kind.group, &kind.kind).is_some()
}

/// Every container of `object` (of `kind`) with its image, in the order `containers`,
/// `initContainers`, `ephemeralContainers`; `Ok(None)` for a kind that runs no containers. An
/// object without a pod spec where its kind has one (`spec.template` missing) has no
/// containers; a container without an image is listed with an empty one.
pub fn containers(
    kind: &GroupVersionKind,
    object: &Value,
) -> Result<Option<Vec<ContainerImage>>, ObjectError> {
    let Some(path) = pod_spec_path(&kind.group, &kind.kind) else {
        return Ok(None);
    };
    let mut at = object;
    for key in path {
        match at.get(key) {
            Some(next) => at = next,
            None => return Ok(Some(Vec::new())),
        }
    }
    let spec = PodSpec::deserialize(at).map_err(|err| ObjectError {
        kind: kind.kind.clone(),
        message: format!("`{}`: {err}", path.join(".")),
    })?;
    let mut out = Vec::new();
    for (list, containers) in [
        (ContainerList::Container, spec.containers),
        (ContainerList::InitContainer, spec.init_containers),
        (ContainerList::EphemeralContainer, spec.ephemeral_containers),
    ] {
        for container in containers.unwrap_or_default() {
            out.push(ContainerImage {
                list,
                name: container.name,
                image: container.image.unwrap_or_default(),
            });
        }
    }
    Ok(Some(out))
}

/// The response the webhook returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdmissionReviewResponse {
    /// `admission.k8s.io/v1`.
    pub api_version: &'static str,
    /// `AdmissionReview`.
    pub kind: &'static str,
    /// The answer.
    pub response: AdmissionResponse,
}

/// The answer to one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdmissionResponse {
    /// The request's `uid`.
    pub uid: String,
    /// Whether the request may proceed.
    pub allowed: bool,
    /// Why not, for a denial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// What the client is warned of (warn mode, or a fail-open lookup).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Annotations added to the audit event, by key (`autotag.io/denied-rules`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub audit_annotations: BTreeMap<String, String>,
}

/// A denial's status (`metav1.Status`): the message `kubectl` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The HTTP code: 403.
    pub code: u16,
    /// `Forbidden`.
    pub reason: &'static str,
    /// The message.
    pub message: String,
}

impl AdmissionResponse {
    /// Wrapped in the review the API server expects back.
    pub fn into_review(self) -> AdmissionReviewResponse {
        AdmissionReviewResponse {
            api_version: API_VERSION,
            kind: "AdmissionReview",
            response: self,
        }
    }
}
