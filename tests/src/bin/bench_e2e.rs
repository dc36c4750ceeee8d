//! `make bench-e2e`: what the hub costs per stamped resource, end to end on the emulator.
//!
//! Each scenario launches real instances in spoke accounts (moto gives each a root volume and
//! a network interface), builds their `RunInstances` events from a real corpus record with the
//! live ids, puts them on the hub queue as EventBridge delivers them, runs `autotag hub` until
//! the queue is empty, and reads the tags back. It prints the AWS calls per stamped resource by
//! action (counted at the emulator, retries included), client CPU per event, peak RSS and
//! events per second. With `--faults RATE` each scenario runs again with that share of every
//! AWS call failing (throttled, unavailable, dropped, or handled with its response lost), and
//! also prints events parked, events lost (must be 0) and throughput relative to the run
//! without faults. With `--profile`, each scenario runs once more under `perf record` and the
//! bench prints where the client's CPU went, by part of the program. Figures to read, never
//! assertions.
//!
//! Sizes: `BENCH_STREAM` events of one instance (default 1000), one event of `BENCH_BURST`
//! instances (100), `BENCH_ACCOUNTS` accounts × `BENCH_PER_ACCOUNT` events (20 × 50);
//! `BENCH_ONLY=stream|burst|org` runs one. `autotag hub` runs with `BENCH_HUB_ARGS` added (e.g.
//! `--batch-size 10`). The `autotag` measured is `AUTOTAG_BIN` (a release build, as
//! `make bench-e2e` passes), else the one beside this binary.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::time::{Duration, Instant};

use anyhow::Context;
use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::measure::{cpu_of, measure_under, profile_breakdown};
use autotag_tests::moto::{CallCount, EXAMPLE_AMI};
use autotag_tests::org::{Org, REGION, autotag_bin};
use serde_json::{Value, json};

/// The real record the events are built from (a `RunInstances` of the invictus dataset).
const FIXTURE: &str = "ec2/RunInstances-invictus-aws_dataset-1.json";
/// How long a scenario runs `autotag hub --exit-when-idle` again while messages remain (some
/// wait, or come back after the queue's 30 s visibility timeout when a receive's response was
/// lost) before it stops and counts what is left as lost.
const DEADLINE: Duration = Duration::from_secs(600);

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A workload: `accounts` spokes, each with `events` `RunInstances` of `instances` instances.
#[derive(Debug, Clone, Copy)]
struct Scenario {
    name: &'static str,
    accounts: usize,
    events: usize,
    instances: usize,
}

fn scenarios() -> Vec<Scenario> {
    let all = [
        Scenario {
            name: "stream",
            accounts: 1,
            events: setting("BENCH_STREAM", 1000),
            instances: 1,
        },
        Scenario {
            name: "burst",
            accounts: 1,
            events: 1,
            instances: setting("BENCH_BURST", 100),
        },
        Scenario {
            name: "org",
            accounts: setting("BENCH_ACCOUNTS", 20),
            events: setting("BENCH_PER_ACCOUNT", 50),
            instances: 1,
        },
    ];
    let only = std::env::var("BENCH_ONLY").ok();
    all.into_iter()
        .filter(|s| only.as_deref().is_none_or(|o| o == s.name))
        .collect()
}

/// One event on the queue and the resources it should leave stamped, by account.
struct Expected {
    event_id: String,
    account: String,
    resources: Vec<String>,
}

/// What one scenario run measured.
#[derive(Debug, Default)]
struct Figures {
    events: usize,
    resources: usize,
    stamped: usize,
    parked: usize,
    lost: usize,
    calls: BTreeMap<(String, String), u64>,
    faults: BTreeMap<String, u64>,
    cpu: Duration,
    emulator_cpu: Option<Duration>,
    wall: Duration,
    peak_kib: u64,
    peak_anon_kib: u64,
    peak_file_kib: u64,
    rounds: usize,
}

impl Figures {
    fn events_per_second(&self) -> f64 {
        self.events as f64 / self.wall.as_secs_f64().max(f64::EPSILON)
    }

    fn total_calls(&self) -> u64 {
        self.calls.values().sum()
    }

    fn print(&self, out: &mut impl Write, label: &str) -> anyhow::Result<()> {
        let per = |n: u64| n as f64 / self.stamped.max(1) as f64;
        writeln!(
            out,
            "   {label}: {} events, {} of {} resources stamped, {} parked, {} lost; {} run(s) of autotag hub",
            self.events, self.stamped, self.resources, self.parked, self.lost, self.rounds
        )?;
        writeln!(
            out,
            "     AWS calls per stamped resource: {:.3} ({} calls)",
            per(self.total_calls()),
            self.total_calls()
        )?;
        for ((service, action), count) in &self.calls {
            writeln!(
                out,
                "       {:<44} {:>7} {:>8.3}",
                format!("{service}:{action}"),
                count,
                per(*count)
            )?;
        }
        writeln!(
            out,
            "     client CPU per event: {:.3} ms ({:.2} s in all); peak RSS {:.1} MiB (at most {:.1} MiB heap and stacks, {:.1} MiB mapped from files); {:.1} events/s",
            self.cpu.as_secs_f64() * 1000.0 / self.events.max(1) as f64,
            self.cpu.as_secs_f64(),
            self.peak_kib as f64 / 1024.0,
            self.peak_anon_kib as f64 / 1024.0,
            self.peak_file_kib as f64 / 1024.0,
            self.events_per_second()
        )?;
        if let Some(emulator) = self.emulator_cpu {
            writeln!(
                out,
                "     the emulator's CPU meanwhile: {:.1} s of {:.1} s wall (moto is Python, under one interpreter lock)",
                emulator.as_secs_f64(),
                self.wall.as_secs_f64()
            )?;
        }
        if self.faults.values().any(|n| *n > 0) {
            let faults: Vec<String> = self
                .faults
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            writeln!(out, "     faults injected: {}", faults.join(", "))?;
        }
        Ok(())
    }
}

/// Launches the scenario's instances in `account`, as IAM user `alice`, and returns their events' records with
/// what each should stamp.
async fn launch(
    org: &Org,
    account: &str,
    scenario: Scenario,
    template: &Value,
) -> anyhow::Result<Vec<(Value, Expected)>> {
    // An IAM user, whose long-term key names them: a role session would wait for its STS
    // event, which this workload does not send.
    let config = org.user(account, "alice").await?;
    let caller = Caller::of(&config).await?;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let count = i32::try_from(scenario.instances)?;
    let mut events = Vec::with_capacity(scenario.events);
    for _ in 0..scenario.events {
        let run = ec2
            .run_instances()
            .image_id(EXAMPLE_AMI)
            .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
            .min_count(count)
            .max_count(count)
            .send()
            .await?;
        let mut items = Vec::new();
        let mut resources = Vec::new();
        for instance in run.instances() {
            let id = instance.instance_id().context("no instance id")?;
            let eni = instance
                .network_interfaces()
                .first()
                .and_then(|n| n.network_interface_id())
                .context("no network interface")?;
            let mut item = template.clone();
            set(&mut item, "/instanceId", json!(id))?;
            set(
                &mut item,
                "/networkInterfaceSet/items/0/networkInterfaceId",
                json!(eni),
            )?;
            items.push(item);
            resources.push(id.to_owned());
            resources.push(eni.to_owned());
            resources.extend(
                instance
                    .block_device_mappings()
                    .iter()
                    .filter_map(|m| m.ebs().and_then(|e| e.volume_id()))
                    .map(str::to_owned),
            );
        }
        let mut record = cloudtrail::record(FIXTURE, &caller, REGION, &cloudtrail::now(), &[])?;
        set(
            &mut record,
            "/responseElements/instancesSet/items",
            Value::Array(items),
        )?;
        let event_id = record
            .get("eventID")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        events.push((
            record,
            Expected {
                event_id,
                account: account.to_owned(),
                resources,
            },
        ));
    }
    Ok(events)
}

/// Sets the value at `pointer`, which must exist.
fn set(value: &mut Value, pointer: &str, to: Value) -> anyhow::Result<()> {
    *value
        .pointer_mut(pointer)
        .with_context(|| format!("the record has no `{pointer}`"))? = to;
    Ok(())
}

/// The EventBridge event of `record`, as EventBridge delivers it to the hub queue.
fn envelope(record: &Value, expected: &Expected) -> Value {
    json!({
        "version": "0",
        "id": expected.event_id,
        "detail-type": "AWS API Call via CloudTrail",
        "source": "aws.ec2",
        "account": expected.account,
        "time": record.get("eventTime"),
        "region": REGION,
        "resources": [],
        "detail": record
    })
}

/// Messages on `queue_url`, visible or in flight.
async fn queued(sqs: &aws_sdk_sqs::Client, queue_url: &str) -> anyhow::Result<usize> {
    use aws_sdk_sqs::types::QueueAttributeName;
    let attributes = sqs
        .get_queue_attributes()
        .queue_url(queue_url)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
        .send()
        .await?;
    Ok(attributes
        .attributes()
        .into_iter()
        .flat_map(|a| a.values())
        .filter_map(|v| v.parse::<usize>().ok())
        .sum())
}

/// The resources of `ids` in `account` that carry an `owner` tag.
async fn stamped(org: &Org, account: &str, ids: &[String]) -> anyhow::Result<BTreeSet<String>> {
    let config = org
        .moto
        .account_config(
            account,
            REGION,
            "OrganizationAccountAccessRole",
            "bench-check",
        )
        .await?;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let mut found = BTreeSet::new();
    for chunk in ids.chunks(200) {
        let mut token = None;
        loop {
            let page = ec2
                .describe_tags()
                .filters(
                    aws_sdk_ec2::types::Filter::builder()
                        .name("resource-id")
                        .set_values(Some(chunk.to_vec()))
                        .build(),
                )
                .filters(
                    aws_sdk_ec2::types::Filter::builder()
                        .name("key")
                        .values("owner")
                        .build(),
                )
                .set_next_token(token)
                .send()
                .await?;
            found.extend(
                page.tags()
                    .iter()
                    .filter_map(|t| t.resource_id().map(str::to_owned)),
            );
            token = page.next_token().map(str::to_owned);
            if token.is_none() {
                break;
            }
        }
    }
    Ok(found)
}

async fn run(
    scenario: Scenario,
    faults: Option<(f64, u64)>,
    profile: Option<&std::path::Path>,
) -> anyhow::Result<Figures> {
    let org = Org::create(scenario.accounts)
        .await?
        .with_hub_tables()
        .await?;
    let dir = std::env::temp_dir().join(format!("autotag-bench-e2e-{}", std::process::id()));
    let spokes: Vec<&str> = org.spokes.iter().map(String::as_str).collect();
    let policy = org.write_policy(&dir, &spokes, "")?;
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../core/tests/fixtures")
            .join(FIXTURE),
    )?)?;
    let template = fixture
        .pointer("/detail/responseElements/instancesSet/items/0")
        .cloned()
        .context("the fixture names no instance")?;

    let mut launched = Vec::new();
    for account in &org.spokes {
        launched.extend(launch(&org, account, scenario, &template).await?);
    }
    let sqs = aws_sdk_sqs::Client::new(org.hub_config());
    let bodies: Vec<String> = launched
        .iter()
        .map(|(record, expected)| envelope(record, expected).to_string())
        .collect();
    for (n, chunk) in bodies.chunks(10).enumerate() {
        let entries = chunk
            .iter()
            .enumerate()
            .map(|(i, body)| {
                aws_sdk_sqs::types::SendMessageBatchRequestEntry::builder()
                    .id(format!("m{n}-{i}"))
                    .message_body(body)
                    .build()
            })
            .collect::<Result<Vec<_>, _>>()?;
        sqs.send_message_batch()
            .queue_url(&org.queue_url)
            .set_entries(Some(entries))
            .send()
            .await?;
    }

    let (sessions, ledger) = org.hub_tables.clone().context("no hub tables")?;
    let extra: Vec<String> = std::env::var("BENCH_HUB_ARGS")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let mut args: Vec<&str> = vec![
        "hub",
        "--queue-url",
        &org.queue_url,
        "--dead-letter-url",
        &org.dead_letter_url,
        "--wait-seconds",
        "0",
        "--retry-delay-seconds",
        "0",
        // Below the test queue's redrive (5), so autotag parks with a reason before SQS would
        // move a message without one.
        "--max-receives",
        "4",
        "--exit-when-idle",
        "--session-table",
        &sessions,
        "--ledger-table",
        &ledger,
    ];
    args.extend(extra.iter().map(String::as_str));

    let mut figures = Figures {
        events: launched.len(),
        resources: launched.iter().map(|(_, e)| e.resources.len()).sum(),
        ..Figures::default()
    };
    let emulator = org.moto.pid();
    let emulator_before = match emulator {
        Some(pid) => cpu_of(pid).await,
        None => None,
    };
    let started = Instant::now();
    for round in 1.. {
        org.moto.reset_calls().await?;
        if let Some((rate, seed)) = faults {
            org.moto.set_faults(rate, seed + round as u64).await?;
        }
        // Only the first run is profiled: later ones hold the stragglers.
        let profiled = profile.filter(|_| round == 1);
        let measured = measure_under(&org, org.hub_config(), &policy, &args, profiled).await?;
        // The bench's own calls are neither counted nor faulted.
        org.moto.set_faults(0.0, 0).await?;
        let counted = org.moto.calls().await?;
        for CallCount {
            service,
            action,
            count,
        } in counted.calls
        {
            *figures.calls.entry((service, action)).or_default() += count;
        }
        for (kind, count) in counted.faults_injected {
            *figures.faults.entry(kind).or_default() += count;
        }
        figures.cpu += measured.cpu;
        figures.peak_kib = figures.peak_kib.max(measured.peak_kib);
        figures.peak_anon_kib = figures.peak_anon_kib.max(measured.peak_anon_kib);
        figures.peak_file_kib = figures.peak_file_kib.max(measured.peak_file_kib);
        figures.rounds = round;
        if queued(&sqs, &org.queue_url).await? == 0 || started.elapsed() > DEADLINE {
            break;
        }
        // What waits comes back after its delay, what was received unseen after the queue's
        // visibility timeout.
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    figures.wall = started.elapsed();
    if let (Some(pid), Some(before)) = (emulator, emulator_before) {
        figures.emulator_cpu = cpu_of(pid).await.map(|after| after.saturating_sub(before));
    }

    let parked_ids: BTreeSet<String> = org
        .dead_letters()
        .await?
        .iter()
        .filter_map(|(body, _)| serde_json::from_str::<Value>(body).ok())
        .filter_map(|event| event.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect();
    figures.parked = parked_ids.len();
    let mut by_account: HashMap<&str, Vec<String>> = HashMap::new();
    for (_, expected) in &launched {
        by_account
            .entry(expected.account.as_str())
            .or_default()
            .extend(expected.resources.iter().cloned());
    }
    let mut stamped_ids = BTreeSet::new();
    for (account, ids) in &by_account {
        stamped_ids.extend(stamped(&org, account, ids).await?);
    }
    figures.stamped = stamped_ids.len();
    figures.lost = launched
        .iter()
        .filter(|(_, e)| {
            !parked_ids.contains(&e.event_id)
                && e.resources.iter().any(|r| !stamped_ids.contains(r))
        })
        .count();
    Ok(figures)
}

/// `--faults RATE` and `--seed N` from the command line.
fn fault_settings(args: &[String]) -> anyhow::Result<Option<(f64, u64)>> {
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let Some(rate) = value("--faults") else {
        return Ok(None);
    };
    let rate: f64 = rate
        .parse()
        .with_context(|| format!("`--faults {rate}` is not a share from 0 to 1"))?;
    anyhow::ensure!(
        (0.0..=1.0).contains(&rate),
        "`--faults {rate}` is not a share from 0 to 1"
    );
    let seed = value("--seed").and_then(|s| s.parse().ok()).unwrap_or(7);
    Ok(Some((rate, seed)))
}

/// The CPU model and count of this machine, for the figures' context.
fn machine() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    format!("{cores} × {model}")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let faults = fault_settings(&args)?;
    let profile = args
        .iter()
        .any(|a| a == "--profile")
        .then(|| std::env::temp_dir().join(format!("autotag-bench-{}.perf", std::process::id())));
    let mut out = std::io::stdout();
    if std::env::var_os("BENCH_CHILD").is_none() {
        writeln!(
            out,
            "== bench-e2e on {}; autotag = {}",
            machine(),
            autotag_bin()?.display()
        )?;
        out.flush()?;
    }
    let scenarios = scenarios();
    if scenarios.len() > 1 {
        // One process, and so one emulator, per scenario: moto keeps everything it is given,
        // and the scenarios together outgrow this machine's memory.
        for scenario in scenarios {
            let status = std::process::Command::new(std::env::current_exe()?)
                .args(&args)
                .env("BENCH_ONLY", scenario.name)
                .env("BENCH_CHILD", "1")
                .status()?;
            anyhow::ensure!(
                status.success(),
                "the {} scenario failed ({status})",
                scenario.name
            );
        }
        return Ok(());
    }
    for scenario in scenarios {
        writeln!(
            out,
            "== {}: {} account(s) × {} RunInstances × {} instance(s), each with its root volume and network interface",
            scenario.name, scenario.accounts, scenario.events, scenario.instances
        )?;
        let clean = run(scenario, None, None).await?;
        clean.print(&mut out, "without faults")?;
        if let Some(data) = &profile {
            run(scenario, None, Some(data)).await?;
            writeln!(
                out,
                "     where the client's CPU goes (perf, first run of autotag hub):"
            )?;
            for (part, percent) in profile_breakdown(data).await? {
                writeln!(out, "       {percent:5.1} %  {part}")?;
            }
        }
        if let Some((rate, seed)) = faults {
            let faulted = run(scenario, Some((rate, seed)), None).await?;
            faulted.print(&mut out, &format!("with {:.0} % faults", rate * 100.0))?;
            writeln!(
                out,
                "     throughput with faults: {:.0} % of the run without",
                100.0 * faulted.events_per_second() / clean.events_per_second().max(f64::EPSILON)
            )?;
        }
        out.flush()?;
    }
    Ok(())
}
