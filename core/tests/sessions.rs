//! Sessions from the corpus's real STS records: what each issued, how chaining carries
//! transitive tags and the human, and how a later call joins its session by access key id.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a broken expectation should stop the test loudly"
)]

use std::collections::BTreeMap;
use std::path::Path;

use autotag_core::event::{Event, parse_document};
use autotag_core::inherit::{Context, Lookup};
use autotag_core::plan::{Outcome, TagPlan, plan};
use autotag_core::policy::TagPolicy;
use autotag_core::session::{IssuedSession, IssuingCall};
use time::macros::datetime;

const NOW: time::OffsetDateTime = datetime!(2026-11-22 00:00 UTC);

fn event(name: &str) -> Event {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sts")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    parse_document(&text).unwrap().remove(0).unwrap()
}

fn session(name: &str) -> IssuedSession {
    match plan(&event(name), &TagPolicy::default(), NOW).outcome {
        Outcome::Session(session) => *session,
        other => panic!("{name}: {other:?}"),
    }
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn assume_role_with_tags_transitive_keys_and_incoming_tags() {
    let s = session("AssumeRole-awsdocs-iam-user-guide-2.json");
    assert_eq!(s.access_key_id, "ASIAWHOJDLGPOEXAMPLE");
    assert_eq!(s.issued_by, IssuingCall::AssumeRole);
    assert_eq!(
        s.role_arn.as_deref(),
        Some("arn:aws:iam::111111111111:role/JohnRole2")
    );
    assert_eq!(s.session_name.as_deref(), Some("Role2WithTags"));
    assert_eq!(s.source_identity.as_deref(), Some("JohnDoe"));
    assert_eq!(
        s.tags,
        map(&[
            ("CostCenter", "12345"),
            ("Department", "Engineering"),
            ("Email", "johndoe@example.com")
        ])
    );
    // The incoming transitive tag stays transitive down the chain.
    assert_eq!(
        s.transitive_keys
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["CostCenter", "Department", "Email"]
    );
    // "Oct 2, 2019, 11:12:29 PM"
    assert_eq!(
        s.expires_at,
        datetime!(2019-10-02 23:12:29 UTC).unix_timestamp()
    );
    // The caller's key is long-term (AKIA): there is no parent session to join.
    assert_eq!(s.caller_access_key_id, None);
}

#[test]
fn saml_principal_tags_are_session_tags_and_the_subject_is_the_human() {
    let s = session("AssumeRoleWithSAML-vikyol-aws-tags-1.json");
    assert_eq!(s.issued_by, IssuingCall::AssumeRoleWithSAML);
    assert_eq!(
        s.tags,
        map(&[("CostCenter", "Marketing"), ("Project", "SAML-Test")])
    );
    assert_eq!(s.issued_to.as_deref(), Some("test@email.com"));
    assert_eq!(
        s.expires_at,
        datetime!(2019-12-27 11:52:50 UTC).unix_timestamp()
    );
}

#[test]
fn federation_tokens_are_sessions_of_the_federated_name() {
    let s = session("GetFederationToken-stratus-red-team-1.json");
    assert_eq!(s.issued_by, IssuingCall::GetFederationToken);
    assert_eq!(s.access_key_id, "ASIASTJKC5GCM7ZE6LUP");
    assert_eq!(s.session_name.as_deref(), Some("stratus_red_team"));
    assert_eq!(
        s.session_arn.as_deref(),
        Some("arn:aws:sts::742491224508:federated-user/stratus_red_team")
    );
    assert_eq!(
        s.issued_to.as_deref(),
        Some("stratus-red-team-user-federation-user")
    );
}

#[test]
fn role_chaining_carries_transitive_tags_and_the_human() {
    // test-user assumes TeamA with transitive Team and CostCenter; a TeamA session then
    // assumes sessiontags-role-1, whose record lists the incoming transitive tags.
    let parent = session("AssumeRole-vikyol-aws-tags-1.json");
    assert_eq!(parent.issued_to.as_deref(), Some("test-user"));
    assert_eq!(
        parent.tags,
        map(&[("CostCenter", "1234"), ("Team", "Ateam")])
    );
    let child = session("AssumeRole-vikyol-aws-tags-3.json");
    assert_eq!(
        child.caller_access_key_id.as_deref(),
        Some("ASIA7R5R2IBEV53L9WHI")
    );
    assert_eq!(
        child.issued_to, None,
        "a plain role session (`TeamA/aws-tags`) names no person before the join"
    );
    let chained = child.chained_onto(&parent);
    assert_eq!(chained.issued_to.as_deref(), Some("test-user"));
    assert_eq!(
        chained.tags,
        map(&[("CostCenter", "1234"), ("Team", "Ateam")])
    );
    assert!(chained.transitive_keys.contains("Team"));

    // Non-transitive tags do not pass down.
    let other = session("AssumeRole-vikyol-aws-tags-2.json");
    assert_eq!(other.tags, map(&[("Project", "Tagging")]));
    assert!(other.transitive_keys.is_empty());
    let grandchild = session("AssumeRole-vikyol-aws-tags-3.json").chained_onto(&other);
    assert!(!grandchild.tags.contains_key("Project"));
}

/// A bucket created with the credentials an AssumeRole issued: it joins the session by the
/// access key id and inherits its tags and its human.
#[test]
fn a_create_call_joins_its_session_by_access_key_id() {
    let issued = session("AssumeRole-awsdocs-iam-user-guide-2.json");
    let create = serde_json::json!({
        "id": "create-1", "source": "aws.s3", "account": "111111111111",
        "detail-type": "AWS API Call via CloudTrail",
        "detail": {
            "eventVersion": "1.08", "eventType": "AwsApiCall", "eventTime": "2019-10-02T22:20:00Z",
            "eventSource": "s3.amazonaws.com", "eventName": "CreateBucket", "awsRegion": "us-east-2",
            "recipientAccountId": "111111111111",
            "userIdentity": {
                "type": "AssumedRole", "principalId": "AROAIFR7WHDTSOYQYHFUE:Role2WithTags",
                "arn": "arn:aws:sts::111111111111:assumed-role/JohnRole2/Role2WithTags",
                "accountId": "111111111111", "accessKeyId": "ASIAWHOJDLGPOEXAMPLE",
                "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::111111111111:role/JohnRole2", "userName": "JohnRole2"}}
            },
            "requestParameters": {"bucketName": "johns-bucket"}
        }
    });
    let event = parse_document(&create.to_string())
        .unwrap()
        .remove(0)
        .unwrap();
    let policy = TagPolicy::default();
    let now = datetime!(2019-10-02 22:21 UTC);
    let mut tag_plan: TagPlan = match plan(&event, &policy, now).outcome {
        Outcome::Tag(plan) => plan,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        tag_plan.lookups.session.as_deref(),
        Some("ASIAWHOJDLGPOEXAMPLE")
    );
    assert!(
        tag_plan.lookups.principal.is_some(),
        "the role's own tags are looked up too"
    );
    let tag = |plan: &TagPlan, key: &str| {
        plan.tags
            .iter()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, v)| v.as_str().to_owned())
    };
    assert_eq!(
        tag(&tag_plan, "owner").as_deref(),
        Some("JohnRole2/Role2WithTags")
    );

    let absent = Context {
        session: Lookup::Absent("session `ASIAWHOJDLGPOEXAMPLE` is not recorded".into()),
        ..Context::empty()
    };
    assert!(
        tag_plan.resolve(&policy, &absent, now).is_err(),
        "waits while the STS record may still come"
    );

    let context = Context {
        session: Lookup::Found(issued),
        principal_tags: Lookup::Found(map(&[("CostCenter", "from-role"), ("Tier", "gold")])),
        ..Context::empty()
    };
    tag_plan.resolve(&policy, &context, now).unwrap();
    assert_eq!(
        tag(&tag_plan, "owner").as_deref(),
        Some("JohnDoe"),
        "the source identity"
    );
    assert_eq!(
        tag(&tag_plan, "Email").as_deref(),
        Some("johndoe@example.com")
    );
    assert_eq!(
        tag(&tag_plan, "CostCenter").as_deref(),
        Some("12345"),
        "session beats role"
    );
    assert_eq!(tag(&tag_plan, "Tier").as_deref(), Some("gold"));
    assert_eq!(
        tag(&tag_plan, "createdBy").as_deref(),
        Some("arn:aws:sts::111111111111:assumed-role/JohnRole2/Role2WithTags")
    );
}

/// A workload's session (here the vikyol `test-admin/erhvik` role session, which names no
/// person by the owner rules) issues a session that keeps its own name as owner.
#[test]
fn a_session_opened_by_a_workload_keeps_its_own_name() {
    let s = session("AssumeRole-vikyol-aws-tags-2.json");
    assert_eq!(s.issued_to, None);
}
