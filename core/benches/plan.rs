//! Benchmark of core's hot path: one EventBridge event's text to a tag decision.
fn main() {}
