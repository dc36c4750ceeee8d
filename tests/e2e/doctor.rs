//! `autotag doctor` end to end: the real binary, run as the management account of an
//! organization deployed from the generated files, first with a write-only trail, no trusted
//! access for StackSets and the management account in scope but not covered (exit 4, each
//! failing line with its fix), then fixed (exit 0). Like an organization created through the
//! API on AWS, moto's starts without the SCP policy type enabled on its root, though the SCPs
//! can be created and attached: a third failure. The management account is covered as the
//! organization stack deployed with `CallAs=SELF` covers it, through the APIs moto has
//! ([`deployed::cover_management`]): its spoke roles as a stack, its rules as the self-managed
//! StackSet `autotag-spoke-rules-management` with an instance in the management account.
//!
//! What moto cannot show is covered by the wire tests (tests/wire/doctor.rs) instead: stack
//! instances are always `CURRENT` in moto (no OUTDATED or INOPERABLE), AssumeRole is never
//! refused across accounts (trust policies and external ids are not checked), throttling never
//! happens, and SCPs are stored but not enforced (the doctor only reads them, which moto does).
//! moto's StackSets name no OU in `DescribeStackSet` or `ListStackInstances`, so the OU the
//! SCPs must be attached to is given with `--scp-target`. And a trail moto creates has no
//! event selectors until some are put (AWS gives a new trail the default "All management
//! events" selector), so the test puts them.

use autotag_tests::deployed;
use autotag_tests::org::REGION;
use aws_sdk_cloudtrail::types::{EventSelector, ReadWriteType};

const TRAIL: &str = "org-trail";

/// The table's lines of `status` (`PASS`, `WARN`, `FAIL`) whose subject column is `subject`.
fn lines<'a>(table: &'a str, status: &str, subject: &str) -> Vec<&'a str> {
    table
        .lines()
        .filter(|line| {
            let mut columns = line.split("  ").map(str::trim).filter(|c| !c.is_empty());
            columns.next() == Some(status) && columns.nth(1) == Some(subject)
        })
        .collect()
}

fn selectors(read_write: ReadWriteType) -> EventSelector {
    EventSelector::builder()
        .read_write_type(read_write)
        .include_management_events(true)
        .build()
}

#[tokio::test]
async fn doctor_fails_a_broken_deployment_with_fixes_and_passes_it_once_fixed() -> anyhow::Result<()>
{
    // GIVEN an organization deployed from the generated files (hub stack, spoke StackSets on an
    // OU of two members, SCPs attached to the OU),
    let deployed = deployed::deploy(&[REGION]).await?;
    let org = &deployed.org;
    let management = org.admin(&org.hub).await?;
    // an organization trail that records only write events,
    let bucket = format!("trail-{}", org.hub);
    autotag_tests::moto::s3_client(&management)
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await?;
    let cloudtrail = aws_sdk_cloudtrail::Client::new(&management);
    cloudtrail
        .create_trail()
        .name(TRAIL)
        .s3_bucket_name(&bucket)
        .is_multi_region_trail(true)
        .is_organization_trail(true)
        .send()
        .await?;
    cloudtrail.start_logging().name(TRAIL).send().await?;
    cloudtrail
        .put_event_selectors()
        .trail_name(TRAIL)
        .event_selectors(selectors(ReadWriteType::WriteOnly))
        .send()
        .await?;
    // no trusted access for StackSets yet, and the management account in scope but neither its
    // spoke role nor its rules deployed.
    let policy = org.write_policy(
        &std::env::temp_dir().join(format!("autotag-e2e-doctor-{}", std::process::id())),
        &[&org.spokes[0], &org.spokes[1], &org.hub],
        "",
    )?;
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let repo = repo.to_string_lossy();
    let doctor = || async {
        let args = [
            "doctor",
            "--root",
            repo.as_ref(),
            "--scp-target",
            deployed.ou_id.as_str(),
        ];
        org.run_autotag_raw(Some(&policy), &args).await
    };

    // WHEN the doctor runs as the management account,
    let (status, table, stderr) = doctor().await?;

    // THEN it exits 4, and the failing lines say what is wrong and how to fix it,
    assert_eq!(status.code(), Some(4), "{table}\n{stderr}");
    let trusted = lines(&table, "FAIL", "trusted access");
    assert_eq!(trusted.len(), 1, "{table}");
    assert!(
        trusted[0].contains("aws cloudformation activate-organizations-access"),
        "{}",
        trusted[0]
    );
    let trail = lines(&table, "FAIL", TRAIL);
    assert_eq!(trail.len(), 1, "{table}");
    assert!(trail[0].contains("write-only"), "{}", trail[0]);
    assert!(trail[0].contains("STS joins need them"), "{}", trail[0]);
    assert!(
        trail[0].contains("put-event-selectors --trail-name arn:aws:cloudtrail:"),
        "{}",
        trail[0]
    );
    let orgs = aws_sdk_organizations::Client::new(&management);
    let roots = orgs.list_roots().send().await?;
    let root = roots
        .roots()
        .first()
        .and_then(|r| r.id())
        .unwrap_or_default()
        .to_owned();
    let scps = lines(&table, "FAIL", &root);
    assert_eq!(scps.len(), 1, "{table}");
    assert!(
        scps[0].contains(&format!(
            "aws organizations enable-policy-type --root-id {root} --policy-type SERVICE_CONTROL_POLICY"
        )),
        "{}",
        scps[0]
    );
    for subject in ["autotag-spoke-rules-management", "management account role"] {
        let management = lines(&table, "FAIL", subject);
        assert_eq!(management.len(), 1, "{table}");
        assert!(
            management[0].contains("stacksets/org-stacksets.yaml")
                && management[0].contains("`CallAs=SELF`"),
            "{}",
            management[0]
        );
    }
    assert_eq!(
        table.lines().filter(|l| l.starts_with("FAIL")).count(),
        5,
        "{table}"
    );
    assert!(table.ends_with("5 failed\n"), "{table}");

    // WHEN trusted access is activated, SCPs are enabled on the root, the trail records
    // reads too and the management account is covered,
    orgs.enable_policy_type()
        .root_id(&root)
        .policy_type(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .send()
        .await?;
    orgs.enable_aws_service_access()
        .service_principal(autotag_core::doctor::STACKSETS_PRINCIPAL)
        .send()
        .await?;
    cloudtrail
        .put_event_selectors()
        .trail_name(TRAIL)
        .event_selectors(selectors(ReadWriteType::All))
        .send()
        .await?;
    deployed::cover_management(&deployed, &[REGION]).await?;
    let (status, table, stderr) = doctor().await?;

    // THEN it exits 0, every line of the deployment passing: the organization, the trail, the
    // hub stack, both StackSets, the management account's rules StackSet and role, the SCPs as
    // rendered and attached, the config agreeing with the stacks and the rendered files, and
    // the AssumeRole into each spoke.
    assert_eq!(status.code(), Some(0), "{table}\n{stderr}");
    assert!(!table.lines().any(|l| l.starts_with("FAIL")), "{table}");
    let mut subjects = vec![
        "trusted access".to_owned(),
        root.clone(),
        TRAIL.to_owned(),
        "autotag-hub".to_owned(),
        "autotag-hub outputs".to_owned(),
        "autotag-spoke-roles".to_owned(),
        "autotag-spoke-rules".to_owned(),
        "autotag-protect-tags-1 attachment".to_owned(),
        "stamp keys".to_owned(),
        "role name".to_owned(),
        "autotag-spoke-roles template".to_owned(),
        "autotag-spoke-rules-management".to_owned(),
        "autotag-spoke-rules-management template".to_owned(),
        "management account role".to_owned(),
        "rendered files".to_owned(),
    ];
    subjects.extend(org.spokes.iter().cloned());
    for subject in &subjects {
        assert_eq!(
            lines(&table, "PASS", subject).len(),
            1,
            "no passing `{subject}` line:\n{table}"
        );
    }

    // WHEN only some areas are asked for (as the operator role would, which cannot read the
    // organization), THEN only their lines, and the caller's, are printed and judged.
    let (status, table, stderr) = org
        .run_autotag_raw(
            Some(&policy),
            &[
                "doctor",
                "--root",
                repo.as_ref(),
                "--area",
                "assume-role,hub-stack",
            ],
        )
        .await?;
    assert_eq!(status.code(), Some(0), "{table}\n{stderr}");
    let areas: std::collections::BTreeSet<&str> = table
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().nth(1))
        .filter(|a| a.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .collect();
    assert_eq!(
        areas,
        ["assume-role", "caller", "hub-stack"].into_iter().collect(),
        "{table}"
    );
    Ok(())
}
