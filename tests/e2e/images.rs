//! Issue 17, image pushes, as far as moto goes: a `PutImage` forwarded to the hub is not a
//! creation (nothing is stamped, the repository's tags are untouched), and the hub finds the
//! image with `BatchGetImage` as the auto-tag role. moto 5.2 does not implement
//! `GetDownloadUrlForLayer`: it answers HTTP 500, which the hub cannot tell from a server
//! error, so the push is what a server error makes it: retried, then parked in the
//! dead-letter queue with its reason after the queue's deliveries, nothing alerted. The blob
//! download, the comparison and the retries' success are proven in tests/wire/images.rs and
//! hub/src/processing/images/tests.rs.

use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::org::{Org, REGION, tags_of};
use serde_json::json;

const MANIFEST: &str = r#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270","size":7023},"layers":[]}"#;

/// Creates the repository `name` tagged `Team=payments`; its ARN.
async fn team_repository(ecr: &aws_sdk_ecr::Client, name: &str) -> anyhow::Result<String> {
    let created = ecr
        .create_repository()
        .repository_name(name)
        .tags(
            aws_sdk_ecr::types::Tag::builder()
                .key("Team")
                .value("payments")
                .build()?,
        )
        .send()
        .await?;
    Ok(created
        .repository()
        .and_then(|r| r.repository_arn())
        .unwrap_or_default()
        .to_owned())
}

#[tokio::test]
async fn a_push_is_not_stamped_and_an_image_that_cannot_be_read_is_retried_then_parked()
-> anyhow::Result<()> {
    // GIVEN a spoke repository with a `Team` tag, and an image pushed to it,
    let org = Org::create(1).await?.with_alerts().await?;
    let spoke = org.spokes[0].clone();
    let admin = org.admin(&spoke).await?;
    let ecr = aws_sdk_ecr::Client::new(&admin);
    let arn = team_repository(&ecr, "labelled").await?;
    let pushed = ecr
        .put_image()
        .repository_name("labelled")
        .image_manifest(MANIFEST)
        .image_tag("v1")
        .send()
        .await?;
    let digest = pushed
        .image()
        .and_then(|i| i.image_id())
        .and_then(|i| i.image_digest())
        .unwrap_or_default()
        .to_owned();
    let before = tags_of(&admin, &arn).await?;
    let dir = std::env::temp_dir().join(format!("autotag-e2e-images-{}", std::process::id()));
    let policy = org.write_policy(&dir, &[&spoke], "[ecr]\nlabel_tags = { team = \"Team\" }\n")?;

    // WHEN its `PutImage` record reaches the hub,
    let record = cloudtrail::record(
        "ecr/CreateRepository-constructed-1.json",
        &Caller::of(&admin).await?,
        REGION,
        &cloudtrail::now(),
        &[
            ("/eventName", json!("PutImage")),
            (
                "/requestParameters",
                json!({"repositoryName": "labelled", "imageTag": "v1", "imageManifest": MANIFEST}),
            ),
            (
                "/responseElements",
                json!({"image": {"registryId": spoke, "repositoryName": "labelled", "imageId": {"imageDigest": digest, "imageTag": "v1"}, "imageManifest": MANIFEST}}),
            ),
        ],
    )?;
    org.emit(&spoke, &record).await?;
    let lines = org.run_hub(&policy, 3).await?;

    // THEN the push's message is retried at each delivery and parked at the last, with why;
    assert_eq!(lines.len(), 3, "{lines:#?}");
    for retried in &lines[..2] {
        assert_eq!(retried["disposition"], "retry", "{lines:#?}");
        // The push itself is still a skip: it creates nothing the registry stamps.
        assert_eq!(retried["events"][0]["outcome"], "skip", "{lines:#?}");
        assert_eq!(retried["events"][0]["status"], "failed", "{lines:#?}");
    }
    assert_eq!(lines[2]["disposition"], "parked", "{lines:#?}");
    let parked = org.dead_letters().await?;
    assert_eq!(parked.len(), 1, "{parked:?}");
    assert!(
        parked[0].1.contains("ecr:GetDownloadUrlForLayer") && parked[0].1.contains(&arn),
        "{parked:?}"
    );
    // the repository's tags are untouched, and no alert is sent: nothing was compared.
    assert_eq!(tags_of(&admin, &arn).await?, before);
    assert!(org.received_alerts().await?.is_empty());
    Ok(())
}

/// The config blob a fake registry serves: moto cannot serve one (no `GetDownloadUrlForLayer`),
/// so only the blob is made up here; the repository's tags are read from moto.
#[derive(Debug)]
struct BlobsOf {
    ecr: aws_sdk_ecr::Client,
}

#[async_trait::async_trait]
impl autotag_hub::ports::ImageFacts for BlobsOf {
    async fn config_blob(
        &self,
        push: &autotag_core::ecr::push::ImagePush,
    ) -> Result<Vec<u8>, autotag_hub::ports::ResourceFailure> {
        let team = if push.repository == "labelled" {
            "search"
        } else {
            "payments"
        };
        Ok(format!(r#"{{"config":{{"Labels":{{"team":"{team}"}}}}}}"#).into_bytes())
    }

    async fn repository_tags(
        &self,
        push: &autotag_core::ecr::push::ImagePush,
    ) -> Result<std::collections::BTreeMap<String, String>, autotag_hub::ports::ResourceFailure>
    {
        autotag_hub::aws::images::repository_tags(&self.ecr, push)
            .await
            .map_err(|err| autotag_hub::ports::ResourceFailure {
                arn: push.repository_arn.clone(),
                operation: "ecr:ListTagsForResource",
                kind: err.kind(),
                source: Box::new(err),
            })
    }
}

/// A `PutImage` event of `repository` in `account`, pushed at `time`, as the hub queue holds it.
fn push_event(
    account: &str,
    repository: &str,
    digest: &str,
    time: &str,
) -> anyhow::Result<autotag_core::event::Event> {
    let text = autotag_tests::cloudtrail::put_image_event(
        &format!("push-{repository}-{time}"),
        account,
        repository,
        digest,
        time,
    )
    .to_string();
    autotag_core::event::parse_document(&text)?
        .into_iter()
        .next()
        .and_then(Result::ok)
        .ok_or_else(|| anyhow::anyhow!("unreadable test event: {text}"))
}

#[tokio::test]
async fn the_audit_shows_each_repositorys_latest_label_check_from_the_ledger() -> anyhow::Result<()>
{
    use autotag_hub::processing::images::ImageChecks;
    use std::sync::Arc;
    // GIVEN three spoke repositories with a `Team` tag, and the hub's ledger table,
    let org = Org::create(1).await?.with_hub_tables().await?;
    let spoke = org.spokes[0].clone();
    let admin = org.admin(&spoke).await?;
    let ecr = aws_sdk_ecr::Client::new(&admin);
    let mut arns = std::collections::BTreeMap::new();
    for name in ["labelled", "agreeing", "unchecked"] {
        arns.insert(name, team_repository(&ecr, name).await?);
    }
    let dir = std::env::temp_dir().join(format!("autotag-e2e-labels-{}", std::process::id()));
    let policy_path =
        org.write_policy(&dir, &[&spoke], "[ecr]\nlabel_tags = { team = \"Team\" }\n")?;
    let policy =
        autotag_core::policy::TagPolicy::from_toml("[ecr]\nlabel_tags = { team = \"Team\" }\n")?;
    let (_, ledger_table) = org.hub_tables.clone().unwrap_or_default();

    // WHEN the hub's image checks (their blob made up, the tags and the ledger moto's) see a
    // push to two of them, and then an older push to the first arrives late (a retry),
    let ledger = autotag_hub::aws::session_store::DynamoLedger::new(
        aws_sdk_dynamodb::Client::new(org.hub_config()),
        ledger_table.clone(),
    );
    let checks = ImageChecks::new(Arc::new(BlobsOf { ecr: ecr.clone() }), None)
        .with_ledger(Some(Arc::new(ledger)));
    let now = autotag_hub::clock::now();
    let pushes = [
        push_event(&spoke, "labelled", "sha256:aaaa", "2024-03-05T10:00:00Z")?,
        push_event(&spoke, "agreeing", "sha256:bbbb", "2024-03-05T10:00:00Z")?,
    ];
    let results = checks
        .after_events(&policy, &[(0, &pushes[0]), (1, &pushes[1])], now)
        .await;
    assert!(results.iter().all(|(_, r)| r.is_ok()), "{results:?}");
    let late = push_event(&spoke, "labelled", "sha256:old1", "2024-03-05T09:00:00Z")?;
    let results = checks.after_events(&policy, &[(0, &late)], now).await;
    assert!(results.iter().all(|(_, r)| r.is_ok()), "{results:?}");

    // THEN `autotag audit` reads them back from the ledger: a mismatch, an agreement, and
    // nothing for the repository never pushed to;
    let audit = |extra: &[&str]| {
        let mut args = vec![
            "audit",
            "--accounts",
            spoke.as_str(),
            "--regions",
            REGION,
            "--ledger-table",
            ledger_table.as_str(),
            "--type",
            "ecr:repository",
            "--output",
            "json",
        ];
        args.extend_from_slice(extra);
        args.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let args = audit(&[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (status, rows) = org.run_autotag(Some(&policy_path), &args).await?;
    assert!(status.success(), "{rows:#?}");
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["arn"] == arns[name].as_str())
            .cloned()
            .unwrap_or_else(|| panic!("no row for {name}: {rows:#?}"))
    };
    assert_eq!(
        row("labelled")["labels"],
        "mismatch: team=search≠Team=payments"
    );
    assert_eq!(
        row("labelled")["label_check"]["digest"],
        "sha256:aaaa",
        "the later push is kept"
    );
    assert_eq!(
        row("labelled")["label_check"]["pushed_at"],
        "2024-03-05T10:00:00Z"
    );
    assert_eq!(row("agreeing")["labels"], "agree");
    assert!(row("unchecked").get("labels").is_none(), "{rows:#?}");

    // and `--label-mismatch` lists only the repository that disagrees.
    let args = audit(&["--label-mismatch"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (status, only) = org.run_autotag(Some(&policy_path), &args).await?;
    assert!(status.success(), "{only:#?}");
    let listed: Vec<&str> = only.iter().filter_map(|r| r["arn"].as_str()).collect();
    assert_eq!(listed, [arns["labelled"].as_str()], "{only:#?}");
    Ok(())
}

#[tokio::test]
async fn the_ledger_returns_the_check_a_push_replaces() -> anyhow::Result<()> {
    use autotag_core::ecr::check::{LabelCheck, LabelStatus};
    use autotag_hub::ports::{LabelLedger, LabelRecord};
    // GIVEN the hub's ledger table in moto,
    let org = Org::create(1).await?.with_hub_tables().await?;
    let (_, table) = org.hub_tables.clone().unwrap_or_default();
    let ledger = autotag_hub::aws::session_store::DynamoLedger::new(
        aws_sdk_dynamodb::Client::new(org.hub_config()),
        table,
    );
    let check = |digest: &str, pushed: &str, status: LabelStatus| LabelCheck {
        repository_arn: format!("arn:aws:ecr:{REGION}:{}:repository/app", org.spokes[0]),
        digest: digest.to_owned(),
        image_tag: Some("v1".to_owned()),
        status,
        pushed_at: Some(pushed.to_owned()),
        checked_at: "2024-03-05T11:00:00Z".to_owned(),
    };
    let first = check("sha256:a1", "2024-03-05T10:00:00Z", LabelStatus::Agrees);
    let second = check(
        "sha256:a2",
        "2024-03-05T10:05:00Z",
        LabelStatus::Unreadable {
            reason: "an image index".to_owned(),
        },
    );

    // WHEN two pushes are recorded in turn, and then an older one arrives late,
    let recorded = [
        ledger
            .record_label_check(&first)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        ledger
            .record_label_check(&second)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        ledger
            .record_label_check(&check(
                "sha256:a0",
                "2024-03-05T09:00:00Z",
                LabelStatus::Agrees,
            ))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    ];

    // THEN the first replaced nothing, the second replaced the first (read back whole, as the
    // hub compares them), and the late one was not kept.
    assert_eq!(
        recorded,
        [
            LabelRecord::Kept { previous: None },
            LabelRecord::Kept {
                previous: Some(first)
            },
            LabelRecord::Superseded,
        ]
    );
    Ok(())
}
