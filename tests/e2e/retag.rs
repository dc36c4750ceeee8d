//! Issue 17, "ECR tags": `autotag retag` after a policy change, across two spokes and two
//! regions. Repositories get the added `[[tag_set]]` keys; a changed value is replaced only
//! where the old value is still there; an owner's own value and the stamps are never touched; a
//! dry run changes nothing; a re-run writes nothing; the old policy is read from a version of
//! the SSM parameter.

use std::collections::BTreeMap;
use std::path::PathBuf;

use autotag_tests::org::{Org, REGION, tags_of as tags};
use serde_json::Value;

const WEST: &str = "us-west-2";

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("autotag-e2e-retag-{}-{name}", std::process::id()))
}

const OLD: &str = r#"
[[tag_set]]
resource_types = ["ecr:repository"]
tags = { AutoTag_ManagedBy = "platform-team" }
"#;

const NEW: &str = r#"
[[tag_set]]
resource_types = ["ecr:repository"]
tags = { AutoTag_ManagedBy = "autotag", Compliance = "", Confidentiality = "restricted" }
"#;

fn in_region(config: &aws_config::SdkConfig, region: &'static str) -> aws_config::SdkConfig {
    config
        .clone()
        .into_builder()
        .region(aws_config::Region::new(region))
        .build()
}

/// Creates repository `name` with `tags` and returns its ARN.
async fn repository(
    config: &aws_config::SdkConfig,
    name: &str,
    tags: &[(&str, &str)],
) -> anyhow::Result<String> {
    let tags = tags
        .iter()
        .map(|(k, v)| aws_sdk_ecr::types::Tag::builder().key(*k).value(*v).build())
        .collect::<Result<Vec<_>, _>>()?;
    let created = aws_sdk_ecr::Client::new(config)
        .create_repository()
        .repository_name(name)
        .set_tags(Some(tags))
        .send()
        .await?;
    created
        .repository()
        .and_then(|r| r.repository_arn())
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("no repository ARN"))
}

fn pairs(list: &[(&str, &str)]) -> BTreeMap<String, String> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The summary row of `account`'s repositories (`null` when there is none, which fails the
/// comparisons that follow).
fn row<'a>(lines: &'a [Value], account: &str) -> &'a Value {
    lines
        .iter()
        .find(|l| l["account"] == account && l["resource_type"] == "ecr:repository")
        .unwrap_or(&Value::Null)
}

#[tokio::test]
async fn retag_applies_the_added_set_across_accounts_and_regions_and_keeps_what_owners_set()
-> anyhow::Result<()> {
    // GIVEN two spokes: in A, a repository stamped by the hub that still holds the old
    // policy's value, one whose owner set their own value, and one in a second region; in B, a
    // bare repository,
    let org = Org::create(2).await?;
    let (a, b) = (org.spokes[0].clone(), org.spokes[1].clone());
    let admin_a = org.admin(&a).await?;
    let west_a = in_region(&admin_a, WEST);
    let admin_b = org.admin(&b).await?;
    let stamped = repository(
        &admin_a,
        "stamped",
        &[
            ("owner", "alice"),
            ("dateCreated", "2026-01-01T00:00:00Z"),
            ("AutoTag_ManagedBy", "platform-team"),
        ],
    )
    .await?;
    let custom = repository(
        &admin_a,
        "custom",
        &[
            ("AutoTag_ManagedBy", "team-x"),
            ("Confidentiality", "secret"),
        ],
    )
    .await?;
    let west = repository(&west_a, "west", &[]).await?;
    let bare = repository(&admin_b, "bare", &[]).await?;
    let dir = scratch("cross");
    let old = org.write_policy(&dir.join("old"), &[&a, &b], OLD)?;
    let new = org.write_policy(&dir.join("new"), &[&a, &b], NEW)?;
    let old_arg = old.to_string_lossy().into_owned();
    let accounts = format!("{a},{b}");
    let regions = format!("{REGION},{WEST}");
    let retag = |dry_run: bool| {
        let mut args = vec![
            "retag",
            "--from",
            &old_arg,
            "--accounts",
            &accounts,
            "--regions",
            &regions,
            "--output",
            "json",
        ];
        if dry_run {
            args.push("--dry-run");
        }
        args
    };
    let before = [
        tags(&admin_a, &stamped).await?,
        tags(&admin_a, &custom).await?,
        tags(&west_a, &west).await?,
        tags(&admin_b, &bare).await?,
    ];

    // WHEN a dry run goes over the estate,
    let (status, lines) = org.run_autotag(Some(&new), &retag(true)).await?;
    // THEN it counts what it would write in each account and changes nothing.
    assert!(status.success(), "{lines:#?}");
    assert_eq!(row(&lines, &a)["resources"], 3, "{lines:#?}");
    assert_eq!(row(&lines, &a)["updated"], 3, "{lines:#?}");
    assert_eq!(row(&lines, &b)["updated"], 1, "{lines:#?}");
    let after_dry = [
        tags(&admin_a, &stamped).await?,
        tags(&admin_a, &custom).await?,
        tags(&west_a, &west).await?,
        tags(&admin_b, &bare).await?,
    ];
    assert_eq!(after_dry, before);

    // WHEN it runs for real,
    let (status, lines) = org.run_autotag(Some(&new), &retag(false)).await?;
    assert!(status.success(), "{lines:#?}");
    let summary = row(&lines, &a);
    assert_eq!(
        (&summary["updated"], &summary["kept"], &summary["failed"]),
        (&Value::from(3), &Value::from(2), &Value::from(0)),
        "{lines:#?}"
    );
    // THEN the stamped repository's old value is replaced, the added keys written, its stamps
    // untouched;
    assert_eq!(
        tags(&admin_a, &stamped).await?,
        pairs(&[
            ("owner", "alice"),
            ("dateCreated", "2026-01-01T00:00:00Z"),
            ("AutoTag_ManagedBy", "autotag"),
            ("Compliance", ""),
            ("Confidentiality", "restricted"),
        ])
    );
    // the owner's own values stay, only the absent key is added;
    assert_eq!(
        tags(&admin_a, &custom).await?,
        pairs(&[
            ("AutoTag_ManagedBy", "team-x"),
            ("Confidentiality", "secret"),
            ("Compliance", ""),
        ])
    );
    // the second region's and the second account's repositories get the whole set.
    let full = pairs(&[
        ("AutoTag_ManagedBy", "autotag"),
        ("Compliance", ""),
        ("Confidentiality", "restricted"),
    ]);
    assert_eq!(tags(&west_a, &west).await?, full);
    assert_eq!(tags(&admin_b, &bare).await?, full);

    // WHEN it runs again, THEN nothing is written: every repository is current.
    let (status, lines) = org.run_autotag(Some(&new), &retag(false)).await?;
    assert!(status.success(), "{lines:#?}");
    for account in [&a, &b] {
        let summary = row(&lines, account);
        assert_eq!(summary["updated"], 0, "{lines:#?}");
        assert_eq!(summary["current"], summary["resources"], "{lines:#?}");
    }
    Ok(())
}

#[tokio::test]
async fn retag_reads_the_old_policy_from_a_parameter_version() -> anyhow::Result<()> {
    // GIVEN a spoke with a bare repository, and the parameter holding the old policy as
    // version 1 and the new one as version 2,
    let org = Org::create(1).await?;
    let spoke = org.spokes[0].clone();
    let admin = org.admin(&spoke).await?;
    let repo = repository(&admin, "param", &[("AutoTag_ManagedBy", "platform-team")]).await?;
    let dir = scratch("param");
    let parameter = format!("/autotag-{}/retag", org.hub);
    for (name, text) in [("old", OLD), ("new", NEW)] {
        let file = org.write_policy(&dir.join(name), &[&spoke], text)?;
        let (status, _, stderr) = org
            .run_autotag_raw(
                None,
                &[
                    "config",
                    "push",
                    "--parameter",
                    &parameter,
                    &file.to_string_lossy(),
                ],
            )
            .await?;
        assert!(status.success(), "{stderr}");
    }

    // WHEN retag runs from version 1 to the parameter's current version,
    let (status, lines) = org
        .run_autotag(
            None,
            &[
                "retag",
                "--config-parameter",
                &parameter,
                "--from-parameter-version",
                "1",
                "--accounts",
                &spoke,
                "--regions",
                REGION,
                "--output",
                "json",
            ],
        )
        .await?;

    // THEN the repository holds the new set.
    assert!(status.success(), "{lines:#?}");
    assert_eq!(row(&lines, &spoke)["updated"], 1, "{lines:#?}");
    assert_eq!(
        tags(&admin, &repo).await?,
        pairs(&[
            ("AutoTag_ManagedBy", "autotag"),
            ("Compliance", ""),
            ("Confidentiality", "restricted"),
        ])
    );
    Ok(())
}

/// The retag function (`AUTOTAG_MODE=retag`), called through its library edge as the hub
/// identity: moto runs no Lambda function, and its EventBridge does not emit Systems Manager's
/// events, so the test hands the edge the Parameter Store Change event EventBridge would.
mod on_the_change_event {
    use std::collections::BTreeMap;

    use autotag_hub::aws::config_store::ParameterPolicy;
    use autotag_hub::aws::enforce::AwsEnforcementActions;
    use autotag_hub::aws::session_store::DynamoLedger;
    use autotag_hub::lambda::retag::{RetagInvocationError, Settings, retag_as};
    use autotag_hub::ports::{
        EnforceTarget, EnforcementActions, FailureKind, Observed, ResourceFailure,
    };
    use autotag_tests::org::{Org, REGION, tags_of as tags};
    use serde_json::{Value, json};

    use super::{pairs, repository, scratch};

    const LONG: std::time::Duration = std::time::Duration::from_secs(600);

    /// The policy's `[[tag_set]]` for repositories at each version pushed.
    const V1: &str = r#"{ AutoTag_ManagedBy = "platform-team" }"#;
    const V2: &str = r#"{ AutoTag_ManagedBy = "autotag", Confidentiality = "restricted" }"#;
    const V3: &str =
        r#"{ AutoTag_ManagedBy = "autotag", Confidentiality = "restricted", Tier = "gold" }"#;
    const V4: &str = r#"{ AutoTag_ManagedBy = "autotag", Confidentiality = "restricted", Tier = "gold", DataClass = "internal" }"#;
    const V5: &str = r#"{ AutoTag_ManagedBy = "autotag", Confidentiality = "restricted", Tier = "gold", DataClass = "internal", Retention = "1y" }"#;

    /// A Parameter Store Change event as EventBridge delivers it (the Systems Manager user
    /// guide's example, with this parameter): no version in it.
    fn change_event(account: &str, name: &str, source: &str) -> Value {
        json!({
            "version": "0",
            "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
            "detail-type": "Parameter Store Change",
            "source": source,
            "account": account,
            "time": "2026-12-04T16:43:48Z",
            "region": REGION,
            "resources": [format!("arn:aws:ssm:{REGION}:{account}:parameter{name}")],
            "detail": {"operation": "Update", "name": name, "type": "SecureString", "description": "autotag policy (written by `autotag config push`)"}
        })
    }

    /// Writes through the auto-tag role, but fails every write on `failing`: the emulator
    /// enforces no IAM, so a denied write is played here.
    #[derive(Debug)]
    struct FailingOn {
        inner: AwsEnforcementActions,
        failing: String,
    }

    impl FailingOn {
        fn refuse(&self, target: &EnforceTarget) -> Option<ResourceFailure> {
            (target.arn == self.failing).then(|| ResourceFailure {
                arn: target.arn.clone(),
                operation: "ecr:TagResource",
                kind: FailureKind::Denied,
                source: "AccessDeniedException: played by the test".into(),
            })
        }
    }

    #[async_trait::async_trait]
    impl EnforcementActions for FailingOn {
        async fn set_tags(
            &self,
            target: &EnforceTarget,
            tags: &BTreeMap<String, String>,
        ) -> Result<(), ResourceFailure> {
            match self.refuse(target) {
                Some(failure) => Err(failure),
                None => self.inner.set_tags(target, tags).await,
            }
        }
        async fn remove_tags(
            &self,
            target: &EnforceTarget,
            keys: &[String],
        ) -> Result<(), ResourceFailure> {
            self.inner.remove_tags(target, keys).await
        }
        async fn stop(&self, target: &EnforceTarget) -> Result<(), ResourceFailure> {
            self.inner.stop(target).await
        }
        async fn terminate(&self, target: &EnforceTarget) -> Result<(), ResourceFailure> {
            self.inner.terminate(target).await
        }
        async fn observe(&self, target: &EnforceTarget) -> Result<Observed, ResourceFailure> {
            self.inner.observe(target).await
        }
    }

    #[tokio::test]
    async fn the_hub_retags_from_its_watermark_on_each_change_and_ignores_forged_notices()
    -> anyhow::Result<()> {
        // GIVEN two spokes with a bare repository each, the hub's ledger table, and the policy
        // parameter, which the hub reads;
        let org = Org::create(2).await?.with_hub_tables().await?;
        let (a, b) = (org.spokes[0].clone(), org.spokes[1].clone());
        let (admin_a, admin_b) = (org.admin(&a).await?, org.admin(&b).await?);
        let repo_a = repository(&admin_a, "event-a", &[]).await?;
        let repo_b = repository(&admin_b, "event-b", &[]).await?;
        let (_, table) = org
            .hub_tables
            .clone()
            .ok_or_else(|| anyhow::anyhow!("no tables"))?;
        let name = format!("/autotag-{}/event-retag", org.hub);
        let parameter = ParameterPolicy::new(aws_sdk_ssm::Client::new(org.hub_config()), &name);
        let ledger = DynamoLedger::new(
            aws_sdk_dynamodb::Client::new(org.hub_config()),
            table.clone(),
        );
        let dir = scratch("event");
        let push = |set: &str| {
            let extra =
                format!("\n[[tag_set]]\nresource_types = [\"ecr:repository\"]\ntags = {set}\n");
            let path = org.write_policy(&dir, &[&a, &b], &extra)?;
            // The policy's own regions, so the run does not list every region moto knows.
            let text = std::fs::read_to_string(&path)?.replacen(
                "[scope]\n",
                &format!("[scope]\nregions = [\"{REGION}\"]\n"),
                1,
            );
            autotag_core::policy::TagPolicy::from_toml(&text)?;
            anyhow::Ok(text)
        };
        let settings = Settings {
            parameter: &name,
            ledger_table: &table,
            concurrency: 4,
            now: autotag_hub::clock::now(),
            budget: LONG,
        };
        let event = change_event(&org.hub, &name, "aws.ssm");
        let invoke = |event: Value| {
            let base = org.hub_config().clone();
            async move { retag_as(&event, settings, base, None).await }
        };
        let watermark = || async {
            ledger
                .retag_watermark(&name)
                .await
                .map_err(|err| anyhow::anyhow!(err))
        };

        // WHEN the first policy is created and its notice arrives,
        parameter.write(&push(V1)?).await?;
        let first = invoke(event.clone()).await?;
        // THEN there is nothing to compare: it is recorded as the baseline, nothing written.
        assert_eq!(first, json!({"status": "first", "version": 1}));
        assert_eq!(watermark().await?, Some(1));
        assert!(tags(&admin_a, &repo_a).await?.is_empty());

        // WHEN version 2 adds a key and changes a value, and its notice arrives,
        parameter.write(&push(V2)?).await?;
        let summary = invoke(event.clone()).await?;
        // THEN both accounts' repositories get the new set and the watermark is 2.
        assert_eq!(summary["status"], "retagged", "{summary}");
        assert_eq!(
            (summary["from"].clone(), summary["to"].clone()),
            (json!(1), json!(2))
        );
        assert_eq!(summary["updated"], 2, "{summary}");
        assert_eq!(summary["watermark_advanced"], true, "{summary}");
        let v2 = pairs(&[
            ("AutoTag_ManagedBy", "autotag"),
            ("Confidentiality", "restricted"),
        ]);
        assert_eq!(tags(&admin_a, &repo_a).await?, v2);
        assert_eq!(tags(&admin_b, &repo_b).await?, v2);
        assert_eq!(watermark().await?, Some(2));

        // WHEN the same notice comes again (EventBridge delivers at least once),
        // THEN the estate is current: nothing is listed or written.
        let again = invoke(event.clone()).await?;
        assert_eq!(again, json!({"status": "current", "version": 2}));
        assert_eq!(tags(&admin_a, &repo_a).await?, v2);

        // WHEN versions 3 and 4 are pushed before the first of their notices is handled,
        parameter.write(&push(V3)?).await?;
        parameter.write(&push(V4)?).await?;
        let summary = invoke(event.clone()).await?;
        // THEN that one run applies 2 → 4, and the second notice finds nothing left.
        assert_eq!(
            (summary["from"].clone(), summary["to"].clone()),
            (json!(2), json!(4))
        );
        assert_eq!(summary["updated"], 2, "{summary}");
        let v4 = pairs(&[
            ("AutoTag_ManagedBy", "autotag"),
            ("Confidentiality", "restricted"),
            ("Tier", "gold"),
            ("DataClass", "internal"),
        ]);
        assert_eq!(tags(&admin_a, &repo_a).await?, v4);
        assert_eq!(tags(&admin_b, &repo_b).await?, v4);
        assert_eq!(watermark().await?, Some(4));
        assert_eq!(
            invoke(event.clone()).await?,
            json!({"status": "current", "version": 4})
        );

        // WHEN version 5 is pushed and forged notices arrive: another parameter's, one whose
        // source is not Systems Manager's,
        parameter.write(&push(V5)?).await?;
        for forged in [
            change_event(&org.hub, &format!("{name}-other"), "aws.ssm"),
            change_event(&org.hub, &name, "my.app"),
        ] {
            let answer = invoke(forged).await?;
            // THEN each is ignored with its reason, and nothing is written or recorded.
            assert_eq!(answer["status"], "ignored", "{answer}");
        }
        assert_eq!(tags(&admin_a, &repo_a).await?, v4);
        assert_eq!(watermark().await?, Some(4));

        // WHEN the notice is handled but the write on A's repository is denied,
        let policy = autotag_core::policy::TagPolicy::from_toml(&push(V5)?)?;
        let sessions = std::sync::Arc::new(autotag_hub::aws::sessions::SpokeSessions::new(
            org.hub_config().clone(),
            aws_sdk_sts::Client::new(org.hub_config()),
            &policy,
        )?);
        let failing = FailingOn {
            inner: AwsEnforcementActions::new(sessions),
            failing: repo_a.clone(),
        };
        let failed = retag_as(&event, settings, org.hub_config().clone(), Some(&failing)).await;
        // THEN the invocation fails as incomplete, naming the write; B's repository is
        // retagged, A's is not, and the watermark stays at 4;
        match failed {
            Err(RetagInvocationError::Incomplete {
                from: 4,
                to: 5,
                writes: 1,
                listings: 0,
                unreached: 0,
                ..
            }) => {}
            other => anyhow::bail!("expected an incomplete run, got {other:?}"),
        }
        assert!(!tags(&admin_a, &repo_a).await?.contains_key("Retention"));
        assert_eq!(tags(&admin_b, &repo_b).await?["Retention"], "1y");
        assert_eq!(watermark().await?, Some(4));
        // WHEN Lambda retries it with the write allowed, THEN it completes and the watermark
        // moves to 5; B's repository, already current, is not written again.
        let summary = invoke(event.clone()).await?;
        assert_eq!(
            (summary["from"].clone(), summary["to"].clone()),
            (json!(4), json!(5))
        );
        assert_eq!(
            (summary["updated"].clone(), summary["current"].clone()),
            (json!(1), json!(1)),
            "{summary}"
        );
        assert_eq!(tags(&admin_a, &repo_a).await?["Retention"], "1y");
        assert_eq!(watermark().await?, Some(5));
        Ok(())
    }

    #[tokio::test]
    async fn a_slower_older_run_never_moves_the_watermark_back() -> anyhow::Result<()> {
        // GIVEN the hub's ledger, with the watermark of a parameter at 7,
        let org = Org::create(0).await?.with_hub_tables().await?;
        let (_, table) = org
            .hub_tables
            .clone()
            .ok_or_else(|| anyhow::anyhow!("no tables"))?;
        let ledger = DynamoLedger::new(aws_sdk_dynamodb::Client::new(org.hub_config()), table);
        let now = autotag_hub::clock::now();
        let read = |name: &'static str| {
            let ledger = ledger.clone();
            async move {
                ledger
                    .retag_watermark(name)
                    .await
                    .map_err(|err| anyhow::anyhow!(err))
            }
        };
        let advance = |version: u64| {
            let ledger = ledger.clone();
            async move {
                ledger
                    .advance_retag_watermark("/p", version, now)
                    .await
                    .map_err(|err| anyhow::anyhow!(err))
            }
        };
        assert_eq!(read("/p").await?, None);
        assert!(advance(7).await?);
        // WHEN a run that brought the estate to 5 finishes later,
        // THEN it does not write, and the watermark stays at 7; a later version moves it.
        assert!(!advance(5).await?);
        assert!(!advance(7).await?);
        assert_eq!(read("/p").await?, Some(7));
        assert!(advance(8).await?);
        assert_eq!(read("/p").await?, Some(8));
        // AND another parameter's watermark is its own.
        assert_eq!(read("/q").await?, None);
        Ok(())
    }
}

#[tokio::test]
async fn retag_by_hand_from_the_parameter_records_the_watermark_only_from_where_it_stands()
-> anyhow::Result<()> {
    use autotag_hub::aws::session_store::DynamoLedger;

    // GIVEN a spoke with a repository, the hub's ledger, and the policy parameter at version 2,
    let org = Org::create(1).await?.with_hub_tables().await?;
    let spoke = org.spokes[0].clone();
    let admin = org.admin(&spoke).await?;
    let repo = repository(&admin, "by-hand", &[]).await?;
    let (_, table) = org
        .hub_tables
        .clone()
        .ok_or_else(|| anyhow::anyhow!("no tables"))?;
    let dir = scratch("by-hand");
    let parameter = format!("/autotag-{}/by-hand", org.hub);
    let push = |set: &str| {
        let file = org.write_policy(
            &dir,
            &[&spoke],
            &format!("\n[[tag_set]]\nresource_types = [\"ecr:repository\"]\ntags = {set}\n"),
        )?;
        anyhow::Ok(file.to_string_lossy().into_owned())
    };
    let run = |args: Vec<String>| {
        let org = &org;
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            org.run_autotag_raw(None, &args).await
        }
    };
    let push_args = |file: String| {
        vec![
            "config".to_owned(),
            "push".to_owned(),
            "--parameter".to_owned(),
            parameter.clone(),
            file,
        ]
    };
    let retag_from = |version: &str| {
        [
            "retag",
            "--config-parameter",
            &parameter,
            "--from-parameter-version",
            version,
            "--ledger-table",
            &table,
            "--accounts",
            &spoke,
            "--regions",
            REGION,
            "--output",
            "json",
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let ledger = DynamoLedger::new(
        aws_sdk_dynamodb::Client::new(org.hub_config()),
        table.clone(),
    );
    let watermark = || async {
        ledger
            .retag_watermark(&parameter)
            .await
            .map_err(|err| anyhow::anyhow!(err))
    };
    for set in [r#"{ A = "1" }"#, r#"{ A = "1", B = "2" }"#] {
        let (status, _, stderr) = run(push_args(push(set)?)).await?;
        assert!(status.success(), "{stderr}");
    }

    // WHEN the operator retags 1 → 2 by hand with the ledger table,
    let (status, _, stderr) = run(retag_from("1")).await?;
    // THEN the repository gets what the change added (A came with the first policy, which
    // stamping and backfill apply) and the watermark records version 2.
    assert!(status.success(), "{stderr}");
    assert_eq!(tags(&admin, &repo).await?, pairs(&[("B", "2")]));
    assert_eq!(watermark().await?, Some(2));

    // WHEN versions 3 and 4 are pushed and the operator retags only 3 → 4,
    for set in [
        r#"{ A = "1", B = "2", C = "3" }"#,
        r#"{ A = "1", B = "2", C = "3", D = "4" }"#,
    ] {
        let (status, _, stderr) = run(push_args(push(set)?)).await?;
        assert!(status.success(), "{stderr}");
    }
    let (status, _, stderr) = run(retag_from("3")).await?;
    // THEN D is written, but the watermark stays at 2, saying why: 2 → 3 (C) was not retagged.
    assert!(status.success(), "{stderr}");
    assert!(stderr.contains("the watermark stays"), "{stderr}");
    assert_eq!(tags(&admin, &repo).await?, pairs(&[("B", "2"), ("D", "4")]));
    assert_eq!(watermark().await?, Some(2));
    Ok(())
}
