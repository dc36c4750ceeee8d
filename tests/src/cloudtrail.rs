//! Playing CloudTrail: real corpus records (from the project's fixtures) with the live ids,
//! accounts, principal and time of a call made against the emulator put in.

use std::path::Path;

use anyhow::{Context, anyhow};
use aws_config::SdkConfig;
use aws_sdk_sts::config::ProvideCredentials;
use serde_json::{Value, json};

/// Who made a call, as CloudTrail's `userIdentity` would show it.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The `userIdentity` object.
    pub user_identity: Value,
    /// The caller's account.
    pub account: String,
}

impl Caller {
    /// Auto Scaling launching with its service-linked role in `account`.
    pub fn auto_scaling(account: &str) -> Self {
        Self {
            user_identity: json!({
                "type": "AssumedRole",
                "principalId": "AROAEXAMPLEAUTOSCALING:AutoScaling",
                "arn": format!("arn:aws:sts::{account}:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling"),
                "accountId": account,
                "sessionContext": {"sessionIssuer": {
                    "type": "Role", "principalId": "AROAEXAMPLEAUTOSCALING", "accountId": account,
                    "arn": format!("arn:aws:iam::{account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"),
                    "userName": "AWSServiceRoleForAutoScaling"}},
                "invokedBy": "autoscaling.amazonaws.com"
            }),
            account: account.to_owned(),
        }
    }

    /// The identity behind `config`'s credentials, from `sts:GetCallerIdentity`.
    pub async fn of(config: &SdkConfig) -> anyhow::Result<Self> {
        let who = aws_sdk_sts::Client::new(config)
            .get_caller_identity()
            .send()
            .await?;
        let arn = who
            .arn()
            .context("GetCallerIdentity returned no ARN")?
            .to_owned();
        let account = who
            .account()
            .context("GetCallerIdentity returned no account")?
            .to_owned();
        let principal_id = who.user_id().unwrap_or_default().to_owned();
        let access_key_id = match config.credentials_provider() {
            Some(provider) => provider
                .provide_credentials()
                .await?
                .access_key_id()
                .to_owned(),
            None => String::new(),
        };
        let resource = arn.splitn(6, ':').nth(5).unwrap_or_default();
        let user_identity = if let Some(user) = resource.strip_prefix("user/") {
            json!({"type": "IAMUser", "principalId": principal_id, "arn": arn, "accountId": account,
                   "accessKeyId": access_key_id, "userName": user.rsplit('/').next().unwrap_or(user)})
        } else if let Some(session) = resource.strip_prefix("assumed-role/") {
            let role = session.split('/').next().unwrap_or_default();
            json!({"type": "AssumedRole", "principalId": principal_id, "arn": arn, "accountId": account,
                   "accessKeyId": access_key_id,
                   "sessionContext": {
                       "sessionIssuer": {"type": "Role", "principalId": principal_id.split(':').next().unwrap_or_default(),
                                         "arn": format!("arn:aws:iam::{account}:role/{role}"), "accountId": account, "userName": role},
                       "attributes": {"creationDate": now(), "mfaAuthenticated": "false"}}})
        } else {
            return Err(anyhow!(
                "caller `{arn}` is neither a user nor a role session"
            ));
        };
        Ok(Self {
            user_identity,
            account,
        })
    }
}

/// The current time as CloudTrail writes it.
pub fn now() -> String {
    let t = autotag_hub::clock::now();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A record from `core/tests/fixtures/<fixture>`, made to describe a call by `caller` in
/// `region` at `event_time`, with the JSON-pointer `replacements` applied.
pub fn record(
    fixture: &str,
    caller: &Caller,
    region: &str,
    event_time: &str,
    replacements: &[(&str, Value)],
) -> anyhow::Result<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures")
        .join(fixture);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let event: Value = serde_json::from_str(&text)?;
    let mut detail = event
        .get("detail")
        .cloned()
        .context("fixture has no detail")?;
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let serial = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let event_id = format!("e2e-{}-{serial}-{}", std::process::id(), caller.account);
    let object = detail
        .as_object_mut()
        .context("fixture detail is not an object")?;
    object.insert("recipientAccountId".into(), json!(caller.account));
    object.insert("awsRegion".into(), json!(region));
    object.insert("eventTime".into(), json!(event_time));
    object.insert("eventID".into(), json!(event_id));
    object.insert("userIdentity".into(), caller.user_identity.clone());
    for (pointer, value) in replacements {
        let slot = detail
            .pointer_mut(pointer)
            .with_context(|| format!("{fixture} has nothing at {pointer}"))?;
        *slot = value.clone();
    }
    Ok(detail)
}

/// The STS record (from `fixture`) of `issuer` opening the session `issued` acts as: its role,
/// session name, access key and ARN put in, the fixture's own session context (tags, transitive
/// keys, source identity) cleared, and `replacements` applied last.
pub fn issued_session(
    fixture: &str,
    issuer: &Caller,
    issued: &Caller,
    region: &str,
    when: &str,
    replacements: &[(&str, Value)],
) -> anyhow::Result<Value> {
    let text = |pointer: &str| {
        issued
            .user_identity
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let arn = text("/arn");
    let session_name = arn.rsplit('/').next().unwrap_or_default().to_owned();
    let mut record = record(
        fixture,
        issuer,
        region,
        when,
        &[
            (
                "/requestParameters/roleArn",
                json!(text("/sessionContext/sessionIssuer/arn")),
            ),
            ("/requestParameters/roleSessionName", json!(session_name)),
            (
                "/responseElements/credentials/accessKeyId",
                json!(text("/accessKeyId")),
            ),
            ("/responseElements/assumedRoleUser/arn", json!(arn)),
        ],
    )?;
    let cleared = [
        ("/requestParameters/tags", json!([])),
        ("/requestParameters/transitiveTagKeys", json!([])),
        ("/requestParameters/incomingTransitiveTags", json!({})),
        ("/requestParameters/principalTags", json!({})),
        ("/requestParameters/sourceIdentity", Value::Null),
        ("/responseElements/sourceIdentity", Value::Null),
    ];
    for (pointer, value) in cleared.into_iter().chain(replacements.iter().cloned()) {
        let slot = record
            .pointer_mut(pointer)
            .with_context(|| format!("{fixture} has nothing at {pointer}"));
        match slot {
            Ok(slot) => *slot = value,
            // The cleared fields are optional; a replacement must land.
            Err(err) if replacements.iter().any(|(p, _)| *p == pointer) => return Err(err),
            Err(_) => {}
        }
    }
    Ok(record)
}

/// A `PutImage` of `digest` (tag `v1`) into `repository` of `account` by the IAM user alice at
/// `time` in the emulator's region, as EventBridge delivers it to the hub: moto emits no
/// CloudTrail, and a push's record is what the hub's image checks read.
pub fn put_image_event(
    id: &str,
    account: &str,
    repository: &str,
    digest: &str,
    time: &str,
) -> Value {
    json!({
        "id": id, "source": "aws.ecr", "account": account,
        "detail-type": "AWS API Call via CloudTrail",
        "detail": {
            "eventTime": time, "eventType": "AwsApiCall",
            "eventSource": "ecr.amazonaws.com", "eventName": "PutImage",
            "awsRegion": crate::org::REGION, "recipientAccountId": account,
            "userIdentity": {"type": "IAMUser", "userName": "alice",
                "arn": format!("arn:aws:iam::{account}:user/alice")},
            "requestParameters": {"repositoryName": repository, "imageTag": "v1"},
            "responseElements": {"image": {"registryId": account, "repositoryName": repository,
                "imageId": {"imageDigest": digest, "imageTag": "v1"}}}
        }
    })
}
