//! A local organization in the emulator: a hub account with the hub bus, queue and dead-letter
//! queue, and spoke accounts whose default bus forwards CloudTrail events to the hub bus.
//!
//! Shared by the end-to-end tests and `make demo`. Every `Org` uses fresh account ids, so tests
//! run side by side on one emulator.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{Context, anyhow, bail};
use aws_config::SdkConfig;
use aws_sdk_eventbridge::types::{InputTransformer, PutEventsRequestEntry, Target};
use aws_sdk_sqs::types::QueueAttributeName;
use aws_sdk_sts::config::ProvideCredentials;
use serde_json::{Value, json};

use crate::moto::{self, Moto};

/// The region the organization lives in.
pub const REGION: &str = "us-east-1";
/// The hub's event bus.
pub const HUB_BUS: &str = "autotag-hub";
/// The auto-tag role in every spoke.
pub const ROLE_NAME: &str = "autotag";
/// The external id the spoke roles require.
pub const EXTERNAL_ID: &str = "autotag-local-org";
/// The header by which the tests' stand-in for CloudTrail asks the harness to accept an `aws.`
/// source (tests/moto_harness.py).
const CLOUDTRAIL_STAND_IN_HEADER: &str = "x-autotag-harness-cloudtrail";
/// The role administrators use in every account (moto lets any role be assumed).
const ADMIN_ROLE: &str = "OrganizationAccountAccessRole";

/// A hub and its spokes.
#[derive(Debug)]
pub struct Org {
    /// The emulator.
    pub moto: &'static Moto,
    /// The hub account.
    pub hub: String,
    /// The spoke accounts.
    pub spokes: Vec<String>,
    /// The hub queue.
    pub queue_url: String,
    /// The hub's dead-letter queue.
    pub dead_letter_url: String,
    /// The hub's session and ledger tables, once [`Org::with_hub_tables`] made them.
    pub hub_tables: Option<(String, String)>,
    /// The hub's alert topic and the queue subscribed to it, once [`Org::with_alerts`] made
    /// them.
    pub alerts: Option<(String, String)>,
    hub_config: SdkConfig,
}

impl Org {
    /// Creates a hub and `spokes` spoke accounts, all connected.
    pub async fn create(spokes: usize) -> anyhow::Result<Self> {
        let moto = moto::shared()?;
        let hub = moto::fresh_account();
        let hub_config = moto
            .account_config(&hub, REGION, ADMIN_ROLE, "setup")
            .await?;
        let sqs = aws_sdk_sqs::Client::new(&hub_config);
        let dead_letter_url = sqs
            .create_queue()
            .queue_name("autotag-hub-dlq")
            .send()
            .await?
            .queue_url()
            .context("no DLQ url")?
            .to_owned();
        let dlq_arn = queue_arn(&sqs, &dead_letter_url).await?;
        let redrive = json!({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "5"}).to_string();
        let queue_url = sqs
            .create_queue()
            .queue_name("autotag-hub")
            .attributes(QueueAttributeName::RedrivePolicy, redrive)
            .send()
            .await?
            .queue_url()
            .context("no queue url")?
            .to_owned();
        let queue = queue_arn(&sqs, &queue_url).await?;
        let events = aws_sdk_eventbridge::Client::new(&hub_config);
        events.create_event_bus().name(HUB_BUS).send().await?;
        events
            .put_rule()
            .name("autotag-to-queue")
            .event_bus_name(HUB_BUS)
            // As the generated hub rule: only AWS's own CloudTrail events reach the queue.
            .event_pattern(
                json!({
                    "source": [{"prefix": "aws."}],
                    "detail-type": ["AWS API Call via CloudTrail"]
                })
                .to_string(),
            )
            .send()
            .await?;
        // moto's default SQS body lacks `account`; the whole-event template keeps it (and on AWS
        // it is what an SQS target receives anyway).
        let transformer = InputTransformer::builder()
            .input_template("<aws.events.event.json>")
            .build()?;
        events
            .put_targets()
            .rule("autotag-to-queue")
            .event_bus_name(HUB_BUS)
            .targets(
                Target::builder()
                    .id("hub-queue")
                    .arn(queue)
                    .input_transformer(transformer)
                    .build()?,
            )
            .send()
            .await?;
        let mut org = Self {
            moto,
            hub,
            spokes: Vec::new(),
            queue_url,
            dead_letter_url,
            hub_tables: None,
            alerts: None,
            hub_config,
        };
        for _ in 0..spokes {
            let spoke = moto::fresh_account();
            org.connect_spoke(&spoke).await?;
            org.spokes.push(spoke);
        }
        Ok(org)
    }

    /// Puts the spoke pieces into `account`: the auto-tag role and the forwarding rule.
    pub async fn connect_spoke(&self, account: &str) -> anyhow::Result<()> {
        let admin = self.admin(account).await?;
        let trust = json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{}:root", self.hub)},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:ExternalId": EXTERNAL_ID}}
            }]
        });
        aws_sdk_iam::Client::new(&admin)
            .create_role()
            .role_name(ROLE_NAME)
            .assume_role_policy_document(trust.to_string())
            .send()
            .await?;
        // The same patterns the generated spoke-rules template deploys.
        let events = aws_sdk_eventbridge::Client::new(&admin);
        let hub_bus = format!("arn:aws:events:{REGION}:{}:event-bus/{HUB_BUS}", self.hub);
        for (index, pattern) in autotag_core::render::documents::event_patterns()?
            .iter()
            .enumerate()
        {
            let name = format!("autotag-forward-{index:02}");
            events
                .put_rule()
                .name(&name)
                .event_pattern(pattern.to_string())
                .send()
                .await?;
            events
                .put_targets()
                .rule(&name)
                .targets(Target::builder().id("hub-bus").arn(&hub_bus).build()?)
                .send()
                .await?;
        }
        Ok(())
    }

    /// Credentials in the hub account, as the hub's own role.
    pub fn hub_config(&self) -> &SdkConfig {
        &self.hub_config
    }

    /// Administrator credentials in `account`.
    pub async fn admin(&self, account: &str) -> anyhow::Result<SdkConfig> {
        self.moto
            .account_config(account, REGION, ADMIN_ROLE, "admin")
            .await
    }

    /// Credentials of a session of role `role` in `account`, named `session`; the role is
    /// created if it does not exist.
    pub async fn role_session(
        &self,
        account: &str,
        role: &str,
        session: &str,
    ) -> anyhow::Result<SdkConfig> {
        let admin = self.admin(account).await?;
        let iam = aws_sdk_iam::Client::new(&admin);
        if iam.get_role().role_name(role).send().await.is_err() {
            iam.create_role()
                .role_name(role)
                .assume_role_policy_document("{}")
                .send()
                .await?;
        }
        self.moto
            .account_config(account, REGION, role, session)
            .await
    }

    /// Credentials of IAM user `name` in `account`, created with an access key.
    pub async fn user(&self, account: &str, name: &str) -> anyhow::Result<SdkConfig> {
        let admin = self.admin(account).await?;
        let iam = aws_sdk_iam::Client::new(&admin);
        iam.create_user().user_name(name).send().await?;
        let key = iam.create_access_key().user_name(name).send().await?;
        let key = key.access_key().context("no access key")?;
        let credentials = aws_sdk_sts::config::Credentials::new(
            key.access_key_id(),
            key.secret_access_key(),
            None,
            None,
            "iam-user",
        );
        Ok(self
            .moto
            .base_config(REGION)
            .await
            .into_builder()
            .credentials_provider(aws_sdk_sts::config::SharedCredentialsProvider::new(
                credentials,
            ))
            .build())
    }

    /// An organization whose pieces were made elsewhere (e.g. deployed from the templates).
    pub fn from_parts(
        moto: &'static Moto,
        hub: String,
        spokes: Vec<String>,
        queue_url: String,
        dead_letter_url: String,
        hub_config: SdkConfig,
    ) -> Self {
        Self {
            moto,
            hub,
            spokes,
            queue_url,
            dead_letter_url,
            hub_tables: None,
            alerts: None,
            hub_config,
        }
    }

    /// Creates the hub stack's alert topic (`autotag-alerts`) with a queue subscribed to it
    /// (raw delivery off, as an email or chat relay would see it), and has [`Org::run_hub`]
    /// publish there.
    pub async fn with_alerts(mut self) -> anyhow::Result<Self> {
        let sns = aws_sdk_sns::Client::new(&self.hub_config);
        let topic = sns.create_topic().name("autotag-alerts").send().await?;
        let topic_arn = topic.topic_arn().context("no topic ARN")?.to_owned();
        let sqs = aws_sdk_sqs::Client::new(&self.hub_config);
        let inbox = sqs
            .create_queue()
            .queue_name("autotag-alerts-inbox")
            .send()
            .await?;
        let inbox_url = inbox.queue_url().context("no queue URL")?.to_owned();
        let attributes = sqs
            .get_queue_attributes()
            .queue_url(&inbox_url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await?;
        let inbox_arn = attributes
            .attributes()
            .and_then(|a| a.get(&QueueAttributeName::QueueArn))
            .context("no queue ARN")?
            .clone();
        sns.subscribe()
            .topic_arn(&topic_arn)
            .protocol("sqs")
            .endpoint(inbox_arn)
            .send()
            .await?;
        self.alerts = Some((topic_arn, inbox_url));
        Ok(self)
    }

    /// The alerts published so far: each one's subject and its message, read as JSON.
    pub async fn received_alerts(&self) -> anyhow::Result<Vec<(String, Value)>> {
        self.received_alert_texts()
            .await?
            .into_iter()
            .map(|(subject, text)| Ok((subject, serde_json::from_str(&text)?)))
            .collect()
    }

    /// The messages published to the alert topic so far, each one's subject and its text (an
    /// enforcement summary is plain text, as an email shows it).
    pub async fn received_alert_texts(&self) -> anyhow::Result<Vec<(String, String)>> {
        let (_, inbox) = self
            .alerts
            .as_ref()
            .context("no alert topic; use with_alerts")?;
        let sqs = aws_sdk_sqs::Client::new(&self.hub_config);
        let mut alerts = Vec::new();
        loop {
            let output = sqs
                .receive_message()
                .queue_url(inbox)
                .max_number_of_messages(10)
                .wait_time_seconds(1)
                .send()
                .await?;
            if output.messages().is_empty() {
                return Ok(alerts);
            }
            for message in output.messages() {
                let envelope: Value = serde_json::from_str(message.body().unwrap_or("{}"))?;
                let field = |name: &str| envelope.get(name).and_then(Value::as_str);
                let subject = field("Subject").unwrap_or_default().to_owned();
                // A message that is not text (absent) reads as JSON `null`, as it always did.
                let text = field("Message").unwrap_or("null").to_owned();
                alerts.push((subject, text));
                if let Some(receipt) = message.receipt_handle() {
                    sqs.delete_message()
                        .queue_url(inbox)
                        .receipt_handle(receipt)
                        .send()
                        .await?;
                }
            }
        }
    }

    /// Arguments naming the hub's tables and alert topic, for the commands that take them.
    pub fn store_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if let Some((sessions, ledger)) = &self.hub_tables {
            args.extend([
                "--session-table".to_owned(),
                sessions.clone(),
                "--ledger-table".to_owned(),
                ledger.clone(),
            ]);
        }
        args
    }

    /// Creates the hub's session and ledger tables, shaped as the hub stack's
    /// `autotag-sessions` and `autotag-ledger`, and has [`Org::run_hub`] use them.
    pub async fn with_hub_tables(mut self) -> anyhow::Result<Self> {
        use aws_sdk_dynamodb::types::{
            AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
        };
        let key = |name: &str, kind| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(kind)
                .build()
        };
        let attribute = |name: &str| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::S)
                .build()
        };
        let dynamodb = aws_sdk_dynamodb::Client::new(&self.hub_config);
        for table in ["autotag-sessions", "autotag-ledger"] {
            dynamodb
                .create_table()
                .table_name(table)
                .billing_mode(BillingMode::PayPerRequest)
                .key_schema(key("pk", KeyType::Hash)?)
                .key_schema(key("sk", KeyType::Range)?)
                .attribute_definitions(attribute("pk")?)
                .attribute_definitions(attribute("sk")?)
                .send()
                .await?;
        }
        self.hub_tables = Some(("autotag-sessions".to_owned(), "autotag-ledger".to_owned()));
        Ok(self)
    }

    /// Plays CloudTrail: puts `record` on `account`'s default bus as an "AWS API Call via
    /// CloudTrail" event, from where the spoke rule forwards it to the hub.
    pub async fn emit(&self, account: &str, record: &Value) -> anyhow::Result<()> {
        self.emit_in(account, REGION, record).await
    }

    /// As [`Org::emit`], on the default bus of `region`.
    pub async fn emit_in(&self, account: &str, region: &str, record: &Value) -> anyhow::Result<()> {
        let admin = self
            .moto
            .account_config(account, region, ADMIN_ROLE, "admin")
            .await?;
        let source = record
            .get("eventSource")
            .and_then(Value::as_str)
            .and_then(|s| s.split('.').next())
            .map(|s| format!("aws.{s}"))
            .unwrap_or_else(|| "aws.unknown".to_owned());
        let output = aws_sdk_eventbridge::Client::new(&admin)
            .put_events()
            .entries(
                PutEventsRequestEntry::builder()
                    .source(source)
                    .detail_type("AWS API Call via CloudTrail")
                    .detail(record.to_string())
                    .build(),
            )
            .customize()
            // Only this stand-in for CloudTrail may use an `aws.` source: the harness refuses
            // it to everyone else, as AWS does (tests/moto_harness.py).
            .mutate_request(|request| {
                request
                    .headers_mut()
                    .insert(CLOUDTRAIL_STAND_IN_HEADER, "1");
            })
            .send()
            .await?;
        if output.failed_entry_count() != 0 {
            bail!("PutEvents failed: {:?}", output.entries());
        }
        Ok(())
    }

    /// What someone in `account` can do on their own: `PutEvents` on their default bus with
    /// any `source` and `detail-type`. Returns the entries' error codes (none when accepted).
    pub async fn put_event_as_customer(
        &self,
        account: &str,
        source: &str,
        detail_type: &str,
        detail: &Value,
    ) -> anyhow::Result<Vec<String>> {
        let admin = self.admin(account).await?;
        let output = aws_sdk_eventbridge::Client::new(&admin)
            .put_events()
            .entries(
                PutEventsRequestEntry::builder()
                    .source(source)
                    .detail_type(detail_type)
                    .detail(detail.to_string())
                    .build(),
            )
            .send()
            .await?;
        Ok(output
            .entries()
            .iter()
            .filter_map(|e| e.error_code().map(str::to_owned))
            .collect())
    }

    /// Sends `body` straight to the hub queue, as only a principal the queue policy admits
    /// could: the last line of defence is the hub's own check of the envelope.
    pub async fn send_to_hub_queue(&self, body: &Value) -> anyhow::Result<()> {
        aws_sdk_sqs::Client::new(&self.hub_config)
            .send_message()
            .queue_url(&self.queue_url)
            .message_body(body.to_string())
            .send()
            .await?;
        Ok(())
    }

    /// Writes a tag policy for this organization, allowing `accounts`, into `dir`.
    pub fn write_policy(
        &self,
        dir: &Path,
        accounts: &[&str],
        extra: &str,
    ) -> anyhow::Result<PathBuf> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(format!("autotag-{}.toml", self.hub));
        let accounts: Vec<String> = accounts.iter().map(|a| format!("\"{a}\"")).collect();
        let text = format!(
            "[scope]\naccounts = [{}]\n\n[spoke]\nrole_name = \"{ROLE_NAME}\"\nexternal_id = \"{EXTERNAL_ID}\"\n{extra}",
            accounts.join(", ")
        );
        std::fs::write(&path, text)?;
        Ok(path)
    }

    /// The admission webhook as `autotag-webhook` builds it: the hub account reading its own
    /// registry with its own credentials and the spokes' through the spoke role, holding images
    /// to the policy `policy_text` (written into `dir` for every spoke), with each repository's
    /// facts kept `cache_ttl` (zero: read at every review).
    pub async fn webhook(
        &self,
        policy_text: &str,
        dir: &Path,
        cache_ttl: std::time::Duration,
    ) -> anyhow::Result<autotag_hub::webhook::Webhook> {
        use std::sync::Arc;
        let spokes: Vec<&str> = self.spokes.iter().map(String::as_str).collect();
        let path = self.write_policy(dir, &spokes, policy_text)?;
        let policy = autotag_core::policy::TagPolicy::from_toml(&std::fs::read_to_string(path)?)?;
        let hub = self.hub_config.clone();
        let sessions = autotag_hub::aws::sessions::SpokeSessions::new(
            hub.clone(),
            aws_sdk_sts::Client::new(&hub),
            &policy,
        )?;
        let facts = autotag_hub::aws::admission::EcrRepositoryFacts::new(
            hub,
            Some(autotag_core::arn::AccountId::parse(&self.hub)?),
            Some(Arc::new(sessions)),
            policy.admission.owner_key.as_str(),
            std::time::Duration::from_secs(60),
        );
        Ok(autotag_hub::webhook::Webhook::new(
            policy.admission.clone(),
            Arc::new(autotag_hub::webhook::facts::CachedFacts::new(
                Arc::new(facts),
                cache_ttl,
            )),
            autotag_hub::webhook::DEFAULT_DEADLINE,
            "local",
        ))
    }

    /// Runs `autotag hub` on the hub queue until it is idle, as the hub account, and returns
    /// the JSON lines it printed.
    pub async fn run_hub(&self, policy: &Path, max_receives: u32) -> anyhow::Result<Vec<Value>> {
        let max_receives = max_receives.to_string();
        let table_args = self.hub_tables.as_ref().map(|(sessions, ledger)| {
            [
                "--session-table",
                sessions.as_str(),
                "--ledger-table",
                ledger.as_str(),
            ]
        });
        let mut args = vec![
            "hub",
            "--queue-url",
            &self.queue_url,
            "--dead-letter-url",
            &self.dead_letter_url,
            "--wait-seconds",
            "0",
            "--retry-delay-seconds",
            "0",
            "--exit-when-idle",
            "--max-receives",
            &max_receives,
        ];
        args.extend(table_args.iter().flatten());
        if let Some((topic, _)) = &self.alerts {
            args.extend(["--alert-topic-arn", topic.as_str()]);
        }
        let (status, lines) = self.run_autotag(Some(policy), &args).await?;
        if !status.success() {
            bail!("autotag hub failed ({status})");
        }
        Ok(lines)
    }

    /// Runs `autotag <args> [--config <policy>]` as the hub account against the emulator, and
    /// returns its exit status and the JSON lines it printed.
    pub async fn run_autotag(
        &self,
        policy: Option<&Path>,
        args: &[&str],
    ) -> anyhow::Result<(std::process::ExitStatus, Vec<Value>)> {
        let (status, stdout, stderr) = self.run_autotag_raw(policy, args).await?;
        let lines = stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .with_context(|| format!("autotag printed `{line}`; stderr: {stderr}"))
            })
            .collect::<anyhow::Result<Vec<Value>>>()?;
        if !status.success() && lines.is_empty() {
            bail!("autotag {} failed ({status}): {stderr}", args.join(" "));
        }
        Ok((status, lines))
    }

    /// As [`Org::run_autotag`], returning what it printed as text: its exit status, stdout
    /// and stderr.
    pub async fn run_autotag_raw(
        &self,
        policy: Option<&Path>,
        args: &[&str],
    ) -> anyhow::Result<(std::process::ExitStatus, String, String)> {
        let credentials = self
            .hub_config
            .credentials_provider()
            .context("hub config has no credentials")?
            .provide_credentials()
            .await?;
        let output = tokio::process::Command::new(autotag_bin()?)
            .args(args)
            .args(["--endpoint-url", self.moto.endpoint(), "--region", REGION])
            .args(
                policy
                    .map(|p| ["--config".as_ref(), p.as_os_str()])
                    .into_iter()
                    .flatten(),
            )
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_ACCESS_KEY_ID", credentials.access_key_id())
            .env("AWS_SECRET_ACCESS_KEY", credentials.secret_access_key())
            .env(
                "AWS_SESSION_TOKEN",
                credentials.session_token().unwrap_or_default(),
            )
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AUTOTAG_LOG", "warn")
            .stdin(Stdio::null())
            .output()
            .await?;
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        Ok((output.status, String::from_utf8(output.stdout)?, stderr))
    }

    /// Takes one message off the hub queue (waiting up to 5 s) and returns its body.
    pub async fn receive_hub_message(&self) -> anyhow::Result<Value> {
        let sqs = aws_sdk_sqs::Client::new(&self.hub_config);
        let output = sqs
            .receive_message()
            .queue_url(&self.queue_url)
            .max_number_of_messages(1)
            .wait_time_seconds(5)
            .send()
            .await?;
        let message = output
            .messages()
            .first()
            .context("the hub queue received nothing")?;
        if let Some(handle) = message.receipt_handle() {
            sqs.delete_message()
                .queue_url(&self.queue_url)
                .receipt_handle(handle)
                .send()
                .await?;
        }
        Ok(serde_json::from_str(message.body().unwrap_or_default())?)
    }

    /// The messages parked in the dead-letter queue: body and reason.
    pub async fn dead_letters(&self) -> anyhow::Result<Vec<(String, String)>> {
        let output = aws_sdk_sqs::Client::new(&self.hub_config)
            .receive_message()
            .queue_url(&self.dead_letter_url)
            .max_number_of_messages(10)
            // Reading is not consuming: the messages stay visible for a replay.
            .visibility_timeout(0)
            .message_attribute_names("All")
            .send()
            .await?;
        Ok(output
            .messages()
            .iter()
            .map(|m| {
                let reason = m
                    .message_attributes()
                    .and_then(|a| a.get(autotag_hub::aws::queue::REASON_ATTRIBUTE))
                    .and_then(|v| v.string_value())
                    .unwrap_or_default()
                    .to_owned();
                (m.body().unwrap_or_default().to_owned(), reason)
            })
            .collect())
    }
}

async fn queue_arn(sqs: &aws_sdk_sqs::Client, url: &str) -> anyhow::Result<String> {
    let attributes = sqs
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await?;
    attributes
        .attributes()
        .and_then(|a| a.get(&QueueAttributeName::QueueArn))
        .cloned()
        .ok_or_else(|| anyhow!("queue {url} has no ARN"))
}

/// The `autotag` binary beside the running test or demo binary (`make test` builds it first),
/// or `AUTOTAG_BIN`.
pub fn autotag_bin() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("AUTOTAG_BIN") {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe()?;
    for dir in exe.ancestors().skip(1).take(2) {
        let candidate = dir.join("autotag");
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    bail!(
        "no `autotag` binary next to {}; run `cargo build -p autotag-hub --bins` first",
        exe.display()
    )
}

/// The tags on `arn`, read in its account with `config` through the resource's own API.
pub async fn tags_of(config: &SdkConfig, arn: &str) -> anyhow::Result<BTreeMap<String, String>> {
    let parsed = autotag_core::arn::Arn::parse(arn)?;
    let id = parsed.resource_id();
    let pairs: Vec<(String, String)> =
        match (parsed.service(), parsed.resource().split(['/', ':']).next()) {
            ("ec2", _) => aws_sdk_ec2::Client::new(config)
                .describe_tags()
                .filters(
                    aws_sdk_ec2::types::Filter::builder()
                        .name("resource-id")
                        .values(id)
                        .build(),
                )
                .send()
                .await?
                .tags()
                .iter()
                .map(|t| {
                    (
                        t.key().unwrap_or_default().to_owned(),
                        t.value().unwrap_or_default().to_owned(),
                    )
                })
                .collect(),
            ("s3", _) => match moto::s3_client(config)
                .get_bucket_tagging()
                .bucket(id)
                .send()
                .await
            {
                Ok(output) => output
                    .tag_set()
                    .iter()
                    .map(|t| (t.key().to_owned(), t.value().to_owned()))
                    .collect(),
                Err(err)
                    if aws_sdk_s3::error::ProvideErrorMetadata::code(&err)
                        == Some("NoSuchTagSet") =>
                {
                    Vec::new()
                }
                Err(err) => return Err(err.into()),
            },
            ("ecr", _) => aws_sdk_ecr::Client::new(config)
                .list_tags_for_resource()
                .resource_arn(arn)
                .send()
                .await?
                .tags()
                .iter()
                .map(|t| (t.key().to_owned(), t.value().to_owned()))
                .collect(),
            ("iam", Some("role")) => aws_sdk_iam::Client::new(config)
                .list_role_tags()
                .role_name(id)
                .send()
                .await?
                .tags()
                .iter()
                .map(|t| (t.key().to_owned(), t.value().to_owned()))
                .collect(),
            ("iam", Some("user")) => aws_sdk_iam::Client::new(config)
                .list_user_tags()
                .user_name(id)
                .send()
                .await?
                .tags()
                .iter()
                .map(|t| (t.key().to_owned(), t.value().to_owned()))
                .collect(),
            ("dynamodb", _) => aws_sdk_dynamodb::Client::new(config)
                .list_tags_of_resource()
                .resource_arn(arn)
                .send()
                .await?
                .tags()
                .iter()
                .map(|t| (t.key().to_owned(), t.value().to_owned()))
                .collect(),
            ("autoscaling", _) => aws_sdk_autoscaling::Client::new(config)
                .describe_tags()
                .filters(
                    aws_sdk_autoscaling::types::Filter::builder()
                        .name("auto-scaling-group")
                        .values(arn.rsplit('/').next().unwrap_or_default())
                        .build(),
                )
                .send()
                .await?
                .tags()
                .iter()
                .map(|t| {
                    (
                        t.key().unwrap_or_default().to_owned(),
                        t.value().unwrap_or_default().to_owned(),
                    )
                })
                .collect(),
            (service, _) => bail!("reading tags of `{service}` resources is not implemented here"),
        };
    Ok(pairs.into_iter().collect())
}
