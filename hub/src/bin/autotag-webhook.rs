//! `autotag-webhook`: the Kubernetes validating admission webhook. An HTTPS server
//! (`POST /validate`, `GET /healthz`) in a cluster, or, under Lambda (`AWS_LAMBDA_RUNTIME_API`
//! set, or `--lambda`), the handler of API Gateway's proxy events. The logic is in
//! [`autotag_hub::webhook`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use autotag_core::arn::AccountId;
use autotag_core::policy::TagPolicy;
use autotag_hub::aws::AwsOptions;
use autotag_hub::aws::admission::EcrRepositoryFacts;
use autotag_hub::webhook::{self, Webhook, facts::CachedFacts};
use clap::Parser;
use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::Value;

/// The admission webhook holding Pods' images to the policy's `[admission]` rules.
#[derive(Debug, Parser)]
#[command(name = "autotag-webhook", version)]
struct Cli {
    /// Where to listen (HTTPS).
    #[arg(long, env = "AUTOTAG_WEBHOOK_LISTEN", default_value = "0.0.0.0:8443")]
    listen: String,
    /// The PEM certificate chain served (a cert-manager or `kubernetes.io/tls` Secret's
    /// `tls.crt`).
    #[arg(
        long,
        env = "AUTOTAG_WEBHOOK_TLS_CERT",
        required_unless_present = "lambda"
    )]
    tls_cert: Option<PathBuf>,
    /// The PEM private key (`tls.key`).
    #[arg(
        long,
        env = "AUTOTAG_WEBHOOK_TLS_KEY",
        required_unless_present = "lambda"
    )]
    tls_key: Option<PathBuf>,
    /// Run as a Lambda function behind API Gateway (implied by `AWS_LAMBDA_RUNTIME_API`).
    #[arg(long, env = "AWS_LAMBDA_RUNTIME_API", value_parser = lambda_flag, num_args = 0..=1, default_missing_value = "true")]
    lambda: Option<bool>,
    /// The policy file.
    #[arg(long, env = "AUTOTAG_CONFIG", conflicts_with = "config_parameter")]
    config: Option<PathBuf>,
    /// The SSM parameter holding the policy.
    #[arg(long, env = "AUTOTAG_CONFIG_PARAMETER")]
    config_parameter: Option<String>,
    /// The webhook's own account (its registry is read with its own credentials); asked of
    /// STS if not given.
    #[arg(long, env = "AUTOTAG_WEBHOOK_ACCOUNT_ID")]
    account_id: Option<String>,
    /// Seconds a repository's settings are trusted.
    #[arg(long, env = "AUTOTAG_WEBHOOK_CACHE_TTL_SECONDS", default_value_t = webhook::DEFAULT_CACHE_TTL.as_secs())]
    cache_ttl_seconds: u64,
    /// Milliseconds the repository lookups of one review may take; keep it below the
    /// configuration's `timeoutSeconds`.
    #[arg(long, env = "AUTOTAG_WEBHOOK_DEADLINE_MS", default_value_t = 8000)]
    deadline_ms: u64,
    /// Send AWS calls here (an emulator).
    #[arg(long, env = "AWS_ENDPOINT_URL")]
    endpoint_url: Option<String>,
    /// The AWS region of the webhook's own calls.
    #[arg(long)]
    region: Option<String>,
    /// The named AWS profile.
    #[arg(long)]
    profile: Option<String>,
}

/// `AWS_LAMBDA_RUNTIME_API` holds an address: any non-empty value means Lambda.
fn lambda_flag(value: &str) -> Result<bool, String> {
    Ok(!value.is_empty() && value != "false")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let in_lambda = cli.lambda.unwrap_or(false);
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let options = AwsOptions {
        endpoint_url: cli.endpoint_url.clone(),
        region: cli.region.clone(),
        profile: cli.profile.clone(),
        max_attempts: None,
    };
    let policy = load_policy(&cli, &options).await?;
    let account = cli
        .account_id
        .as_deref()
        .map(AccountId::parse)
        .transpose()
        .context("--account-id")?;
    let ttl = Duration::from_secs(cli.cache_ttl_seconds);
    let facts = EcrRepositoryFacts::connect(&options, &policy, account, ttl).await;
    let webhook = Webhook::new(
        policy.admission.clone(),
        Arc::new(CachedFacts::new(Arc::new(facts), ttl)),
        Duration::from_millis(cli.deadline_ms),
        policy.install.metrics_install(),
    )
    .with_metrics();
    if in_lambda {
        let webhook = &webhook;
        return lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
            Ok::<Value, lambda_runtime::Error>(
                webhook::lambda::handle(webhook, &event.payload).await,
            )
        }))
        .await
        .map_err(|err| anyhow::anyhow!("{err}"));
    }
    let (Some(cert), Some(key)) = (&cli.tls_cert, &cli.tls_key) else {
        anyhow::bail!("--tls-cert and --tls-key are required outside Lambda");
    };
    let files = webhook::http::CertificateFiles::load(cert, key)?;
    tokio::spawn(files.clone().watch(webhook::http::RELOAD_INTERVAL));
    let tls = webhook::http::tls_config(files)?;
    let listener = webhook::http::bind(&cli.listen).await?;
    webhook::http::serve(
        listener,
        tls,
        webhook::http::router(Arc::new(webhook)),
        webhook::http::shutdown_signal(),
    )
    .await?;
    Ok(())
}

async fn load_policy(cli: &Cli, options: &AwsOptions) -> anyhow::Result<TagPolicy> {
    if let Some(name) = &cli.config_parameter {
        let stored = autotag_hub::aws::config_store::ParameterPolicy::connect(options, name)
            .await
            .read()
            .await?;
        return TagPolicy::from_toml(&stored.text)
            .with_context(|| format!("parameter `{name}` (version {})", stored.version));
    }
    Ok(autotag_hub::config::load_policy(cli.config.as_deref())?.0)
}
