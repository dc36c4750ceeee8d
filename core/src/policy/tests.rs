//! Tests of `core/src/policy/mod.rs`.

use super::*;

fn refused(text: &str) -> String {
    TagPolicy::from_toml(text).unwrap_err().to_string()
}

#[test]
fn empty_file_is_the_default_policy() {
    assert_eq!(TagPolicy::from_toml("").unwrap(), TagPolicy::default());
}

#[test]
fn reads_a_full_policy() {
    let policy = TagPolicy::from_toml(
        r#"
        [tags]
        owner = "Owner"
        invoked_by = "invokedBy"
        [static_tags]
        WhatIsThis = "https://wiki.example.com/autotag"
        [template_tags]
        "autotag:event" = "{eventSource}/{eventName}"
        [scope]
        accounts = ["222222222222", "333333333333"]
        [spoke]
        role_name = "auto-tag"
        break_glass_role_name = "tags-emergency"
        external_id = "org-1234"
        "#,
    )
    .unwrap();
    assert_eq!(policy.keys.owner.as_str(), "Owner");
    assert_eq!(
        policy.keys.invoked_by.as_ref().unwrap().as_str(),
        "invokedBy"
    );
    assert_eq!(policy.static_tags.len(), 1);
    assert_eq!(
        policy.template_tags[0].1,
        vec![
            TemplatePart::Field("eventSource".into()),
            TemplatePart::Literal("/".into()),
            TemplatePart::Field("eventName".into())
        ]
    );
    assert!(
        policy
            .scope
            .contains(&AccountId::parse("222222222222").unwrap())
    );
    assert!(
        !policy
            .scope
            .contains(&AccountId::parse("444444444444").unwrap())
    );
    assert_eq!(policy.external_id.as_deref(), Some("org-1234"));
    assert_eq!(policy.role_name, "auto-tag");
    assert_eq!(policy.break_glass_role_name, "tags-emergency");
    assert_eq!(
        TagPolicy::default().break_glass_role_name,
        "autotag-break-glass"
    );
}

#[test]
fn reads_the_backfill_table() {
    let policy = TagPolicy::from_toml(
        "[backfill]\nunknown_owner = \"no-owner\"\ndate_source_key = \"org:dateSource\"",
    )
    .unwrap();
    assert_eq!(policy.backfill.unknown_owner.as_str(), "no-owner");
    assert_eq!(policy.backfill.date_source_key.as_str(), "org:dateSource");
    let default = TagPolicy::default().backfill;
    assert_eq!(default.unknown_owner.as_str(), "unknown");
    assert_eq!(default.date_source_key.as_str(), "autotag:dateSource");
}

#[test]
fn bad_backfill_fields_are_named() {
    assert!(refused("[backfill]\nunknown_owner = \"\"").contains("`backfill.unknown_owner`"));
    assert!(refused("[backfill]\nunknown_owner = \"  \"").contains("`backfill.unknown_owner`"));
    assert!(refused("[backfill]\nunknown_owner = \"a;b\"").contains("`backfill.unknown_owner`"));
    assert!(
        refused("[backfill]\ndate_source_key = \"aws:x\"").contains("`backfill.date_source_key`")
    );
    assert!(
        refused("[backfill]\ndate_source_key = \"dateCreated\"")
            .contains("already used by `tags.date_created`")
    );
    assert!(
        refused("[static_tags]\nsrc = \"x\"\n[backfill]\ndate_source_key = \"src\"")
            .contains("already used by `static_tags.src`")
    );
    let unknown = refused("[backfill]\nunknown = \"x\"");
    assert!(unknown.contains("unknown field `unknown`"), "{unknown}");
}

#[test]
fn the_committed_schema_matches_the_policy_file_type() {
    // `AUTOTAG_BLESS=1` writes it as `autotag schema` prints it, for core-only builds.
    if std::env::var_os("AUTOTAG_BLESS").is_some() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/config.schema.json");
        let text = serde_json::to_string_pretty(&TagPolicy::json_schema()).unwrap();
        std::fs::write(path, format!("{text}\n")).unwrap();
        return;
    }
    let committed: serde_json::Value =
        serde_json::from_str(include_str!("../../../docs/config.schema.json")).unwrap();
    assert_eq!(
        committed,
        TagPolicy::json_schema(),
        "docs/config.schema.json is stale: run `autotag schema > docs/config.schema.json`"
    );
}

#[test]
fn bad_fields_are_named() {
    assert!(refused("[tags]\nowner = \"aws:owner\"").contains("`tags.owner`"));
    assert!(refused("[tags]\nownr = \"x\"").contains("ownr"));
    assert!(refused("[scope]\naccounts = [\"12\"]").contains("`scope.accounts`"));
    assert!(refused("[scope]\naccounts = []").contains("`scope.accounts`"));
    assert!(refused("[scope]\nregions = [\"eu west\"]").contains("`scope.regions`"));
    let regions = TagPolicy::from_toml("[scope]\nregions = [\"eu-west-1\", \"us-east-1\"]")
        .unwrap()
        .regions;
    assert_eq!(regions.len(), 2);
    assert!(refused("[spoke]\nrole_name = \"a b\"").contains("`spoke.role_name`"));
    assert!(
        refused("[spoke]\nbreak_glass_role_name = \"\"").contains("`spoke.break_glass_role_name`")
    );
    assert!(
        refused("[spoke]\nbreak_glass_role_name = \"AutoTag\"")
            .contains("is the auto-tag role's name")
    );
    assert!(refused("[template_tags]\nx = \"{eventName\"").contains("`template_tags.x`"));
    assert!(refused("[inherit]\nkeys = [\"aws:x\"]").contains("`inherit.keys`"));
    assert!(refused("[inherit]\nprefixes = [\"AWS:\"]").contains("`inherit.prefixes`"));
    assert!(refused("[inherit]\nwait_seconds = 86400").contains("`inherit.wait_seconds`"));
    assert!(refused("[static_tags]\nowner = \"x\"").contains("already used by `tags.owner`"));
    assert!(refused("[static_tags]\nx = \"a;b\"").contains("`static_tags.x`"));
    assert!(refused("scope = 5").contains("config is not valid"));
    let many: String = (0..48).map(|n| format!("k{n} = \"v\"\n")).collect();
    assert!(refused(&format!("[static_tags]\n{many}")).contains("at most 50"));
}

#[test]
fn the_complete_example_of_the_reference_is_a_valid_policy() {
    let reference = include_str!("../../../docs/config.md");
    let example = reference
        .split("## A complete example")
        .nth(1)
        .and_then(|rest| rest.split("```toml\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    let policy = TagPolicy::from_toml(example).unwrap();
    assert_eq!(policy.enforcement.rules.len(), 1);
    assert_eq!(policy.enforcement.rules[0].steps.len(), 4);
    assert_eq!(policy.type_tags("ecr:repository").len(), 3);
    assert_eq!(policy.ecr.label_tags.len(), 1);
    assert_eq!(policy.admission.ignored_namespaces.len(), 1);
}
