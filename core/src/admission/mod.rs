//! The Kubernetes admission webhook's decisions: from an `AdmissionReview` v1 request, the
//! `[admission]` settings and the facts of the ECR repositories its images come from, to the
//! review the API server gets back. Pure: the webhook adapter reads the body, asks
//! [`decide::needed_repositories`] which repositories to look up (and caches them), and hands
//! the facts to [`decide::decide`].
//!
//! - `review`: the request and response types, and the containers of the workload kinds;
//! - `reference`: image references and ECR registry hosts;
//! - `decide`: the rules.

pub mod decide;
pub mod reference;
pub mod review;
