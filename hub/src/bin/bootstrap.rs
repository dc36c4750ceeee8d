//! The Lambda function: `provided.al2023`, SQS batches or EventBridge events in, tags out.

use autotag_hub::aws::{self, AwsOptions};
use autotag_hub::{config, lambda};
use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let (policy, _) = config::load_policy(None)?;
    let dead_letters = std::env::var("AUTOTAG_DEAD_LETTER_QUEUE_URL").ok();
    let max_receives = std::env::var("AUTOTAG_MAX_RECEIVES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let stores = aws::HubStores {
        dead_letter_url: dead_letters,
        max_receives,
        session_table: std::env::var("AUTOTAG_SESSION_TABLE").ok(),
        ledger_table: std::env::var("AUTOTAG_LEDGER_TABLE").ok(),
        alert_topic_arn: std::env::var("AUTOTAG_ALERT_TOPIC_ARN").ok(),
        concurrency: std::env::var("AUTOTAG_CONCURRENCY")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
    };
    let options = AwsOptions::default();
    let processor = aws::processor(policy, &options, stores).await?;
    let redelivery = aws::redelivery(&options).await;
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        let (processor, redelivery) = (processor.clone(), redelivery.clone());
        async move { lambda::handle(&processor, Some(&redelivery), event).await }
    }))
    .await
}
