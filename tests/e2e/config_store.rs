//! The policy kept in SSM Parameter Store: `autotag config push` validates before it writes,
//! `autotag hub --config-parameter` tags by the stored policy, and the Lambda's live processor
//! takes a new version once its cache has expired, keeping the old one when the new is bad.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use autotag_hub::aws::config_store::ParameterPolicy;
use autotag_hub::ports::{ApplyReport, ResourceTagger};
use autotag_hub::processing::Processor;
use autotag_hub::processing::live::{BuildProcessor, LiveProcessor};
use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::org::{Org, REGION, tags_of};
use autotag_tests::resources;
use serde_json::{Value, json};

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("autotag-e2e-config-{}-{name}", std::process::id()))
}

/// `autotag config <args>` against the emulator as the hub account: status, stdout, stderr.
async fn config(org: &Org, args: &[&str]) -> anyhow::Result<(Option<i32>, String, String)> {
    let mut all = vec!["config"];
    all.extend(args);
    let (status, stdout, stderr) = org.run_autotag_raw(None, &all).await?;
    Ok((status.code(), stdout, stderr))
}

async fn stored(org: &Org, parameter: &str) -> anyhow::Result<Value> {
    let (code, stdout, stderr) =
        config(org, &["show", "--parameter", parameter, "--output", "json"]).await?;
    assert_eq!(code, Some(0), "{stderr}");
    Ok(serde_json::from_str(stdout.trim())?)
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    std::fs::write(path, text)?;
    Ok(())
}

#[tokio::test]
async fn push_refuses_a_bad_policy_and_the_hub_tags_by_the_stored_one() -> anyhow::Result<()> {
    // GIVEN an organization and a policy whose owner key is `team-owner`
    let org = Org::create(1).await?;
    let spoke = org.spokes[0].clone();
    let dir = scratch("push");
    let policy = org.write_policy(&dir, &[&spoke], "[tags]\nowner = \"team-owner\"\n")?;
    let parameter = format!("/autotag-{}/config", org.hub);

    // WHEN it is pushed, THEN the parameter holds it as version 1
    let (code, stdout, stderr) = config(
        &org,
        &["push", "--parameter", &parameter, &policy.to_string_lossy()],
    )
    .await?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("version") && stdout.contains("team-owner"),
        "{stdout}"
    );
    let first = stored(&org, &parameter).await?;
    assert_eq!(first["version"], "1");
    assert_eq!(first["text"], std::fs::read_to_string(&policy)?);

    // WHEN a policy with a bad field, or without the external id, is pushed
    let bad = dir.join("bad.toml");
    write(
        &bad,
        "[tags]\nowner = \"\"\n[spoke]\nexternal_id = \"x1\"\n",
    )?;
    let (code, _, stderr) = config(
        &org,
        &["push", "--parameter", &parameter, &bad.to_string_lossy()],
    )
    .await?;
    // THEN it is refused naming the field, and nothing is written
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("`tags.owner`"), "{stderr}");
    let no_id = dir.join("no-external-id.toml");
    write(&no_id, "[tags]\nowner = \"team\"\n")?;
    let (code, _, stderr) = config(
        &org,
        &["push", "--parameter", &parameter, &no_id.to_string_lossy()],
    )
    .await?;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("spoke.external_id"), "{stderr}");
    assert_eq!(stored(&org, &parameter).await?["version"], "1");

    // WHEN a volume is created and the hub runs with the parameter instead of a file
    let admin = org.admin(&spoke).await?;
    let volume = resources::create_volume(&admin).await?;
    let caller = Caller::of(&admin).await?;
    let when = cloudtrail::now();
    org.emit(
        &spoke,
        &cloudtrail::record(
            "ec2/CreateVolume-invictus-aws_dataset-1.json",
            &caller,
            REGION,
            &when,
            &[("/responseElements/volumeId", json!(volume))],
        )?,
    )
    .await?;
    let (status, lines) = org
        .run_autotag(
            None,
            &[
                "hub",
                "--queue-url",
                &org.queue_url,
                "--wait-seconds",
                "0",
                "--exit-when-idle",
                "--config-parameter",
                &parameter,
            ],
        )
        .await?;
    // THEN the volume carries the stored policy's owner key
    assert!(status.success(), "{lines:#?}");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    let tags = tags_of(
        &admin,
        &format!("arn:aws:ec2:{REGION}:{spoke}:volume/{volume}"),
    )
    .await?;
    assert!(tags.contains_key("team-owner"), "{tags:?}");
    assert!(!tags.contains_key("owner"), "{tags:?}");
    Ok(())
}

/// Applies nothing: this test is about which policy is in force, not about tagging.
#[derive(Debug)]
struct NoTagger;

#[async_trait::async_trait]
impl ResourceTagger for NoTagger {
    async fn apply(&self, _plan: &autotag_core::plan::TagPlan) -> ApplyReport {
        ApplyReport::default()
    }
}

#[tokio::test]
async fn the_live_processor_follows_the_parameter_and_keeps_a_good_version() -> anyhow::Result<()> {
    let org = Org::create(0).await?;
    let dir = scratch("live");
    let parameter = format!("/autotag-{}/live", org.hub);
    let push = |text: &'static str, name: &'static str| {
        let (org, dir, parameter) = (&org, &dir, &parameter);
        async move {
            let file = dir.join(name);
            write(&file, text)?;
            config(
                org,
                &["push", "--parameter", parameter, &file.to_string_lossy()],
            )
            .await
        }
    };
    let (code, _, stderr) = push(
        "[tags]\nowner = \"first\"\n[spoke]\nexternal_id = \"ext-1\"\n",
        "1.toml",
    )
    .await?;
    assert_eq!(code, Some(0), "{stderr}");

    // GIVEN the function's live processor started on the parameter (cold start)
    let store = Arc::new(ParameterPolicy::new(
        aws_sdk_ssm::Client::new(org.hub_config()),
        &parameter,
    ));
    let build: BuildProcessor = Box::new(|policy| {
        Box::pin(async move { Ok(Processor::new(Arc::new(policy), Arc::new(NoTagger))) })
    });
    let ttl = Duration::from_secs(300);
    let start = Instant::now();
    let live = LiveProcessor::start(store.clone(), ttl, build, start).await?;
    let owner = |processor: &Processor| processor.policy().keys.owner.to_string();
    assert_eq!(owner(&*live.current(start).await), "first");

    // WHEN a new version is pushed, THEN it is in force only once the cache has expired
    let (code, _, stderr) = push(
        "[tags]\nowner = \"second\"\n[spoke]\nexternal_id = \"ext-1\"\n",
        "2.toml",
    )
    .await?;
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(owner(&*live.current(start + ttl / 2).await), "first");
    assert_eq!(owner(&*live.current(start + ttl).await), "second");
    assert_eq!(live.version().await, "2");

    // WHEN someone writes a broken policy into the parameter behind the CLI's back
    aws_sdk_ssm::Client::new(org.hub_config())
        .put_parameter()
        .name(&parameter)
        .value("[tags]\nowner = 7\n")
        .r#type(aws_sdk_ssm::types::ParameterType::SecureString)
        .overwrite(true)
        .send()
        .await?;
    // THEN the function keeps tagging with the last good version
    assert_eq!(owner(&*live.current(start + ttl * 2).await), "second");
    assert_eq!(live.version().await, "2");
    Ok(())
}
