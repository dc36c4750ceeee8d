//! The `autotag` command line: plan offline, handle files for real, run the hub on a queue,
//! audit the organization's stamps and backfill the estate that was there first.

mod audit;
mod backfill;
mod config_command;
mod conventions;
mod doctor;
mod enforce;
mod estate;
mod retag;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use autotag_core::event::parse_document;
use autotag_core::plan::{Outcome, plan};
use autotag_core::policy::TagPolicy;
use autotag_hub::aws::queue::QueuePoller;
use autotag_hub::aws::{self, AwsOptions};
use autotag_hub::ports::memory::MemorySessions;
use autotag_hub::processing::identity::{Enriched, IdentityContext};
use autotag_hub::processing::{Disposition, EventStatus, ItemOutcome};
use autotag_hub::{clock, config};
use clap::{Args, Parser, Subcommand};
use conventions::Output;
use serde_json::json;

/// Stamps new AWS resources with who created them and when.
#[derive(Debug, Parser)]
#[command(name = "autotag", version)]
#[command(after_help = EXIT_STATUSES)]
struct Cli {
    /// How records are printed, for the commands that print records (`audit`, `doctor`,
    /// `enforce`, `retag`, `registry`, `config`): `table` (default), `json` (one object per line) or
    /// `csv`.
    #[arg(long, global = true, value_enum)]
    output: Option<Output>,
    #[command(subcommand)]
    command: Command,
}

const EXIT_STATUSES: &str = "Exit status: 0 done; 1 failed (the message says why); 2 usage error; \
3 done in part (the output says what was not); 4 done, and the answer is no (coverage below \
--min-coverage, a failing doctor check, stale generated files).";

#[derive(Debug, Subcommand)]
enum Command {
    /// Decide what each event would tag, without calling AWS; one JSON line per event.
    Plan {
        #[command(flatten)]
        config: ConfigArg,
        /// Files of STS events (AssumeRole*, GetFederationToken) whose sessions the planned
        /// events join by access key id, as the hub's session table would.
        #[arg(long = "sessions", num_args = 1.., value_name = "FILE")]
        sessions: Vec<PathBuf>,
        /// EventBridge events, JSON arrays of them, or CloudTrail log files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Process events for real and print what was applied; one JSON line per event.
    Handle {
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        aws: AwsArgs,
        /// EventBridge events, JSON arrays of them, or CloudTrail log files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Poll the hub queue and process its messages as the Lambda does.
    Hub {
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        aws: AwsArgs,
        /// The hub queue.
        #[arg(long)]
        queue_url: String,
        /// The dead-letter queue; failed messages are parked there with their reason.
        #[arg(long)]
        dead_letter_url: Option<String>,
        /// Deliveries of a failing message before it is parked.
        #[arg(long, default_value_t = 3)]
        max_receives: u32,
        /// Long-poll wait per receive.
        #[arg(long, default_value_t = 20)]
        wait_seconds: i32,
        /// Delay before a failed message is delivered again.
        #[arg(long, default_value_t = 30)]
        retry_delay_seconds: i32,
        /// The DynamoDB table STS sessions are recorded in and joined from (the hub stack's
        /// `autotag-sessions`); without it, session tags and session owners are not inherited.
        #[arg(long, env = "AUTOTAG_SESSION_TABLE")]
        session_table: Option<String>,
        /// The DynamoDB table stack stamps are kept in (the hub stack's `autotag-ledger`);
        /// without it, stack creations fail and are parked.
        #[arg(long, env = "AUTOTAG_LEDGER_TABLE")]
        ledger_table: Option<String>,
        /// The SNS topic told when a removed stamp is put back (the hub stack's
        /// `AlertTopicArn`).
        #[arg(long, env = "AUTOTAG_ALERT_TOPIC_ARN")]
        alert_topic_arn: Option<String>,
        /// Stop when a receive returns no message, instead of polling forever.
        #[arg(long)]
        exit_when_idle: bool,
        /// Messages gathered into one batch (several receives of up to 10), processed as one
        /// unit of work: one read and one write per distinct tag set per account and region.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u16).range(1..=10000))]
        batch_size: u16,
        /// How long to keep gathering a batch once its first message arrived.
        #[arg(long, default_value_t = 1)]
        batching_window_seconds: u64,
        /// Account and region groups of a batch tagged at once, and identity lookups run at
        /// once.
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
        concurrency: u16,
    },
    /// List every resource of the organization with its stamp status and the coverage per
    /// account, region and type; compare stamps with the ledger (--drift) and put them back
    /// (--repair). Exit status 2: coverage below --min-coverage; 3: something could not be listed.
    Audit {
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        aws: AwsArgs,
        #[command(flatten)]
        args: audit::AuditArgs,
    },
    /// Enforce the policy's `[[enforce]]` rules across the organization: --report lists each
    /// rule's findings without acting (exit status 4 when a resource does not comply); --sweep
    /// runs the steps due (notify, mark, stop, terminate), moves the marks, records the steps
    /// in the ledger and sends the security team's summary. Exit status 3: something could not
    /// be read, done or sent.
    Enforce {
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        aws: AwsArgs,
        #[command(flatten)]
        args: enforce::EnforceArgs,
    },
    /// After a policy change (--from FILE or --from-parameter-version N), write what it adds
    /// or changes among the fixed tags (`[static_tags]`, `[[tag_set]]`) on every existing resource
    /// of the types concerned: added keys where absent, changed values where the old value is
    /// still there, never a stamp. Idempotent; --dry-run writes nothing. Exit status 3: something
    /// could not be listed or written.
    Retag {
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        aws: AwsArgs,
        #[command(flatten)]
        args: retag::RetagArgs,
    },
    /// Stamp what was created before autotag: replay the creations CloudTrail remembers (the
    /// organization trail in S3, LookupEvents, or files), oldest first, then (--mark-unknown)
    /// mark what no record explains. Resumable; exit status 3 when something failed.
    Backfill {
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        aws: AwsArgs,
        #[command(flatten)]
        args: backfill::BackfillArgs,
    },
    /// Check a deployment from the management or delegated-admin account: trusted access,
    /// SCPs, the organization trail, the hub stack, the StackSets' instances, the config's
    /// agreement with the stacks and the rendered files, and one AssumeRole per account. Exit
    /// status 4: a check failed (each failing line has a fix hint).
    Doctor {
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        aws: AwsArgs,
        #[command(flatten)]
        args: doctor::DoctorArgs,
    },
    /// Write the deployment artifacts generated from the registry and the config into
    /// spoke-roles/, stacksets/, scp/, sam/, terraform/autotag/ and webhook/; with --check, list every
    /// difference and write nothing.
    Render {
        #[command(flatten)]
        config: ConfigArg,
        /// Fail, listing the files that differ, instead of writing.
        #[arg(long)]
        check: bool,
        /// The repository root to write under.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Move parked messages from the dead-letter queue back to the hub queue, once the cause
    /// of their failure is fixed; prints how many moved and why they had been parked.
    Replay {
        #[command(flatten)]
        aws: AwsArgs,
        /// The dead-letter queue.
        #[arg(long)]
        dead_letter_url: String,
        /// The hub queue.
        #[arg(long)]
        queue_url: String,
        /// Move at most this many messages.
        #[arg(long, default_value_t = usize::MAX)]
        max: usize,
    },
    /// Evaluate the generated SCP for a request: allowed or denied, and by which statement.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// Print the JSON Schema of the config file.
    Schema,
    /// Check a policy file, and keep it in SSM Parameter Store where the hub reads it.
    Config {
        #[command(subcommand)]
        command: config_command::ConfigCommand,
    },
    /// List the supported events: source, name, resource type, ARN template, route, readiness
    /// and the fixture that proves each (docs/coverage.md is the markdown form).
    Registry {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RegistryFormat::Table)]
        format: RegistryFormat,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum RegistryFormat {
    /// A plain-text table with a summary line.
    Table,
    /// One JSON object per line.
    Json,
    /// The markdown of docs/coverage.md.
    Markdown,
}

#[derive(Debug, Subcommand)]
enum PolicyCommand {
    /// Would the SCP (with AWS's default FullAWSAccess) allow this request?
    Simulate {
        #[command(flatten)]
        config: ConfigArg,
        /// The calling principal's ARN (`aws:PrincipalArn`: a role's ARN, not its session's).
        #[arg(long)]
        principal: String,
        /// The action, e.g. `ec2:DeleteTags`.
        #[arg(long)]
        action: String,
        /// A tag key the request adds or removes (`aws:TagKeys`); repeat for several.
        #[arg(long = "tag-key")]
        tag_keys: Vec<String>,
        /// The resource ARN.
        #[arg(long, default_value = "*")]
        resource: String,
        /// Policy documents to evaluate instead of the SCPs rendered from the config.
        #[arg(long = "document")]
        documents: Vec<PathBuf>,
    },
}

#[derive(Debug, Args)]
struct ConfigArg {
    /// The tag policy (TOML); defaults to the file named by AUTOTAG_CONFIG, then built-in defaults.
    #[arg(long, conflicts_with = "config_parameter")]
    config: Option<PathBuf>,
    /// Read the tag policy from this SSM parameter, as the hub does (`/autotag/config`). Not
    /// taken from AUTOTAG_CONFIG_PARAMETER, which is the function's: `plan` and `render` make no
    /// AWS call unless asked.
    #[arg(long)]
    config_parameter: Option<String>,
}

#[derive(Debug, Args)]
struct AwsArgs {
    /// Send every AWS call to this endpoint (e.g. a local emulator); AWS_ENDPOINT_URL works too.
    #[arg(long)]
    endpoint_url: Option<String>,
    /// The hub's region.
    #[arg(long)]
    region: Option<String>,
    /// The named profile of the AWS config and credentials files to use (AWS_PROFILE works too).
    #[arg(long)]
    profile: Option<String>,
}

impl AwsArgs {
    fn options(&self) -> AwsOptions {
        AwsOptions {
            endpoint_url: self.endpoint_url.clone(),
            region: self.region.clone(),
            profile: self.profile.clone(),
            max_attempts: None,
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_env("AUTOTAG_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(code) => code,
        // The reader of our output has gone (`autotag registry | head`): nothing to report.
        Err(err) if conventions::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "autotag: {err:#}");
            ExitCode::from(conventions::FAILED)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // Not locked for the whole run: backfill's tasks write their lines from other threads.
    let mut out = std::io::stdout();
    let output = cli.output;
    // Commands that stream JSON lines print nothing else.
    let json_lines_only = matches!(
        cli.command,
        Command::Plan { .. }
            | Command::Handle { .. }
            | Command::Hub { .. }
            | Command::Backfill { .. }
            | Command::Replay { .. }
            | Command::Policy { .. }
    );
    if json_lines_only && matches!(output, Some(Output::Table | Output::Csv)) {
        let _ = writeln!(
            std::io::stderr(),
            "autotag: this command prints JSON lines; `--output {}` is for audit, doctor, enforce, registry and config",
            output.map_or("", Output::name)
        );
        return Ok(ExitCode::from(conventions::USAGE));
    }
    match cli.command {
        Command::Plan {
            config,
            sessions,
            files,
        } => {
            let policy = load(&config, None).await?;
            let now = clock::now();
            let store = Arc::new(MemorySessions::default());
            let identity = IdentityContext::new(Some(store.clone()), None);
            for file in &sessions {
                let text = read(file)?;
                let items =
                    parse_document(&text).with_context(|| format!("`{}`", file.display()))?;
                for event in items.into_iter().flatten() {
                    if let Outcome::Session(session) = plan(&event, &policy, now).outcome {
                        identity
                            .record(&session)
                            .await
                            .map_err(|failure| anyhow::anyhow!("{failure}"))?;
                    }
                }
            }
            let joining = !sessions.is_empty();
            for file in files {
                let text = read(&file)?;
                let items =
                    parse_document(&text).with_context(|| format!("`{}`", file.display()))?;
                for item in items {
                    let line = match item {
                        Ok(event) => {
                            let mut decision = plan(&event, &policy, now);
                            let mut waiting = None;
                            if let (true, Outcome::Tag(tag_plan)) = (joining, &mut decision.outcome)
                            {
                                match identity.enrich(tag_plan, &policy, now).await {
                                    Enriched::Ready => {}
                                    Enriched::Wait { reason, .. } => waiting = Some(reason),
                                    Enriched::Failed(failure) => anyhow::bail!("{failure}"),
                                }
                            }
                            let mut line = serde_json::to_value(decision.line())?;
                            if let (Some(reason), Some(object)) = (waiting, line.as_object_mut()) {
                                object.insert("waiting".into(), reason.into());
                            }
                            line
                        }
                        Err(rejected) => {
                            json!({"id": rejected.id, "outcome": "reject", "reason": rejected.reason})
                        }
                    };
                    writeln!(out, "{line}")?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Handle { config, aws, files } => {
            let policy = load(&config, Some(&aws)).await?;
            let stores = aws::HubStores {
                max_receives: 1,
                session_table: std::env::var("AUTOTAG_SESSION_TABLE").ok(),
                ledger_table: std::env::var("AUTOTAG_LEDGER_TABLE").ok(),
                alert_topic_arn: std::env::var("AUTOTAG_ALERT_TOPIC_ARN").ok(),
                ..aws::HubStores::default()
            };
            let processor = aws::processor(policy, &aws.options(), stores).await?;
            let mut all_done = true;
            for file in files {
                let text = read(&file)?;
                let items = processor
                    .process_document(&text, clock::now())
                    .await
                    .with_context(|| format!("`{}`", file.display()))?;
                for item in items {
                    let line = match item {
                        ItemOutcome::Processed(outcome) => {
                            all_done &= matches!(
                                outcome.status(),
                                EventStatus::Tagged | EventStatus::Skipped | EventStatus::Restored
                            );
                            outcome.line()
                        }
                        ItemOutcome::Unreadable(rejected) => {
                            all_done = false;
                            json!({"id": rejected.id, "outcome": "reject", "reason": rejected.reason})
                        }
                    };
                    writeln!(out, "{line}")?;
                }
            }
            Ok(if all_done {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(conventions::INCOMPLETE)
            })
        }
        Command::Hub {
            config,
            aws,
            queue_url,
            dead_letter_url,
            max_receives,
            wait_seconds,
            retry_delay_seconds,
            session_table,
            ledger_table,
            alert_topic_arn,
            exit_when_idle,
            batch_size,
            batching_window_seconds,
            concurrency,
        } => {
            let policy = load(&config, Some(&aws)).await?;
            let options = aws.options();
            let stores = aws::HubStores {
                dead_letter_url,
                max_receives,
                session_table,
                ledger_table,
                alert_topic_arn,
                concurrency: usize::from(concurrency),
            };
            let processor = aws::processor(policy, &options, stores).await?;
            let poller =
                QueuePoller::connect(&options, queue_url, wait_seconds, retry_delay_seconds).await;
            let mut backoff = std::time::Duration::from_secs(1);
            loop {
                // A long-running hub outlives a queue outage; a one-shot run reports it.
                let received = match poller
                    .gather(
                        usize::from(batch_size),
                        std::time::Duration::from_secs(batching_window_seconds),
                    )
                    .await
                {
                    Ok(received) => received,
                    Err(err) if !exit_when_idle => {
                        tracing::error!(
                            error = format!("{:#}", anyhow::Error::from(err)),
                            ?backoff,
                            "receive failed; retrying"
                        );
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(std::time::Duration::from_secs(60));
                        continue;
                    }
                    Err(err) => return Err(err.into()),
                };
                backoff = std::time::Duration::from_secs(1);
                if received.is_empty() {
                    if exit_when_idle {
                        return Ok(ExitCode::SUCCESS);
                    }
                    continue;
                }
                let messages: Vec<_> = received.iter().map(|r| r.message.clone()).collect();
                let results = processor.process_messages(&messages, clock::now()).await;
                // Unsettled messages are delivered again later; processing them is idempotent.
                if let Err(err) = poller.settle(&received, &results).await {
                    tracing::error!(
                        error = format!("{:#}", anyhow::Error::from(err)),
                        "settling messages failed"
                    );
                }
                for result in results {
                    let (disposition, reason) = match &result.disposition {
                        Disposition::Done => ("done", None),
                        Disposition::Retry { reason } => ("retry", Some(reason)),
                        Disposition::Wait { reason, .. } => ("wait", Some(reason)),
                        Disposition::Requeue { reason, .. } => ("requeue", Some(reason)),
                        Disposition::Parked { reason } => ("parked", Some(reason)),
                    };
                    let line = json!({"message_id": result.id, "disposition": disposition, "reason": reason, "events": result.events});
                    writeln!(out, "{line}")?;
                }
                out.flush()?;
            }
        }
        Command::Audit { config, aws, args } => {
            let policy = load(&config, Some(&aws)).await?;
            let format = output.unwrap_or(Output::Table);
            audit::run(args, policy, &org_wide(&aws), format, &mut out).await
        }
        Command::Enforce { config, aws, args } => {
            let policy = load(&config, Some(&aws)).await?;
            let format = output.unwrap_or(Output::Table);
            enforce::run(args, policy, &org_wide(&aws), format, &mut out).await
        }
        Command::Retag { config, aws, args } => {
            let (policy, version) = load_versioned(&config, Some(&aws)).await?;
            let format = output.unwrap_or(Output::Table);
            let parameter = config.config_parameter.as_deref();
            let options = org_wide(&aws);
            retag::run(args, policy, parameter, version, &options, format, &mut out).await
        }
        Command::Backfill { config, aws, args } => {
            let policy = load(&config, Some(&aws)).await?;
            backfill::run(args, policy, &org_wide(&aws), &mut out).await
        }
        Command::Config { command } => {
            config_command::run(command, output.unwrap_or(Output::Table), &mut out).await
        }
        Command::Doctor { config, aws, args } => {
            let policy = load(&config, Some(&aws)).await?;
            let format = output.unwrap_or(Output::Table).into();
            doctor::run(policy, args, &org_wide(&aws), format, &mut out).await
        }
        Command::Render {
            config,
            check,
            root,
        } => {
            let policy = load(&config, None).await?;
            let mut files = autotag_core::render::render_all(&policy)?;
            // The admission webhook's files, which `autotag doctor` does not expect of a hub.
            files.extend(autotag_core::render::webhook::files(&policy));
            let mut stale = Vec::new();
            for file in &files {
                let path = root.join(&file.path);
                let current = std::fs::read_to_string(&path).ok();
                if current.as_deref() == Some(file.contents.as_str()) {
                    continue;
                }
                if check {
                    stale.push(file.path.clone());
                } else {
                    if let Some(dir) = path.parent() {
                        std::fs::create_dir_all(dir)?;
                    }
                    std::fs::write(&path, &file.contents)?;
                    writeln!(out, "wrote {}", file.path)?;
                }
            }
            if stale.is_empty() {
                return Ok(ExitCode::SUCCESS);
            }
            for path in &stale {
                writeln!(out, "differs: {path}")?;
            }
            let _ = writeln!(
                std::io::stderr(),
                "autotag: {} generated file(s) are stale; run `autotag render`",
                stale.len()
            );
            Ok(ExitCode::from(conventions::VERDICT))
        }
        Command::Policy {
            command:
                PolicyCommand::Simulate {
                    config,
                    principal,
                    action,
                    tag_keys,
                    resource,
                    documents,
                },
        } => {
            let policy = load(&config, None).await?;
            let mut loaded = Vec::new();
            if documents.is_empty() {
                loaded = autotag_core::render::documents::scps(&policy)?;
            }
            for path in &documents {
                let text = read(path)?;
                loaded.push(
                    serde_json::from_str(&text)
                        .with_context(|| format!("`{}` is not JSON", path.display()))?,
                );
            }
            // Every account starts with AWS's FullAWSAccess SCP; autotag's SCPs only deny.
            let full_access = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
            let mut all: Vec<&serde_json::Value> = loaded.iter().collect();
            all.push(&full_access);
            let keys: Vec<&str> = tag_keys.iter().map(String::as_str).collect();
            let request = autotag_core::policy_eval::Request {
                principal_arn: Some(&principal),
                action: &action,
                resource: &resource,
                tag_keys: &keys,
                ..Default::default()
            };
            let verdict = autotag_core::policy_eval::evaluate(&all, &request)?;
            let decision = if verdict.is_allowed() {
                "allowed"
            } else {
                "denied"
            };
            writeln!(
                out,
                "{}",
                json!({"decision": decision, "reason": verdict.to_string()})
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Replay {
            aws,
            dead_letter_url,
            queue_url,
            max,
        } => {
            let report =
                autotag_hub::aws::queue::replay(&aws.options(), &dead_letter_url, &queue_url, max)
                    .await?;
            writeln!(out, "{}", serde_json::to_value(&report)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Registry { format } => {
            use autotag_core::render::coverage;
            let text = match (output, format) {
                (Some(Output::Csv), _) => coverage::csv(),
                (Some(Output::Json), _) | (None, RegistryFormat::Json) => coverage::json_lines(),
                (Some(Output::Table), _) | (None, RegistryFormat::Table) => coverage::table(),
                (None, RegistryFormat::Markdown) => coverage::markdown(),
            };
            out.write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&TagPolicy::json_schema())?
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Options for org-wide commands, whose many calls meet throttling more often (`LookupEvents`
/// serves two calls a second per account and region): more attempts, each backed off.
fn org_wide(aws: &AwsArgs) -> AwsOptions {
    AwsOptions {
        max_attempts: Some(10),
        ..aws.options()
    }
}

/// The time now.
fn now() -> time::OffsetDateTime {
    clock::now()
}

/// The policy the command runs under: from `--config-parameter` (read with `aws`'s
/// credentials), else `--config`, else `AUTOTAG_CONFIG`, else the default.
async fn load(arg: &ConfigArg, aws: Option<&AwsArgs>) -> anyhow::Result<TagPolicy> {
    Ok(load_versioned(arg, aws).await?.0)
}

/// [`load`], with the parameter's version when the policy was read from one.
async fn load_versioned(
    arg: &ConfigArg,
    aws: Option<&AwsArgs>,
) -> anyhow::Result<(TagPolicy, Option<u64>)> {
    if let Some(name) = &arg.config_parameter {
        let options = aws.map(AwsArgs::options).unwrap_or_default();
        let stored = autotag_hub::aws::config_store::ParameterPolicy::connect(&options, name)
            .await
            .read()
            .await?;
        let policy = TagPolicy::from_toml(&stored.text)
            .with_context(|| format!("parameter `{name}` (version {})", stored.version))?;
        return Ok((policy, stored.version.parse().ok()));
    }
    Ok((config::load_policy(arg.config.as_deref())?.0, None))
}

fn read(file: &std::path::Path) -> anyhow::Result<String> {
    conventions::read_input(file)
}
