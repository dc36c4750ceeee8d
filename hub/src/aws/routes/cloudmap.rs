//! Cloud Map tagging (`TagResource` by ARN) of namespaces and services.
//!
//! A namespace is created by an operation that ends later: its event names the operation, in
//! the place of the namespace id (`namespace/<operation id>`). The route asks Cloud Map for the
//! operation: while it is pending the resource fails as not ready (the row waits, within its
//! bound), once it has succeeded the namespace it created is tagged, and if it failed there is
//! no namespace and the resource is reported gone.

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_servicediscovery::Client;
use aws_sdk_servicediscovery::types::{OperationStatus, OperationTargetType};

use super::by_arn::{Resolution, settle, tag_resource_api};
use crate::aws::failure;
use crate::ports::{ApplyReport, ResourceFailure};

/// Why a namespace cannot be tagged yet.
#[derive(Debug, thiserror::Error)]
pub enum NamespaceNotReady {
    /// Cloud Map is still creating it.
    #[error("namespace operation `{operation}` is still `{status}`")]
    Pending {
        /// The operation id.
        operation: String,
        /// Its status.
        status: String,
    },
    /// The operation succeeded but names no namespace.
    #[error("namespace operation `{operation}` succeeded but names no namespace")]
    NoNamespace {
        /// The operation id.
        operation: String,
    },
}

/// Tags the batch's namespaces and services.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    let tagging = tag_resource_api!(
        client,
        aws_sdk_servicediscovery,
        "servicediscovery",
        resource_arn
    );
    let mut report = ApplyReport::default();
    for resource in &batch.resources {
        let arn = resource.arn.as_str();
        let target = match arn.rsplit_once("namespace/") {
            // A namespace id starts with `ns-`; anything else is the operation creating it.
            Some((prefix, operation)) if !operation.starts_with("ns-") => {
                let resolution = created_namespace(client, arn, operation).await;
                let Some(namespace) = settle(
                    &mut report,
                    arn,
                    "servicediscovery:GetOperation",
                    resolution,
                ) else {
                    continue;
                };
                format!("{prefix}namespace/{namespace}")
            }
            _ => arn.to_owned(),
        };
        tagging.tag_one(plan, arn, &target, &mut report).await;
    }
    report
}

/// Writes `tags` on namespace or service `arn` over existing values (`autotag retag`,
/// enforcement marks). The ARN names a namespace that exists, never the operation creating it.
pub async fn overwrite(
    client: &Client,
    arn: &str,
    tags: &std::collections::BTreeMap<String, String>,
) -> Result<(), ResourceFailure> {
    tag_resource_api!(
        client,
        aws_sdk_servicediscovery,
        "servicediscovery",
        resource_arn
    )
    .overwrite(arn, arn, tags)
    .await
}

async fn created_namespace(client: &Client, arn: &str, operation: &str) -> Resolution {
    let output = match client.get_operation().operation_id(operation).send().await {
        Ok(output) => output,
        Err(err) => {
            return Resolution::LookupFailed(failure(arn, "servicediscovery:GetOperation", err));
        }
    };
    let found = output.operation();
    match found.and_then(|o| o.status()) {
        Some(OperationStatus::Success) => match found
            .and_then(|o| o.targets())
            .and_then(|targets| targets.get(&OperationTargetType::Namespace))
        {
            Some(namespace) => Resolution::Created(namespace.clone()),
            None => Resolution::NotReady(Box::new(NamespaceNotReady::NoNamespace {
                operation: operation.to_owned(),
            })),
        },
        Some(OperationStatus::Fail) => Resolution::Failed(format!(
            "namespace operation `{operation}` failed: `{}`",
            found
                .and_then(|o| o.error_message())
                .unwrap_or("no reason given")
        )),
        status => Resolution::NotReady(Box::new(NamespaceNotReady::Pending {
            operation: operation.to_owned(),
            status: status.map_or("unknown", |s| s.as_str()).to_owned(),
        })),
    }
}

/// Removes `keys` from namespace or service `arn` (enforcement removing a mark).
pub async fn untag(client: &Client, arn: &str, keys: &[String]) -> Result<(), ResourceFailure> {
    super::by_arn::untag_resource_api!(
        client,
        "servicediscovery:UntagResource",
        resource_arn,
        arn,
        arn,
        keys
    )
}
