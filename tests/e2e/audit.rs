//! Issue 12 end to end: a removed stamp comes back by itself and the team is told; backfill
//! stamps what was there before autotag from the organization trail's log files in S3, and
//! marks what no record explains; the auditor's CSV, coverage, drift and repair.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::moto;
use autotag_tests::org::{Org, REGION, tags_of};
use autotag_tests::resources;
use serde_json::{Value, json};

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("autotag-e2e-audit-{}-{name}", std::process::id()))
}

fn arn_of_volume(account: &str, volume: &str) -> String {
    format!("arn:aws:ec2:{REGION}:{account}:volume/{volume}")
}

#[tokio::test]
async fn a_removed_stamp_comes_back_and_the_team_is_told() -> anyhow::Result<()> {
    // GIVEN a hub with its ledger and alert topic, and a volume and a bucket alice made and the
    // hub stamped,
    let org = Org::create(1)
        .await?
        .with_hub_tables()
        .await?
        .with_alerts()
        .await?;
    let a = org.spokes[0].clone();
    let policy = org.write_policy(&scratch("repair"), &[&a], "")?;
    let alice = org.user(&a, "alice").await?;
    let alice_caller = Caller::of(&alice).await?;
    let volume = resources::create_volume(&alice).await?;
    let bucket = format!("repair-{a}");
    moto::s3_client(&alice)
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await?;
    let now = cloudtrail::now();
    org.emit(
        &a,
        &cloudtrail::record(
            "ec2/CreateVolume-invictus-aws_dataset-1.json",
            &alice_caller,
            REGION,
            &now,
            &[("/responseElements/volumeId", json!(volume))],
        )?,
    )
    .await?;
    org.emit(
        &a,
        &cloudtrail::record(
            "s3/CreateBucket-invictus-aws_dataset-5.json",
            &alice_caller,
            REGION,
            &now,
            &[("/requestParameters/bucketName", json!(bucket))],
        )?,
    )
    .await?;
    org.run_hub(&policy, 3).await?;
    let volume_arn = arn_of_volume(&a, &volume);
    let bucket_arn = format!("arn:aws:s3:::{bucket}");
    let stamped_volume = tags_of(&alice, &volume_arn).await?;
    let stamped_bucket = tags_of(&alice, &bucket_arn).await?;
    assert!(stamped_volume.contains_key("owner"), "{stamped_volume:?}");
    assert!(stamped_bucket.contains_key("owner"), "{stamped_bucket:?}");
    // and a volume the hub never stamped.
    let stranger = resources::create_volume(&alice).await?;

    // WHEN mallory deletes every tag of both volumes (EC2 `DeleteTags` without keys) and
    // replaces the bucket's tag set with one of her own (S3, where no SCP reaches),
    let mallory = org.user(&a, "mallory").await?;
    let mallory_caller = Caller::of(&mallory).await?;
    let ec2 = aws_sdk_ec2::Client::new(&mallory);
    ec2.delete_tags()
        .resources(&volume)
        .resources(&stranger)
        .send()
        .await?;
    assert!(tags_of(&mallory, &volume_arn).await?.is_empty());
    let team_only = aws_sdk_s3::types::Tagging::builder()
        .tag_set(
            aws_sdk_s3::types::Tag::builder()
                .key("team")
                .value("red")
                .build()?,
        )
        .build()?;
    moto::s3_client(&mallory)
        .put_bucket_tagging()
        .bucket(&bucket)
        .tagging(team_only)
        .send()
        .await?;
    // and CloudTrail reports both calls,
    let later = cloudtrail::now();
    org.emit(
        &a,
        &cloudtrail::record(
            "ec2/DeleteTags-derived-invictus-aws_dataset-1.json",
            &mallory_caller,
            REGION,
            &later,
            &[(
                "/requestParameters/resourcesSet/items",
                json!([{"resourceId": volume}, {"resourceId": stranger}]),
            )],
        )?,
    )
    .await?;
    org.emit(
        &a,
        &cloudtrail::record(
            "s3/PutBucketTagging-invictus-aws_dataset-raw-1.json",
            &mallory_caller,
            REGION,
            &later,
            &[
                ("/requestParameters/bucketName", json!(bucket)),
                (
                    "/requestParameters/Tagging/TagSet/Tag",
                    json!({"Key": "team", "Value": "red"}),
                ),
            ],
        )?,
    )
    .await?;
    let lines = org.run_hub(&policy, 3).await?;

    // THEN the stamps the ledger holds are back, exactly as first written, the bucket keeps
    // mallory's own tag, and the volume autotag never stamped is left alone,
    assert_eq!(
        tags_of(&alice, &volume_arn).await?,
        stamped_volume,
        "{lines:#?}"
    );
    let bucket_tags = tags_of(&alice, &bucket_arn).await?;
    for (key, value) in &stamped_bucket {
        assert_eq!(bucket_tags.get(key), Some(value), "{bucket_tags:?}");
    }
    assert_eq!(bucket_tags.get("team").map(String::as_str), Some("red"));
    assert!(
        tags_of(&alice, &arn_of_volume(&a, &stranger))
            .await?
            .is_empty()
    );
    // and the security team got one alert per resource naming mallory and the keys she removed.
    let alerts = org.received_alerts().await?;
    assert_eq!(alerts.len(), 2, "{alerts:#?}");
    for (subject, alert) in &alerts {
        assert!(subject.contains(&a), "{subject}");
        assert_eq!(
            alert["changedBy"], mallory_caller.user_identity["arn"],
            "{alert}"
        );
        assert_eq!(alert["restored"], true, "{alert}");
        let keys: Vec<&str> = alert["keys"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|k| k["key"].as_str())
            .collect();
        assert!(keys.contains(&"owner"), "{alert}");
    }
    let resources: Vec<&str> = alerts
        .iter()
        .filter_map(|(_, a)| a["resource"].as_str())
        .collect();
    assert!(
        resources.contains(&volume_arn.as_str()) && resources.contains(&bucket_arn.as_str()),
        "{resources:?}"
    );
    Ok(())
}

/// One CloudTrail log file, gzipped, as the organization trail writes it.
fn log_file(records: &[Value]) -> anyhow::Result<Vec<u8>> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(json!({ "Records": records }).to_string().as_bytes())?;
    Ok(gz.finish()?)
}

/// Minimal CSV reading for the audit's output: no cell the test reads holds a comma or quote.
fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|line| {
            header
                .iter()
                .zip(line.trim_end_matches('\r').split(','))
                .map(|(h, v)| ((*h).to_owned(), v.trim_matches('"').to_owned()))
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn backfill_and_audit_answer_who_created_what_was_there_first() -> anyhow::Result<()> {
    // GIVEN a spoke where alice made a volume and a bucket before autotag was installed, and a
    // volume whose creation no record remembers,
    let org = Org::create(1).await?.with_hub_tables().await?;
    let a = org.spokes[0].clone();
    let dir = scratch("backfill");
    let policy = org.write_policy(&dir, &[&a], "")?;
    let alice = org.user(&a, "alice").await?;
    let alice_caller = Caller::of(&alice).await?;
    let old_volume = resources::create_volume(&alice).await?;
    let forgotten = resources::create_volume(&alice).await?;
    let bucket = format!("before-{a}");
    moto::s3_client(&alice)
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await?;
    // and the organization trail's bucket holds their creation, and a later `DeleteTags`
    // (history: nothing for backfill to repair), in two gzipped log files.
    let when = "2026-01-15T09:30:00Z";
    let creations = [
        cloudtrail::record(
            "ec2/CreateVolume-invictus-aws_dataset-1.json",
            &alice_caller,
            REGION,
            when,
            &[("/responseElements/volumeId", json!(old_volume))],
        )?,
        cloudtrail::record(
            "s3/CreateBucket-invictus-aws_dataset-5.json",
            &alice_caller,
            REGION,
            when,
            &[("/requestParameters/bucketName", json!(bucket))],
        )?,
    ];
    let untag = cloudtrail::record(
        "ec2/DeleteTags-derived-invictus-aws_dataset-1.json",
        &alice_caller,
        REGION,
        "2026-01-16T10:00:00Z",
        &[(
            "/requestParameters/resourcesSet/items/0/resourceId",
            json!(old_volume),
        )],
    )?;
    let hub_admin = org.admin(&org.hub).await?;
    let s3 = moto::s3_client(&hub_admin);
    let trail = format!("org-trail-{}", org.hub);
    s3.create_bucket().bucket(&trail).send().await?;
    let folder = format!("AWSLogs/o-test123456/{a}/CloudTrail/{REGION}");
    for (key, records) in [
        (
            format!("{folder}/2026/01/15/{a}_CloudTrail_{REGION}_20260115T0930Z_one.json.gz"),
            creations.to_vec(),
        ),
        (
            format!("{folder}/2026/01/16/{a}_CloudTrail_{REGION}_20260116T1000Z_two.json.gz"),
            vec![untag],
        ),
        // Outside the window: never read.
        (
            format!("{folder}/2025/12/01/{a}_CloudTrail_{REGION}_20251201T0000Z_old.json.gz"),
            vec![json!({"not": "a record"})],
        ),
    ] {
        s3.put_object()
            .bucket(&trail)
            .key(key)
            .body(log_file(&records)?.into())
            .send()
            .await?;
    }
    let checkpoint = dir.join("backfill.checkpoint.json");
    let _ = std::fs::remove_file(&checkpoint);
    let source = format!("s3://{trail}/AWSLogs/o-test123456/");
    let mut args: Vec<String> = [
        "backfill",
        "--s3",
        &source,
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        "--accounts",
        &a,
        "--regions",
        REGION,
        "--checkpoint",
        &checkpoint.display().to_string(),
    ]
    .map(str::to_owned)
    .to_vec();
    args.extend(org.store_args());

    // WHEN a dry run plans the backfill, nothing is written,
    let mut dry = args.clone();
    dry.push("--dry-run".into());
    let dry: Vec<&str> = dry.iter().map(String::as_str).collect();
    let (status, lines) = org.run_autotag(Some(&policy), &dry).await?;
    assert!(status.success(), "{lines:#?}");
    assert_eq!(
        lines.iter().filter(|l| l["outcome"] == "tag").count(),
        2,
        "{lines:#?}"
    );
    assert!(
        tags_of(&alice, &arn_of_volume(&a, &old_volume))
            .await?
            .is_empty()
    );
    assert!(!checkpoint.exists());

    // AND the backfill runs for real, marking afterwards what no record explains,
    let mut real = args.clone();
    real.push("--mark-unknown".into());
    let real: Vec<&str> = real.iter().map(String::as_str).collect();
    let (status, lines) = org.run_autotag(Some(&policy), &real).await?;
    assert!(status.success(), "{lines:#?}");

    // THEN the resources old records explain carry their creator and the record's time,
    let old_tags = tags_of(&alice, &arn_of_volume(&a, &old_volume)).await?;
    assert_eq!(
        old_tags.get("dateCreated").map(String::as_str),
        Some(when),
        "{old_tags:?}"
    );
    assert_eq!(
        old_tags.get("createdBy"),
        alice_caller.user_identity["arn"]
            .as_str()
            .map(str::to_owned)
            .as_ref()
    );
    let bucket_tags = tags_of(&alice, &format!("arn:aws:s3:::{bucket}")).await?;
    assert_eq!(
        bucket_tags.get("dateCreated").map(String::as_str),
        Some(when),
        "{bucket_tags:?}"
    );
    let summary = lines
        .iter()
        .find(|l| l.get("backfill").is_some())
        .cloned()
        .unwrap_or_default();
    assert_eq!(summary["backfill"]["tagged"], 2, "{lines:#?}");
    assert_eq!(summary["backfill"]["pieces"], 2, "{summary}");
    // and the forgotten volume says its owner is unknown, dated by the volume's own clock.
    let forgotten_tags = tags_of(&alice, &arn_of_volume(&a, &forgotten)).await?;
    assert_eq!(
        forgotten_tags.get("owner").map(String::as_str),
        Some("unknown"),
        "{forgotten_tags:?}"
    );
    assert_eq!(
        forgotten_tags.get("autotag:dateSource").map(String::as_str),
        Some("resource")
    );
    assert!(
        forgotten_tags.contains_key("dateCreated"),
        "{forgotten_tags:?}"
    );
    assert!(
        !forgotten_tags.contains_key("createdBy"),
        "{forgotten_tags:?}"
    );

    // WHEN it runs again, the checkpoint says every log file is read, and nothing changes.
    let (status, again) = org.run_autotag(Some(&policy), &real).await?;
    assert!(status.success(), "{again:#?}");
    let summary = again
        .iter()
        .find(|l| l.get("backfill").is_some())
        .cloned()
        .unwrap_or_default();
    assert_eq!(summary["backfill"]["pieces"], 0, "{summary}");
    assert_eq!(
        tags_of(&alice, &arn_of_volume(&a, &old_volume)).await?,
        old_tags
    );

    // GIVEN a volume made since, unstamped, and a stamp removed where no event reported it,
    let fresh = resources::create_volume(&alice).await?;
    aws_sdk_ec2::Client::new(&alice)
        .delete_tags()
        .resources(&old_volume)
        .tags(aws_sdk_ec2::types::Tag::builder().key("owner").build())
        .send()
        .await?;
    let ledger = org
        .hub_tables
        .as_ref()
        .map(|(_, l)| l.clone())
        .unwrap_or_default();
    let audit = |extra: &[&str]| {
        let mut args = vec![
            "audit",
            "--accounts",
            &a,
            "--regions",
            REGION,
            "--ledger-table",
            &ledger,
            "--type",
            "ec2:volume,s3:bucket",
        ];
        args.extend_from_slice(extra);
        args.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    // WHEN the auditor asks for CSV,
    let csv_args = audit(&["--output", "csv"]);
    let csv_args: Vec<&str> = csv_args.iter().map(String::as_str).collect();
    let (status, csv, stderr) = org.run_autotag_raw(Some(&policy), &csv_args).await?;
    assert!(status.success(), "{stderr}");
    // THEN every resource has its status, its creator where known, and whether the ledger has it.
    let rows: BTreeMap<String, BTreeMap<String, String>> = csv_rows(&csv)
        .into_iter()
        .map(|row| (row.get("arn").cloned().unwrap_or_default(), row))
        .collect();
    let row = |arn: &str| {
        rows.get(arn)
            .cloned()
            .unwrap_or_else(|| panic!("no row for {arn} in {csv}"))
    };
    let old_row = row(&arn_of_volume(&a, &old_volume));
    assert_eq!(old_row["status"], "drifted", "{old_row:?}");
    assert_eq!(old_row["recorded"], "true");
    assert_eq!(row(&format!("arn:aws:s3:::{bucket}"))["status"], "stamped");
    assert_eq!(
        row(&arn_of_volume(&a, &forgotten))["status"],
        "owner_unknown"
    );
    assert_eq!(row(&arn_of_volume(&a, &fresh))["status"], "unstamped");
    assert_eq!(
        row(&arn_of_volume(&a, &fresh))["found_by"],
        "ec2:DescribeVolumes"
    );

    // WHEN the auditor repairs the drift,
    let repair = audit(&["--drift", "--repair", "--output", "json"]);
    let repair: Vec<&str> = repair.iter().map(String::as_str).collect();
    let (status, drifted, stderr) = org.run_autotag_raw(Some(&policy), &repair).await?;
    assert!(status.success(), "{stderr}");
    assert_eq!(drifted.lines().count(), 1, "{drifted}");
    // THEN the stamp is back as the ledger holds it,
    assert_eq!(
        tags_of(&alice, &arn_of_volume(&a, &old_volume)).await?,
        old_tags
    );
    // and the coverage says how much is stamped, failing a minimum it does not meet.
    let coverage = audit(&["--coverage", "--output", "json", "--min-coverage", "90"]);
    let coverage: Vec<&str> = coverage.iter().map(String::as_str).collect();
    let (status, lines) = org.run_autotag(Some(&policy), &coverage).await?;
    assert_eq!(status.code(), Some(4), "{lines:#?}");
    let total = lines
        .iter()
        .find(|l| l["scope"] == "total")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            total["total"].clone(),
            total["stamped"].clone(),
            total["owner_unknown"].clone(),
            total["unstamped"].clone()
        ),
        (json!(4), json!(2), json!(1), json!(1)),
        "{lines:#?}"
    );

    // GIVEN a volume stamped before the ledger existed (its stamp is live, unrecorded),
    let ec2 = aws_sdk_ec2::Client::new(&alice);
    let ec2_tag = |k: &str, v: &str| aws_sdk_ec2::types::Tag::builder().key(k).value(v).build();
    ec2.create_tags()
        .resources(&fresh)
        .tags(ec2_tag("owner", "bob"))
        .tags(ec2_tag("dateCreated", "2025-06-01T08:00:00Z"))
        .send()
        .await?;
    // WHEN the auditor adopts live stamps into the ledger,
    let adopt = audit(&["--adopt", "--output", "json"]);
    let adopt: Vec<&str> = adopt.iter().map(String::as_str).collect();
    let (status, _, stderr) = org.run_autotag_raw(Some(&policy), &adopt).await?;
    assert!(status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "\"adopt\":\"{}\",\"recorded\":true",
            arn_of_volume(&a, &fresh)
        )),
        "{stderr}"
    );
    // THEN its later removal shows as drift, and repair puts back bob's stamp.
    ec2.delete_tags().resources(&fresh).send().await?;
    let (status, _, stderr) = org.run_autotag_raw(Some(&policy), &repair).await?;
    assert!(status.success(), "{stderr}");
    let fresh_tags = tags_of(&alice, &arn_of_volume(&a, &fresh)).await?;
    assert_eq!(
        fresh_tags.get("owner").map(String::as_str),
        Some("bob"),
        "{fresh_tags:?}"
    );
    Ok(())
}
