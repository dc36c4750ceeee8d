//! Harness for moto_server: one lazily started server per process, and SDK configs that act in chosen accounts.
//!
//! The server is `tests/moto_harness.py` run by `$MOTO_PYTHON` (default
//! `<workspace>/.venv/bin/python`, made by `make .venv`). It binds a free port on
//! 127.0.0.1, prints `PORT <n>`, and stops when its stdin reaches EOF. The write end of
//! that pipe lives in a static for the life of the process, so the kernel closes it —
//! and the server stops — however the test process ends. Set `MOTO_ENDPOINT` to use an
//! already running server instead.
//!
//! Tests share the server, so they must never reset it; they isolate themselves by
//! account instead: take ids from [`fresh_account`] and act there through
//! [`Moto::account_config`] (sts:AssumeRole into a role of that account — moto maps the
//! issued key to the account named in the role ARN, and the role need not exist).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, anyhow, bail};
use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sts::config::{Credentials, SharedCredentialsProvider};

/// An AMI id that moto 5.x ships in its default image list (and moto does not
/// validate image ids on RunInstances unless `MOTO_ENABLE_AMI_VALIDATION` is set).
pub const EXAMPLE_AMI: &str = "ami-12c6146b";

/// The account moto uses for credentials it did not issue (such as `testing`).
pub const DEFAULT_ACCOUNT: &str = "123456789012";

/// A running moto_server reachable at [`Moto::endpoint`].
#[derive(Debug)]
pub struct Moto {
    endpoint: String,
    /// The harness process and the write end of its stdin; `None` when `MOTO_ENDPOINT`
    /// names an external server. Never dropped (it lives in a static): the pipe closes
    /// when this process exits, which stops the server.
    _server: Option<(Child, ChildStdin)>,
}

static SHARED: LazyLock<Result<Moto, String>> =
    LazyLock::new(|| Moto::start().map_err(|e| format!("{e:#}")));

/// The process-wide moto server, started on first use (or `MOTO_ENDPOINT` if set).
///
/// # Errors
/// If the harness cannot be started: no Python at `$MOTO_PYTHON` (run `make .venv`),
/// moto not installed there, or the harness exiting before it printed its port.
pub fn shared() -> anyhow::Result<&'static Moto> {
    SHARED
        .as_ref()
        .map_err(|e| anyhow!("moto_server unavailable: {e}"))
}

/// A 12-digit account id unique to this call and (practically) to this process.
///
/// `200_000_000_000 + (pid % 100_000) * 1000 + n`, with `n` counting calls modulo 1000, so
/// test binaries run side by side against one `MOTO_ENDPOINT` do not share accounts.
pub fn fresh_account() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed) % 1000;
    let pid = u64::from(std::process::id()) % 100_000;
    format!("{:012}", 200_000_000_000 + pid * 1000 + n)
}

/// An S3 client for `cfg` with path-style addressing (moto has no virtual-host buckets here).
pub fn s3_client(cfg: &SdkConfig) -> aws_sdk_s3::Client {
    let conf = aws_sdk_s3::config::Builder::from(cfg)
        .force_path_style(true)
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

/// AWS calls the emulator answered, by service and action, with the faults it injected
/// (`tests/moto_harness.py`, "Counting and faults").
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Calls {
    /// One entry per service and action.
    pub calls: Vec<CallCount>,
    /// Faults injected, by kind.
    pub faults_injected: std::collections::BTreeMap<String, u64>,
}

/// Requests of one action.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct CallCount {
    /// The signing name (`ec2`, `sqs`, `dynamodb`...).
    pub service: String,
    /// The action.
    pub action: String,
    /// Requests received, retries included.
    pub count: u64,
}

impl Moto {
    /// The harness process's id, when this process started it.
    pub fn pid(&self) -> Option<u32> {
        self._server.as_ref().map(|(child, _)| child.id())
    }

    /// The server's base URL, e.g. `http://127.0.0.1:41234`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The calls counted since the last [`Moto::reset_calls`]. The counters are the server's:
    /// only a process with a server of its own (a benchmark) can read them meaningfully.
    ///
    /// # Errors
    /// If the harness does not answer.
    pub async fn calls(&self) -> anyhow::Result<Calls> {
        Ok(serde_json::from_str(
            &self.control("GET", "/__autotag/calls", "").await?,
        )?)
    }

    /// Zeroes the call and fault counters.
    ///
    /// # Errors
    /// If the harness does not answer.
    pub async fn reset_calls(&self) -> anyhow::Result<()> {
        self.control("POST", "/__autotag/calls/reset", "").await?;
        Ok(())
    }

    /// Makes a share `rate` (0 to 1, 0 for none) of AWS requests fail as AWS can fail:
    /// unavailable, throttled, dropped, or handled with the response lost.
    ///
    /// # Errors
    /// If the harness refuses the settings or does not answer.
    pub async fn set_faults(&self, rate: f64, seed: u64) -> anyhow::Result<()> {
        let body = serde_json::json!({"rate": rate, "seed": seed}).to_string();
        self.control("POST", "/__autotag/faults", &body).await?;
        Ok(())
    }

    /// One request to the harness's control API, over a plain connection; its body.
    async fn control(&self, method: &str, path: &str, body: &str) -> anyhow::Result<String> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let address = self
            .endpoint
            .strip_prefix("http://")
            .context("the emulator's endpoint is not http://")?;
        let mut stream = tokio::net::TcpStream::connect(address).await?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await?;
        let mut response = String::new();
        stream.read_to_string(&mut response).await?;
        let (head, body) = response
            .split_once("\r\n\r\n")
            .context("the harness answered no HTTP response")?;
        if !head.starts_with("HTTP/1.1 200") && !head.starts_with("HTTP/1.0 200") {
            bail!("the harness refused {method} {path}: {head} {body}");
        }
        Ok(body.to_owned())
    }

    /// A config that talks to moto in `region` with static `testing` credentials, which
    /// moto maps to [`DEFAULT_ACCOUNT`]. Two attempts per call, so moto's HTTP 500 for
    /// unimplemented operations fails fast.
    pub async fn base_config(&self, region: &str) -> SdkConfig {
        aws_config::defaults(BehaviorVersion::latest())
            .endpoint_url(self.endpoint.clone())
            .region(Region::new(region.to_owned()))
            .credentials_provider(Credentials::new(
                "testing",
                "testing",
                None,
                None,
                "moto-static",
            ))
            .retry_config(RetryConfig::standard().with_max_attempts(2))
            .load()
            .await
    }

    /// A config acting in `account`: sts:AssumeRole into
    /// `arn:aws:iam::<account>:role/<role_name>` from [`Moto::base_config`], with the
    /// issued credentials set as static credentials.
    ///
    /// # Errors
    /// If AssumeRole fails or returns no credentials.
    pub async fn account_config(
        &self,
        account: &str,
        region: &str,
        role_name: &str,
        session_name: &str,
    ) -> anyhow::Result<SdkConfig> {
        let base = self.base_config(region).await;
        let role_arn = format!("arn:aws:iam::{account}:role/{role_name}");
        let out = aws_sdk_sts::Client::new(&base)
            .assume_role()
            .role_arn(&role_arn)
            .role_session_name(session_name)
            .send()
            .await
            .map_err(|e| anyhow!("{}", aws_sdk_sts::error::DisplayErrorContext(e)))
            .with_context(|| format!("AssumeRole into {role_arn}"))?;
        let creds = out
            .credentials()
            .with_context(|| format!("AssumeRole into {role_arn} returned no credentials"))?;
        let provider = SharedCredentialsProvider::new(Credentials::new(
            creds.access_key_id(),
            creds.secret_access_key(),
            Some(creds.session_token().to_owned()),
            None,
            "moto-assume-role",
        ));
        Ok(base.into_builder().credentials_provider(provider).build())
    }

    fn start() -> anyhow::Result<Self> {
        if let Ok(endpoint) = std::env::var("MOTO_ENDPOINT")
            && !endpoint.is_empty()
        {
            return Ok(Self {
                endpoint: endpoint.trim_end_matches('/').to_owned(),
                _server: None,
            });
        }
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let script = manifest_dir.join("moto_harness.py");
        let python = match std::env::var_os("MOTO_PYTHON") {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => manifest_dir
                .parent()
                .unwrap_or(manifest_dir)
                .join(".venv/bin/python"),
        };
        if !python.exists() {
            bail!(
                "no Python for moto at {} (MOTO_PYTHON); run `make .venv` in the workspace root",
                python.display()
            );
        }
        let mut child = Command::new(&python)
            .arg(&script)
            // Accounts come from AssumeRole credentials; this variable would override them all.
            .env_remove("MOTO_ACCOUNT_ID")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            // Not inherited: a child holding the test's stderr makes nextest report a leak.
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("spawning {} {}", python.display(), script.display()))?;
        let stdin = child.stdin.take().context("harness stdin not piped")?;
        let stdout = child.stdout.take().context("harness stdout not piped")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .context("reading the harness's PORT line")?;
        let Some(port) = line.trim().strip_prefix("PORT ") else {
            // Closing its stdin stops a harness that is still running, so the wait ends.
            drop(stdin);
            let status = child
                .wait()
                .map_or_else(|e| e.to_string(), |s| s.to_string());
            bail!(
                "moto harness printed {line:?} instead of `PORT <n>` ({status}); \
                 is moto installed for {}? run `make .venv`, or run `{} {}` by hand to see its error",
                python.display(),
                python.display(),
                script.display()
            );
        };
        let port: u16 = port
            .parse()
            .with_context(|| format!("bad port in harness line {line:?}"))?;
        Ok(Self {
            endpoint: format!("http://127.0.0.1:{port}"),
            _server: Some((child, stdin)),
        })
    }
}
