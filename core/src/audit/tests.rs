//! Tests of classification, rows, the unknown marker, filters, coverage and rendered output.

use super::*;

const ARN: &str = "arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc";

fn observed(tags: &[(&str, &str)]) -> Observed {
    Observed {
        arn: ARN.to_owned(),
        account: "111111111111".to_owned(),
        region: "eu-west-1".to_owned(),
        resource_type: "ec2:instance".to_owned(),
        tags: tags
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        created_at: None,
        found_by: "ec2:DescribeInstances".to_owned(),
    }
}

const STAMPS: [(&str, &str); 3] = [
    ("owner", "alice"),
    ("dateCreated", "2024-01-02T03:04:05Z"),
    ("createdBy", "arn:aws:iam::111111111111:user/alice"),
];

fn ledger(tags: &[(&str, &str)]) -> LedgerEntry {
    LedgerEntry {
        arn: ARN.to_owned(),
        tags: tags
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        event_id: Some("e-1".to_owned()),
        recorded_at: "2024-01-02T03:04:09Z".to_owned(),
    }
}

fn policy() -> TagPolicy {
    TagPolicy::default()
}

#[test]
fn each_status_is_told_apart() {
    let policy = policy();
    assert_eq!(
        classify(&observed(&STAMPS), None, &policy),
        StampStatus::Stamped
    );
    assert_eq!(
        classify(&observed(&[("owner", "unknown")]), None, &policy),
        StampStatus::OwnerUnknown
    );
    assert_eq!(
        classify(&observed(&[("Name", "web")]), None, &policy),
        StampStatus::Unstamped
    );
    // A recorded stamp still in place is just stamped, and the row says it is recorded.
    let entry = ledger(&STAMPS);
    assert_eq!(
        classify(&observed(&STAMPS), Some(&entry), &policy),
        StampStatus::Stamped
    );
    let row = AuditRow::new(observed(&STAMPS), Some(&entry), &policy);
    assert!(row.recorded);
    assert_eq!(row.owner.as_deref(), Some("alice"));
    assert_eq!(row.date_created.as_deref(), Some("2024-01-02T03:04:05Z"));
    assert!(row.created_by.unwrap().ends_with("user/alice"));
    // Stamped before the ledger existed: stamped, not recorded.
    let row = AuditRow::new(observed(&STAMPS), None, &policy);
    assert_eq!(row.status, StampStatus::Stamped);
    assert!(!row.recorded);
}

#[test]
fn the_unknown_owner_is_the_configured_one() {
    let policy = TagPolicy::from_toml("[backfill]\nunknown_owner = \"nobody\"").unwrap();
    let status = |owner| classify(&observed(&[("owner", owner)]), None, &policy);
    assert_eq!(status("nobody"), StampStatus::OwnerUnknown);
    assert_eq!(status("unknown"), StampStatus::Stamped);
}

#[test]
fn a_removed_stamp_is_drift() {
    let live = observed(&[STAMPS[1], STAMPS[2]]);
    let status = classify(&live, Some(&ledger(&STAMPS)), &policy());
    assert_eq!(
        status,
        StampStatus::Drifted {
            keys: vec![DriftedKey {
                key: "owner".to_owned(),
                recorded: "alice".to_owned(),
                live: None,
            }]
        }
    );
}

#[test]
fn an_overwritten_stamp_is_drift_and_wins_over_stamped() {
    let live = observed(&[
        ("owner", "mallory"),
        STAMPS[1],
        ("createdBy", "arn:aws:iam::111111111111:user/mallory"),
    ]);
    let row = AuditRow::new(live, Some(&ledger(&STAMPS)), &policy());
    let StampStatus::Drifted { keys } = &row.status else {
        panic!("expected drift, got {:?}", row.status);
    };
    let drifted: Vec<(&str, &str, Option<&str>)> = keys
        .iter()
        .map(|d| (d.key.as_str(), d.recorded.as_str(), d.live.as_deref()))
        .collect();
    assert_eq!(
        drifted,
        [
            ("owner", "alice", Some("mallory")),
            (
                "createdBy",
                "arn:aws:iam::111111111111:user/alice",
                Some("arn:aws:iam::111111111111:user/mallory")
            ),
        ]
    );
    // The row shows the live owner, not the recorded one.
    assert_eq!(row.owner.as_deref(), Some("mallory"));
    assert!(row.recorded);
}

#[test]
fn only_stamp_keys_drift() {
    // A recorded static tag the owners changed is theirs to change.
    let mut recorded = STAMPS.to_vec();
    recorded.push(("WhatIsThis", "https://wiki"));
    let status = classify(&observed(&STAMPS), Some(&ledger(&recorded)), &policy());
    assert_eq!(status, StampStatus::Stamped);
    // An optional stamp is a stamp once the policy names it.
    let policy = TagPolicy::from_toml("[tags]\nsource_ip = \"autotag:sourceIp\"").unwrap();
    recorded.push(("autotag:sourceIp", "10.0.0.1"));
    let status = classify(&observed(&STAMPS), Some(&ledger(&recorded)), &policy);
    assert!(matches!(status, StampStatus::Drifted { keys } if keys.len() == 1));
}

#[test]
fn a_ledger_entry_for_another_arn_is_ignored() {
    let mut entry = ledger(&STAMPS);
    entry.arn = "arn:aws:ec2:eu-west-1:111111111111:instance/i-other".to_owned();
    let row = AuditRow::new(observed(&[]), Some(&entry), &policy());
    assert_eq!(row.status, StampStatus::Unstamped);
    assert!(!row.recorded);
}

#[test]
fn keys_are_compared_with_their_case() {
    // AWS tag keys are case-sensitive: `Owner` is somebody else's tag, not the stamp.
    let policy = policy();
    let live = observed(&[("Owner", "alice"), ("DATECREATED", "2024-01-02T03:04:05Z")]);
    let row = AuditRow::new(live.clone(), None, &policy);
    assert_eq!(row.status, StampStatus::Unstamped);
    assert_eq!(row.owner, None);
    // The recorded `owner` is gone even though `Owner` is there.
    let status = classify(&live, Some(&ledger(&[STAMPS[0]])), &policy);
    assert!(matches!(status, StampStatus::Drifted { keys } if keys[0].live.is_none()));
    // A policy that names `Owner` reads it.
    let policy = TagPolicy::from_toml("[tags]\nowner = \"Owner\"").unwrap();
    assert_eq!(classify(&live, None, &policy), StampStatus::Stamped);
    // The unknown marker is compared exactly too.
    let policy = self::policy();
    let status = classify(&observed(&[("owner", "Unknown")]), None, &policy);
    assert_eq!(status, StampStatus::Stamped);
}

fn marker_pairs(set: &TagSet) -> Vec<(String, String)> {
    set.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn the_unknown_marker_is_written_once() {
    let policy = policy();
    assert_eq!(unknown_marker(&observed(&STAMPS), &policy), None);
    assert_eq!(
        unknown_marker(&observed(&[("owner", "unknown")]), &policy),
        None
    );
    // Any owner value counts as written, even an empty one.
    assert_eq!(unknown_marker(&observed(&[("owner", "")]), &policy), None);
    let marker = unknown_marker(&observed(&[("Name", "web")]), &policy).unwrap();
    assert_eq!(
        marker_pairs(&marker),
        [("owner".to_owned(), "unknown".to_owned())]
    );
}

#[test]
fn the_unknown_marker_dates_from_the_resource_when_it_can() {
    let policy = TagPolicy::from_toml(
        "[tags]\ndate_created = \"created\"\n[backfill]\nunknown_owner = \"n/a\"\ndate_source_key = \"src\"",
    )
    .unwrap();
    let mut live = observed(&[]);
    live.created_at = Some("2019-03-04T05:06:07.891+02:00".to_owned());
    let marker = unknown_marker(&live, &policy).unwrap();
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    // Normalised as plan writes `dateCreated`: UTC, whole seconds.
    assert_eq!(
        marker_pairs(&marker),
        [
            pair("owner", "n/a"),
            pair("created", "2019-03-04T03:06:07Z"),
            pair("src", "resource"),
        ]
    );
    assert!(marker.get(&policy.keys.created_by).is_none());
    // Older than CloudTrail is fine: the resource says so itself.
    live.created_at = Some("2008-01-01T00:00:00Z".to_owned());
    let marker = unknown_marker(&live, &policy).unwrap();
    assert_eq!(marker.len(), 3);
    // A date that is not RFC 3339, or leaves the years 0000-9999 in UTC, is no date.
    for bad in [
        "yesterday",
        "2019-03-04 05:06:07",
        "9999-12-31T23:30:00-01:00",
    ] {
        live.created_at = Some(bad.to_owned());
        let marker = unknown_marker(&live, &policy).unwrap();
        assert_eq!(marker_pairs(&marker), [pair("owner", "n/a")], "{bad}");
    }
    // A `dateCreated` already there is not replaced, and no source is claimed for it.
    let mut dated = observed(&[("created", "2020-01-01T00:00:00Z")]);
    dated.created_at = Some("2019-03-04T05:06:07Z".to_owned());
    let marker = unknown_marker(&dated, &policy).unwrap();
    assert_eq!(marker_pairs(&marker), [pair("owner", "n/a")]);
}

fn row(account: &str, region: &str, resource_type: &str, tags: &[(&str, &str)]) -> AuditRow {
    let mut seen = observed(tags);
    seen.account = account.to_owned();
    seen.region = region.to_owned();
    seen.resource_type = resource_type.to_owned();
    AuditRow::new(seen, None, &policy())
}

#[test]
fn filters_match_with_wildcards() {
    let instance = row("111111111111", "eu-west-1", "AWS::EC2::Instance", &STAMPS);
    let bucket = row("222222222222", "us-east-1", "AWS::S3::Bucket", &[]);
    let only = |filter: AuditFilter| {
        [&instance, &bucket]
            .into_iter()
            .filter(|r| filter.matches(r))
            .map(|r| r.resource_type.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        only(AuditFilter::default()),
        ["AWS::EC2::Instance", "AWS::S3::Bucket"]
    );
    let types = |patterns: &[&str]| AuditFilter {
        types: patterns.iter().map(|p| (*p).to_owned()).collect(),
        ..AuditFilter::default()
    };
    assert_eq!(only(types(&["AWS::EC2::*"])), ["AWS::EC2::Instance"]);
    assert_eq!(only(types(&["aws::s3::*"])), ["AWS::S3::Bucket"]);
    assert_eq!(only(types(&["*::Bucket", "AWS::EC2::*"])).len(), 2);
    assert_eq!(only(types(&["AWS::EC2"])).len(), 0);
    assert_eq!(only(types(&["*"])).len(), 2);
    let regions = AuditFilter {
        regions: vec!["eu-*".to_owned()],
        ..AuditFilter::default()
    };
    assert_eq!(only(regions), ["AWS::EC2::Instance"]);
    let accounts = AuditFilter {
        accounts: vec!["222222222222".to_owned()],
        ..AuditFilter::default()
    };
    assert_eq!(only(accounts), ["AWS::S3::Bucket"]);
    let owner = |pattern: &str| AuditFilter {
        owner: Some(pattern.to_owned()),
        ..AuditFilter::default()
    };
    assert_eq!(only(owner("ali*")), ["AWS::EC2::Instance"]);
    assert_eq!(only(owner("Alice")).len(), 0);
    assert_eq!(only(owner("*")), ["AWS::EC2::Instance"]);
    let unstamped = AuditFilter {
        unstamped_only: true,
        ..AuditFilter::default()
    };
    assert_eq!(only(unstamped), ["AWS::S3::Bucket"]);
    // Every criterion must hold.
    let both = AuditFilter {
        unstamped_only: true,
        regions: vec!["eu-*".to_owned()],
        ..AuditFilter::default()
    };
    assert_eq!(only(both).len(), 0);
}

#[test]
fn wildcards_anchor_both_ends() {
    assert!(wildcard_match("a*b*c", "abc"));
    assert!(wildcard_match("a*b*c", "aXbYc"));
    assert!(!wildcard_match("a*b*c", "aXbYcd"));
    assert!(!wildcard_match("ab*ba", "aba"));
    assert!(wildcard_match("**", ""));
    assert!(!wildcard_match("", "x"));
    assert!(wildcard_match("ec2:*", "ec2:instance"));
    assert!(!wildcard_match("ec2:*", "xec2:instance"));
}

fn counts(coverage: &Coverage) -> (u64, u64, u64, u64) {
    let t = coverage.total();
    (t.stamped, t.owner_unknown, t.unstamped, t.drifted)
}

#[test]
fn coverage_counts_and_shares() {
    let drifted = AuditRow::new(observed(&[STAMPS[1]]), Some(&ledger(&STAMPS)), &policy());
    let rows = [
        row("111111111111", "eu-west-1", "ec2:instance", &STAMPS),
        row("111111111111", "eu-west-1", "ec2:instance", &STAMPS),
        row(
            "111111111111",
            "eu-west-1",
            "ec2:volume",
            &[("owner", "unknown")],
        ),
        row("111111111111", "us-east-1", "s3:bucket", &[]),
        row("222222222222", "eu-west-1", "ec2:instance", &STAMPS),
        drifted,
    ];
    let coverage = Coverage::from_rows(&rows);
    assert_eq!(counts(&coverage), (3, 1, 1, 1));
    let total = coverage.total();
    assert_eq!(total.total(), 6);
    assert_eq!(total.stamped_percent(), Some(50.0));
    // Marked unknown is covered, not stamped; drift is neither.
    assert_eq!(total.covered_percent(), Some(400.0 / 6.0));
    let account = coverage.by_account()["111111111111"];
    assert_eq!((account.stamped, account.total()), (2, 5));
    let region = coverage.by_region()[&("111111111111".to_owned(), "eu-west-1".to_owned())];
    assert_eq!((region.stamped, region.drifted, region.total()), (2, 1, 4));
    let key = CoverageKey {
        account: "111111111111".to_owned(),
        region: "eu-west-1".to_owned(),
        resource_type: "ec2:instance".to_owned(),
    };
    assert_eq!(coverage.by_type()[&key].total(), 3);
    assert!(coverage.meets(50.0));
    assert!(!coverage.meets(50.1));
    assert!(coverage.meets(0.0));
}

#[test]
fn minimum_coverage_compares_counts_not_rounded_shares() {
    let mut two_of_three = StatusCounts::default();
    for status in [
        StampStatus::Stamped,
        StampStatus::Stamped,
        StampStatus::Unstamped,
    ] {
        two_of_three.add(&status);
    }
    assert!(two_of_three.meets(66.6));
    assert!(!two_of_three.meets(66.67));
    let mut all = StatusCounts::default();
    all.add(&StampStatus::Stamped);
    assert!(all.meets(100.0));
    assert!(!two_of_three.meets(f64::NAN));
}

#[test]
fn no_resources_is_not_applicable_and_meets_any_minimum() {
    let coverage = Coverage::new();
    assert_eq!(coverage.total().stamped_percent(), None);
    assert_eq!(coverage.total().covered_percent(), None);
    assert!(coverage.meets(100.0));
    let text = render_coverage(&coverage, OutputFormat::Table);
    assert_eq!(
        text.lines()
            .nth(1)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>(),
        [
            "total", "*", "*", "*", "0", "0", "0", "0", "0", "n/a", "n/a"
        ]
    );
    let json = render_coverage(&coverage, OutputFormat::Json);
    let line: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(line["stamped_percent"], serde_json::Value::Null);
    assert_eq!(line["scope"], "total");
}

#[test]
fn coverage_lines_nest_types_in_regions_in_accounts() {
    let rows = [
        row("111111111111", "us-east-1", "s3:bucket", &[]),
        row("111111111111", "eu-west-1", "ec2:volume", &STAMPS),
        row("111111111111", "eu-west-1", "ec2:instance", &STAMPS),
        row("222222222222", "eu-west-1", "ec2:instance", &[]),
    ];
    let csv = render_coverage(&Coverage::from_rows(&rows), OutputFormat::Csv);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines,
        [
            "scope,account,region,resource_type,total,stamped,owner_unknown,unstamped,drifted,stamped_percent,covered_percent",
            "resource_type,111111111111,eu-west-1,ec2:instance,1,1,0,0,0,100.0,100.0",
            "resource_type,111111111111,eu-west-1,ec2:volume,1,1,0,0,0,100.0,100.0",
            "region,111111111111,eu-west-1,,2,2,0,0,0,100.0,100.0",
            "resource_type,111111111111,us-east-1,s3:bucket,1,0,0,1,0,0.0,0.0",
            "region,111111111111,us-east-1,,1,0,0,1,0,0.0,0.0",
            "account,111111111111,,,3,2,0,1,0,66.6,66.6",
            "resource_type,222222222222,eu-west-1,ec2:instance,1,0,0,1,0,0.0,0.0",
            "region,222222222222,eu-west-1,,1,0,0,1,0,0.0,0.0",
            "account,222222222222,,,1,0,0,1,0,0.0,0.0",
            "total,,,,4,2,0,2,0,50.0,50.0",
            "",
        ]
    );
}

#[test]
fn rows_render_in_three_formats() {
    let hostile = row(
        "111111111111",
        "eu-west-1",
        "ec2:instance",
        &[
            ("owner", "=HYPERLINK(\"http://evil\",\"x\")"),
            ("createdBy", "a,b\nc"),
        ],
    );
    let plain = row("111111111111", "eu-west-1", "s3:bucket", &[]);
    let rows = [hostile, plain];

    let csv = render_rows(&rows, OutputFormat::Csv);
    let expected = format!(
        "account,region,resource_type,status,owner,date_created,created_by,recorded,created_at,found_by,drifted,labels,arn\r\n\
         111111111111,eu-west-1,ec2:instance,stamped,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",,\"a,b\nc\",false,,ec2:DescribeInstances,,,{ARN}\r\n\
         111111111111,eu-west-1,s3:bucket,unstamped,,,,false,,ec2:DescribeInstances,,,{ARN}\r\n"
    );
    assert_eq!(csv, expected);

    let json = render_rows(&rows, OutputFormat::Json);
    let lines: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["status"], "stamped");
    assert_eq!(lines[0]["owner"], "=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(lines[0]["tags"]["createdBy"], "a,b\nc");
    assert_eq!(lines[1]["status"], "unstamped");
    assert_eq!(lines[1]["owner"], serde_json::Value::Null);
    // The JSON line reads back as the row it came from.
    let back: AuditRow = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(back, rows[0]);

    let table = render_rows(&rows, OutputFormat::Table);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("ACCOUNT       REGION     RESOURCE_TYPE  STATUS     OWNER"));
    // The line break inside a value is escaped, not printed.
    assert!(lines[1].contains("a,b\\u{a}c"));
    // Columns line up: the status starts at the same place on every line.
    let status_at: Vec<usize> = lines
        .iter()
        .map(|l| l.find("STATUS").or_else(|| l.find("stamped")).unwrap())
        .collect();
    assert_eq!(status_at[0], status_at[1]);
    assert_eq!(lines[2].find("unstamped"), Some(status_at[0]));
    assert!(lines[2].contains(" - "));
}

#[test]
fn drift_is_summarised_in_csv_and_detailed_in_json() {
    let live = observed(&[("owner", "mallory"), STAMPS[1]]);
    let rows = [AuditRow::new(live, Some(&ledger(&STAMPS)), &policy())];
    let csv = render_rows(&rows, OutputFormat::Csv);
    let line = csv.split("\r\n").nth(1).unwrap();
    assert!(
        line.contains(",drifted,mallory,")
            && line.contains(",owner (changed); createdBy (removed),"),
        "{line}"
    );
    let json: serde_json::Value =
        serde_json::from_str(render_rows(&rows, OutputFormat::Json).trim()).unwrap();
    assert_eq!(json["status"], "drifted");
    assert_eq!(
        json["drifted"],
        serde_json::json!([
            {"key": "owner", "recorded": "alice", "live": "mallory"},
            {"key": "createdBy", "recorded": "arn:aws:iam::111111111111:user/alice", "live": null},
        ])
    );
    assert_eq!(json["recorded"], true);
}

#[test]
fn the_live_stamp_is_adopted_with_its_stamp_keys_only() {
    let policy = TagPolicy::default();
    let adopted = live_stamp(
        &observed(&[
            ("owner", "alice"),
            ("dateCreated", "2024-01-01T00:00:00Z"),
            ("team", "x"),
        ])
        .tags,
        &policy,
    )
    .unwrap();
    let keys: Vec<&str> = adopted.keys().map(String::as_str).collect();
    assert_eq!(keys, ["dateCreated", "owner"]);
    assert_eq!(live_stamp(&observed(&[("team", "x")]).tags, &policy), None);
}

#[test]
fn an_ecr_repository_shows_its_latest_label_check_and_mismatches_can_be_listed_alone() {
    use crate::ecr::check::{LabelCheck, LabelStatus};
    use crate::ecr::labels::Mismatch;
    let repository = |name: &str| {
        let mut seen = observed(&STAMPS);
        seen.arn = format!("arn:aws:ecr:eu-west-1:111111111111:repository/{name}");
        seen.resource_type = "ecr:repository".to_owned();
        AuditRow::new(seen, None, &policy())
    };
    let check = |name: &str, status: LabelStatus| LabelCheck {
        repository_arn: format!("arn:aws:ecr:eu-west-1:111111111111:repository/{name}"),
        digest: "sha256:abc".into(),
        image_tag: None,
        status,
        pushed_at: None,
        checked_at: "2024-03-05T09:14:09Z".into(),
    };
    let mismatched = check(
        "app",
        LabelStatus::Mismatched {
            mismatches: vec![Mismatch::Differs {
                label: "team".into(),
                tag: "Team".into(),
                label_value: "search".into(),
                tag_value: "payments".into(),
            }],
        },
    );
    let rows = [
        repository("app").with_label_check(Some(&mismatched)),
        repository("web").with_label_check(Some(&check("web", LabelStatus::Agrees))),
        repository("old").with_label_check(Some(&check(
            "old",
            LabelStatus::Unreadable {
                reason: "gone".into(),
            },
        ))),
        // Never checked, and a check of another repository is not this one's.
        repository("new").with_label_check(Some(&mismatched)),
    ];
    let cells: Vec<Option<&str>> = rows.iter().map(|r| r.labels.as_deref()).collect();
    assert_eq!(
        cells,
        [
            Some("mismatch: team=search≠Team=payments"),
            Some("agree"),
            Some("unreadable"),
            None
        ]
    );
    let csv = render_rows(&rows, OutputFormat::Csv);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].ends_with(",drifted,labels,arn"), "{csv}");
    assert!(
        lines[1].ends_with(
            ",mismatch: team=search≠Team=payments,arn:aws:ecr:eu-west-1:111111111111:repository/app"
        ),
        "{csv}"
    );
    assert!(
        lines[4].ends_with(",,arn:aws:ecr:eu-west-1:111111111111:repository/new"),
        "{csv}"
    );
    let table = render_rows(&rows, OutputFormat::Table);
    assert!(table.lines().next().unwrap().contains("LABELS"), "{table}");
    assert!(
        table.contains("mismatch: team=search≠Team=payments"),
        "{table}"
    );
    let json: Vec<serde_json::Value> = render_rows(&rows, OutputFormat::Json)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(json[0]["labels"], "mismatch: team=search≠Team=payments");
    assert_eq!(
        json[0]["label_check"]["mismatches"][0]["tag_value"],
        "payments"
    );
    assert_eq!(json[1]["labels"], "agree");
    assert!(json[3].get("labels").is_none(), "{}", json[3]);

    let only = AuditFilter {
        label_mismatch_only: true,
        ..AuditFilter::default()
    };
    let shown: Vec<&str> = rows
        .iter()
        .filter(|r| only.matches(r))
        .map(|r| r.arn.as_str())
        .collect();
    assert_eq!(shown, ["arn:aws:ecr:eu-west-1:111111111111:repository/app"]);
}
