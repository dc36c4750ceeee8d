//! What one run of the `autotag` binary costs, for the benchmarks: wall time, CPU time, peak
//! resident memory, sampled from `/proc/<pid>` while it runs, and where its CPU went, from a
//! `perf` profile. Figures to print, never to assert.

use std::time::{Duration, Instant};

use anyhow::Context;
use aws_config::SdkConfig;

use crate::org::{Org, REGION, autotag_bin};

/// What one run cost.
#[derive(Debug)]
pub struct Measured {
    /// Wall time from spawn to exit.
    pub elapsed: Duration,
    /// User plus system CPU time, as last sampled (every 10 ms, so short by at most that).
    pub cpu: Duration,
    /// Peak resident memory (`VmHWM`), KiB.
    pub peak_kib: u64,
    /// The most resident memory seen that is the process's own (`RssAnon`: heap, stacks), KiB.
    pub peak_anon_kib: u64,
    /// The most resident memory seen that is mapped from files (`RssFile`: the binary's code
    /// and data, shared libraries), KiB.
    pub peak_file_kib: u64,
    /// What it printed on stdout.
    pub stdout: String,
    /// Whether it exited with status 0.
    pub success: bool,
}

/// Runs `autotag <args> --endpoint-url <moto> --region <region> --config <policy>` as `who`
/// (the hub's credentials for an org-wide command), sampling its cost.
pub async fn measure(
    org: &Org,
    who: &SdkConfig,
    policy: &std::path::Path,
    args: &[&str],
) -> anyhow::Result<Measured> {
    measure_under(org, who, policy, args, None).await
}

/// As [`measure`], run under `perf record` writing to `profile` when given (then the CPU
/// figure is perf's own, not autotag's: read the profile instead).
pub async fn measure_under(
    org: &Org,
    who: &SdkConfig,
    policy: &std::path::Path,
    args: &[&str],
    profile: Option<&std::path::Path>,
) -> anyhow::Result<Measured> {
    let credentials = {
        use aws_credential_types::provider::ProvideCredentials;
        who.credentials_provider()
            .context("no credentials")?
            .provide_credentials()
            .await?
    };
    let ticks_per_second = clock_ticks_per_second().await;
    let started = Instant::now();
    let mut command = match profile {
        Some(data) => {
            let mut perf = tokio::process::Command::new("perf");
            perf.args(["record", "--quiet", "-F", "999", "-g", "-o"])
                .arg(data)
                .arg("--")
                .arg(autotag_bin()?);
            perf
        }
        None => tokio::process::Command::new(autotag_bin()?),
    };
    let mut child = command
        .args(args)
        .args(["--endpoint-url", org.moto.endpoint(), "--region", REGION])
        .arg("--config")
        .arg(policy)
        .env("AWS_ACCESS_KEY_ID", credentials.access_key_id())
        .env("AWS_SECRET_ACCESS_KEY", credentials.secret_access_key())
        .env(
            "AWS_SESSION_TOKEN",
            credentials.session_token().unwrap_or_default(),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        // The retry behaviour the hub stack gives the function.
        .env("AWS_NEW_RETRIES_2026", "true")
        .env("AUTOTAG_LOG", "error")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    let pid = child.id().context("no pid")?;
    let mut stdout = child.stdout.take().context("no stdout")?;
    let reader = tokio::spawn(async move {
        let mut text = String::new();
        tokio::io::AsyncReadExt::read_to_string(&mut stdout, &mut text)
            .await
            .map(|_| text)
    });
    let (mut peak_kib, mut peak_anon_kib, mut peak_file_kib) = (0, 0, 0);
    let mut ticks = 0;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            peak_kib = peak_kib.max(status_kib(&text, "VmHWM:"));
            peak_anon_kib = peak_anon_kib.max(status_kib(&text, "RssAnon:"));
            peak_file_kib = peak_file_kib.max(status_kib(&text, "RssFile:"));
        }
        if let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            ticks = ticks.max(cpu_ticks(&text).unwrap_or(0));
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    Ok(Measured {
        elapsed: started.elapsed(),
        cpu: Duration::from_secs_f64(ticks as f64 / ticks_per_second),
        peak_kib,
        peak_anon_kib,
        peak_file_kib,
        stdout: reader.await??,
        success: status.success(),
    })
}

/// The CPU time process `pid` has used so far (user plus system), when it can be read.
pub async fn cpu_of(pid: u32) -> Option<Duration> {
    let ticks = cpu_ticks(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)?;
    Some(Duration::from_secs_f64(
        ticks as f64 / clock_ticks_per_second().await,
    ))
}

/// A `kB` figure of `/proc/<pid>/status`, 0 when absent.
fn status_kib(status: &str, field: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// `utime + stime` from a `/proc/<pid>/stat` line: fields 14 and 15, counted after the
/// command name, which is in parentheses and may hold spaces.
fn cpu_ticks(stat: &str) -> Option<u64> {
    let after_name = stat.rsplit_once(')')?.1;
    let mut fields = after_name.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(user + system)
}

/// The kernel's clock ticks per second (`getconf CLK_TCK`), 100 when it cannot be asked.
async fn clock_ticks_per_second() -> f64 {
    let asked = tokio::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .await
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.trim().parse::<f64>().ok());
    asked.filter(|t| *t > 0.0).unwrap_or(100.0)
}

/// Where a profile's samples fell, by the part of the program their symbol belongs to, in
/// percent, largest first: what `perf report` attributes to each symbol, folded into kernel,
/// allocation, memory copies, the SDK's parsing, its runtime, HTTP, signing and crypto, tokio,
/// tracing, serde_json, autotag's core and hub, and the rest.
///
/// # Errors
/// If `perf report` cannot be run on `data`.
pub async fn profile_breakdown(data: &std::path::Path) -> anyhow::Result<Vec<(&'static str, f64)>> {
    let output = tokio::process::Command::new("perf")
        .args([
            "report",
            "--stdio",
            "--no-children",
            "--sort",
            "sym",
            "-g",
            "none",
            "-i",
        ])
        .arg(data)
        .stderr(std::process::Stdio::null())
        .output()
        .await
        .context("running perf report")?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut shares: Vec<(&'static str, f64)> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((percent, symbol)) = line.trim().split_once('%') else {
            continue;
        };
        let Ok(percent) = percent.trim().parse::<f64>() else {
            continue;
        };
        let part = part_of(symbol.trim());
        match shares.iter_mut().find(|(name, _)| *name == part) {
            Some((_, total)) => *total += percent,
            None => shares.push((part, percent)),
        }
    }
    shares.sort_by(|a, b| b.1.total_cmp(&a.1));
    Ok(shares)
}

/// The part of the program a `perf report` symbol (`[k] name` or `[.] name`) belongs to.
fn part_of(symbol: &str) -> &'static str {
    let has = |needles: &[&str]| needles.iter().any(|n| symbol.contains(n));
    if symbol.starts_with("[k]") {
        "kernel (system calls, scheduling, page faults)"
    } else if has(&[
        "malloc",
        "free",
        "_int_",
        "unlink_chunk",
        "realloc",
        "calloc",
        "alloc::",
    ]) {
        "memory allocation"
    } else if has(&["memmove", "memcpy", "memcmp", "memset", "memchr", "strlen"]) {
        "memory copies and compares"
    } else if has(&["serde_json", "serde_core"]) {
        "serde_json (events, ledger records)"
    } else if has(&[
        "aws_smithy_json",
        "aws_smithy_xml",
        "xmlparser",
        "::de_",
        "deser",
    ]) {
        "SDK response parsing (JSON, XML)"
    } else if has(&["sigv4", "sha2", "hmac", "ring::", "aws_lc", "rustls"]) {
        "request signing, TLS and crypto"
    } else if has(&[
        "aws_smithy",
        "aws_sdk",
        "aws_runtime",
        "aws_types",
        "aws_config",
    ]) {
        "SDK runtime (orchestrator, interceptors, endpoints, serializers)"
    } else if has(&["hyper", "h2::", "http::", "httparse"]) {
        "HTTP client"
    } else if has(&["tokio"]) {
        "tokio"
    } else if has(&["tracing"]) {
        "tracing"
    } else if has(&["autotag_core"]) {
        "autotag core (parse, plan)"
    } else if has(&["autotag_hub", "autotag::"]) {
        "autotag hub (batching, routes, ledger)"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn profile_symbols_are_sorted_into_parts() {
        assert_eq!(
            super::part_of("[k] finish_task_switch"),
            "kernel (system calls, scheduling, page faults)"
        );
        assert_eq!(super::part_of("[.] _int_malloc"), "memory allocation");
        assert_eq!(
            super::part_of("[.] aws_smithy_json::escape::unescape_string"),
            "SDK response parsing (JSON, XML)"
        );
        assert_eq!(
            super::part_of("[.] autotag_core::audit::types::matches"),
            "autotag core (parse, plan)"
        );
    }

    #[test]
    fn cpu_ticks_are_read_after_a_name_with_spaces() {
        let stat = "4242 (auto tag) S 1 4242 4242 0 -1 4194560 100 0 0 0 37 5 0 0 20 0 1 0";
        assert_eq!(super::cpu_ticks(stat), Some(42));
    }
}
