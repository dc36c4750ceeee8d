//! Issue 17, image pushes, as far as moto goes: a `PutImage` forwarded to the hub is not a
//! creation (nothing is stamped, the repository's tags are untouched), the hub finds the image
//! with `BatchGetImage` as the auto-tag role, and — moto's `GetDownloadUrlForLayer` being
//! unimplemented — reports the labels as not compared, without failing, retrying or parking
//! the event and without alerting. The blob download and the comparison are proven in
//! tests/wire/images.rs and hub/src/processing/images.rs.

use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::org::{Org, REGION, tags_of};
use serde_json::json;

const MANIFEST: &str = r#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270","size":7023},"layers":[]}"#;

#[tokio::test]
async fn a_push_is_not_stamped_and_an_image_moto_cannot_serve_is_reported_not_retried()
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

    // THEN the event is done and skipped (a push creates nothing the registry stamps),
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(lines[0]["disposition"], "done", "{lines:#?}");
    let outcome = &lines[0]["events"][0]["outcome"];
    assert_eq!(outcome, "skip", "{lines:#?}");
    // the repository's tags are untouched, nothing is parked, and no alert is sent: the blob
    // could not be read, so nothing was compared.
    assert_eq!(tags_of(&admin, &arn).await?, before);
    assert!(org.dead_letters().await?.is_empty());
    assert!(org.received_alerts().await?.is_empty());
    Ok(())
}
