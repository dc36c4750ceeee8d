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

#[tokio::test]
async fn a_push_is_not_stamped_and_an_image_that_cannot_be_read_is_retried_then_parked()
-> anyhow::Result<()> {
    // GIVEN a spoke repository with a `Team` tag, and an image pushed to it,
    let org = Org::create(1).await?.with_alerts().await?;
    let spoke = org.spokes[0].clone();
    let admin = org.admin(&spoke).await?;
    let ecr = aws_sdk_ecr::Client::new(&admin);
    let created = ecr
        .create_repository()
        .repository_name("labelled")
        .tags(
            aws_sdk_ecr::types::Tag::builder()
                .key("Team")
                .value("payments")
                .build()?,
        )
        .send()
        .await?;
    let arn = created
        .repository()
        .and_then(|r| r.repository_arn())
        .unwrap_or_default()
        .to_owned();
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
