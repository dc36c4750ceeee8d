//! Reading policy documents into statements: the grammar the evaluator accepts (elements,
//! principals, condition operators and keys), and the error naming what it refuses.

use serde_json::{Map, Value};

use crate::arn::Arn;

use super::{
    Condition, Effect, GrammarError, GrammarProblem, POLICY_VERSION, Statement, StatementRef, Test,
};

pub(super) fn parse_document(
    index: usize,
    document: &Value,
) -> Result<Vec<Statement<'_>>, GrammarError> {
    let problem_at = |problem| GrammarError::Document {
        document: index,
        problem,
    };
    let object = document.as_object().ok_or_else(|| {
        problem_at(GrammarProblem::WrongType {
            element: "policy document".into(),
            expected: "a JSON object",
        })
    })?;
    for name in object.keys() {
        if !matches!(name.as_str(), "Version" | "Id" | "Statement") {
            return Err(problem_at(GrammarProblem::UnknownElement {
                element: name.clone(),
            }));
        }
    }
    match object.get("Version") {
        None => return Err(problem_at(missing("Version"))),
        Some(Value::String(version)) if version == POLICY_VERSION => {}
        Some(Value::String(version)) => {
            return Err(problem_at(GrammarProblem::Version {
                version: version.clone(),
            }));
        }
        Some(_) => return Err(problem_at(wrong_type("Version", "a string"))),
    }
    if object.get("Id").is_some_and(|id| !id.is_string()) {
        return Err(problem_at(wrong_type("Id", "a string")));
    }
    let statements: Vec<&Value> = match object.get("Statement") {
        None => return Err(problem_at(missing("Statement"))),
        Some(Value::Array(items)) if items.is_empty() => {
            return Err(problem_at(GrammarProblem::Empty {
                element: "Statement".into(),
            }));
        }
        Some(Value::Array(items)) => items.iter().collect(),
        Some(item) => vec![item],
    };
    let mut parsed: Vec<Statement<'_>> = Vec::with_capacity(statements.len());
    for (position, statement) in statements.into_iter().enumerate() {
        let sid = statement
            .get("Sid")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let at = StatementRef {
            document: index,
            statement: position,
            sid,
        };
        let parsed_statement =
            parse_statement(at.clone(), statement).map_err(|problem| GrammarError::Statement {
                at: at.clone(),
                problem,
            })?;
        if let Some(first) = parsed.first()
            && first.principals.is_some() != parsed_statement.principals.is_some()
        {
            let (here, first) = if parsed_statement.principals.is_some() {
                ("present", "absent")
            } else {
                ("absent", "present")
            };
            return Err(GrammarError::Statement {
                at,
                problem: GrammarProblem::MixedPrincipals { here, first },
            });
        }
        parsed.push(parsed_statement);
    }
    Ok(parsed)
}

fn parse_statement(at: StatementRef, statement: &Value) -> Result<Statement<'_>, GrammarProblem> {
    let object = statement
        .as_object()
        .ok_or_else(|| wrong_type("Statement", "an object or an array of objects"))?;
    for name in object.keys() {
        match name.as_str() {
            "Sid" | "Effect" | "Action" | "Resource" | "Principal" | "Condition" => {}
            "NotAction" | "NotResource" | "NotPrincipal" => {
                return Err(GrammarProblem::UnsupportedElement {
                    element: name.clone(),
                });
            }
            _ => {
                return Err(GrammarProblem::UnknownElement {
                    element: name.clone(),
                });
            }
        }
    }
    if object.get("Sid").is_some_and(|sid| !sid.is_string()) {
        return Err(wrong_type("Sid", "a string"));
    }
    let effect = match object.get("Effect") {
        None => return Err(missing("Effect")),
        Some(Value::String(effect)) => match effect.as_str() {
            "Allow" => Effect::Allow,
            "Deny" => Effect::Deny,
            _ => {
                return Err(GrammarProblem::Effect {
                    effect: effect.clone(),
                });
            }
        },
        Some(_) => return Err(wrong_type("Effect", "a string")),
    };
    let principals = object.get("Principal").map(parse_principal).transpose()?;
    let actions = strings(required(object, "Action")?, "Action")?;
    if let Some(action) = actions.iter().find(|a| !is_action_pattern(a)) {
        return Err(GrammarProblem::Action {
            action: (*action).to_owned(),
        });
    }
    let resources = match object.get("Resource") {
        Some(value) => Some(arn_patterns(value, "Resource")?),
        None if principals.is_some() => None,
        None => return Err(GrammarProblem::ResourceMissing),
    };
    let conditions = match object.get("Condition") {
        Some(value) => parse_conditions(value)?,
        None => Vec::new(),
    };
    Ok(Statement {
        at,
        effect,
        principals,
        actions,
        resources,
        conditions,
    })
}

fn parse_principal(value: &Value) -> Result<Vec<&str>, GrammarProblem> {
    let object = value
        .as_object()
        .ok_or_else(|| wrong_type("Principal", "an object such as `{\"AWS\": ...}`"))?;
    if object.is_empty() {
        return Err(GrammarProblem::Empty {
            element: "Principal".into(),
        });
    }
    let mut aws = Vec::new();
    for (kind, values) in object {
        match kind.as_str() {
            "AWS" => {
                for principal in strings(values, "Principal.AWS")? {
                    check_aws_principal(principal)?;
                    aws.push(principal);
                }
            }
            "Service" => {
                strings(values, "Principal.Service")?;
            }
            _ => {
                return Err(GrammarProblem::PrincipalType { kind: kind.clone() });
            }
        }
    }
    Ok(aws)
}

fn check_aws_principal(principal: &str) -> Result<(), GrammarProblem> {
    let refuse = |problem| {
        Err(GrammarProblem::PrincipalValue {
            value: principal.to_owned(),
            problem,
        })
    };
    if principal == "*" {
        return Ok(());
    }
    if principal.contains("${") {
        return Err(GrammarProblem::PolicyVariable {
            element: "Principal.AWS".into(),
            value: principal.to_owned(),
        });
    }
    if principal.contains(['*', '?']) {
        return refuse("AWS allows a wildcard in a principal only as `*` alone");
    }
    let Ok(arn) = Arn::parse(principal) else {
        return refuse("it is not an IAM ARN (account principals are not supported)");
    };
    if arn.service() == "iam" && arn.resource() == "root" {
        return refuse(
            "it names a whole account, whose meaning depends on that account's policies",
        );
    }
    Ok(())
}

fn parse_conditions(value: &Value) -> Result<Vec<Condition<'_>>, GrammarProblem> {
    let operators = value
        .as_object()
        .ok_or_else(|| wrong_type("Condition", "an object of condition operators"))?;
    if operators.is_empty() {
        return Err(GrammarProblem::Empty {
            element: "Condition".into(),
        });
    }
    let mut conditions = Vec::new();
    for (operator, keys) in operators {
        let supported: &[(&str, Test)] = match operator.as_str() {
            "ForAnyValue:StringEquals" => &[("aws:TagKeys", Test::AnyTagKey)],
            "ForAnyValue:StringEqualsIgnoreCase" => &[("aws:TagKeys", Test::AnyTagKeyIgnoringCase)],
            "ForAnyValue:StringLike" => &[("aws:TagKeys", Test::AnyTagKeyLike)],
            "ForAllValues:StringEquals" => &[("aws:TagKeys", Test::AllTagKeys)],
            "Null" => &[("aws:TagKeys", Test::NoTagKeys)],
            "ArnLike" => &[("aws:PrincipalArn", Test::PrincipalArnLike)],
            "ArnNotLike" => &[("aws:PrincipalArn", Test::PrincipalArnNotLike)],
            "StringEquals" => &[
                ("sts:ExternalId", Test::ExternalId),
                ("aws:PrincipalOrgID", Test::PrincipalOrgId),
                ("aws:ResourceOrgID", Test::ResourceOrgId),
            ],
            _ => {
                return Err(GrammarProblem::ConditionOperator {
                    operator: operator.clone(),
                });
            }
        };
        let element = format!("Condition.{operator}");
        let keys = keys
            .as_object()
            .ok_or_else(|| wrong_type(&element, "an object of condition keys"))?;
        if keys.is_empty() {
            return Err(GrammarProblem::Empty { element });
        }
        for (key, values) in keys {
            let Some((_, test)) = supported
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(key))
            else {
                return Err(GrammarProblem::ConditionKey {
                    operator: operator.clone(),
                    key: key.clone(),
                });
            };
            let element = format!("Condition.{operator}.{key}");
            let values = match test {
                Test::PrincipalArnLike | Test::PrincipalArnNotLike => {
                    arn_patterns(values, &element)?
                }
                Test::NoTagKeys => {
                    let values = strings(values, &element)?;
                    if !matches!(values.as_slice(), ["true" | "false"]) {
                        return Err(GrammarProblem::NullValue {
                            element,
                            value: values.join(","),
                        });
                    }
                    values
                }
                _ => {
                    let values = strings(values, &element)?;
                    if let Some(value) = values.iter().find(|v| v.contains("${")) {
                        return Err(GrammarProblem::PolicyVariable {
                            element,
                            value: (*value).to_owned(),
                        });
                    }
                    values
                }
            };
            conditions.push(Condition {
                test: *test,
                values,
            });
        }
    }
    Ok(conditions)
}

fn missing(element: &str) -> GrammarProblem {
    GrammarProblem::Missing {
        element: element.to_owned(),
    }
}

fn wrong_type(element: &str, expected: &'static str) -> GrammarProblem {
    GrammarProblem::WrongType {
        element: element.to_owned(),
        expected,
    }
}

fn required<'v>(
    object: &'v Map<String, Value>,
    element: &str,
) -> Result<&'v Value, GrammarProblem> {
    object.get(element).ok_or_else(|| missing(element))
}

/// A string, or a non-empty array of strings.
fn strings<'v>(value: &'v Value, element: &str) -> Result<Vec<&'v str>, GrammarProblem> {
    let expected = "a string or an array of strings";
    match value {
        Value::String(text) => Ok(vec![text.as_str()]),
        Value::Array(items) if items.is_empty() => Err(GrammarProblem::Empty {
            element: element.to_owned(),
        }),
        Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().ok_or_else(|| wrong_type(element, expected)))
            .collect(),
        _ => Err(wrong_type(element, expected)),
    }
}

/// Strings that are each `*` or an ARN pattern without policy variables.
fn arn_patterns<'v>(value: &'v Value, element: &str) -> Result<Vec<&'v str>, GrammarProblem> {
    let patterns = strings(value, element)?;
    for pattern in &patterns {
        if pattern.contains("${") {
            return Err(GrammarProblem::PolicyVariable {
                element: element.to_owned(),
                value: (*pattern).to_owned(),
            });
        }
        if !is_arn_pattern(pattern) {
            return Err(GrammarProblem::ArnPattern {
                element: element.to_owned(),
                value: (*pattern).to_owned(),
            });
        }
    }
    Ok(patterns)
}

fn is_action_pattern(pattern: &str) -> bool {
    pattern == "*"
        || pattern.split_once(':').is_some_and(|(service, name)| {
            !service.is_empty()
                && service
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'*' || b == b'?')
        })
}

/// `*`, or `arn:` and five more components, of which partition, service and resource are not
/// empty.
fn is_arn_pattern(pattern: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let parts: Vec<&str> = pattern.splitn(6, ':').collect();
    match parts.as_slice() {
        [arn, partition, service, _, _, resource] => {
            *arn == "arn"
                && !partition.is_empty()
                && !service.is_empty()
                && !resource.is_empty()
                && !pattern.chars().any(char::is_whitespace)
        }
        _ => false,
    }
}
