//! Container image references (`nginx`, `ghcr.io/org/app:1.2`, `…@sha256:…`) read as the
//! container runtime reads them, and the ECR private registry hosts among them.
//!
//! The grammar is the `distribution/reference` one Docker and containerd use:
//! `[host[:port]/]component(/component)*[:tag][@algorithm:hex]`. The first component is a host
//! when it holds a `.` or a `:`, is `localhost`, or has an upper-case letter; otherwise the image
//! is on Docker Hub (`docker.io`), where a one-component name is under `library/`
//! (`nginx` is `docker.io/library/nginx:latest`). A reference with neither tag nor digest means
//! the tag `latest`.
//!
//! ECR private registry hosts (AWS General Reference, "Amazon ECR endpoints and quotas",
//! <https://docs.aws.amazon.com/general/latest/gr/ecr.html>; ECR User Guide, "Private registry
//! concepts", <https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html> and its
//! China edition <https://docs.amazonaws.cn/en_us/AmazonECR/latest/userguide/Registries.html>):
//!
//! - `<account>.dkr.ecr.<region>.amazonaws.com`, the regular endpoint, GovCloud
//!   (`us-gov-west-1`) included;
//! - `<account>.dkr.ecr-fips.<region>.amazonaws.com`, the FIPS endpoint;
//! - `<account>.dkr.ecr.<region>.amazonaws.com.cn`, the China regions (`cn-north-1`,
//!   `cn-northwest-1`), whose endpoint domain is `amazonaws.com.cn`;
//! - `<account>.dkr-ecr.<region>.on.aws` and `<account>.dkr-ecr-fips.<region>.on.aws`, the
//!   dual-stack endpoints.
//!
//! `public.ecr.aws` is ECR Public, not a private registry: it has no repositories of the
//! organization's accounts, and is an ordinary registry to the admission rules.

use std::fmt;

use crate::arn::{AccountId, Region};

/// Docker Hub's canonical host.
pub const DOCKER_HUB: &str = "docker.io";

/// Why an image reference cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    /// Nothing was given.
    #[error("the image reference is empty")]
    Empty,
    /// The name is longer than the 255 characters a registry accepts.
    #[error("the name is longer than 255 characters")]
    TooLong,
    /// A path component breaks the grammar.
    #[error(
        "`{component}` is not a repository name component: lowercase letters and digits, separated by `.`, `_`, `__` or `-`"
    )]
    Component {
        /// The component.
        component: String,
    },
    /// The host is not a host name with an optional port.
    #[error("`{host}` is not a registry host")]
    Host {
        /// The host.
        host: String,
    },
    /// The tag breaks the grammar.
    #[error(
        "`{tag}` is not a tag: 1 to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`"
    )]
    Tag {
        /// The tag.
        tag: String,
    },
    /// The digest breaks the grammar.
    #[error("`{digest}` is not a digest such as `sha256:` and 64 hexadecimal digits")]
    Digest {
        /// The digest.
        digest: String,
    },
}

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageReference {
    /// The registry host, with its port if given; `docker.io` for Docker Hub.
    pub host: String,
    /// The repository path (`library/nginx`, `team/app`).
    pub repository: String,
    /// The tag, if written.
    pub tag: Option<String>,
    /// The digest (`sha256:…`), if written.
    pub digest: Option<String>,
}

impl ImageReference {
    /// Reads `text` as the container runtime does.
    pub fn parse(text: &str) -> Result<Self, ReferenceError> {
        if text.is_empty() {
            return Err(ReferenceError::Empty);
        }
        let (rest, digest) = match text.split_once('@') {
            Some((rest, digest)) => {
                check_digest(digest)?;
                (rest, Some(digest.to_owned()))
            }
            None => (text, None),
        };
        // A tag follows the last `:` after the last `/` (a `:` before it is a host's port).
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest.get(last_slash..).and_then(|tail| tail.rfind(':')) {
            Some(colon) => {
                let at = last_slash + colon;
                let (name, tag) = rest.split_at(at);
                let tag = tag.get(1..).unwrap_or_default();
                check_tag(tag)?;
                (name, Some(tag.to_owned()))
            }
            None => (rest, None),
        };
        if name.len() > 255 {
            return Err(ReferenceError::TooLong);
        }
        let (host, path) = match name.split_once('/') {
            Some((first, path))
                if first.contains(['.', ':'])
                    || first == "localhost"
                    || first.chars().any(|c| c.is_ascii_uppercase()) =>
            {
                check_host(first)?;
                (first.to_owned(), path)
            }
            _ => (DOCKER_HUB.to_owned(), name),
        };
        if path.is_empty() {
            return Err(ReferenceError::Component {
                component: String::new(),
            });
        }
        for component in path.split('/') {
            check_component(component)?;
        }
        let host = match host.as_str() {
            "index.docker.io" | "registry-1.docker.io" => DOCKER_HUB.to_owned(),
            _ => host,
        };
        let repository = if host == DOCKER_HUB && !path.contains('/') {
            format!("library/{path}")
        } else {
            path.to_owned()
        };
        Ok(Self {
            host,
            repository,
            tag,
            digest,
        })
    }

    /// The tag the runtime pulls: the written one, else `latest` when no digest is given.
    pub fn effective_tag(&self) -> Option<&str> {
        match (&self.tag, &self.digest) {
            (Some(tag), _) => Some(tag),
            (None, None) => Some("latest"),
            (None, Some(_)) => None,
        }
    }

    /// The ECR private registry this image is in, if its host is one.
    pub fn ecr(&self) -> Option<EcrRegistry> {
        EcrRegistry::from_host(&self.host)
    }
}

impl fmt::Display for ImageReference {
    /// The canonical form: `docker.io/library/nginx:latest`, `host/repo@sha256:…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.host, self.repository)?;
        if let Some(tag) = self.effective_tag() {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

fn check_component(component: &str) -> Result<(), ReferenceError> {
    let bad = || ReferenceError::Component {
        component: component.to_owned(),
    };
    let bytes = component.as_bytes();
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !bytes.first().is_some_and(alnum) || !bytes.last().is_some_and(alnum) {
        return Err(bad());
    }
    // Separators between alphanumeric runs: one `.`, one or two `_`, or any run of `-`.
    let mut run = String::new();
    for &b in bytes {
        if alnum(&b) {
            if !run.is_empty() {
                let ok = run == "." || run == "_" || run == "__" || run.bytes().all(|c| c == b'-');
                if !ok {
                    return Err(bad());
                }
                run.clear();
            }
        } else if matches!(b, b'.' | b'_' | b'-') {
            run.push(char::from(b));
        } else {
            return Err(bad());
        }
    }
    Ok(())
}

fn check_host(host: &str) -> Result<(), ReferenceError> {
    let bad = || ReferenceError::Host {
        host: host.to_owned(),
    };
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    if let Some(port) = port
        && (port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if name.is_empty() || !name.split('.').all(label_ok) {
        return Err(bad());
    }
    Ok(())
}

fn check_tag(tag: &str) -> Result<(), ReferenceError> {
    let ok = (1..=128).contains(&tag.len())
        && tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && !tag.starts_with(['.', '-']);
    if ok {
        Ok(())
    } else {
        Err(ReferenceError::Tag {
            tag: tag.to_owned(),
        })
    }
}

fn check_digest(digest: &str) -> Result<(), ReferenceError> {
    let bad = || ReferenceError::Digest {
        digest: digest.to_owned(),
    };
    let (algorithm, hex) = digest.split_once(':').ok_or_else(bad)?;
    let hex_ok = |len: usize| {
        hex.len() == len
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    let ok = match algorithm {
        "sha256" => hex_ok(64),
        "sha384" => hex_ok(96),
        "sha512" => hex_ok(128),
        _ => false,
    };
    if ok { Ok(()) } else { Err(bad()) }
}

/// An ECR private registry, read from its host name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EcrRegistry {
    /// The registry id: the owning account.
    pub registry_id: AccountId,
    /// Its region.
    pub region: Region,
    /// Whether the host is a FIPS endpoint (`dkr.ecr-fips`, `dkr-ecr-fips`).
    pub fips: bool,
    /// Whether the host is a dual-stack endpoint (`….on.aws`).
    pub dual_stack: bool,
}

impl EcrRegistry {
    /// Recognises the host forms in this module's documentation; anything else is `None`. The
    /// partition must match the domain: `amazonaws.com.cn` only with the China regions,
    /// `amazonaws.com` and `on.aws` only with the commercial and GovCloud ones.
    pub fn from_host(host: &str) -> Option<Self> {
        let host = host.to_ascii_lowercase();
        let labels: Vec<&str> = host.split('.').collect();
        let (account, endpoint, region, domain) = match labels.as_slice() {
            [
                account,
                "dkr",
                endpoint @ ("ecr" | "ecr-fips"),
                region,
                domain @ ..,
            ] => (
                *account,
                format!("dkr.{endpoint}"),
                *region,
                domain.join("."),
            ),
            [
                account,
                endpoint @ ("dkr-ecr" | "dkr-ecr-fips"),
                region,
                domain @ ..,
            ] => (*account, (*endpoint).to_owned(), *region, domain.join(".")),
            _ => return None,
        };
        let registry_id = AccountId::parse(account).ok()?;
        let region = Region::parse(region).ok()?;
        let partition = region.partition();
        let dual_stack = endpoint.starts_with("dkr-ecr");
        let domain_ok = match (dual_stack, domain.as_str()) {
            (false, "amazonaws.com") | (true, "on.aws") => {
                matches!(partition, "aws" | "aws-us-gov")
            }
            (false, "amazonaws.com.cn") => partition == "aws-cn",
            _ => false,
        };
        if !domain_ok {
            return None;
        }
        Some(Self {
            registry_id,
            region,
            fips: endpoint.ends_with("-fips"),
            dual_stack,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;

    #[test]
    fn references_are_read_as_the_runtime_reads_them() {
        let digest = format!("sha256:{}", "a".repeat(64));
        for (text, canonical) in [
            ("nginx", "docker.io/library/nginx:latest".to_owned()),
            ("nginx:1.25", "docker.io/library/nginx:1.25".to_owned()),
            (
                "bitnami/redis:7.2",
                "docker.io/bitnami/redis:7.2".to_owned(),
            ),
            (
                "docker.io/nginx",
                "docker.io/library/nginx:latest".to_owned(),
            ),
            (
                "index.docker.io/library/nginx:1",
                "docker.io/library/nginx:1".to_owned(),
            ),
            ("localhost/app", "localhost/app:latest".to_owned()),
            (
                "localhost:5000/team/app:v2",
                "localhost:5000/team/app:v2".to_owned(),
            ),
            (
                "registry.k8s.io/pause:3.9",
                "registry.k8s.io/pause:3.9".to_owned(),
            ),
            (
                "ghcr.io/org/sub/app_x__y.z-w:1.0-rc.1",
                "ghcr.io/org/sub/app_x__y.z-w:1.0-rc.1".to_owned(),
            ),
            (
                &format!("nginx@{digest}"),
                format!("docker.io/library/nginx@{digest}"),
            ),
            (
                &format!("111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.0@{digest}"),
                format!("111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.0@{digest}"),
            ),
        ] {
            let parsed = ImageReference::parse(text).unwrap();
            assert_eq!(parsed.to_string(), canonical, "{text}");
        }
        let parsed = ImageReference::parse("localhost:5000/team/app:v2").unwrap();
        assert_eq!(
            (
                parsed.host.as_str(),
                parsed.repository.as_str(),
                parsed.tag.as_deref()
            ),
            ("localhost:5000", "team/app", Some("v2"))
        );
        let by_digest = ImageReference::parse(&format!("nginx@{digest}")).unwrap();
        assert_eq!(by_digest.effective_tag(), None);
        assert_eq!(by_digest.digest.as_deref(), Some(digest.as_str()));
    }

    #[test]
    fn bad_references_say_what_is_wrong() {
        for (text, message) in [
            ("", "the image reference is empty"),
            ("Nginx", "`Nginx` is not a repository name component"),
            ("nginx:", "`` is not a tag"),
            ("nginx:-x", "`-x` is not a tag"),
            ("nginx@sha256:abc", "`sha256:abc` is not a digest"),
            ("nginx@md5:0123", "`md5:0123` is not a digest"),
            ("team//app", "`` is not a repository name component"),
            ("team/app.", "`app.` is not a repository name component"),
            ("team/a...b", "`a...b` is not a repository name component"),
            (
                "bad_host.io:x/app",
                "`bad_host.io:x` is not a registry host",
            ),
            ("bad_host.io/app", "`bad_host.io` is not a registry host"),
            (
                "host.io:99999999/app",
                "`host.io:99999999` is not a registry host",
            ),
        ] {
            let err = ImageReference::parse(text).unwrap_err().to_string();
            assert!(err.starts_with(message), "{text}: {err}");
        }
        let long = format!("a/{}", "b".repeat(260));
        assert_eq!(
            ImageReference::parse(&long).unwrap_err(),
            ReferenceError::TooLong
        );
    }

    #[test]
    fn ecr_hosts_are_recognised_in_every_partition_and_endpoint() {
        let ecr = |host: &str| {
            EcrRegistry::from_host(host).map(|r| {
                format!(
                    "{} {} {}{}",
                    r.registry_id,
                    r.region,
                    if r.fips { "fips" } else { "-" },
                    if r.dual_stack { " dual" } else { "" }
                )
            })
        };
        for (host, expected) in [
            (
                "111122223333.dkr.ecr.eu-west-1.amazonaws.com",
                Some("111122223333 eu-west-1 -"),
            ),
            (
                "111122223333.dkr.ecr.us-gov-west-1.amazonaws.com",
                Some("111122223333 us-gov-west-1 -"),
            ),
            (
                "111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com",
                Some("111122223333 us-gov-west-1 fips"),
            ),
            (
                "111122223333.dkr.ecr-fips.us-east-1.amazonaws.com",
                Some("111122223333 us-east-1 fips"),
            ),
            (
                "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn",
                Some("111122223333 cn-north-1 -"),
            ),
            (
                "111122223333.dkr.ecr.cn-northwest-1.amazonaws.com.cn",
                Some("111122223333 cn-northwest-1 -"),
            ),
            (
                "111122223333.dkr-ecr.us-east-2.on.aws",
                Some("111122223333 us-east-2 - dual"),
            ),
            (
                "111122223333.dkr-ecr-fips.us-east-2.on.aws",
                Some("111122223333 us-east-2 fips dual"),
            ),
            (
                "111122223333.DKR.ECR.EU-WEST-1.AMAZONAWS.COM",
                Some("111122223333 eu-west-1 -"),
            ),
            // A China region under the global domain, or the reverse, is no ECR host.
            ("111122223333.dkr.ecr.cn-north-1.amazonaws.com", None),
            ("111122223333.dkr.ecr.eu-west-1.amazonaws.com.cn", None),
            ("111122223333.dkr.ecr.us-iso-east-1.amazonaws.com", None),
            ("111122223333.dkr.ecr.eu-west-1.amazonaws.com.evil.io", None),
            ("1111222233.dkr.ecr.eu-west-1.amazonaws.com", None),
            ("111122223333.dkr.ecr.nowhere.amazonaws.com", None),
            ("public.ecr.aws", None),
            ("dkr.ecr.eu-west-1.amazonaws.com", None),
            ("docker.io", None),
        ] {
            assert_eq!(ecr(host).as_deref(), expected, "{host}");
        }
    }
}
