//! Issue 16 end to end: `autotag enforce` on instances a user created and the hub stamped. A
//! non-compliant instance is marked and the security team told (SNS, read back from an SQS
//! subscription), then stopped once the grace has passed (`--at`); a compliant one and an exempt
//! principal's are left alone; a dry-run rule changes nothing; `--report --output csv` lists the
//! findings. `--report` alone judges a value outside the list, changes nothing, and refuses a
//! policy without rules.

use std::path::PathBuf;

use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::org::{Org, REGION, tags_of};
use autotag_tests::resources;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("autotag-e2e-enforce-{}-{name}", std::process::id()))
}

const MARK: &str = "autotag:enforce:cost-center";

fn rule(dry_run: bool) -> String {
    format!(
        r#"
[[enforce]]
name = "cost-center"
resource_types = ["ec2:instance"]
dry_run = {dry_run}
required_tags = [{{ key = "CostCenter", values = ["1001", "1002"] }}]
steps = [
  {{ action = "notify" }},
  {{ action = "mark" }},
  {{ action = "stop", after = "3d" }},
]
exempt = {{ principals = ["arn:aws:iam::*:user/ci-bot"] }}
"#
    )
}

/// The policy `body` for spoke `a`, scoped to the test region (a sweep then lists one region).
fn policy_in_region(
    org: &Org,
    name: &str,
    a: &str,
    body: &str,
) -> anyhow::Result<autotag_core::policy::TagPolicy> {
    let path = org.write_policy(&scratch(name), &[a], body)?;
    let text = std::fs::read_to_string(&path)?.replacen(
        "[scope]\n",
        &format!("[scope]\nregions = [\"{REGION}\"]\n"),
        1,
    );
    std::fs::write(&path, text)?;
    Ok(autotag_hub::config::load_policy(Some(&path))?.0)
}

/// A sweep's budget that no test reaches.
const LONG: std::time::Duration = std::time::Duration::from_secs(600);

fn utc(at: OffsetDateTime) -> String {
    autotag_core::enforce::utc_seconds(at)
}

/// The messages published to the alert topic so far, as (subject, text).
async fn messages(org: &Org) -> anyhow::Result<Vec<(String, String)>> {
    org.received_alert_texts().await
}

async fn state_of(config: &aws_config::SdkConfig, instance: &str) -> anyhow::Result<String> {
    let described = aws_sdk_ec2::Client::new(config)
        .describe_instances()
        .instance_ids(instance)
        .send()
        .await?;
    Ok(described
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .find_map(|i| {
            i.state()
                .and_then(|s| s.name())
                .map(|n| n.as_str().to_owned())
        })
        .unwrap_or_default())
}

/// One spoke, the hub's tables and its alert topic (the security team's, read back through an SQS
/// subscription): the org, the spoke, the topic and the ledger table.
async fn enforcing_org() -> anyhow::Result<(Org, String, String, String)> {
    let org = Org::create(1)
        .await?
        .with_hub_tables()
        .await?
        .with_alerts()
        .await?;
    let a = org
        .spokes
        .first()
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("no spoke"))?;
    let (topic, _) = org
        .alerts
        .clone()
        .ok_or_else(|| anyhow::anyhow!("no topic"))?;
    let (_, ledger) = org
        .hub_tables
        .clone()
        .ok_or_else(|| anyhow::anyhow!("no tables"))?;
    Ok((org, a, topic, ledger))
}

/// Three instances in spoke `a`, their `RunInstances` records sent to the hub bus: alice's
/// without `CostCenter`, alice's with `CostCenter=1001`, and ci-bot's (an exempt principal)
/// without it. Returns alice's credentials, the three ids and the records' time.
async fn three_creations(
    org: &Org,
    a: &str,
) -> anyhow::Result<(aws_config::SdkConfig, [String; 3], String)> {
    let alice = org.user(a, "alice").await?;
    let ci = org.user(a, "ci-bot").await?;
    let bare = resources::run_instance(&alice).await?.instance;
    let tagged = resources::run_instance(&alice).await?.instance;
    resources::tag_ec2(&alice, &tagged, &[("CostCenter", "1001")]).await?;
    let exempt = resources::run_instance(&ci).await?.instance;
    let created = cloudtrail::now();
    for (config, instance) in [(&alice, &bare), (&alice, &tagged), (&ci, &exempt)] {
        org.emit(
            a,
            &cloudtrail::record(
                "ec2/RunInstances-invictus-aws_dataset-1.json",
                &Caller::of(config).await?,
                REGION,
                &created,
                &[(
                    "/responseElements/instancesSet/items/0/instanceId",
                    json!(instance),
                )],
            )?,
        )
        .await?;
    }
    Ok((alice, [bare, tagged, exempt], created))
}

#[tokio::test]
async fn a_non_compliant_instance_is_marked_the_team_told_and_it_is_stopped_after_the_grace()
-> anyhow::Result<()> {
    // GIVEN a hub with its ledger and the security team's topic, and three instances stamped
    // by the hub: alice's without `CostCenter`, alice's with `CostCenter=1001`, and ci-bot's
    // (an exempt principal) without it,
    let (org, a, topic, ledger) = enforcing_org().await?;
    let settings = format!("\n[enforcement]\nnotify_topic = \"{topic}\"\n");
    let stamping = org.write_policy(&scratch("stamping"), &[&a], "")?;
    let (alice, [bare, tagged, exempt], created) = three_creations(&org, &a).await?;
    org.run_hub(&stamping, 3).await?;
    let arn = |id: &str| format!("arn:aws:ec2:{REGION}:{a}:instance/{id}");
    for id in [&bare, &tagged, &exempt] {
        let tags = tags_of(&alice, &arn(id)).await?;
        assert!(tags.contains_key("owner"), "{id} not stamped: {tags:?}");
    }
    let created_at = OffsetDateTime::parse(&created, &Rfc3339)?;
    let t0 = created_at + time::Duration::minutes(1);
    let t0_text = utc(t0);
    let scope = [
        "--accounts",
        a.as_str(),
        "--regions",
        REGION,
        "--ledger-table",
        ledger.as_str(),
    ];

    // WHEN the rule is a dry run and the sweep runs,
    let dry = org.write_policy(&scratch("dry"), &[&a], &(settings.clone() + &rule(true)))?;
    let mut args = vec!["enforce", "--sweep", "--output", "json", "--at", &t0_text];
    args.extend(scope);
    let (status, lines) = org.run_autotag(Some(&dry), &args).await?;
    // THEN it changes nothing: no mark, the instance runs, and the team's summary says so.
    assert!(status.success(), "{status}: {lines:?}");
    let row = lines
        .iter()
        .find(|l| l["resource"] == json!(arn(&bare)))
        .ok_or_else(|| anyhow::anyhow!("no row for {bare}: {lines:?}"))?;
    assert_eq!(row["status"], json!("non_compliant"), "{row}");
    assert_eq!(row["dry_run"], json!(true), "{row}");
    assert!(!tags_of(&alice, &arn(&bare)).await?.contains_key(MARK));
    assert_eq!(state_of(&alice, &bare).await?, "running");
    let summary = messages(&org).await?;
    assert_eq!(summary.len(), 1, "{summary:?}");
    assert!(summary[0].1.contains("dry run"), "{}", summary[0].1);

    // WHEN the rule is live: the report lists the findings as CSV and says "no" (status 4),
    let live = org.write_policy(&scratch("live"), &[&a], &(settings + &rule(false)))?;
    let mut args = vec!["enforce", "--report", "--output", "csv", "--at", &t0_text];
    args.extend(scope);
    let (status, csv, stderr) = org.run_autotag_raw(Some(&live), &args).await?;
    assert_eq!(status.code(), Some(4), "{stderr}\n{csv}");
    let line_of = |id: &str| {
        csv.lines()
            .find(|l| l.contains(id))
            .map(str::to_owned)
            .unwrap_or_default()
    };
    assert!(
        csv.starts_with("rule,account,region,owner,resource_type,resource,status,"),
        "{csv}"
    );
    assert!(
        line_of(&bare).contains(",non_compliant,`CostCenter` is missing,"),
        "{csv}"
    );
    assert!(line_of(&tagged).contains(",compliant,"), "{csv}");
    assert!(
        line_of(&exempt).contains(",exempt,principal arn:aws:iam::*:user/ci-bot,"),
        "{csv}"
    );
    assert!(
        !tags_of(&alice, &arn(&bare)).await?.contains_key(MARK),
        "the report acted"
    );

    // and the sweep runs,
    let mut args = vec!["enforce", "--sweep", "--output", "json", "--at", &t0_text];
    args.extend(scope);
    let (status, lines) = org.run_autotag(Some(&live), &args).await?;
    assert!(status.success(), "{status}: {lines:?}");
    // THEN the non-compliant instance is marked with the stop three days on,
    let stop_due = utc(t0 + time::Duration::days(3));
    let tags = tags_of(&alice, &arn(&bare)).await?;
    assert_eq!(
        tags.get(MARK),
        Some(&format!("stop@{stop_due}")),
        "{tags:?}"
    );
    assert_eq!(state_of(&alice, &bare).await?, "running");
    // the compliant and the exempt ones are left alone,
    for id in [&tagged, &exempt] {
        let tags = tags_of(&alice, &arn(id)).await?;
        assert!(!tags.contains_key(MARK), "{id}: {tags:?}");
        assert_eq!(state_of(&alice, id).await?, "running");
    }
    // and the security team is told who, what, how to fix it and the deadline.
    let told = messages(&org).await?;
    assert_eq!(told.len(), 1, "{told:?}");
    let (subject, text) = &told[0];
    assert!(subject.contains("1 non-compliant"), "{subject}");
    assert!(
        text.contains(&format!("User alice created ec2:instance {bare}")),
        "{text}"
    );
    assert!(text.contains("Image id: ami-"), "{text}");
    assert!(text.contains("Instance type: t3.micro"), "{text}");
    assert!(
        text.contains("Fix: set the tag `CostCenter` to one of"),
        "{text}"
    );
    assert!(
        text.contains(&format!("Deadline: stop on {stop_due}")),
        "{text}"
    );
    assert!(!text.contains(&tagged) && !text.contains(&exempt), "{text}");

    // WHEN the sweep runs again before the deadline, nothing more happens and nobody is told;
    let (status, _) = org.run_autotag(Some(&live), &args).await?;
    assert!(status.success());
    assert!(messages(&org).await?.is_empty());
    assert_eq!(state_of(&alice, &bare).await?, "running");

    // and once the grace has passed,
    let t1 = t0 + time::Duration::days(3) + time::Duration::minutes(1);
    let t1_text = utc(t1);
    let mut args = vec!["enforce", "--sweep", "--output", "json", "--at", &t1_text];
    args.extend(scope);
    let (status, lines) = org.run_autotag(Some(&live), &args).await?;
    assert!(status.success(), "{status}: {lines:?}");
    // THEN the instance is stopped and its mark says the ladder is done,
    assert_eq!(state_of(&alice, &bare).await?, "stopped");
    let tags = tags_of(&alice, &arn(&bare)).await?;
    assert_eq!(tags.get(MARK), Some(&format!("done@{t1_text}")), "{tags:?}");
    let row = lines
        .iter()
        .find(|l| l["resource"] == json!(arn(&bare)))
        .ok_or_else(|| anyhow::anyhow!("no row: {lines:?}"))?;
    assert_eq!(row["actions"], json!("stop"), "{row}");
    // the others still run, and the team hears of the stop.
    for id in [&tagged, &exempt] {
        assert_eq!(state_of(&alice, id).await?, "running");
    }
    let told = messages(&org).await?;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].1.contains("Done now: stop"), "{}", told[0].1);

    // WHEN alice sets the tag, the next sweep removes the mark.
    resources::tag_ec2(&alice, &bare, &[("CostCenter", "1002")]).await?;
    let (status, _) = org.run_autotag(Some(&live), &args).await?;
    assert!(status.success());
    let tags = tags_of(&alice, &arn(&bare)).await?;
    assert!(!tags.contains_key(MARK), "{tags:?}");
    Ok(())
}

const REPORT_RULE: &str = r#"
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
            resources::tag_ec2(&admin, &launched.instance, &tags).await?;
        }
        instances.push(launched.instance);
    }
    let dir = std::env::temp_dir().join(format!("autotag-e2e-enforce-{}", std::process::id()));
    let policy = org.write_policy(&dir, &[&spoke], REPORT_RULE)?;
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

/// The scheduled enforce function's sweep (`AUTOTAG_MODE=enforce-sweep`), called through its
/// library edge as the hub identity: moto runs no Lambda function here, and the Scheduler only
/// invokes it (its payload is ignored).
#[tokio::test]
async fn the_scheduled_sweep_marks_records_and_tells_and_an_unreadable_ledger_acts_on_nothing()
-> anyhow::Result<()> {
    use autotag_hub::lambda::enforce::{SweepInvocationError, sweep_as};

    // GIVEN a spoke with an instance lacking `CostCenter` and a compliant one, a live rule
    // whose first step marks, and the policy naming its accounts and regions,
    let (org, a, topic, ledger) = enforcing_org().await?;
    let admin = org.admin(&a).await?;
    let bare = resources::run_instance(&admin).await?.instance;
    let tagged = resources::run_instance(&admin).await?.instance;
    resources::tag_ec2(&admin, &tagged, &[("CostCenter", "1001")]).await?;
    let settings = format!("\n[enforcement]\nnotify_topic = \"{topic}\"\n");
    // The issue's statement: instances and buckets carry `CostCenter`; instances stop.
    let both_types = rule(false).replace(
        r#"resource_types = ["ec2:instance"]"#,
        r#"resource_types = ["ec2:instance", "s3:bucket"]"#,
    );
    let bucket = format!("no-cost-center-{a}");
    autotag_tests::moto::s3_client(&admin)
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await?;
    let policy = policy_in_region(&org, "scheduled", &a, &(settings + &both_types))?;
    let arn = |id: &str| format!("arn:aws:ec2:{REGION}:{a}:instance/{id}");
    let now = autotag_hub::clock::now();

    // WHEN the ledger table cannot be read (a half-deployed stack),
    let broken = sweep_as(
        &policy,
        org.hub_config().clone(),
        Some("no-such-table"),
        4,
        now,
        LONG,
    )
    .await;
    // THEN the invocation fails as incomplete, and nothing was acted on half-known facts.
    match broken {
        Err(SweepInvocationError::Incomplete { steps, .. }) => assert!(steps >= 1),
        other => anyhow::bail!("expected an incomplete sweep, got {other:?}"),
    }
    assert!(!tags_of(&admin, &arn(&bare)).await?.contains_key(MARK));
    assert!(messages(&org).await?.is_empty());

    // WHEN the scheduled sweep runs with the hub's ledger,
    let summary = sweep_as(
        &policy,
        org.hub_config().clone(),
        Some(&ledger),
        4,
        now,
        LONG,
    )
    .await
    .map_err(|err| anyhow::anyhow!(autotag_hub::lambda::cause_chain(&err)))?;
    // THEN it covered the policy's account and region and judged both instances,
    assert_eq!(summary["accounts"], json!(1), "{summary}");
    assert_eq!(summary["regions"], json!(1), "{summary}");
    assert_eq!(summary["findings"]["non_compliant"], json!(2), "{summary}");
    assert_eq!(summary["findings"]["compliant"], json!(1), "{summary}");
    assert_eq!(summary["messages_delivered"], json!(1), "{summary}");
    // the non-compliant one carries the mark announcing the stop, and the ledger records it,
    let stop_due = utc(now + time::Duration::days(3));
    let tags = tags_of(&admin, &arn(&bare)).await?;
    assert_eq!(
        tags.get(MARK),
        Some(&format!("stop@{stop_due}")),
        "{tags:?}"
    );
    assert!(!tags_of(&admin, &arn(&tagged)).await?.contains_key(MARK));
    // the bucket, which cannot be stopped, is marked with its ladder done,
    let bucket_tags = tags_of(&admin, &format!("arn:aws:s3:::{bucket}")).await?;
    assert!(
        bucket_tags
            .get(MARK)
            .is_some_and(|mark| mark.starts_with("done@")),
        "{bucket_tags:?}"
    );
    let record = aws_sdk_dynamodb::Client::new(org.hub_config())
        .get_item()
        .table_name(&ledger)
        .key(
            "pk",
            aws_sdk_dynamodb::types::AttributeValue::S(format!("enforce#{}", arn(&bare))),
        )
        .key(
            "sk",
            aws_sdk_dynamodb::types::AttributeValue::S("rule#cost-center".to_owned()),
        )
        .send()
        .await?;
    assert_eq!(
        record
            .item()
            .and_then(|item| item.get("action"))
            .and_then(|value| value.as_s().ok())
            .map(String::as_str),
        Some("mark"),
        "{record:?}"
    );
    // and the security team is told once.
    let told = messages(&org).await?;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].1.contains(&bare), "{}", told[0].1);
    assert!(told[0].1.contains(&bucket), "{}", told[0].1);
    Ok(())
}

/// On arrival: the hub judges a created instance right after stamping it, and a tag change
/// as it is forwarded, without waiting for a sweep.
#[tokio::test]
async fn the_hub_marks_a_non_compliant_creation_at_once_and_clears_the_mark_when_fixed()
-> anyhow::Result<()> {
    // GIVEN a live rule whose first step marks, and alice creating an instance without
    // `CostCenter` and one with it, and ci-bot (exempt) one without,
    let (org, a, topic, _) = enforcing_org().await?;
    let settings = format!("\n[enforcement]\nnotify_topic = \"{topic}\"\n");
    let policy = org.write_policy(&scratch("arrival"), &[&a], &(settings + &rule(false)))?;
    let before = autotag_hub::clock::now();
    let (alice, [bare, tagged, exempt], _) = three_creations(&org, &a).await?;

    // WHEN the hub processes the creations,
    org.run_hub(&policy, 3).await?;
    let after = autotag_hub::clock::now();

    // THEN alice's bare instance is stamped and marked with the stop three days on from now,
    let arn = |id: &str| format!("arn:aws:ec2:{REGION}:{a}:instance/{id}");
    let tags = tags_of(&alice, &arn(&bare)).await?;
    assert!(tags.contains_key("owner"), "{tags:?}");
    let mark = tags
        .get(MARK)
        .ok_or_else(|| anyhow::anyhow!("no mark: {tags:?}"))?;
    let due = mark
        .strip_prefix("stop@")
        .and_then(|due| OffsetDateTime::parse(due, &Rfc3339).ok())
        .ok_or_else(|| anyhow::anyhow!("mark `{mark}`"))?;
    let three_days = time::Duration::days(3);
    assert!(
        due >= before.replace_nanosecond(0)? + three_days && due <= after + three_days,
        "{mark}"
    );
    // the compliant and the exempt ones carry no mark,
    for id in [&tagged, &exempt] {
        let tags = tags_of(&alice, &arn(id)).await?;
        assert!(tags.contains_key("owner"), "{id}: {tags:?}");
        assert!(!tags.contains_key(MARK), "{id}: {tags:?}");
    }
    // and the security team hears of alice's instance only.
    let told = messages(&org).await?;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].1.contains(&bare), "{}", told[0].1);
    assert!(!told[0].1.contains(&tagged) && !told[0].1.contains(&exempt));

    let caller = Caller::of(&alice).await?;
    let sets_cost_center = || {
        cloudtrail::record(
            "ec2/CreateTags-invictus-aws_dataset-1.json",
            &caller,
            REGION,
            &cloudtrail::now(),
            &[
                (
                    "/requestParameters/resourcesSet/items",
                    json!([{ "resourceId": bare }]),
                ),
                (
                    "/requestParameters/tagSet/items",
                    json!([{ "key": "CostCenter", "value": "1002" }]),
                ),
            ],
        )
    };

    // WHEN a `CreateTags` record claims `CostCenter` was set, but nobody set it (a replayed
    // or made-up record),
    org.emit(&a, &sets_cost_center()?).await?;
    org.run_hub(&policy, 3).await?;
    // THEN the hub judges the tags it reads on the instance, not the record's: the mark stays.
    let tags = tags_of(&alice, &arn(&bare)).await?;
    assert_eq!(tags.get(MARK), Some(mark), "{tags:?}");
    assert!(!tags.contains_key("CostCenter"), "{tags:?}");

    // WHEN alice sets `CostCenter` and CloudTrail reports it,
    resources::tag_ec2(&alice, &bare, &[("CostCenter", "1002")]).await?;
    org.emit(&a, &sets_cost_center()?).await?;
    org.run_hub(&policy, 3).await?;
    // THEN the hub removes the mark at once, and nobody is told again.
    let tags = tags_of(&alice, &arn(&bare)).await?;
    assert!(!tags.contains_key(MARK), "{tags:?}");
    assert_eq!(tags.get("CostCenter").map(String::as_str), Some("1002"));
    assert!(messages(&org).await?.is_empty());
    Ok(())
}

/// A scheduled sweep that runs out of time covers whole chunks of accounts, says which it left,
/// and fails (the alarm) rather than ending as if it were done; the next run starts elsewhere.
#[tokio::test]
async fn a_sweep_out_of_time_names_the_accounts_it_left_and_fails() -> anyhow::Result<()> {
    use autotag_hub::lambda::enforce::{SweepInvocationError, sweep_as};

    // GIVEN two spokes, each with an instance lacking `CostCenter`,
    let org = Org::create(2).await?.with_hub_tables().await?;
    let (_, ledger) = org
        .hub_tables
        .clone()
        .ok_or_else(|| anyhow::anyhow!("no tables"))?;
    let spokes: Vec<&str> = org.spokes.iter().map(String::as_str).collect();
    let mut instances = Vec::new();
    for spoke in &spokes {
        let admin = org.admin(spoke).await?;
        instances.push((
            admin.clone(),
            spoke.to_string(),
            resources::run_instance(&admin).await?.instance,
        ));
    }
    let path = org.write_policy(&scratch("budget"), &spokes, &rule(false))?;
    let text = std::fs::read_to_string(&path)?.replacen(
        "[scope]\n",
        &format!("[scope]\nregions = [\"{REGION}\"]\n"),
        1,
    );
    std::fs::write(&path, text)?;
    let (policy, _) = autotag_hub::config::load_policy(Some(&path))?;

    // WHEN the sweep, one account at a time, has no time beyond its first chunk,
    let outcome = sweep_as(
        &policy,
        org.hub_config().clone(),
        Some(&ledger),
        1,
        autotag_hub::clock::now(),
        std::time::Duration::ZERO,
    )
    .await;

    // THEN it fails as incomplete, naming the one account it left,
    let summary = match outcome {
        Err(SweepInvocationError::Incomplete {
            unreached: 1,
            summary,
            ..
        }) => summary,
        other => anyhow::bail!("expected one account left, got {other:?}"),
    };
    let left = summary["unreached_accounts"]
        .as_array()
        .and_then(|a| a.first())
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| anyhow::anyhow!("{summary}"))?
        .to_owned();
    // and the account it reached is enforced, the one it left untouched.
    for (admin, spoke, instance) in &instances {
        let arn = format!("arn:aws:ec2:{REGION}:{spoke}:instance/{instance}");
        let marked = tags_of(admin, &arn).await?.contains_key(MARK);
        assert_eq!(marked, *spoke != left, "{spoke} (left {left})");
    }
    Ok(())
}

/// Marks on types whose tags only their own service writes (ECR repositories, IAM roles) are
/// written and, once the resource complies, removed through that service's API.
#[tokio::test]
async fn a_repository_and_a_role_are_marked_and_unmarked_through_their_own_apis()
-> anyhow::Result<()> {
    use autotag_hub::lambda::enforce::sweep_as;

    // GIVEN a spoke with a repository and a role lacking `CostCenter`, under a live rule on
    // both types,
    let (org, a, topic, ledger) = enforcing_org().await?;
    let admin = org.admin(&a).await?;
    let repository = resources::create_repository(&admin, "billing-api").await?;
    let role = resources::create_role(&admin, "billing-deployer").await?;
    let settings = format!("\n[enforcement]\nnotify_topic = \"{topic}\"\n");
    // (Neither type can be stopped, so the ladder ends at the mark.)
    let both_types = rule(false)
        .replace(
            r#"resource_types = ["ec2:instance"]"#,
            r#"resource_types = ["ecr:repository", "iam:role"]"#,
        )
        .replace("  { action = \"stop\", after = \"3d\" },\n", "");
    let policy = policy_in_region(&org, "native", &a, &(settings + &both_types))?;
    let sweep = || {
        sweep_as(
            &policy,
            org.hub_config().clone(),
            Some(&ledger),
            4,
            autotag_hub::clock::now(),
            LONG,
        )
    };

    // WHEN the sweep runs,
    sweep()
        .await
        .map_err(|err| anyhow::anyhow!(autotag_hub::lambda::cause_chain(&err)))?;
    // THEN both carry the mark (neither can be stopped: their ladder is done),
    for arn in [&repository, &role] {
        let tags = tags_of(&admin, arn).await?;
        assert!(
            tags.get(MARK).is_some_and(|mark| mark.starts_with("done@")),
            "{arn}: {tags:?}"
        );
    }

    // WHEN their owner sets `CostCenter` and the sweep runs again,
    aws_sdk_ecr::Client::new(&admin)
        .tag_resource()
        .resource_arn(&repository)
        .tags(
            aws_sdk_ecr::types::Tag::builder()
                .key("CostCenter")
                .value("1001")
                .build()?,
        )
        .send()
        .await?;
    aws_sdk_iam::Client::new(&admin)
        .tag_role()
        .role_name("billing-deployer")
        .tags(
            aws_sdk_iam::types::Tag::builder()
                .key("CostCenter")
                .value("1002")
                .build()?,
        )
        .send()
        .await?;
    sweep()
        .await
        .map_err(|err| anyhow::anyhow!(autotag_hub::lambda::cause_chain(&err)))?;
    // THEN the marks are gone (ECR `UntagResource`, IAM `UntagRole`) and the owners' tags stay.
    for (arn, value) in [(&repository, "1001"), (&role, "1002")] {
        let tags = tags_of(&admin, arn).await?;
        assert!(!tags.contains_key(MARK), "{arn}: {tags:?}");
        assert_eq!(tags.get("CostCenter").map(String::as_str), Some(value));
    }
    Ok(())
}
