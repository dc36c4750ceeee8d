//! The `autotag` command line as users run it: `plan` on the three input shapes, a bad config
//! refused with the field named, and `schema`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures")
        .join(name)
}

fn autotag(args: &[&str]) -> (i32, Vec<Value>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_autotag"))
        .args(args)
        .env_remove("AUTOTAG_CONFIG")
        .output()
        .unwrap();
    let lines = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (
        output.status.code().unwrap_or(-1),
        lines,
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn scratch(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("autotag-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn plan_prints_one_line_per_event_in_the_documented_shape() {
    let file = fixture("ec2/RunInstances-invictus-aws_dataset-1.json");
    let (code, lines, _) = autotag(&["plan", file.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    let keys: Vec<&str> = line
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "outcome",
            "reason",
            "account",
            "region",
            "principal",
            "resources",
            "tags",
            "lookups"
        ]
    );
    assert_eq!(
        line["lookups"]["principal"],
        serde_json::json!({"kind": "user", "account": "123837392027", "name": "bert-jan"}),
        "{line}"
    );
    assert_eq!(line["outcome"], "tag");
    assert_eq!(line["account"], "123837392027");
    assert_eq!(line["principal"]["type"], "IAMUser");
    assert_eq!(line["principal"]["owner"], "bert-jan");
    assert_eq!(
        line["resources"][0],
        "arn:aws:ec2:us-east-1:123837392027:instance/i-0dbc91f429e48eeed"
    );
    assert_eq!(line["tags"]["dateCreated"], "2023-07-10T11:55:21Z");
}

#[test]
fn plan_reads_log_files_and_arrays_with_the_right_ids() {
    let event: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("ec2/CreateVolume-invictus-aws_dataset-1.json")).unwrap(),
    )
    .unwrap();
    let log_file = scratch(
        "log.json",
        &serde_json::json!({"Records": [event["detail"], 42]}).to_string(),
    );
    let (_, lines, _) = autotag(&["plan", log_file.to_str().unwrap()]);
    assert_eq!(lines[0]["id"], event["detail"]["eventID"]);
    assert_eq!(lines[1]["outcome"], "reject");

    let array = scratch(
        "array.json",
        &Value::Array(vec![event.clone(), event.clone()]).to_string(),
    );
    let (_, lines, _) = autotag(&["plan", array.to_str().unwrap()]);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], event["id"]);
}

#[test]
fn a_bad_config_is_refused_naming_the_field() {
    let config = scratch("bad.toml", "[tags]\nowner = \"aws:owner\"\n");
    let file = fixture("ec2/CreateVolume-invictus-aws_dataset-1.json");
    let (code, lines, stderr) = autotag(&[
        "plan",
        "--config",
        config.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(lines.is_empty());
    assert!(stderr.contains("`tags.owner`"), "{stderr}");
}

#[test]
fn handle_refuses_to_run_without_an_external_id() {
    let file = fixture("ec2/CreateVolume-invictus-aws_dataset-1.json");
    let (code, _, stderr) = autotag(&[
        "handle",
        "--endpoint-url",
        "http://127.0.0.1:9",
        file.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(stderr.contains("`spoke.external_id`"), "{stderr}");
}

#[test]
fn schema_prints_the_committed_schema() {
    let output = Command::new(env!("CARGO_BIN_EXE_autotag"))
        .arg("schema")
        .output()
        .unwrap();
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/config.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(printed, committed);
}

#[test]
fn policy_simulate_explains_what_the_scp_decides() {
    let simulate = |principal: &str, action: &str, key: &str| {
        let (code, lines, stderr) = autotag(&[
            "policy",
            "simulate",
            "--principal",
            principal,
            "--action",
            action,
            "--tag-key",
            key,
        ]);
        assert_eq!(code, 0, "{stderr}");
        lines[0].clone()
    };
    let developer = "arn:aws:iam::222222222222:role/developer";
    let autotag_role = "arn:aws:iam::222222222222:role/autotag";
    let denied = simulate(developer, "ec2:DeleteTags", "owner");
    assert_eq!(denied["decision"], "denied");
    assert!(
        denied["reason"]
            .as_str()
            .unwrap()
            .contains("DenyRemovingProtectedTags"),
        "{denied}"
    );
    assert_eq!(
        simulate(developer, "ec2:DeleteTags", "env")["decision"],
        "allowed"
    );
    assert_eq!(
        simulate(autotag_role, "ec2:CreateTags", "owner")["decision"],
        "allowed"
    );
    assert_eq!(
        simulate(developer, "tag:TagResources", "dateCreated")["decision"],
        "denied"
    );
}

/// A bucket created with credentials from a corpus AssumeRole record: with the STS record
/// preloaded, the plan joins the session by access key id; without it, the owner is the role.
#[test]
fn plan_joins_preloaded_sessions_by_access_key_id() {
    let sts = fixture("sts/AssumeRole-awsdocs-iam-user-guide-2.json");
    let create = scratch(
        "create-with-session.json",
        &serde_json::json!({
            "id": "create-1", "source": "aws.s3", "account": "111111111111",
            "detail-type": "AWS API Call via CloudTrail",
            "detail": {
                "eventVersion": "1.08", "eventType": "AwsApiCall", "eventTime": "2019-10-02T22:20:00Z",
                "eventSource": "s3.amazonaws.com", "eventName": "CreateBucket", "awsRegion": "us-east-2",
                "recipientAccountId": "111111111111",
                "userIdentity": {
                    "type": "AssumedRole", "principalId": "AROAIFR7WHDTSOYQYHFUE:Role2WithTags",
                    "arn": "arn:aws:sts::111111111111:assumed-role/JohnRole2/Role2WithTags",
                    "accountId": "111111111111", "accessKeyId": "ASIAWHOJDLGPOEXAMPLE"
                },
                "requestParameters": {"bucketName": "johns-bucket"}
            }
        })
        .to_string(),
    );
    let (code, lines, stderr) = autotag(&[
        "plan",
        "--sessions",
        sts.to_str().unwrap(),
        "--",
        create.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let tags = &lines[0]["tags"];
    assert_eq!(tags["owner"], "JohnDoe", "{}", lines[0]);
    assert_eq!(tags["Email"], "johndoe@example.com");
    assert_eq!(tags["CostCenter"], "12345");
    assert_eq!(tags["Department"], "Engineering");

    let (_, lines, _) = autotag(&["plan", create.to_str().unwrap()]);
    assert_eq!(lines[0]["tags"]["owner"], "JohnRole2/Role2WithTags");
    assert_eq!(lines[0]["tags"].get("Email"), None);

    // An STS record on its own is a session, printed with what it carries.
    let (_, lines, _) = autotag(&["plan", sts.to_str().unwrap()]);
    assert_eq!(lines[0]["outcome"], "session");
    assert_eq!(lines[0]["session"]["access_key_id"], "ASIAWHOJDLGPOEXAMPLE");
}

#[test]
fn registry_lists_every_row_in_each_format() {
    let (code, lines, stderr) = autotag(&["registry", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines.len(), autotag_core::registry::rows().len());
    let create_tags = lines
        .iter()
        .find(|l| l["event_name"] == "CreateTags")
        .unwrap();
    assert_eq!(create_tags["route"], "untaggable");
    assert!(create_tags["untaggable_because"].is_string());
    let table = lines
        .iter()
        .find(|l| l["event_name"] == "CreateTable")
        .unwrap();
    assert_eq!(table["readiness"], "when-available");
    assert_eq!(table["provenance"], "real record (shared corpus)");

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_autotag"))
        .args(["registry", "--format", "markdown"])
        .output()
        .unwrap();
    let committed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/coverage.md"))
            .unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), committed);
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    // `autotag registry | head -1`: the reader goes after one line.
    let mut child = Command::new(env!("CARGO_BIN_EXE_autotag"))
        .args(["registry"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
}

#[test]
fn exit_statuses_tell_usage_errors_from_failures() {
    // A usage error is clap's 2,
    let (code, _, stderr) = autotag(&["plan", "--no-such-flag", "x.json"]);
    assert_eq!(code, 2, "{stderr}");
    // and so is an --output the command does not print;
    let file = fixture("ec2/CreateVolume-invictus-aws_dataset-1.json");
    let (code, _, stderr) = autotag(&["plan", "--output", "csv", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("prints JSON lines"), "{stderr}");
    // a command that cannot do its work is 1, naming why;
    let (code, _, stderr) = autotag(&["plan", "/no/such/file.json"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("cannot read `/no/such/file.json`"),
        "{stderr}"
    );
    // generated files out of date are the verdict 4.
    let root = std::env::temp_dir().join(format!("autotag-cli-render-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_autotag"))
        .args(["render", "--check", "--root", root.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("stale"), "{stderr}");
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("differs: stacksets/hub.yaml")
    );
}

#[test]
fn plan_reads_stdin_and_gzip_compressed_log_files() {
    use std::io::Write;
    let file = fixture("ec2/CreateVolume-invictus-aws_dataset-1.json");
    let record = std::fs::read_to_string(&file).unwrap();
    let (_, expected, _) = autotag(&["plan", file.to_str().unwrap()]);

    let mut child = Command::new(env!("CARGO_BIN_EXE_autotag"))
        .args(["plan", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(record.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let from_stdin: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(from_stdin, expected);

    // As CloudTrail delivers it to S3: `{"Records": [...]}`, gzip-compressed.
    let event: Value = serde_json::from_str(&record).unwrap();
    let log = serde_json::json!({"Records": [event.get("detail").unwrap_or(&event)]});
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(log.to_string().as_bytes()).unwrap();
    let gz = scratch("log.json.gz", "");
    std::fs::write(&gz, encoder.finish().unwrap()).unwrap();
    let (code, lines, stderr) = autotag(&["plan", gz.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["resources"], expected[0]["resources"]);
}

#[test]
fn registry_and_config_print_csv() {
    let output = Command::new(env!("CARGO_BIN_EXE_autotag"))
        .args(["registry", "--output", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let mut rows = text.lines();
    assert_eq!(
        rows.next(),
        Some("event_source,event_name,resource_types,arn_templates,route,readiness,fixture")
    );
    assert_eq!(rows.count(), autotag_core::registry::rows().len());

    let policy = scratch(
        "good.toml",
        "[install]\nname = \"autotag-staging\"\n[spoke]\nexternal_id = \"x-1\"\n",
    );
    let (code, lines, stderr) = autotag(&[
        "config",
        "validate",
        "--output",
        "json",
        policy.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines[0]["install"], "autotag-staging");
    assert_eq!(lines[0]["spoke_role"], "autotag-staging");
    let bad = scratch("bad-install.toml", "[install]\nname = \"Prod\"\n");
    let (code, _, stderr) = autotag(&["config", "validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("`install.name`"), "{stderr}");
}

#[test]
fn the_function_refuses_to_start_without_its_policy_naming_why() {
    // A cold start with no readable policy must not tag by a guess, and its init error must
    // carry the cause, not only the outermost message.
    let output = Command::new(env!("CARGO_BIN_EXE_bootstrap"))
        .env_remove("AUTOTAG_CONFIG_PARAMETER")
        .env("AUTOTAG_CONFIG", "/no/such/autotag.toml")
        .env("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let said = format!("{stdout}{stderr}");
    assert!(
        said.contains("cannot read the policy: cannot read config file `/no/such/autotag.toml`: "),
        "{said}"
    );
    // The cause chain, not the errors' debug form.
    assert!(!said.contains("Fetch("), "{said}");
}
