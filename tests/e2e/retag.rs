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
