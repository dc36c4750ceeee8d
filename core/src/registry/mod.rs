//! The registry of supported events: for each `(eventSource, eventName)`, where the created
//! resources' ids sit in the record, how their ARNs are built, and which API tags them.
//!
//! Rows are data, kept one file per service under `core/src/services/`. Adding support for an
//! event is adding an [`EventRow`] to its service's `ROWS` and a fixture record to
//! `core/tests/fixtures/`; the parser, the spoke rule patterns and the auto-tag role's
//! permissions all follow from [`rows`]. Rows are keyed by source *and* name, never by name
//! alone: `CreateRepository` is both ECR's and CodeCommit's.

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use crate::arn::{AccountId, Arn, Region};
use crate::event::Record;
use crate::json_path::strings_at;

pub mod tag_change;

pub use crate::services::row::{
    CreationMark, EventRow, Locator, Readiness, ResourceSpec, Route, Transform, at, row, untaggable,
};

/// Every supported event: the union of the services' rows, in [`crate::services::ALL`]'s order
/// (by source, then name). Built on first use, since static slices cannot be joined at compile
/// time.
pub fn rows() -> &'static [EventRow] {
    static UNION: OnceLock<Vec<EventRow>> = OnceLock::new();
    UNION.get_or_init(|| {
        crate::services::ALL
            .iter()
            .flat_map(|service| service.rows.iter().copied())
            .collect()
    })
}

/// Where a global service's resources are tagged, in `partition`: its control-plane region.
/// Regional services are tagged in the record's own region (`None`).
pub fn global_region(event_source: &str, partition: &str) -> Option<&'static str> {
    let global = matches!(
        event_source,
        "iam.amazonaws.com"
            | "cloudfront.amazonaws.com"
            | "organizations.amazonaws.com"
            | "route53.amazonaws.com"
    );
    global.then_some(match partition {
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        _ => "us-east-1",
    })
}

/// The row for `(event_source, event_name)`, if autotag supports that event.
///
/// Lambda logs its calls under versioned names (`CreateFunction20150331`) and a new API version
/// renames them (`…20150331v2`), so a row whose name carries a version matches every version of
/// the same call, and nothing else (`CreateFunctionUrlConfig20211031` is not `CreateFunction`).
pub fn lookup(event_source: &str, event_name: &str) -> Option<&'static EventRow> {
    find_call(
        || {
            rows()
                .iter()
                .filter(move |row| row.event_source == event_source)
        },
        event_name,
        |row| row.event_name,
    )
}

/// The item of `same_source` named `event_name`; for a versioned name, else the item whose
/// name carries a version and has the same call (the rule [`lookup`] explains).
pub(crate) fn find_call<'a, T: 'a, I: Iterator<Item = &'a T>>(
    same_source: impl Fn() -> I,
    event_name: &str,
    name: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    same_source()
        .find(|item| name(item) == event_name)
        .or_else(|| {
            let (base, version) = split_api_version(event_name);
            version?;
            same_source().find(|item| {
                let (item_base, item_version) = split_api_version(name(item));
                item_version.is_some() && item_base == base
            })
        })
}

/// Splits a versioned event name into its call and its API version:
/// `CreateFunction20150331v2` is `CreateFunction` at `20150331v2`.
pub fn split_api_version(event_name: &str) -> (&str, Option<&str>) {
    let without_revision = match event_name.rfind('v') {
        Some(at)
            if at + 1 < event_name.len()
                && event_name
                    .get(at + 1..)
                    .is_some_and(|digits| digits.bytes().all(|b| b.is_ascii_digit())) =>
        {
            event_name.get(..at).unwrap_or(event_name)
        }
        _ => event_name,
    };
    let digits = without_revision
        .bytes()
        .rev()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits != 8 || digits == without_revision.len() {
        return (event_name, None);
    }
    let split = without_revision.len() - digits;
    match (event_name.get(..split), event_name.get(split..)) {
        (Some(base), Some(version)) => (base, Some(version)),
        _ => (event_name, None),
    }
}

/// A resource an event created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreatedResource {
    /// Its ARN.
    pub arn: Arn,
    /// Its type, as `service:type`.
    pub resource_type: &'static str,
}

/// What could not be made into a resource, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The value found does not make a valid ARN.
    #[error("`{path}` holds `{value}`, which does not make a valid ARN: {problem}")]
    InvalidArn {
        /// Where the value was found.
        path: &'static str,
        /// The value found.
        value: String,
        /// Why the ARN is invalid.
        problem: String,
    },
    /// A value from the record holds template syntax. Values are substituted once and never
    /// expanded, but a brace in an id is never part of a real one: the record is forged.
    #[error(
        "`{path}` holds `{value}`, which contains `{{` or `}}`: a value from the record is never expanded into an ARN template"
    )]
    TemplateSyntax {
        /// Where the value was found.
        path: &'static str,
        /// The value found.
        value: String,
    },
    /// An id with a `:` where the template ends in `:{id}`: the colon would add a qualifier and
    /// name another resource (`function:name:alias` is an alias, not the function).
    #[error(
        "`{path}` holds `{value}`, whose `:` would make `{template}` name another resource than the one created"
    )]
    Qualified {
        /// Where the value was found.
        path: &'static str,
        /// The value found.
        value: String,
        /// The ARN template.
        template: &'static str,
    },
    /// The template names a second field (`{@path}`) the record does not have.
    #[error("`{path}` names a resource, but the record has no `{reference}` for its ARN")]
    MissingReference {
        /// Where the resource's id was found.
        path: &'static str,
        /// The field the template also needs.
        reference: &'static str,
    },
    /// A registry template that does not parse; a test keeps every row's well-formed.
    #[error("the ARN template `{template}` is not well-formed")]
    BadTemplate {
        /// The template.
        template: &'static str,
    },
    /// A located ARN in another account than the one the event came from.
    #[error(
        "`{path}` names `{arn}` in account `{found}`, but the event is from account `{expected}`: autotag tags only in the account that sent the event"
    )]
    OtherAccount {
        /// Where the ARN was found.
        path: &'static str,
        /// The ARN.
        arn: String,
        /// The ARN's account.
        found: String,
        /// The event's account.
        expected: String,
    },
    /// Nothing was found, and the record has no response: CloudTrail omits large or sensitive
    /// responses, and the request of this record does not name what was created.
    #[error(
        "`{event_name}` succeeded but the record names no created resource: its `responseElements` is null (CloudTrail omits large or sensitive responses) and its request does not name the resource"
    )]
    ResponseOmitted {
        /// The event's name.
        event_name: &'static str,
    },
}

/// The identity parts an ARN template is filled from.
#[derive(Debug, Clone, Copy)]
pub struct ArnContext<'a> {
    /// The record's partition.
    pub partition: &'a str,
    /// The record's region.
    pub region: &'a Region,
    /// The account the resource was created in.
    pub account: &'a AccountId,
}

impl EventRow {
    /// Every resource the record names, deduplicated, in the order found.
    ///
    /// Every ARN is in the context's account or in none (S3 buckets): the hub tags only in the
    /// account the event came from, so a record naming another account's resource is refused.
    pub fn extract(
        &self,
        record: &Record,
        context: ArnContext<'_>,
    ) -> Result<Vec<CreatedResource>, ExtractError> {
        let mut created: Vec<CreatedResource> = Vec::new();
        for spec in self.resources {
            for locator in spec.locators {
                let values = locate(record, self.event_name, locator.path);
                if values.is_empty() {
                    continue;
                }
                for value in values {
                    let arn = build_arn(locator, value, context, record.json())?;
                    if !arn.account().is_empty() && arn.account() != context.account.as_str() {
                        return Err(ExtractError::OtherAccount {
                            path: locator.path,
                            arn: arn.as_str().to_owned(),
                            found: arn.account().to_owned(),
                            expected: context.account.as_str().to_owned(),
                        });
                    }
                    if !created.iter().any(|known| known.arn == arn) {
                        created.push(CreatedResource {
                            arn,
                            resource_type: spec.resource_type,
                        });
                    }
                }
                break;
            }
        }
        let response_omitted = record
            .json()
            .get("responseElements")
            .is_none_or(Value::is_null);
        if created.is_empty() && !self.resources.is_empty() && response_omitted {
            return Err(ExtractError::ResponseOmitted {
                event_name: self.event_name,
            });
        }
        Ok(created)
    }
}

/// Values at `path`, also looking inside the `<EventName>Response` wrapper some EC2 records
/// put around their response elements.
fn locate<'a>(record: &'a Record, event_name: &str, path: &str) -> Vec<&'a str> {
    let json = record.json();
    let direct: Vec<&str> = strings_at(json, path)
        .into_iter()
        .filter(|v| !v.is_empty())
        .collect();
    if !direct.is_empty() {
        return direct;
    }
    let Some(rest) = path.strip_prefix("responseElements.") else {
        return direct;
    };
    let wrapper = format!("responseElements.{event_name}Response");
    match crate::json_path::value_at(json, &wrapper) {
        Some(inner) => strings_at(inner, rest)
            .into_iter()
            .filter(|v| !v.is_empty())
            .collect(),
        None => Vec::new(),
    }
}

/// Templates ending in `:{id}` whose resources' names may themselves hold a `:` (alarm and
/// CodeDeploy application names are free text), so a colon there adds no qualifier.
const COLON_NAMES: &[&str] = &[
    "arn:{partition}:cloudwatch:{region}:{account}:alarm:{id}",
    "arn:{partition}:codedeploy:{region}:{account}:application:{id}",
];

/// The ARN `locator` makes of `value`, refusing template syntax, a qualifying `:` and an
/// invalid result; shared with [`crate::tag_change`], whose rows name resources the same way.
pub(crate) fn build_arn(
    locator: &Locator,
    value: &str,
    context: ArnContext<'_>,
    record: &Value,
) -> Result<Arn, ExtractError> {
    let id = match locator.transform {
        Transform::AsIs => value,
        Transform::LastPathSegment => value
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(value),
        Transform::WithoutLeadingSlash => value.strip_prefix('/').unwrap_or(value),
    };
    if has_template_syntax(value) {
        return Err(ExtractError::TemplateSyntax {
            path: locator.path,
            value: value.to_owned(),
        });
    }
    if id.contains(':') && locator.arn.ends_with(":{id}") && !COLON_NAMES.contains(&locator.arn) {
        return Err(ExtractError::Qualified {
            path: locator.path,
            value: value.to_owned(),
            template: locator.arn,
        });
    }
    let text = fill(locator, id, context, record)?;
    Arn::parse(&text).map_err(|err| ExtractError::InvalidArn {
        path: locator.path,
        value: value.to_owned(),
        problem: err.to_string(),
    })
}

fn has_template_syntax(value: &str) -> bool {
    value.contains(['{', '}'])
}

/// Fills `locator`'s template in one pass over the template: each placeholder is replaced by
/// its value, and what a value holds is never read as a placeholder.
fn fill(
    locator: &Locator,
    id: &str,
    context: ArnContext<'_>,
    record: &Value,
) -> Result<String, ExtractError> {
    let template = locator.arn;
    let bad_template = || ExtractError::BadTemplate { template };
    let mut out = String::with_capacity(template.len() + id.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let (before, tail) = rest.split_at(start);
        out.push_str(before);
        let end = tail.find('}').ok_or_else(bad_template)?;
        let name = tail.get(1..end).ok_or_else(bad_template)?;
        let value = match name {
            "partition" => context.partition,
            "region" => context.region.as_str(),
            "account" => context.account.as_str(),
            "id" => id,
            _ => {
                let reference = name.strip_prefix('@').ok_or_else(bad_template)?;
                let found = crate::json_path::str_at(record, reference)
                    .filter(|v| !v.is_empty())
                    .ok_or(ExtractError::MissingReference {
                        path: locator.path,
                        reference,
                    })?;
                if has_template_syntax(found) {
                    return Err(ExtractError::TemplateSyntax {
                        path: reference,
                        value: found.to_owned(),
                    });
                }
                found
            }
        };
        out.push_str(value);
        rest = tail.get(end + 1..).ok_or_else(bad_template)?;
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn rows_are_unique_by_source_and_name() {
        let keys: BTreeSet<_> = rows()
            .iter()
            .map(|r| (r.event_source, r.event_name))
            .collect();
        assert_eq!(keys.len(), rows().len());
    }

    #[test]
    fn every_template_builds_a_valid_arn() {
        let region = Region::parse("eu-west-1").unwrap();
        let account = AccountId::parse("123456789012").unwrap();
        let context = ArnContext {
            partition: "aws",
            region: &region,
            account: &account,
        };
        for row in rows() {
            for spec in row.resources {
                for locator in spec.locators.iter().filter(|l| l.arn != "{id}") {
                    let record = record_with_fields_of(locator.arn);
                    build_arn(locator, "x-1", context, &record)
                        .unwrap_or_else(|e| panic!("{} {}: {e}", row.event_source, row.event_name));
                }
            }
        }
    }

    /// A record holding `x-2` at every `{@path}` the template names.
    fn record_with_fields_of(template: &str) -> Value {
        let mut record = serde_json::json!({});
        for reference in template.split("{@").skip(1) {
            let path = reference.split('}').next().unwrap();
            let mut node = &mut record;
            let segments: Vec<&str> = path.split('.').collect();
            for (i, segment) in segments.iter().enumerate() {
                let last = i + 1 == segments.len();
                let object = node.as_object_mut().unwrap();
                node = object.entry(segment.to_string()).or_insert_with(|| {
                    if last {
                        Value::from("x-2")
                    } else {
                        serde_json::json!({})
                    }
                });
            }
        }
        record
    }

    #[test]
    fn field_references_build_arns_from_two_fields() {
        let region = Region::parse("eu-west-1").unwrap();
        let account = AccountId::parse("123456789012").unwrap();
        let context = ArnContext {
            partition: "aws",
            region: &region,
            account: &account,
        };
        let locator = at(
            "responseElements.stageName",
            "arn:{partition}:apigateway:{region}::/restapis/{@requestParameters.restApiId}/stages/{id}",
        );
        let record = serde_json::json!({"requestParameters": {"restApiId": "a1b2c3"}});
        let arn = build_arn(&locator, "prod", context, &record).unwrap();
        assert_eq!(
            arn.as_str(),
            "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod"
        );
        let missing = build_arn(&locator, "prod", context, &serde_json::json!({})).unwrap_err();
        assert!(
            missing
                .to_string()
                .contains("`requestParameters.restApiId`"),
            "{missing}"
        );
    }

    fn context_of<'a>(region: &'a Region, account: &'a AccountId) -> ArnContext<'a> {
        ArnContext {
            partition: "aws",
            region,
            account,
        }
    }

    #[test]
    fn an_id_holding_template_syntax_is_refused_not_expanded() {
        let region = Region::parse("eu-west-1").unwrap();
        let account = AccountId::parse("123456789012").unwrap();
        let context = context_of(&region, &account);
        let stage = at(
            "responseElements.stageName",
            "arn:{partition}:apigateway:{region}::/restapis/{@requestParameters.restApiId}/stages/{id}",
        );
        let record = serde_json::json!({
            "requestParameters": {"restApiId": "a1b2c3", "victim": "other-api"}
        });
        for forged in [
            "{@requestParameters.victim}",
            "{id}",
            "{account}",
            "prod}",
            "{",
        ] {
            let err = build_arn(&stage, forged, context, &record).unwrap_err();
            assert_eq!(
                err,
                ExtractError::TemplateSyntax {
                    path: "responseElements.stageName",
                    value: forged.to_owned()
                }
            );
            assert!(err.to_string().contains(&format!("`{forged}`")), "{err}");
        }
        // A second field holding a placeholder is not expanded either.
        let forged_field = serde_json::json!({"requestParameters": {"restApiId": "{id}"}});
        let err = build_arn(&stage, "prod", context, &forged_field).unwrap_err();
        assert_eq!(
            err,
            ExtractError::TemplateSyntax {
                path: "requestParameters.restApiId",
                value: "{id}".to_owned()
            }
        );
        // A whole ARN located as `{id}` is held to the same rule.
        let whole = at("responseElements.arn", "{id}");
        let err = build_arn(
            &whole,
            "arn:aws:sqs:eu-west-1:123456789012:{@x}",
            context,
            &record,
        )
        .unwrap_err();
        assert!(matches!(err, ExtractError::TemplateSyntax { .. }), "{err}");
    }

    #[test]
    fn placeholders_are_filled_in_one_pass() {
        let region = Region::parse("eu-west-1").unwrap();
        let account = AccountId::parse("123456789012").unwrap();
        let context = context_of(&region, &account);
        let locator = at(
            "requestParameters.name",
            "arn:{partition}:timestream:{region}:{account}:database/{@requestParameters.db}/table/{id}",
        );
        let record = serde_json::json!({"requestParameters": {"db": "metrics"}});
        let arn = build_arn(&locator, "cpu", context, &record).unwrap();
        assert_eq!(
            arn.as_str(),
            "arn:aws:timestream:eu-west-1:123456789012:database/metrics/table/cpu"
        );
        // Below the refusal of braces: what a value holds is copied, never read as a placeholder.
        let filled = fill(
            &locator,
            "{@requestParameters.db}{region}",
            context,
            &record,
        )
        .unwrap();
        assert_eq!(
            filled,
            "arn:aws:timestream:eu-west-1:123456789012:database/metrics/table/{@requestParameters.db}{region}"
        );
    }

    #[test]
    fn an_id_cannot_add_a_qualifier_to_a_template_ending_in_its_id() {
        let region = Region::parse("eu-west-1").unwrap();
        let account = AccountId::parse("123456789012").unwrap();
        let context = context_of(&region, &account);
        let record = serde_json::json!({});
        let function = at(
            "requestParameters.functionName",
            "arn:{partition}:lambda:{region}:{account}:function:{id}",
        );
        // `victim:prod` would name the alias `prod` of another function.
        let err = build_arn(&function, "victim:prod", context, &record).unwrap_err();
        assert!(matches!(err, ExtractError::Qualified { .. }), "{err}");
        assert!(err.to_string().contains("`victim:prod`"), "{err}");
        // Alarm names are free text: a colon in one is part of the name.
        let alarm = at(
            "requestParameters.alarmName",
            "arn:{partition}:cloudwatch:{region}:{account}:alarm:{id}",
        );
        let arn = build_arn(&alarm, "cpu:high", context, &record).unwrap();
        assert_eq!(
            arn.as_str(),
            "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:cpu:high"
        );
        // Where the id follows a `/`, a colon changes no field of the ARN.
        let role = at(
            "requestParameters.roleName",
            "arn:{partition}:iam::{account}:role/{id}",
        );
        assert!(build_arn(&role, "a:b", context, &record).is_ok());
    }

    fn record_of(source: &str, name: &str, request: Value, response: Value) -> Record {
        Record::new(serde_json::json!({
            "eventSource": source,
            "eventName": name,
            "requestParameters": request,
            "responseElements": response,
        }))
    }

    #[test]
    fn a_located_arn_in_another_account_is_refused() {
        let region = Region::parse("us-east-1").unwrap();
        let account = AccountId::parse("111111111111").unwrap();
        let context = context_of(&region, &account);
        let row = lookup("iam.amazonaws.com", "CreateRole").unwrap();
        let forged = record_of(
            "iam.amazonaws.com",
            "CreateRole",
            serde_json::json!({"roleName": "admin"}),
            serde_json::json!({"role": {"arn": "arn:aws:iam::222222222222:role/admin"}}),
        );
        let err = row.extract(&forged, context).unwrap_err();
        assert_eq!(
            err,
            ExtractError::OtherAccount {
                path: "responseElements.role.arn",
                arn: "arn:aws:iam::222222222222:role/admin".to_owned(),
                found: "222222222222".to_owned(),
                expected: "111111111111".to_owned(),
            }
        );
        let message = err.to_string();
        assert!(message.contains("`222222222222`"), "{message}");
        assert!(message.contains("`111111111111`"), "{message}");

        let genuine = record_of(
            "iam.amazonaws.com",
            "CreateRole",
            serde_json::json!({"roleName": "admin"}),
            serde_json::json!({"role": {"arn": "arn:aws:iam::111111111111:role/admin"}}),
        );
        assert_eq!(row.extract(&genuine, context).unwrap().len(), 1);

        // A bucket's ARN names no account: it is in the event's.
        let bucket = lookup("s3.amazonaws.com", "CreateBucket").unwrap();
        let created = bucket
            .extract(
                &record_of(
                    "s3.amazonaws.com",
                    "CreateBucket",
                    serde_json::json!({"bucketName": "logs"}),
                    Value::Null,
                ),
                context,
            )
            .unwrap();
        assert_eq!(created[0].arn.as_str(), "arn:aws:s3:::logs");
    }

    #[test]
    fn a_null_response_without_the_resource_in_the_request_is_a_reason() {
        let region = Region::parse("us-east-1").unwrap();
        let account = AccountId::parse("111111111111").unwrap();
        let context = context_of(&region, &account);
        let row = lookup("ec2.amazonaws.com", "RunInstances").unwrap();
        let record = record_of(
            "ec2.amazonaws.com",
            "RunInstances",
            serde_json::json!({"instanceType": "t3.micro"}),
            Value::Null,
        );
        let err = row.extract(&record, context).unwrap_err();
        assert_eq!(
            err,
            ExtractError::ResponseOmitted {
                event_name: "RunInstances"
            }
        );
        assert!(
            err.to_string().contains("`responseElements` is null"),
            "{err}"
        );
    }

    #[test]
    fn versioned_lambda_names_match_every_version_of_their_call_only() {
        assert_eq!(
            split_api_version("CreateFunction20150331v2"),
            ("CreateFunction", Some("20150331v2"))
        );
        assert_eq!(split_api_version("CreateBucket"), ("CreateBucket", None));
        assert_eq!(split_api_version("CreateVpcV2"), ("CreateVpcV2", None));
        let row = lookup("lambda.amazonaws.com", "CreateFunction20150331").unwrap();
        assert_eq!(row.event_name, "CreateFunction20150331");
        let newer = lookup("lambda.amazonaws.com", "CreateFunction20250101v3").unwrap();
        assert_eq!(newer.event_name, "CreateFunction20150331");
        assert!(lookup("lambda.amazonaws.com", "CreateFunctionUrlConfig20211031").is_none());
        assert!(lookup("lambda.amazonaws.com", "CreateFunction").is_none());
        assert!(lookup("s3.amazonaws.com", "CreateFunction20150331").is_none());
    }

    #[test]
    fn shared_names_are_told_apart_by_source() {
        let ecr = lookup("ecr.amazonaws.com", "CreateRepository").unwrap();
        let codecommit = lookup("codecommit.amazonaws.com", "CreateRepository").unwrap();
        assert_eq!(ecr.route, Route::Ecr);
        assert_eq!(codecommit.route, Route::TaggingApi);
        assert_eq!(
            codecommit.resources[0].resource_type,
            "codecommit:repository"
        );
    }
}
