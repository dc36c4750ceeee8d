//! `autotag enforce --report` against the emulator: the `[[enforce]]` rules judge what the auto-
//! tag role lists in a spoke, by the tags the resources carry now, without changing anything.

use autotag_tests::org::{Org, REGION, tags_of};
use autotag_tests::resources;
use serde_json::Value;

const RULE: &str = r#"
[[enforce]]
name = "cost-center"
resource_types = ["ec2:instance"]
dry_run = false
required_tags = [{ key = "CostCenter", values = ["1001", "1002"] }]
steps = [{ action = "notify" }, { action = "mark" }, { action = "stop", after = "3d" }]
exempt = { tags = { "autotag:exempt" = "true" } }
"#;

#[tokio::test]
async fn the_report_lists_each_instance_by_its_tags_and_changes_nothing() -> anyhow::Result<()> {
    // GIVEN a spoke with an instance lacking CostCenter, one with a value outside the list,
    // a compliant one and an exempt one,
    let org = Org::create(1).await?;
    let spoke = org.spokes[0].clone();
    let admin = org.admin(&spoke).await?;
    let ec2 = aws_sdk_ec2::Client::new(&admin);
    let mut instances = Vec::new();
    for tags in [
        vec![],
        vec![("CostCenter", "9999")],
        vec![("CostCenter", "1001")],
        vec![("autotag:exempt", "true")],
    ] {
        let launched = resources::run_instance(&admin).await?;
        if !tags.is_empty() {
            let mut create = ec2.create_tags().resources(&launched.instance);
            for (key, value) in tags {
                create = create.tags(
                    aws_sdk_ec2::types::Tag::builder()
                        .key(key)
                        .value(value)
                        .build(),
                );
            }
            create.send().await?;
        }
        instances.push(launched.instance);
    }
    let dir = std::env::temp_dir().join(format!("autotag-e2e-enforce-{}", std::process::id()));
    let policy = org.write_policy(&dir, &[&spoke], RULE)?;
    let arn = |id: &str| format!("arn:aws:ec2:{REGION}:{spoke}:instance/{id}");
    let before = tags_of(&admin, &arn(&instances[0])).await?;
    let report = [
        "enforce",
        "--report",
        "--accounts",
        &spoke,
        "--regions",
        REGION,
    ];

    // WHEN the report runs over the spoke,
    let json = [report.as_slice(), &["--output", "json"]].concat();
    let (status, lines) = org.run_autotag(Some(&policy), &json).await?;

    // THEN it exits 4 (something is not compliant) with one line per instance of the rule,
    assert_eq!(status.code(), Some(4), "{lines:#?}");
    let row = |id: &str| -> &Value {
        lines
            .iter()
            .find(|l| l["resource"].as_str().is_some_and(|r| r.ends_with(id)))
            .unwrap_or_else(|| panic!("no line for `{id}`: {lines:#?}"))
    };
    let missing = row(&instances[0]);
    assert_eq!(missing["rule"], "cost-center");
    assert_eq!(missing["status"], "non_compliant", "{missing}");
    assert!(
        missing["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("CostCenter"),
        "{missing}"
    );
    assert_eq!(row(&instances[1])["status"], "non_compliant");
    assert!(
        row(&instances[1])["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("9999"),
        "{lines:#?}"
    );
    assert_eq!(row(&instances[2])["status"], "compliant");
    assert_eq!(row(&instances[3])["status"], "exempt");
    // and it changed nothing: no mark, no stop.
    assert_eq!(tags_of(&admin, &arn(&instances[0])).await?, before);
    let state = ec2
        .describe_instances()
        .instance_ids(&instances[0])
        .send()
        .await?;
    let state = state
        .reservations()
        .first()
        .and_then(|r| r.instances().first())
        .and_then(|i| i.state())
        .and_then(|s| s.name())
        .map(|n| n.as_str().to_owned());
    assert_eq!(state.as_deref(), Some("running"));

    // WHEN the policy has no rule, THEN the command says so and fails.
    let plain = org.write_policy(&dir.join("plain"), &[&spoke], "")?;
    let (status, _, stderr) = org.run_autotag_raw(Some(&plain), &report).await?;
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no `[[enforce]]` rule"), "{stderr}");
    Ok(())
}
