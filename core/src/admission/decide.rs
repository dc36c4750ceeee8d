//! The admission rules: which images of a request are judged, which ECR repositories' facts
//! that needs, and the verdict.
//!
//! Nothing is judged for a `DELETE` or `CONNECT`, in an ignored namespace, or for a kind that
//! runs no containers. An `UPDATE` is judged on the containers it adds or changes: a container
//! the old object already had, with the same image, is not judged again, so that a label or
//! finalizer change of a running Pod is never refused because its repository changed since.
//! Every judged image is held to every rule, and every broken rule is reported.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::reference::{ImageReference, ReferenceError};
use super::review::{self, AdmissionRequest, AdmissionResponse, ContainerImage, Status};
use crate::arn::{AccountId, Region};
use crate::policy::admission::{Admission, Mode, OnLookupFailure};

/// An ECR repository whose facts a decision needs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct RepositoryKey {
    /// The registry (account) id.
    pub registry_id: AccountId,
    /// The region.
    pub region: Region,
    /// The repository name (`team/app`).
    pub repository: String,
}

/// What the adapter found out about a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Facts {
    /// The repository's settings.
    Found(Repository),
    /// ECR says there is no such repository.
    NotFound,
    /// The lookup failed or was not made in time; why (`throttled after 3 tries`).
    Unknown(String),
}

/// The settings of a repository the rules read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repository {
    /// `imageTagMutability` is `IMMUTABLE`.
    pub tag_immutable: bool,
    /// The repository's own `imageScanningConfiguration.scanOnPush`.
    pub scan_on_push: bool,
    /// A registry scanning rule scans it on push or continuously (see [`ScanRule::covers`]).
    pub registry_scan: bool,
    /// Its owner stamp's value, if it has one.
    pub owner: Option<String>,
}

/// How often a registry scanning rule scans (`GetRegistryScanningConfiguration`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanFrequency {
    /// `SCAN_ON_PUSH`.
    OnPush,
    /// `CONTINUOUS_SCAN` (enhanced scanning; scans on push too).
    Continuous,
    /// `MANUAL`: no automatic scan.
    Manual,
}

impl ScanFrequency {
    /// Reads ECR's name for it; an unknown name scans nothing.
    pub fn from_ecr(name: &str) -> Self {
        match name {
            "SCAN_ON_PUSH" => Self::OnPush,
            "CONTINUOUS_SCAN" => Self::Continuous,
            _ => Self::Manual,
        }
    }
}

/// One registry scanning rule: its frequency and its `WILDCARD` repository filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanRule {
    /// How often.
    pub frequency: ScanFrequency,
    /// Filters, where `*` matches any run of characters.
    pub filters: Vec<String>,
}

impl ScanRule {
    /// Whether any of `rules` scans `repository` when an image is pushed.
    pub fn covers(rules: &[Self], repository: &str) -> bool {
        rules.iter().any(|rule| {
            rule.frequency != ScanFrequency::Manual
                && rule.filters.iter().any(|f| wildcard(f, repository))
        })
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn wildcard(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return false;
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = rest.get(at + part.len()..).unwrap_or_default(),
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// The rule an image broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The object's pod spec cannot be read.
    UnreadableObject,
    /// The image reference is not valid.
    InvalidReference,
    /// Not from ECR, nor from an allowed registry.
    NotEcr,
    /// From an ECR registry not in `registry_ids`.
    RegistryNotAllowed,
    /// From an ECR region not in `regions`.
    RegionNotAllowed,
    /// The repository does not exist.
    RepositoryNotFound,
    /// The repository's facts could not be read, and the webhook fails closed.
    FactsUnavailable,
    /// The repository's tags are mutable.
    MutableTags,
    /// The repository is not scanned on push.
    NoScanOnPush,
    /// The repository has no known owner.
    NoOwner,
    /// The image is not pinned by digest.
    DigestRequired,
}

impl Rule {
    /// Its name in metrics and audit annotations.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnreadableObject => "unreadable_object",
            Self::InvalidReference => "invalid_reference",
            Self::NotEcr => "not_ecr",
            Self::RegistryNotAllowed => "registry_not_allowed",
            Self::RegionNotAllowed => "region_not_allowed",
            Self::RepositoryNotFound => "repository_not_found",
            Self::FactsUnavailable => "facts_unavailable",
            Self::MutableTags => "mutable_tags",
            Self::NoScanOnPush => "no_scan_on_push",
            Self::NoOwner => "no_owner",
            Self::DigestRequired => "digest_required",
        }
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The container, unless the object itself could not be read.
    pub container: Option<ContainerImage>,
    /// The rule.
    pub rule: Rule,
    /// What `kubectl` shows.
    pub message: String,
}

/// Why nothing in a request was judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "skip")]
pub enum Skip {
    /// `DELETE` or `CONNECT`.
    Operation {
        /// The operation.
        operation: String,
    },
    /// The namespace is in `ignored_namespaces`.
    IgnoredNamespace {
        /// The namespace.
        namespace: String,
    },
    /// The kind runs no containers.
    Kind {
        /// The kind.
        kind: String,
    },
}

/// The decision on one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The request's `uid`.
    pub uid: String,
    /// Why nothing was judged, if so.
    pub skipped: Option<Skip>,
    /// The number of containers judged.
    pub judged: usize,
    /// The broken rules.
    pub violations: Vec<Violation>,
    /// Images admitted without their repository's checks (fail open).
    pub unchecked: Vec<String>,
    /// Warn mode: violations are warnings.
    pub warn_only: bool,
}

impl Verdict {
    /// Whether the request is admitted.
    pub fn allowed(&self) -> bool {
        self.warn_only || self.violations.is_empty()
    }

    /// The response for the API server.
    pub fn response(&self) -> AdmissionResponse {
        let messages = || self.violations.iter().map(|v| v.message.clone());
        let mut warnings: Vec<String> = self.unchecked.clone();
        let status = if self.allowed() {
            warnings.extend(messages().map(|m| format!("autotag would deny (warn mode): {m}")));
            None
        } else {
            let mut message = format!(
                "autotag denied the request ({} broken rule{}): ",
                self.violations.len(),
                if self.violations.len() == 1 { "" } else { "s" }
            );
            message.push_str(&messages().collect::<Vec<_>>().join("; "));
            Some(Status {
                code: 403,
                reason: "Forbidden",
                message,
            })
        };
        let mut audit_annotations = BTreeMap::new();
        if !self.violations.is_empty() {
            let rules: BTreeSet<&str> = self.violations.iter().map(|v| v.rule.as_str()).collect();
            audit_annotations.insert(
                "violations".to_owned(),
                rules.into_iter().collect::<Vec<_>>().join(","),
            );
        }
        AdmissionResponse {
            uid: self.uid.clone(),
            allowed: self.allowed(),
            status,
            warnings: bounded_warnings(warnings),
            audit_annotations,
        }
    }
}

/// The most characters of one warning the API server is sure to show: "individual warning
/// messages over 256 characters may be truncated by the API server"
/// (<https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#response>).
pub const WARNING_CHARACTERS: usize = 256;

/// The most characters of all warnings: past 4096 "additional warning messages are ignored"
/// (same page).
pub const WARNINGS_CHARACTERS: usize = 4096;

/// `warnings` cut to what the API server shows whole: each at most [`WARNING_CHARACTERS`]
/// (ending `…` when cut), and no more than fit [`WARNINGS_CHARACTERS`], the last kept one saying
/// how many were left out. The cut text is in the webhook's log, which has every violation.
fn bounded_warnings(warnings: Vec<String>) -> Vec<String> {
    let total = warnings.len();
    let mut kept: Vec<String> = Vec::new();
    let mut used = 0;
    for warning in warnings.into_iter().map(|w| cut(w, WARNING_CHARACTERS)) {
        // Room is kept for the note on what was left out.
        let note_room = if kept.len() + 1 < total { NOTE_ROOM } else { 0 };
        let length = warning.chars().count();
        if used + length + note_room > WARNINGS_CHARACTERS {
            break;
        }
        used += length;
        kept.push(warning);
    }
    if kept.len() < total {
        kept.push(format!(
            "autotag left out {} more warnings (the API server shows at most {WARNINGS_CHARACTERS} characters); the webhook's log has them all",
            total - kept.len()
        ));
    }
    kept
}

/// The length the note on left-out warnings can take.
const NOTE_ROOM: usize = 128;

fn cut(text: String, most: usize) -> String {
    let length = text.chars().count();
    if length <= most {
        return text;
    }
    // The longest quoted value (an image with its digest) gives up its middle first, so that
    // the rule and the reason after it are still read.
    let text = shorten_longest_quoted(text, length - most);
    if text.chars().count() <= most {
        return text;
    }
    let mut cut: String = text.chars().take(most.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The least a shortened quoted value keeps of its start and end together.
const QUOTED_KEPT: usize = 24;

/// `text` with the middle of its longest `` `quoted` `` value replaced by `…`, taking out up to
/// `excess` characters and keeping at least [`QUOTED_KEPT`] of the value.
fn shorten_longest_quoted(text: String, excess: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let ticks: Vec<usize> = chars
        .iter()
        .enumerate()
        .filter_map(|(i, c)| (*c == '`').then_some(i))
        .collect();
    let Some((start, end)) = ticks
        .chunks_exact(2)
        .filter_map(|pair| match pair {
            [open, close] => Some((open + 1, *close)),
            _ => None,
        })
        .max_by_key(|(start, end)| end - start)
    else {
        return text;
    };
    let value_length = end - start;
    // One character of the value becomes the `…`.
    let keep = value_length.saturating_sub(excess + 1).max(QUOTED_KEPT);
    if keep + 1 >= value_length {
        return text;
    }
    let head = keep.div_ceil(2);
    let tail = keep - head;
    let mut shortened = String::with_capacity(text.len());
    shortened.extend(chars.iter().take(start + head));
    shortened.push('…');
    shortened.extend(chars.iter().skip(end - tail));
    shortened
}

/// The containers of a request to judge, or why there are none.
enum Judged {
    Skip(Skip),
    Containers(Vec<ContainerImage>),
    Unreadable(review::ObjectError),
}

fn judged(request: &AdmissionRequest, settings: &Admission) -> Judged {
    if request.operation != "CREATE" && request.operation != "UPDATE" {
        return Judged::Skip(Skip::Operation {
            operation: request.operation.clone(),
        });
    }
    if let Some(namespace) = &request.namespace
        && settings.ignored_namespaces.contains(namespace)
    {
        return Judged::Skip(Skip::IgnoredNamespace {
            namespace: namespace.clone(),
        });
    }
    if !review::runs_containers(&request.kind) {
        return Judged::Skip(Skip::Kind {
            kind: request.kind.kind.clone(),
        });
    }
    let null = serde_json::Value::Null;
    let object = request.object.as_ref().unwrap_or(&null);
    let mut containers = match review::containers(&request.kind, object) {
        Ok(found) => found.unwrap_or_default(),
        Err(err) => return Judged::Unreadable(err),
    };
    if request.operation == "UPDATE"
        && let Some(old) = &request.old_object
    {
        // An old object that cannot be read hides nothing: every container is judged.
        let before: BTreeSet<ContainerImage> = review::containers(&request.kind, old)
            .ok()
            .flatten()
            .unwrap_or_default()
            .into_iter()
            .collect();
        containers.retain(|c| !before.contains(c));
    }
    Judged::Containers(containers)
}

/// An image of a judged container, read, with where it lives in ECR if it does.
struct Image<'a> {
    container: &'a ContainerImage,
    reference: Result<ImageReference, ReferenceError>,
}

impl Image<'_> {
    /// The ECR repository, when the image is in an ECR registry the settings allow.
    fn repository(&self, settings: &Admission) -> Option<RepositoryKey> {
        let reference = self.reference.as_ref().ok()?;
        let ecr = reference.ecr()?;
        let allowed = (settings.registry_ids.is_empty()
            || settings.registry_ids.contains(&ecr.registry_id))
            && (settings.regions.is_empty() || settings.regions.contains(&ecr.region));
        allowed.then(|| RepositoryKey {
            registry_id: ecr.registry_id,
            region: ecr.region,
            repository: reference.repository.clone(),
        })
    }
}

/// The ECR repositories whose facts [`decide`] needs for `request`: those of the judged
/// images in ECR registries and regions the settings allow, once each.
pub fn needed_repositories(
    request: &AdmissionRequest,
    settings: &Admission,
) -> BTreeSet<RepositoryKey> {
    let Judged::Containers(containers) = judged(request, settings) else {
        return BTreeSet::new();
    };
    containers
        .iter()
        .filter_map(|container| {
            Image {
                container,
                reference: ImageReference::parse(&container.image),
            }
            .repository(settings)
        })
        .collect()
}

/// Judges `request` under `settings`, with the `facts` of the repositories
/// [`needed_repositories`] named (a repository missing from `facts` counts as not looked up).
pub fn decide(
    request: &AdmissionRequest,
    settings: &Admission,
    facts: &BTreeMap<RepositoryKey, Facts>,
) -> Verdict {
    let mut verdict = Verdict {
        uid: request.uid.clone(),
        skipped: None,
        judged: 0,
        violations: Vec::new(),
        unchecked: Vec::new(),
        warn_only: settings.mode == Mode::Warn,
    };
    let containers = match judged(request, settings) {
        Judged::Skip(skip) => {
            verdict.skipped = Some(skip);
            return verdict;
        }
        Judged::Unreadable(err) => {
            verdict.violations.push(Violation {
                container: None,
                rule: Rule::UnreadableObject,
                message: err.to_string(),
            });
            return verdict;
        }
        Judged::Containers(containers) => containers,
    };
    verdict.judged = containers.len();
    for container in &containers {
        let image = Image {
            container,
            reference: ImageReference::parse(&container.image),
        };
        judge(&image, settings, facts, &mut verdict);
    }
    verdict
}

fn judge(
    image: &Image<'_>,
    settings: &Admission,
    facts: &BTreeMap<RepositoryKey, Facts>,
    verdict: &mut Verdict,
) {
    let container = image.container;
    let subject = format!(
        "image `{}` in {} `{}`",
        container.image,
        container.list.noun(),
        container.name
    );
    let mut broken = |rule: Rule, message: String| {
        verdict.violations.push(Violation {
            container: Some(container.clone()),
            rule,
            message,
        });
    };
    let reference = match &image.reference {
        Ok(reference) => reference,
        Err(err) => {
            broken(
                Rule::InvalidReference,
                format!("{subject} is not a valid image reference: {err}"),
            );
            return;
        }
    };
    if settings.require_digest && reference.digest.is_none() {
        broken(
            Rule::DigestRequired,
            format!("{subject} is not pinned by digest (`@sha256:…` is required)"),
        );
    }
    let Some(ecr) = reference.ecr() else {
        let name = format!("{}/{}", reference.host, reference.repository);
        let allowed = settings
            .allowed_registries
            .iter()
            .any(|entry| name == *entry || name.starts_with(&format!("{entry}/")));
        if !allowed {
            broken(
                Rule::NotEcr,
                format!(
                    "{subject} is not from ECR ({})",
                    listed("allowed registries", &settings.allowed_registries)
                ),
            );
        }
        return;
    };
    if !settings.registry_ids.is_empty() && !settings.registry_ids.contains(&ecr.registry_id) {
        broken(
            Rule::RegistryNotAllowed,
            format!(
                "{subject} is from ECR registry `{}`, which is not allowed ({})",
                ecr.registry_id,
                listed("allowed registry ids", &settings.registry_ids)
            ),
        );
        return;
    }
    if !settings.regions.is_empty() && !settings.regions.contains(&ecr.region) {
        broken(
            Rule::RegionNotAllowed,
            format!(
                "{subject} is from ECR region `{}`, which is not allowed ({})",
                ecr.region,
                listed("allowed regions", &settings.regions)
            ),
        );
        return;
    }
    let Some(key) = image.repository(settings) else {
        return;
    };
    // The image names the registry and region already, and messages stay short: they are also
    // warnings, which the API server may truncate when long.
    let where_ = format!("repository `{}`", key.repository);
    let repository = match facts.get(&key) {
        Some(Facts::Found(repository)) => repository,
        Some(Facts::NotFound) => {
            broken(
                Rule::RepositoryNotFound,
                format!("{subject}: {where_} does not exist"),
            );
            return;
        }
        unknown => {
            let why = match unknown {
                Some(Facts::Unknown(why)) => why.as_str(),
                _ => "it was not looked up",
            };
            match settings.on_lookup_failure {
                OnLookupFailure::Deny => broken(
                    Rule::FactsUnavailable,
                    format!(
                        "{subject}: the settings of {where_} could not be read ({why}), and the webhook fails closed"
                    ),
                ),
                OnLookupFailure::Allow => verdict.unchecked.push(format!(
                    "{subject} was admitted unchecked: the settings of {where_} could not be read ({why})"
                )),
            }
            return;
        }
    };
    if settings.require_tag_immutability && !repository.tag_immutable {
        broken(
            Rule::MutableTags,
            format!(
                "{subject} is from {where_}, whose tags are mutable (tag immutability is required)"
            ),
        );
    }
    if settings.require_scan_on_push && !repository.scan_on_push && !repository.registry_scan {
        broken(
            Rule::NoScanOnPush,
            format!(
                "{subject} is from {where_}, which is not scanned on push (by its own setting or a registry scanning rule)"
            ),
        );
    }
    if settings.require_owner {
        let owner = repository
            .owner
            .as_deref()
            .map(str::trim)
            .unwrap_or_default();
        if owner.is_empty() || owner == settings.unknown_owner.as_str() {
            let mut message = format!(
                "{subject} is from {where_}, which has no `{}` tag",
                settings.owner_key
            );
            if !owner.is_empty() {
                message.push_str(&format!(" naming a known owner (it is `{owner}`)"));
            }
            message.push_str(" (every repository must have an owner)");
            broken(Rule::NoOwner, message);
        }
    }
}

/// `what: `a`, `b``, or `no other registry is allowed` for an empty list (only allowed
/// registries can be empty where a message names them: no registry id or region restriction
/// means any).
fn listed<T: std::fmt::Display>(what: &str, items: impl IntoIterator<Item = T>) -> String {
    let items: Vec<String> = items.into_iter().map(|i| format!("`{i}`")).collect();
    if items.is_empty() {
        "no other registry is allowed".to_owned()
    } else {
        format!("{what}: {}", items.join(", "))
    }
}

#[cfg(test)]
mod tests;
