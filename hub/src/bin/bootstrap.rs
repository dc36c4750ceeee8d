//! The Lambda function: `provided.al2023`, SQS batches or EventBridge events in, tags out; or,
//! with `AUTOTAG_MODE=enforce-sweep`, the scheduled enforcement sweep; or, with
//! `AUTOTAG_MODE=retag`, the retag run on a change of the policy parameter.

use autotag_hub::aws::{self, AwsOptions};
use autotag_hub::{clock, config, lambda};
use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let options = AwsOptions::default();
    let stores = lambda::hub_stores_from_env();
    let mode = std::env::var("AUTOTAG_MODE").unwrap_or_default();
    let sweeping = mode == lambda::enforce::MODE;
    let ledger_table = stores.ledger_table.clone();
    let concurrency = match stores.concurrency {
        0 => autotag_hub::processing::DEFAULT_CONCURRENCY,
        n => n,
    };
    if mode == lambda::retag::MODE {
        return retag(&options, ledger_table, concurrency).await;
    }
    let started = lambda::start(
        &options,
        stores,
        config::PolicySource::from_env(),
        config::ttl_from_env(),
    )
    .await;
    // The init error Lambda reports shows only the outermost message; the cause (a missing
    // parameter, a field named) is what the operator needs.
    let live = started.map_err(|err| {
        let text = lambda::cause_chain(&err);
        tracing::error!(error = %text, "cannot start");
        text
    })?;
    let live = &live;
    if sweeping {
        let (options, ledger_table) = (&options, ledger_table.as_deref());
        return lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
            let processor = live.current(std::time::Instant::now()).await;
            let now = clock::now();
            lambda::enforce::sweep(
                processor.policy(),
                options,
                ledger_table,
                concurrency,
                now,
                lambda::enforce::budget(event.context.deadline, now),
            )
            .await
        }))
        .await;
    }
    let redelivery = aws::redelivery(&options).await;
    let redelivery = &redelivery;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let processor = live.current(std::time::Instant::now()).await;
        let result = lambda::handle(&processor, Some(redelivery), event).await;
        if let Err(err) =
            lambda::publish_metrics(&processor, clock::now(), &mut std::io::stdout().lock())
        {
            tracing::warn!(error = %err, "could not print the metrics");
        }
        result
    }))
    .await
}

/// The retag function: it reads every policy it compares from the parameter's history, so it
/// starts no processor; it needs the parameter and the ledger table that holds its watermark.
async fn retag(
    options: &AwsOptions,
    ledger_table: Option<String>,
    concurrency: usize,
) -> Result<(), lambda_runtime::Error> {
    let parameter = std::env::var("AUTOTAG_CONFIG_PARAMETER")
        .ok()
        .filter(|name| !name.is_empty());
    let (Some(parameter), Some(ledger_table)) = (parameter, ledger_table) else {
        let text = "the retag function needs AUTOTAG_CONFIG_PARAMETER and AUTOTAG_LEDGER_TABLE";
        tracing::error!(error = text, "cannot start");
        return Err(text.into());
    };
    let (parameter, ledger_table) = (parameter.as_str(), ledger_table.as_str());
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let now = clock::now();
        let settings = lambda::retag::Settings {
            parameter,
            ledger_table,
            concurrency,
            now,
            budget: lambda::enforce::budget(event.context.deadline, now),
        };
        lambda::retag::retag(&event.payload, settings, options).await
    }))
    .await
}
