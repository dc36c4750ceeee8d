//! Tests of `core/src/policy_eval.rs`.

use super::*;
use serde_json::json;

const ORDINARY: &str = "arn:aws:iam::222222222222:role/developer";
const AUTOTAG: &str = "arn:aws:iam::222222222222:role/autotag";
const BREAK_GLASS: &str = "arn:aws:iam::222222222222:role/autotag-break-glass";
const HUB: &str = "arn:aws:iam::111111111111:role/autotag-hub";

/// Name, principal ARN, action, tag keys, expected verdict.
type TagCase<'a> = (&'a str, Option<&'a str>, &'a str, &'a [&'a str], Verdict);
/// Name, principal ARN, external id, organization, action, expected verdict.
type TrustCase<'a> = (
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
    Verdict,
);

fn scp() -> Value {
    let conditions = json!({
        "ForAnyValue:StringEquals": {"aws:TagKeys": ["owner", "dateCreated", "createdBy"]},
        "ArnNotLike": {"aws:PrincipalArn": "arn:*:iam::*:role/autotag"}
    });
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyDeletingProtectedTags",
                "Effect": "Deny",
                "Action": ["ec2:DeleteTags", "tag:UntagResources", "s3:DeleteBucketTagging", "iam:UntagRole"],
                "Resource": "*",
                "Condition": conditions
            },
            {
                "Sid": "DenyOverwritingProtectedTags",
                "Effect": "Deny",
                "Action": ["ec2:CreateTags", "tag:TagResources", "iam:TagRole"],
                "Resource": "*",
                "Condition": conditions
            }
        ]
    })
}

fn full_access() -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
}

fn trust() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": {
            "Effect": "Allow",
            "Principal": {"AWS": HUB},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "x", "aws:PrincipalOrgID": "o-abc"}}
        }
    })
}

fn at(document: usize, statement: usize, sid: Option<&str>) -> StatementRef {
    StatementRef {
        document,
        statement,
        sid: sid.map(str::to_owned),
    }
}

fn allowed(document: usize, statement: usize, sid: Option<&str>) -> Verdict {
    Verdict::Allowed {
        by: at(document, statement, sid),
    }
}

fn denied(document: usize, statement: usize, sid: &str) -> Verdict {
    Verdict::ExplicitlyDenied {
        by: at(document, statement, Some(sid)),
    }
}

fn tag_request<'a>(
    principal: Option<&'a str>,
    action: &'a str,
    keys: &'a [&'a str],
) -> Request<'a> {
    Request {
        principal_arn: principal,
        principal_org_id: Some("o-abc"),
        action,
        resource: "arn:aws:ec2:eu-west-1:222222222222:instance/i-0abc",
        tag_keys: keys,
        external_id: None,
        resource_org_id: None,
    }
}

#[test]
fn the_scp_protects_the_stamps_from_everyone_but_the_auto_tag_role() {
    const DELETE: &str = "DenyDeletingProtectedTags";
    const OVERWRITE: &str = "DenyOverwritingProtectedTags";
    let full = allowed(1, 0, None);
    let cases: &[TagCase<'_>] = &[
        (
            "ordinary principal deletes owner",
            Some(ORDINARY),
            "ec2:DeleteTags",
            &["owner"],
            denied(0, 0, DELETE),
        ),
        (
            "ordinary principal deletes env",
            Some(ORDINARY),
            "ec2:DeleteTags",
            &["env"],
            full.clone(),
        ),
        (
            "auto-tag role deletes owner",
            Some(AUTOTAG),
            "ec2:DeleteTags",
            &["owner"],
            full.clone(),
        ),
        (
            "ordinary CreateTags env and owner",
            Some(ORDINARY),
            "ec2:CreateTags",
            &["env", "owner"],
            denied(0, 1, OVERWRITE),
        ),
        (
            "ordinary CreateTags env",
            Some(ORDINARY),
            "ec2:CreateTags",
            &["env"],
            full.clone(),
        ),
        (
            "action case is ignored",
            Some(ORDINARY),
            "EC2:deletetags",
            &["owner"],
            denied(0, 0, DELETE),
        ),
        (
            "s3 untag createdBy",
            Some(ORDINARY),
            "s3:DeleteBucketTagging",
            &["createdBy"],
            denied(0, 0, DELETE),
        ),
        (
            "iam untag dateCreated",
            Some(ORDINARY),
            "iam:UntagRole",
            &["x", "dateCreated"],
            denied(0, 0, DELETE),
        ),
        (
            "tagging API overwrite",
            Some(ORDINARY),
            "tag:TagResources",
            &["createdBy"],
            denied(0, 1, OVERWRITE),
        ),
        (
            "auto-tag role overwrites owner",
            Some(AUTOTAG),
            "ec2:CreateTags",
            &["owner"],
            full.clone(),
        ),
        (
            "auto-tag role in another partition",
            Some("arn:aws-cn:iam::222222222222:role/autotag"),
            "ec2:DeleteTags",
            &["owner"],
            full.clone(),
        ),
        (
            "a role under a path is not the auto-tag role",
            Some("arn:aws:iam::222222222222:role/team/autotag"),
            "ec2:DeleteTags",
            &["owner"],
            denied(0, 0, DELETE),
        ),
        (
            "a role whose name only starts like it",
            Some("arn:aws:iam::222222222222:role/autotag2"),
            "ec2:DeleteTags",
            &["owner"],
            denied(0, 0, DELETE),
        ),
        (
            "a user named autotag",
            Some("arn:aws:iam::222222222222:user/autotag"),
            "ec2:DeleteTags",
            &["owner"],
            denied(0, 0, DELETE),
        ),
        (
            "no principal ARN is not exempt",
            None,
            "ec2:DeleteTags",
            &["owner"],
            denied(0, 0, DELETE),
        ),
        (
            "no tag keys: ForAnyValue is false",
            Some(ORDINARY),
            "tag:UntagResources",
            &[],
            full.clone(),
        ),
        (
            "tag keys compare case-sensitively",
            Some(ORDINARY),
            "ec2:DeleteTags",
            &["Owner"],
            full.clone(),
        ),
        (
            "actions outside the list",
            Some(ORDINARY),
            "ec2:RunInstances",
            &["owner"],
            full.clone(),
        ),
    ];
    let scp = scp();
    let full_access = full_access();
    for (name, principal, action, keys, expected) in cases {
        let request = tag_request(*principal, action, keys);
        let verdict = evaluate(&[&scp, &full_access], &request).unwrap();
        assert_eq!(&verdict, expected, "{name}: {verdict}");
    }
    let without_full_access = evaluate(
        &[&scp],
        &tag_request(Some(ORDINARY), "ec2:DeleteTags", &["env"]),
    );
    assert_eq!(without_full_access.unwrap(), Verdict::ImplicitlyDenied);
}

#[test]
fn wildcard_actions_match_case_insensitively() {
    let document = json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Tags", "Effect": "Allow", "Action": "ec2:*Tags", "Resource": "*"},
            {"Sid": "Bucket", "Effect": "Allow", "Action": ["s3:Put?ucketTagging"], "Resource": "arn:*:s3:::*"}
        ]
    });
    let cases: &[(&str, &str, Verdict)] = &[
        ("ec2:DeleteTags", "*", allowed(0, 0, Some("Tags"))),
        ("EC2:DELETETAGS", "*", allowed(0, 0, Some("Tags"))),
        ("ec2:createtags", "*", allowed(0, 0, Some("Tags"))),
        ("ec2:Tags", "*", allowed(0, 0, Some("Tags"))),
        ("ec2:DescribeTagsX", "*", Verdict::ImplicitlyDenied),
        ("ecr:DeleteTags", "*", Verdict::ImplicitlyDenied),
        (
            "s3:PutBucketTagging",
            "arn:aws:s3:::my-bucket",
            allowed(0, 1, Some("Bucket")),
        ),
        (
            "S3:putbuckettagging",
            "arn:aws:s3:::my-bucket",
            allowed(0, 1, Some("Bucket")),
        ),
        (
            "s3:PutBucketTagging",
            "arn:aws:s3:::My-Bucket",
            allowed(0, 1, Some("Bucket")),
        ),
        (
            "s3:PutBucketTagging",
            "arn:aws:ec2:eu-west-1:222222222222:instance/i-1",
            Verdict::ImplicitlyDenied,
        ),
        ("s3:PutBucketTagging", "*", Verdict::ImplicitlyDenied),
    ];
    for (action, resource, expected) in cases {
        let request = Request {
            action,
            resource,
            ..Request::default()
        };
        assert_eq!(
            &evaluate(&[&document], &request).unwrap(),
            expected,
            "{action} on {resource}"
        );
    }
}

#[test]
fn resources_match_per_arn_component_and_case_sensitively() {
    let cases: &[(&str, &str, bool)] = &[
        ("*", "anything at all", true),
        (
            "arn:*:iam::*:role/*",
            "arn:aws:iam::123456789012:role/path/app",
            true,
        ),
        (
            "arn:*:iam::*:role/*",
            "arn:aws:iam::123456789012:user/app",
            false,
        ),
        ("arn:aws:s3:::bucket", "arn:aws:s3:::Bucket", false),
        (
            "arn:aws:lambda:*:*:function:*",
            "arn:aws:lambda:eu-west-1:123456789012:function:f:live",
            true,
        ),
        // A wildcard does not span the colons between components.
        (
            "arn:aws:*:role/x",
            "arn:aws:iam::123456789012:role/x",
            false,
        ),
        (
            "arn:aws:iam::12345678901?:role/x",
            "arn:aws:iam::123456789012:role/x",
            true,
        ),
        (
            "arn:aws:iam::12345678901?:role/x",
            "arn:aws:iam::1234567890123:role/x",
            false,
        ),
        ("arn:aws:iam::*:role/x", "not-an-arn", false),
    ];
    for (pattern, value, expected) in cases {
        assert_eq!(
            arn_matches(pattern, value),
            *expected,
            "{pattern} ~ {value}"
        );
    }
    let globs: &[(&str, &str, bool, bool)] = &[
        ("", "", false, true),
        ("*", "", false, true),
        ("**", "abc", false, true),
        ("a*c", "abbbc", false, true),
        ("a*c", "abbb", false, false),
        ("a?c", "abc", false, true),
        ("a?c", "ac", false, false),
        ("*Tags", "DeleteTags", false, true),
        ("*tags", "DeleteTags", false, false),
        ("*tags", "DeleteTags", true, true),
        ("*a*b", "xaxaxb", false, true),
        ("é*", "éa", false, true),
    ];
    for (pattern, text, fold, expected) in globs {
        assert_eq!(glob(pattern, text, *fold), *expected, "{pattern} ~ {text}");
    }
}

#[test]
fn the_trust_policy_admits_only_the_hub_from_the_organization_with_the_external_id() {
    let hub = allowed(0, 0, None);
    let cases: &[TrustCase<'_>] = &[
        (
            "hub, right id and org",
            Some(HUB),
            Some("x"),
            Some("o-abc"),
            "sts:AssumeRole",
            hub.clone(),
        ),
        (
            "action case is ignored",
            Some(HUB),
            Some("x"),
            Some("o-abc"),
            "STS:assumerole",
            hub.clone(),
        ),
        (
            "wrong external id",
            Some(HUB),
            Some("y"),
            Some("o-abc"),
            "sts:AssumeRole",
            Verdict::ImplicitlyDenied,
        ),
        (
            "external id case matters",
            Some(HUB),
            Some("X"),
            Some("o-abc"),
            "sts:AssumeRole",
            Verdict::ImplicitlyDenied,
        ),
        (
            "missing external id",
            Some(HUB),
            None,
            Some("o-abc"),
            "sts:AssumeRole",
            Verdict::ImplicitlyDenied,
        ),
        (
            "other organization",
            Some(HUB),
            Some("x"),
            Some("o-other"),
            "sts:AssumeRole",
            Verdict::ImplicitlyDenied,
        ),
        (
            "missing organization",
            Some(HUB),
            Some("x"),
            None,
            "sts:AssumeRole",
            Verdict::ImplicitlyDenied,
        ),
        (
            "other principal",
            Some(ORDINARY),
            Some("x"),
            Some("o-abc"),
            "sts:AssumeRole",
            Verdict::ImplicitlyDenied,
        ),
        (
            "hub's session ARN is not the role ARN",
            Some("arn:aws:sts::111111111111:assumed-role/autotag-hub/s"),
            Some("x"),
            Some("o-abc"),
            "sts:AssumeRole",
            Verdict::ImplicitlyDenied,
        ),
        (
            "anonymous",
            None,
            Some("x"),
            Some("o-abc"),
            "sts:AssumeRole",
            Verdict::ImplicitlyDenied,
        ),
        (
            "other action",
            Some(HUB),
            Some("x"),
            Some("o-abc"),
            "sts:TagSession",
            Verdict::ImplicitlyDenied,
        ),
    ];
    let trust = trust();
    for (name, principal, external_id, org, action, expected) in cases {
        let request = Request {
            principal_arn: *principal,
            principal_org_id: *org,
            action,
            resource: "arn:aws:iam::222222222222:role/autotag",
            tag_keys: &[],
            external_id: *external_id,
            resource_org_id: None,
        };
        assert_eq!(&evaluate(&[&trust], &request).unwrap(), expected, "{name}");
    }
}

#[test]
fn principals_match_exactly_and_service_principals_never_match() {
    let document = json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Events", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole"},
            {"Sid": "Two", "Effect": "Allow", "Principal": {"AWS": [ORDINARY, AUTOTAG]}, "Action": "sts:AssumeRole"},
            {"Sid": "Anyone", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "events:PutEvents", "Resource": "*"},
            {"Sid": "OnlyListedKeys", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "events:PutEvents", "Resource": "*",
             "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}}
        ]
    });
    let cases: &[(Option<&str>, &str, &[&str], Verdict)] = &[
        (
            Some(ORDINARY),
            "sts:AssumeRole",
            &["a"],
            allowed(0, 1, Some("Two")),
        ),
        (
            Some(AUTOTAG),
            "sts:AssumeRole",
            &["a"],
            allowed(0, 1, Some("Two")),
        ),
        (
            Some(HUB),
            "sts:AssumeRole",
            &["a"],
            Verdict::ImplicitlyDenied,
        ),
        (
            Some("arn:aws:iam::222222222222:role/Developer"),
            "sts:AssumeRole",
            &["a"],
            Verdict::ImplicitlyDenied,
        ),
        (
            None,
            "events:PutEvents",
            &["c"],
            allowed(0, 2, Some("Anyone")),
        ),
        (
            Some(HUB),
            "events:PutEvents",
            &["a", "c"],
            allowed(0, 2, Some("Anyone")),
        ),
        // ForAllValues holds when every key is listed, and when there are none.
        (
            Some(HUB),
            "events:PutEvents",
            &["a", "b"],
            denied(0, 3, "OnlyListedKeys"),
        ),
        (
            Some(HUB),
            "events:PutEvents",
            &[],
            denied(0, 3, "OnlyListedKeys"),
        ),
    ];
    for (principal, action, keys, expected) in cases {
        let request = Request {
            principal_arn: *principal,
            action,
            resource: "*",
            tag_keys: keys,
            ..Request::default()
        };
        assert_eq!(
            &evaluate(&[&document], &request).unwrap(),
            expected,
            "{principal:?} {action} {keys:?}"
        );
    }
}

#[test]
fn arn_like_and_condition_keys_are_case_insensitive_names() {
    let document = json!({
        "Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
            "Condition": {"ArnLike": {"AWS:principalarn": ["arn:aws:iam::*:role/ops-*", "arn:aws:iam::111111111111:user/?"]}}}
    });
    let cases: &[(Option<&str>, bool)] = &[
        (Some("arn:aws:iam::222222222222:role/ops-admin"), true),
        (Some("arn:aws:iam::111111111111:user/a"), true),
        (Some("arn:aws:iam::111111111111:user/ab"), false),
        (Some("arn:aws:iam::222222222222:role/Ops-admin"), false),
        (None, false),
    ];
    for (principal, expected) in cases {
        let request = Request {
            principal_arn: *principal,
            action: "ec2:RunInstances",
            resource: "*",
            ..Request::default()
        };
        assert_eq!(
            evaluate(&[&document], &request).unwrap().is_allowed(),
            *expected,
            "{principal:?}"
        );
    }
}

#[test]
fn null_and_ignore_case_conditions_on_tag_keys() {
    let deny = |condition: Value| {
        json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "D", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": condition},
            {"Effect": "Allow", "Action": "*", "Resource": "*"}
        ]})
    };
    let absent = deny(json!({"Null": {"aws:TagKeys": "true"}}));
    let present = deny(json!({"Null": {"AWS:TagKeys": ["false"]}}));
    let any_case =
        deny(json!({"ForAnyValue:StringEqualsIgnoreCase": {"aws:TagKeys": ["owner", "équipe"]}}));
    let exact = deny(json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["owner", "équipe"]}}));
    // Document, tag keys, denied.
    let cases: &[(&str, &Value, &[&str], bool)] = &[
        ("Null true, no keys", &absent, &[], true),
        ("Null true, a key", &absent, &["env"], false),
        ("Null false, no keys", &present, &[], false),
        ("Null false, a key", &present, &["env"], true),
        ("any case, same case", &any_case, &["owner"], true),
        ("any case, upper case", &any_case, &["OWNER"], true),
        (
            "any case, mixed case among others",
            &any_case,
            &["env", "Owner"],
            true,
        ),
        ("any case, beyond ASCII", &any_case, &["ÉQUIPE"], true),
        ("any case, another key", &any_case, &["owners"], false),
        ("any case, no keys", &any_case, &[], false),
        ("exact, upper case", &exact, &["OWNER"], false),
        ("exact, same case", &exact, &["owner"], true),
    ];
    for (name, document, keys, denied) in cases {
        let verdict = evaluate(
            &[document],
            &tag_request(Some(ORDINARY), "ec2:DeleteTags", keys),
        )
        .unwrap();
        assert_eq!(
            matches!(verdict, Verdict::ExplicitlyDenied { .. }),
            *denied,
            "{name}: {verdict}"
        );
    }
}

#[test]
fn verdicts_explain_themselves() {
    assert_eq!(
        denied(0, 1, "DenyProtectedTagChanges").to_string(),
        "denied by statement `DenyProtectedTagChanges` of document 0"
    );
    assert_eq!(
        allowed(1, 2, None).to_string(),
        "allowed by statement 2 of document 1"
    );
    assert_eq!(
        Verdict::ImplicitlyDenied.to_string(),
        "implicitly denied: no statement allows it"
    );
}

fn statement(extra: Value) -> Value {
    let mut statement =
        json!({"Sid": "S", "Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*"});
    if let (Some(object), Value::Object(extra)) = (statement.as_object_mut(), extra) {
        for (key, value) in extra {
            if value.is_null() {
                object.remove(&key);
            } else {
                object.insert(key, value);
            }
        }
    }
    json!({"Version": "2012-10-17", "Statement": [statement]})
}

#[test]
fn what_is_outside_the_grammar_is_refused_by_name() {
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "NotAction",
            statement(json!({"NotAction": "ec2:CreateTags"})),
            "statement `S` of document 0: element `NotAction` is not supported by autotag's evaluator",
        ),
        (
            "NotResource",
            statement(json!({"NotResource": "*"})),
            "element `NotResource` is not supported",
        ),
        (
            "NotPrincipal",
            statement(json!({"NotPrincipal": {"AWS": HUB}})),
            "element `NotPrincipal` is not supported",
        ),
        (
            "StringLike",
            statement(json!({"Condition": {"StringLike": {"aws:PrincipalArn": "x"}}})),
            "condition operator `StringLike` is not supported by autotag's evaluator",
        ),
        (
            "IfExists",
            statement(json!({"Condition": {"ArnNotLikeIfExists": {"aws:PrincipalArn": "*"}}})),
            "condition operator `ArnNotLikeIfExists` is not supported",
        ),
        (
            "key under ArnLike",
            statement(json!({"Condition": {"ArnLike": {"aws:SourceIp": "arn:aws:iam::*:role/x"}}})),
            "condition key `aws:SourceIp` is not supported under `ArnLike` by autotag's evaluator",
        ),
        (
            "TagKeys under StringEquals",
            statement(json!({"Condition": {"StringEquals": {"aws:TagKeys": "owner"}}})),
            "condition key `aws:TagKeys` is not supported under `StringEquals`",
        ),
        (
            "old version",
            json!({"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}),
            "document 0: `Version` `2008-10-17` is not supported",
        ),
        (
            "no version",
            json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}),
            "document 0: `Version` is missing",
        ),
        (
            "Maybe",
            statement(json!({"Effect": "Maybe"})),
            "statement `S` of document 0: `Effect` `Maybe` is not `Allow` or `Deny`",
        ),
        (
            "no effect",
            statement(json!({"Effect": null})),
            "`Effect` is missing",
        ),
        (
            "no action",
            statement(json!({"Action": null})),
            "`Action` is missing",
        ),
        (
            "empty actions",
            statement(json!({"Action": []})),
            "`Action` is empty",
        ),
        (
            "action shape",
            statement(json!({"Action": ["ec2:CreateTags", "CreateTags"]})),
            "action `CreateTags` is not `*` or `service:Name`",
        ),
        (
            "action type",
            statement(json!({"Action": 5})),
            "`Action` must be a string or an array of strings",
        ),
        (
            "no resource in an SCP",
            statement(json!({"Resource": null})),
            "`Resource` is missing; only a statement with a `Principal` may omit it",
        ),
        (
            "resource shape",
            statement(json!({"Resource": "my-bucket"})),
            "`Resource` value `my-bucket` is not `*` or an ARN pattern",
        ),
        (
            "resource intrinsic",
            statement(json!({"Resource": {"Fn::GetAtt": ["Bus", "Arn"]}})),
            "`Resource` must be a string or an array of strings",
        ),
        (
            "policy variable",
            statement(json!({"Resource": "arn:aws:iam::*:user/${aws:username}"})),
            "uses a policy variable",
        ),
        (
            "ArnLike value",
            statement(json!({"Condition": {"ArnLike": {"aws:PrincipalArn": "autotag"}}})),
            "`Condition.ArnLike.aws:PrincipalArn` value `autotag` is not `*` or an ARN pattern",
        ),
        (
            "condition value type",
            statement(json!({"Condition": {"StringEquals": {"sts:ExternalId": true}}})),
            "`Condition.StringEquals.sts:ExternalId` must be a string or an array of strings",
        ),
        (
            "condition intrinsic",
            statement(
                json!({"Condition": {"StringEquals": {"sts:ExternalId": {"Ref": "ExternalId"}}}}),
            ),
            "`Condition.StringEquals.sts:ExternalId` must be",
        ),
        (
            "empty operator",
            statement(json!({"Condition": {"StringEquals": {}}})),
            "`Condition.StringEquals` is empty",
        ),
        (
            "empty condition",
            statement(json!({"Condition": {}})),
            "`Condition` is empty",
        ),
        (
            "Federated",
            statement(json!({"Principal": {"Federated": "cognito-identity.amazonaws.com"}})),
            "principal type `Federated` is not supported",
        ),
        (
            "Principal star",
            statement(json!({"Principal": "*"})),
            "`Principal` must be an object",
        ),
        (
            "account principal",
            statement(json!({"Principal": {"AWS": "111111111111"}})),
            "principal `111111111111` is not supported by autotag's evaluator: it is not an IAM ARN",
        ),
        (
            "root principal",
            statement(json!({"Principal": {"AWS": "arn:aws:iam::111111111111:root"}})),
            "principal `arn:aws:iam::111111111111:root` is not supported by autotag's evaluator: it names a whole account",
        ),
        (
            "wildcard principal",
            statement(json!({"Principal": {"AWS": "arn:aws:iam::*:role/x"}})),
            "only as `*` alone",
        ),
        (
            "principal intrinsic",
            statement(
                json!({"Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::1:role/x"}}}),
            ),
            "`Principal.AWS` must be a string or an array of strings",
        ),
        (
            "unknown element",
            statement(json!({"Actions": "*"})),
            "element `Actions` is not part of the policy grammar",
        ),
        (
            "unknown top-level element",
            json!({"Version": "2012-10-17", "Statment": []}),
            "document 0: element `Statment` is not part of the policy grammar",
        ),
        (
            "statement type",
            json!({"Version": "2012-10-17", "Statement": ["x"]}),
            "statement 0 of document 0: `Statement` must be an object or an array of objects",
        ),
        (
            "no statements",
            json!({"Version": "2012-10-17", "Statement": []}),
            "document 0: `Statement` is empty",
        ),
        (
            "not an object",
            json!([]),
            "document 0: `policy document` must be a JSON object",
        ),
        (
            "Sid type",
            statement(json!({"Sid": 1})),
            "statement 0 of document 0: `Sid` must be a string",
        ),
        (
            "mixed principals",
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": HUB}, "Action": "sts:AssumeRole"},
                {"Sid": "Second", "Effect": "Allow", "Action": "*", "Resource": "*"}
            ]}),
            "statement `Second` of document 0: `Principal` is absent here but present in statement 0",
        ),
        (
            "Null value not a boolean",
            statement(json!({"Condition": {"Null": {"aws:TagKeys": "yes"}}})),
            "`Condition.Null.aws:TagKeys` value `yes` is not `true` or `false`",
        ),
        (
            "Null with two values",
            statement(json!({"Condition": {"Null": {"aws:TagKeys": ["true", "false"]}}})),
            "value `true,false` is not `true` or `false`",
        ),
        (
            "Null on another key",
            statement(json!({"Condition": {"Null": {"aws:PrincipalArn": "true"}}})),
            "condition key `aws:PrincipalArn` is not supported under `Null`",
        ),
        (
            "StringEqualsIgnoreCase without a set operator",
            statement(json!({"Condition": {"StringEqualsIgnoreCase": {"aws:TagKeys": "x"}}})),
            "condition operator `StringEqualsIgnoreCase` is not supported",
        ),
        (
            "ForAllValues:StringEqualsIgnoreCase",
            statement(
                json!({"Condition": {"ForAllValues:StringEqualsIgnoreCase": {"aws:TagKeys": "x"}}}),
            ),
            "condition operator `ForAllValues:StringEqualsIgnoreCase` is not supported",
        ),
    ];
    for (name, document, expected) in cases {
        let message = check_grammar(&document).unwrap_err().to_string();
        assert!(message.contains(expected), "{name}: {message}");
    }
}

#[test]
fn evaluate_refuses_before_evaluating_and_names_the_document() {
    let bad = statement(json!({"NotAction": "*"}));
    let request = tag_request(Some(ORDINARY), "ec2:DeleteTags", &["owner"]);
    let error = evaluate(&[&scp(), &bad], &request).unwrap_err();
    assert_eq!(
        error,
        GrammarError::Statement {
            at: at(1, 0, Some("S")),
            problem: GrammarProblem::UnsupportedElement {
                element: "NotAction".into()
            },
        }
    );
    assert!(matches!(
        error.problem(),
        GrammarProblem::UnsupportedElement { .. }
    ));
    assert_eq!(evaluate(&[], &request).unwrap(), Verdict::ImplicitlyDenied);
}

#[test]
fn the_rendered_and_committed_scps_deny_what_they_promise() {
    let policy = crate::policy::TagPolicy::default();
    let rendered = crate::render::documents::scps(&policy).unwrap();
    let scp_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scp");
    let mut committed: Vec<(String, Value)> = std::fs::read_dir(&scp_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (
                path.display().to_string(),
                serde_json::from_str(&text).unwrap(),
            )
        })
        .collect();
    committed.sort_by(|a, b| a.0.cmp(&b.0));
    let committed: Vec<Value> = committed.into_iter().map(|(_, v)| v).collect();
    assert!(
        committed == rendered,
        "scp/ is not what `autotag render` writes: run it"
    );
    check_grammar(&crate::render::documents::spoke_role_policy(
        &crate::policy::TagPolicy::default(),
    ))
    .unwrap();
    for document in &rendered {
        check_grammar(document).unwrap();
    }
    let full_access = full_access();
    // The SCPs act together: attached side by side, any one's deny denies.
    let mut set: Vec<&Value> = rendered.iter().collect();
    set.push(&full_access);
    let full_access_index = set.len() - 1;
    // Every tag and untag action of every registry service the SCP can condition.
    let mut actions: Vec<&str> = vec!["tag:TagResources", "tag:UntagResources"];
    for facts in crate::services::resource_types()
        .iter()
        .filter(|f| f.tag_keys_condition)
    {
        actions.extend(facts.tag_actions.iter().chain(facts.untag_actions));
    }
    for action in actions {
        for key in ["owner", "dateCreated", "createdBy"] {
            let keys = [key];
            let ordinary = evaluate(&set, &tag_request(Some(ORDINARY), action, &keys)).unwrap();
            assert!(
                matches!(ordinary, Verdict::ExplicitlyDenied { .. }),
                "{action} {key}: {ordinary}"
            );
            for exempt in [AUTOTAG, BREAK_GLASS] {
                let verdict = evaluate(&set, &tag_request(Some(exempt), action, &keys)).unwrap();
                assert_eq!(
                    verdict,
                    allowed(full_access_index, 0, None),
                    "{exempt} {action} {key}"
                );
            }
        }
        let other = evaluate(&set, &tag_request(Some(ORDINARY), action, &["env"])).unwrap();
        assert_eq!(other, allowed(full_access_index, 0, None), "{action} env");
    }
    let full = allowed(full_access_index, 0, None);
    let denied = |verdict: &Verdict, sid: &str| matches!(verdict, Verdict::ExplicitlyDenied { by } if by.sid.as_deref() == Some(sid));
    // Principal, action, tag keys, the denying statement or none.
    let cases: &[(&str, &str, &[&str], Option<&str>)] = &[
        // `aws ec2 delete-tags --resources X`: every user tag, the stamps with them.
        (
            ORDINARY,
            "ec2:DeleteTags",
            &[],
            Some("DenyRemovingEveryTag"),
        ),
        (AUTOTAG, "ec2:DeleteTags", &[], None),
        (BREAK_GLASS, "ec2:DeleteTags", &[], None),
        (ORDINARY, "ec2:DeleteTags", &["env"], None),
        // Other untag actions refuse a call without keys, and are not denied it.
        (ORDINARY, "ecs:UntagResource", &[], None),
        (ORDINARY, "apigateway:DELETE", &[], None),
        // IAM users and roles compare keys ignoring case: `OWNER` replaces `owner`.
        (
            ORDINARY,
            "iam:TagRole",
            &["OWNER"],
            Some("DenyChangingProtectedTagsInAnyCase"),
        ),
        (
            ORDINARY,
            "iam:UntagUser",
            &["CreatedBy"],
            Some("DenyChangingProtectedTagsInAnyCase"),
        ),
        (AUTOTAG, "iam:TagRole", &["OWNER"], None),
        (BREAK_GLASS, "iam:UntagRole", &["Owner"], None),
        (ORDINARY, "iam:TagRole", &["team"], None),
        // Elsewhere `Owner` is another key, teams' own.
        (ORDINARY, "ec2:CreateTags", &["Owner"], None),
        (ORDINARY, "ec2:DeleteTags", &["OWNER"], None),
        (ORDINARY, "iam:TagPolicy", &["OWNER"], None),
        (
            ORDINARY,
            "ec2:CreateTags",
            &["owner"],
            Some("DenyOverwritingProtectedTags"),
        ),
        (
            ORDINARY,
            "ec2:DeleteTags",
            &["owner"],
            Some("DenyRemovingProtectedTags"),
        ),
    ];
    for (principal, action, keys, expected) in cases {
        let verdict = evaluate(&set, &tag_request(Some(principal), action, keys)).unwrap();
        match expected {
            Some(sid) => assert!(
                denied(&verdict, sid),
                "{principal} {action} {keys:?}: {verdict}"
            ),
            None => assert_eq!(verdict, full, "{principal} {action} {keys:?}"),
        }
    }
}

#[test]
fn the_exempt_roles_cannot_be_hijacked_by_name() {
    let policy = crate::policy::TagPolicy::default();
    let scps = crate::render::documents::scps(&policy).unwrap();
    let full_access = full_access();
    let mut set: Vec<&Value> = scps.iter().collect();
    set.push(&full_access);
    let request = |principal: &'static str, action: &'static str, resource: &'static str| Request {
        principal_arn: Some(principal),
        action,
        resource,
        ..Request::default()
    };
    for (action, role) in [
        "iam:CreateRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:PutRolePolicy",
        "iam:AttachRolePolicy",
    ]
    .into_iter()
    .flat_map(|action| [(action, AUTOTAG), (action, BREAK_GLASS)])
    {
        let admin = evaluate(
            &set,
            &request("arn:aws:iam::222222222222:role/Admin", action, role),
        )
        .unwrap();
        assert!(
            matches!(admin, Verdict::ExplicitlyDenied { .. }),
            "{action}: {admin}"
        );
        let stacksets = evaluate(
            &set,
            &request(
                "arn:aws:iam::222222222222:role/stacksets-exec-0123abcd",
                action,
                role,
            ),
        )
        .unwrap();
        assert!(stacksets.is_allowed(), "{action}: {stacksets}");
        let other_role = evaluate(
            &set,
            &request(
                "arn:aws:iam::222222222222:role/Admin",
                action,
                "arn:aws:iam::222222222222:role/app",
            ),
        )
        .unwrap();
        assert!(other_role.is_allowed(), "{action}: {other_role}");
        let impersonation = evaluate(
            &set,
            &request(
                "arn:aws:iam::222222222222:role/Admin",
                action,
                "arn:aws:iam::222222222222:role/stacksets-exec-evil",
            ),
        )
        .unwrap();
        assert!(
            matches!(impersonation, Verdict::ExplicitlyDenied { .. }),
            "{action}: {impersonation}"
        );
    }
}

/// Replaces `{"Ref": name}` and `{"Fn::Sub": text}` (with `${name}` references only) by the
/// given parameter values, as CloudFormation would.
fn resolve(value: &Value, parameters: &[(&str, &str)]) -> Value {
    let lookup = |name: &str| {
        parameters
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_owned())
            .unwrap_or_else(|| panic!("no parameter {name}"))
    };
    match value {
        Value::Object(object) if object.len() == 1 && object.contains_key("Ref") => {
            json!(lookup(object["Ref"].as_str().unwrap()))
        }
        Value::Object(object) if object.len() == 1 && object.contains_key("Fn::Sub") => {
            let mut text = object["Fn::Sub"].as_str().unwrap().to_owned();
            while let Some(start) = text.find("${") {
                let end = start + text[start..].find('}').unwrap();
                let resolved = lookup(&text[start + 2..end]);
                text.replace_range(start..=end, &resolved);
            }
            json!(text)
        }
        Value::Object(object) => Value::Object(
            object
                .iter()
                .map(|(k, v)| (k.clone(), resolve(v, parameters)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| resolve(v, parameters)).collect()),
        other => other.clone(),
    }
}

#[test]
fn the_rendered_spoke_trust_policy_admits_only_the_hub() {
    let template = crate::render::templates::spoke_roles(&crate::policy::TagPolicy::default());
    let unresolved =
        &template["Resources"]["AutoTagRole"]["Properties"]["AssumeRolePolicyDocument"];
    let message = check_grammar(unresolved).unwrap_err().to_string();
    assert!(message.contains("must be a string"), "{message}");
    let trust = resolve(
        unresolved,
        &[
            ("AWS::Partition", "aws"),
            ("HubAccountId", "111111111111"),
            ("ExternalId", "x"),
            ("OrganizationId", "o-abc"),
        ],
    );
    let install = crate::policy::TagPolicy::default().install;
    let hub = install.role_arn("aws", "111111111111", &install.function_role());
    fn request<'a>(
        principal: &'a str,
        external_id: Option<&'a str>,
        org: Option<&'a str>,
    ) -> Request<'a> {
        Request {
            principal_arn: Some(principal),
            principal_org_id: org,
            action: "sts:AssumeRole",
            resource: AUTOTAG,
            tag_keys: &[],
            external_id,
            resource_org_id: None,
        }
    }
    let cases: &[(&str, Option<&str>, Option<&str>, bool)] = &[
        (&hub, Some("x"), Some("o-abc"), true),
        (&hub, Some("y"), Some("o-abc"), false),
        (&hub, None, Some("o-abc"), false),
        (&hub, Some("x"), Some("o-other"), false),
        (ORDINARY, Some("x"), Some("o-abc"), false),
    ];
    for (principal, external_id, org, expected) in cases {
        let verdict = evaluate(&[&trust], &request(principal, *external_id, *org)).unwrap();
        assert_eq!(
            verdict.is_allowed(),
            *expected,
            "{principal} {external_id:?} {org:?}: {verdict}"
        );
    }
}
