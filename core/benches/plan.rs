//! Benchmark of core's hot path: the text of one EventBridge event to a tag decision, and a
//! whole CloudTrail log file through parse and plan.

use std::hint::black_box;

use autotag_core::event::parse_document;
use autotag_core::plan::plan;
use autotag_core::policy::TagPolicy;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use time::macros::datetime;

const RUN_INSTANCES: &str =
    include_str!("../tests/fixtures/ec2/RunInstances-invictus-aws_dataset-1.json");
const CREATE_BUCKET: &str =
    include_str!("../tests/fixtures/s3/CreateBucket-invictus-aws_dataset-1.json");

fn event_to_plan(c: &mut Criterion) {
    let policy = TagPolicy::from_toml(
        "[tags]\nuser_agent = \"userAgent\"\n[static_tags]\nWhatIsThis = \"https://example.com\"\n\
         [template_tags]\nevent = \"{eventSource}/{eventName}\"",
    )
    .unwrap_or_default();
    let now = datetime!(2026-11-22 00:00 UTC);
    let mut group = c.benchmark_group("event_to_plan");
    for (name, text) in [
        ("RunInstances", RUN_INSTANCES),
        ("CreateBucket", CREATE_BUCKET),
    ] {
        group.throughput(Throughput::Elements(1));
        group.bench_function(name, |b| {
            b.iter(|| {
                for event in parse_document(black_box(text))
                    .into_iter()
                    .flatten()
                    .flatten()
                {
                    black_box(plan(&event, &policy, now));
                }
            });
        });
    }
    group.finish();

    // A day of one real account arrives as log files like this; 100 records per iteration.
    let records: Vec<serde_json::Value> = (0..100)
        .map(|_| {
            serde_json::from_str::<serde_json::Value>(RUN_INSTANCES)
                .ok()
                .and_then(|v| v.get("detail").cloned())
                .unwrap_or_default()
        })
        .collect();
    let log_file = serde_json::json!({ "Records": records }).to_string();
    let mut group = c.benchmark_group("log_file_to_plans");
    group.throughput(Throughput::Elements(100));
    group.bench_function("100 RunInstances records", |b| {
        b.iter(|| {
            for event in parse_document(black_box(&log_file))
                .into_iter()
                .flatten()
                .flatten()
            {
                black_box(plan(&event, &policy, now));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, event_to_plan);
criterion_main!(benches);
