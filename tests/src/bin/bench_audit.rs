//! `make bench-audit`: throughput and peak memory of `autotag audit` and `autotag backfill` on a
//! generated organization in the emulator (default 20 accounts × 2 regions × 500 volumes), and
//! backfill's peak memory as the log volume doubles. Prints figures; asserts nothing timed.
//!
//! Sizes: `BENCH_ACCOUNTS`, `BENCH_REGIONS` (1 or 2), `BENCH_RESOURCES` (per account-region),
//! `BENCH_NOISE` (read events per creation in the log files). The `autotag` measured is
//! `AUTOTAG_BIN` (a release build, as `make bench-audit` passes), else the one beside this one.

use std::io::Write;
use std::time::Instant;

use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::measure::measure;
use autotag_tests::org::{Org, autotag_bin};
use serde_json::{Value, json};

const REGIONS: [&str; 2] = ["us-east-1", "us-west-2"];

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn gzipped(records: &[Value]) -> anyhow::Result<Vec<u8>> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(json!({ "Records": records }).to_string().as_bytes())?;
    Ok(gz.finish()?)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let accounts = setting("BENCH_ACCOUNTS", 20);
    let regions = REGIONS
        .get(..setting("BENCH_REGIONS", 2).clamp(1, 2))
        .unwrap_or(&REGIONS);
    let per_region = setting("BENCH_RESOURCES", 500);
    let noise = setting("BENCH_NOISE", 4);
    let mut out = std::io::stdout();
    writeln!(
        out,
        "== bench: {accounts} accounts × {} regions × {per_region} volumes; autotag = {}",
        regions.len(),
        autotag_bin()?.display()
    )?;
    let org = Org::create(accounts).await?.with_hub_tables().await?;
    let dir = std::env::temp_dir().join(format!("autotag-bench-{}", std::process::id()));
    let spokes: Vec<&str> = org.spokes.iter().map(String::as_str).collect();
    let policy = org.write_policy(&dir, &spokes, "")?;

    // The estate: volumes made before "install", and the trail's record of each.
    let started = Instant::now();
    let trail = format!("bench-trail-{}", org.hub);
    let hub_admin = org.admin(&org.hub).await?;
    let s3 = autotag_tests::moto::s3_client(&hub_admin);
    s3.create_bucket().bucket(&trail).send().await?;
    let mut tasks = tokio::task::JoinSet::new();
    for account in org.spokes.clone() {
        for region in regions.iter().copied() {
            let (moto, account) = (org.moto, account.clone());
            tasks.spawn(async move {
                let config = moto
                    .account_config(&account, region, "OrganizationAccountAccessRole", "bench")
                    .await?;
                let ec2 = aws_sdk_ec2::Client::new(&config);
                let mut volumes = Vec::with_capacity(per_region);
                for _ in 0..per_region {
                    let created = ec2
                        .create_volume()
                        .availability_zone(format!("{region}a"))
                        .size(1)
                        .send()
                        .await?;
                    volumes.push(created.volume_id().unwrap_or_default().to_owned());
                }
                anyhow::Ok((account, region, Caller::of(&config).await?, volumes))
            });
        }
    }
    let mut estate = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        estate.push(joined??);
    }
    let resources: usize = estate.iter().map(|(_, _, _, v)| v.len()).sum();
    writeln!(
        out,
        "   made {resources} volumes in {:.1}s",
        started.elapsed().as_secs_f64()
    )?;

    // Log files: per account-region, one file a day of 50 creations, each with `noise` read
    // events (which backfill must read and skip); `copies` more files a day of the same size
    // holding read events only, so the log volume grows while no file does.
    let write_logs = |copies: usize, prefix: String| {
        let estate = &estate;
        let s3 = s3.clone();
        let trail = trail.clone();
        async move {
            let mut records_written = 0;
            for (account, region, caller, volumes) in estate {
                for (day, chunk) in volumes.chunks(50).enumerate() {
                    let when = format!("2026-01-{:02}T10:00:00Z", day + 1);
                    let mut records = Vec::new();
                    for volume in chunk {
                        records.push(cloudtrail::record(
                            "ec2/CreateVolume-invictus-aws_dataset-1.json",
                            caller,
                            region,
                            &when,
                            &[("/responseElements/volumeId", json!(volume))],
                        )?);
                        for _ in 0..noise {
                            let mut read = records.last().cloned().unwrap_or_default();
                            if let Some(object) = read.as_object_mut() {
                                object.insert("eventName".into(), json!("DescribeVolumes"));
                                object.insert("readOnly".into(), json!(true));
                            }
                            records.push(read);
                        }
                    }
                    for copy in 0..=copies {
                        if copy > 0 {
                            for record in records.iter_mut().filter_map(Value::as_object_mut) {
                                record.insert("eventName".into(), json!("DescribeVolumes"));
                            }
                        }
                        records_written += records.len();
                        let key = format!(
                            "{prefix}/{account}/CloudTrail/{region}/2026/01/{:02}/{account}_CloudTrail_{region}_202601{:02}T1000Z_bench{copy}.json.gz",
                            day + 1,
                            day + 1
                        );
                        s3.put_object()
                            .bucket(&trail)
                            .key(key)
                            .body(gzipped(&records)?.into())
                            .send()
                            .await?;
                    }
                }
            }
            anyhow::Ok(records_written)
        }
    };
    let accounts_arg = org.spokes.join(",");
    let regions_arg = regions.join(",");
    let ledger = org
        .hub_tables
        .as_ref()
        .map(|(_, l)| l.clone())
        .unwrap_or_default();
    let mut figures = Vec::new();
    for (label, factor, real) in [
        ("backfill (dry run)", 1, false),
        ("backfill (dry run, 2× log volume)", 2, false),
        ("backfill", 1, true),
    ] {
        let prefix = format!("AWSLogs/o-bench-{factor}");
        let records = write_logs(factor - 1, prefix.clone()).await?;
        let checkpoint = dir.join(format!("checkpoint-{factor}-{real}.json"));
        let source = format!("s3://{trail}/{prefix}/");
        let checkpoint = checkpoint.display().to_string();
        let mut args = vec![
            "backfill",
            "--s3",
            &source,
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
            "--accounts",
            &accounts_arg,
            "--regions",
            &regions_arg,
            "--checkpoint",
            &checkpoint,
            "--ledger-table",
            &ledger,
        ];
        if !real {
            args.push("--dry-run");
        }
        let run = measure(&org, org.hub_config(), &policy, &args).await?;
        let summary: Value = run
            .stdout
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .find(|l| l.get("backfill").is_some())
            .unwrap_or_default();
        anyhow::ensure!(run.success, "{label} failed: {summary}");
        let seconds = run.elapsed.as_secs_f64();
        figures.push(format!(
            "{label:<36} {records:>8} records  {:>8.0} records/s  {:>6} tagged  peak RSS {:>6.1} MiB  {seconds:.1}s",
            records as f64 / seconds, summary.pointer("/backfill/tagged").cloned().unwrap_or_default(), run.peak_kib as f64 / 1024.0
        ));
    }
    let run = measure(
        &org,
        org.hub_config(),
        &policy,
        &[
            "audit",
            "--accounts",
            &accounts_arg,
            "--regions",
            &regions_arg,
            "--ledger-table",
            &ledger,
            "--output",
            "json",
            "--type",
            "ec2:volume",
        ],
    )
    .await?;
    let rows = run.stdout.lines().count();
    let seconds = run.elapsed.as_secs_f64();
    figures.push(format!(
        "{:<36} {rows:>8} rows     {:>8.0} resources/s  peak RSS {:>6.1} MiB  {seconds:.1}s",
        "audit",
        rows as f64 / seconds,
        run.peak_kib as f64 / 1024.0
    ));
    anyhow::ensure!(
        run.success && rows >= resources,
        "audit listed {rows} of {resources}"
    );
    writeln!(out, "== figures ({} account-regions)", estate.len())?;
    for line in figures {
        writeln!(out, "   {line}")?;
    }
    Ok(())
}
