//! An image push (`ecr.amazonaws.com` `PutImage`) read from its CloudTrail record: which
//! repository and which image, so the hub can read the image's labels and compare them with
//! the repository's tags. A push is not a creation: nothing is stamped, and ECR images carry
//! no tags of their own.

use crate::arn::{AccountId, Region};
use crate::event::Event;
use crate::json_path::value_at;
use crate::trust::{Distrust, vouch};

/// The event source of image pushes.
pub const PUSH_SOURCE: &str = "ecr.amazonaws.com";
/// The event name of image pushes. (`docker push` ends with `PutImage` once the layers are
/// uploaded: <https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html>.)
pub const PUSH_EVENT: &str = "PutImage";

/// One pushed image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImagePush {
    /// The vouched account (the registry's).
    pub account: AccountId,
    /// The region of the registry.
    pub region: Region,
    /// The repository's name.
    pub repository: String,
    /// The repository's ARN.
    pub repository_arn: String,
    /// The image's digest (`sha256:…`), from the response.
    pub digest: String,
    /// The tag it was pushed with, if any.
    pub image_tag: Option<String>,
    /// When it was pushed: the record's `eventTime` in UTC seconds, when it reads as RFC 3339.
    pub pushed_at: Option<String>,
}

/// Why a `PutImage` record cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PushError {
    /// The event is not believed.
    #[error(transparent)]
    Distrusted(#[from] Distrust),
    /// A field the hub needs is missing or malformed.
    #[error("the `PutImage` record has no usable `{field}`")]
    Missing {
        /// The field's path.
        field: &'static str,
    },
}

/// Whether `event` is an image push.
pub fn is_push(event: &Event) -> bool {
    event.record.event_source() == Some(PUSH_SOURCE)
        && event.record.event_name() == Some(PUSH_EVENT)
}

/// The push `event` records; `None` when it is not a successful `PutImage` (a failed call has
/// an `errorCode` and no response).
pub fn read_push(event: &Event) -> Option<Result<ImagePush, PushError>> {
    if !is_push(event) || event.record.field("errorCode").is_some() {
        return None;
    }
    Some(read(event))
}

fn read(event: &Event) -> Result<ImagePush, PushError> {
    let account = vouch(event)?.account().clone();
    let json = event.record.json();
    let text = |path: &'static str| {
        value_at(json, path)
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
    };
    let region = text("awsRegion")
        .and_then(|r| Region::parse(r).ok())
        .ok_or(PushError::Missing { field: "awsRegion" })?;
    let repository = text("responseElements.image.repositoryName")
        .or_else(|| text("requestParameters.repositoryName"))
        // A repository name is lowercase letters, digits and `._/-`: nothing that could leave
        // the ARN built from it.
        .filter(|name| {
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._/-".contains(c))
        })
        .ok_or(PushError::Missing {
            field: "responseElements.image.repositoryName",
        })?;
    let digest = text("responseElements.image.imageId.imageDigest")
        .filter(|d| d.starts_with("sha256:"))
        .ok_or(PushError::Missing {
            field: "responseElements.image.imageId.imageDigest",
        })?;
    let image_tag = text("responseElements.image.imageId.imageTag")
        .or_else(|| text("requestParameters.imageTag"))
        .map(str::to_owned);
    let pushed_at = text("eventTime")
        .and_then(|t| {
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
        })
        .filter(|t| (0..=9999).contains(&t.to_offset(time::UtcOffset::UTC).year()))
        .map(crate::plan::format_time);
    Ok(ImagePush {
        pushed_at,
        repository_arn: format!(
            "arn:{}:ecr:{region}:{account}:repository/{repository}",
            region.partition()
        ),
        account,
        region,
        repository: repository.to_owned(),
        digest: digest.to_owned(),
        image_tag,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;
    use crate::event::parse_document;
    use serde_json::json;

    fn event(detail: serde_json::Value) -> Event {
        let text = json!({
            "id": "e1",
            "source": "aws.ecr",
            "detail-type": "AWS API Call via CloudTrail",
            "account": "111111111111",
            "detail": detail,
        })
        .to_string();
        parse_document(&text)
            .unwrap()
            .into_iter()
            .next()
            .unwrap()
            .unwrap()
    }

    fn put_image() -> serde_json::Value {
        json!({
            "eventSource": "ecr.amazonaws.com",
            "eventName": "PutImage",
            "awsRegion": "eu-west-1",
            "recipientAccountId": "111111111111",
            "requestParameters": {"repositoryName": "team/app", "imageTag": "v1"},
            "responseElements": {"image": {
                "registryId": "111111111111",
                "repositoryName": "team/app",
                "imageId": {"imageDigest": "sha256:abc", "imageTag": "v1"}
            }}
        })
    }

    #[test]
    fn a_push_names_its_repository_and_image() {
        let push = read_push(&event(put_image())).unwrap().unwrap();
        assert_eq!(
            push.repository_arn,
            "arn:aws:ecr:eu-west-1:111111111111:repository/team/app"
        );
        assert_eq!(push.digest, "sha256:abc");
        assert_eq!(push.image_tag.as_deref(), Some("v1"));
        assert_eq!(push.pushed_at, None);
        let mut timed = put_image();
        timed["eventTime"] = json!("2024-03-05T09:14:02.5+01:00");
        let push = read_push(&event(timed)).unwrap().unwrap();
        assert_eq!(push.pushed_at.as_deref(), Some("2024-03-05T08:14:02Z"));
    }

    #[test]
    fn other_events_failed_pushes_and_bad_fields_are_told_apart() {
        let mut create = put_image();
        create["eventName"] = json!("CreateRepository");
        assert!(read_push(&event(create)).is_none());
        let mut failed = put_image();
        failed["errorCode"] = json!("ImageAlreadyExistsException");
        assert!(read_push(&event(failed)).is_none());
        let mut odd = put_image();
        odd["responseElements"]["image"]["repositoryName"] = json!("x:y/../z");
        odd["requestParameters"]["repositoryName"] = json!("x:y");
        assert!(matches!(
            read_push(&event(odd)),
            Some(Err(PushError::Missing { .. }))
        ));
        let mut other_account = put_image();
        other_account["recipientAccountId"] = json!("222222222222");
        assert!(matches!(
            read_push(&event(other_account)),
            Some(Err(PushError::Distrusted(_)))
        ));
    }
}
