//! An evaluator of exactly the IAM and SCP policy grammar autotag emits, refusing anything else.
//!
//! moto and offline tools cannot evaluate `aws:TagKeys` conditions or SCPs, so the guarantees of
//! autotag's documents are proven here instead: the SCP denies removing or overwriting the
//! protected tags to everyone but the auto-tag role, and the spoke role's trust policy admits only
//! the hub's role, from the organization, with the right `sts:ExternalId`. `autotag policy
//! simulate` runs the same evaluator.
//!
//! # Grammar
//!
//! Documents are JSON as AWS writes them. [`check_grammar`] accepts exactly this, and refuses
//! everything else with a [`GrammarError`] naming the document, the statement and the element:
//!
//! - `Version` is `2012-10-17` (required); `Id` is an optional string; no other top-level element.
//! - `Statement` is an object or a non-empty array of objects, each with these elements only:
//!   - `Sid`: optional string;
//!   - `Effect`: `Allow` or `Deny`;
//!   - `Action`: a string or a non-empty array of strings, each `*` or `service:Name`, where the
//!     name may use the wildcards `*` (any run of characters) and `?` (one character);
//!   - `Resource`: a string or a non-empty array of strings, each `*` or an ARN pattern of six
//!     colon-separated components whose components may use `*` and `?`. It may be absent only in
//!     a statement with a `Principal` (a trust policy);
//!   - `Principal`: an object with `AWS` and/or `Service`, each a string or a non-empty array.
//!     `AWS` values are `*` or IAM ARNs without wildcards (account principals such as
//!     `111111111111` or `arn:aws:iam::111111111111:root` are refused: their meaning depends on
//!     the account's own policies). Either every statement of a document has a `Principal` or
//!     none has;
//!   - `Condition`: an object of operator to an object of key to a string or a non-empty array of
//!     strings, with only these operators and keys:
//!     - `ForAnyValue:StringEquals`, `ForAllValues:StringEquals` and
//!       `ForAnyValue:StringEqualsIgnoreCase` on `aws:TagKeys`;
//!     - `Null` on `aws:TagKeys`, with the one value `true` or `false`;
//!     - `ArnLike` and `ArnNotLike` on `aws:PrincipalArn` (values are patterns as in `Resource`);
//!     - `StringEquals` on `sts:ExternalId`, `aws:PrincipalOrgID` and `aws:ResourceOrgID`.
//! - `NotAction`, `NotResource` and `NotPrincipal` are refused, as are policy variables
//!   (`${...}`) anywhere a value is matched, and CloudFormation intrinsics
//!   (`{"Fn::Sub": ...}`, `{"Ref": ...}`): a template's documents must be resolved first.
//!
//! Condition key names are matched case-insensitively, as AWS does; operator and element names
//! are matched exactly.
//!
//! # Semantics
//!
//! A statement applies to a [`Request`] when all of these hold:
//!
//! - its `Principal`, if any, names the request's principal ARN exactly, or is `{"AWS": "*"}`
//!   (which, as in AWS, also admits a request without a principal). `Service` principals never
//!   match: a request here always comes from an AWS principal, or from none;
//! - some `Action` pattern matches the request's action, case-insensitively (`ec2:*tags` matches
//!   `EC2:DeleteTags`), as AWS matches actions;
//! - some `Resource` pattern, if the element is present, matches the request's resource: `*`
//!   matches anything; any other pattern is matched component by component (partition, service,
//!   region, account, resource), case-sensitively, so a wildcard never spans a `:` before the
//!   resource component;
//! - every operator and every key of its `Condition` holds (AND); the values listed for one key
//!   are alternatives (OR):
//!   - `ForAnyValue:StringEquals` on `aws:TagKeys`: some tag key of the request equals some
//!     listed value; false when the request carries no tag keys;
//!   - `ForAnyValue:StringEqualsIgnoreCase` on `aws:TagKeys`: the same, with keys and values
//!     compared after Unicode lowercasing, so `OWNER` is the listed key `owner`;
//!   - `ForAllValues:StringEquals` on `aws:TagKeys`: every tag key of the request is listed; true
//!     when the request carries none, as in AWS;
//!   - `Null` on `aws:TagKeys`: `true` holds when the request carries no tag key (the key is
//!     absent from the request context, as in an `ec2:DeleteTags` call that names no tag),
//!     `false` when it carries some
//!     (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null>);
//!   - `ArnLike` on `aws:PrincipalArn`: the request's principal ARN matches some pattern, as a
//!     `Resource` pattern matches; false when the request has no principal ARN. `ArnNotLike`:
//!     it matches none; true when the request has no principal ARN;
//!   - `StringEquals` on `sts:ExternalId`, `aws:PrincipalOrgID` or `aws:ResourceOrgID`: the
//!     request's value equals one listed; false when the request lacks the value.
//!
//! `StringEquals` compares case-sensitively, as AWS does, so the tag key `Owner` is not the
//! listed key `owner`: a tag-protecting SCP must list every spelling it protects, or use
//! `StringEqualsIgnoreCase` where the service itself ignores case.
//!
//! Across statements and documents, an explicit `Deny` that applies wins; otherwise an `Allow`
//! that applies allows; otherwise the request is implicitly denied. The [`Verdict`] names the
//! deciding statement, the first in document order among those that decide.
//!
//! The documents given to [`evaluate`] are one set, evaluated together. That is exact for an SCP
//! next to `FullAWSAccess`, or for a trust policy alone; AWS's combination of policy types (an
//! SCP *and* an identity policy must both allow) is the caller's: evaluate each layer separately.
//!
//! The principal ARN of a request is the value AWS gives `aws:PrincipalArn`: for a role session,
//! the role's ARN (`arn:aws:iam::111111111111:role/autotag-hub`), not the session's
//! `assumed-role` ARN.

use std::fmt;

use serde_json::{Map, Value};

use crate::arn::Arn;

/// The only policy language version autotag writes and this evaluator reads.
pub const POLICY_VERSION: &str = "2012-10-17";

/// One request to evaluate: who calls which action on which resource, with which context.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Request<'a> {
    /// `aws:PrincipalArn`: the calling user's or role's IAM ARN; `None` for an anonymous call.
    pub principal_arn: Option<&'a str>,
    /// `aws:PrincipalOrgID`: the organization of the principal's account, e.g. `o-abc`.
    pub principal_org_id: Option<&'a str>,
    /// The action, e.g. `ec2:DeleteTags`.
    pub action: &'a str,
    /// The resource's ARN, or `*`.
    pub resource: &'a str,
    /// `aws:TagKeys`: the tag keys in the request, e.g. the keys a `DeleteTags` call removes.
    pub tag_keys: &'a [&'a str],
    /// `sts:ExternalId`: the external id an `AssumeRole` call presents.
    pub external_id: Option<&'a str>,
    /// `aws:ResourceOrgID`: the organization of the resource's account, e.g. of the role an
    /// `AssumeRole` call names.
    pub resource_org_id: Option<&'a str>,
}

/// A statement: its document's index, its index within the document, and its `Sid`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatementRef {
    /// The index of the document in the list given to [`evaluate`] (0 for [`check_grammar`]).
    pub document: usize,
    /// The index of the statement in its document (0 for a lone statement object).
    pub statement: usize,
    /// The statement's `Sid`, if it has one.
    pub sid: Option<String>,
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sid {
            Some(sid) => write!(f, "statement `{sid}` of document {}", self.document),
            None => write!(
                f,
                "statement {} of document {}",
                self.statement, self.document
            ),
        }
    }
}

/// The outcome of an evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No `Deny` applies and this `Allow` does.
    Allowed {
        /// The first `Allow` statement that applies.
        by: StatementRef,
    },
    /// This `Deny` applies.
    ExplicitlyDenied {
        /// The first `Deny` statement that applies.
        by: StatementRef,
    },
    /// No statement applies.
    ImplicitlyDenied,
}

impl Verdict {
    /// Whether the request is allowed.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Self::Allowed { .. })
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Allowed { by } => write!(f, "allowed by {by}"),
            Self::ExplicitlyDenied { by } => write!(f, "denied by {by}"),
            Self::ImplicitlyDenied => f.write_str("implicitly denied: no statement allows it"),
        }
    }
}

/// Why a policy document is outside the grammar this evaluator reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrammarError {
    /// A document-level element is wrong.
    #[error("document {document}: {problem}")]
    Document {
        /// The document's index.
        document: usize,
        /// What is wrong.
        problem: GrammarProblem,
    },
    /// An element of one statement is wrong.
    #[error("{at}: {problem}")]
    Statement {
        /// The statement.
        at: StatementRef,
        /// What is wrong.
        problem: GrammarProblem,
    },
}

impl GrammarError {
    /// What is wrong, wherever it is.
    pub fn problem(&self) -> &GrammarProblem {
        match self {
            Self::Document { problem, .. } | Self::Statement { problem, .. } => problem,
        }
    }
}

/// What is wrong with an element of a policy document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrammarProblem {
    /// A required element is absent.
    #[error("`{element}` is missing")]
    Missing {
        /// The element, e.g. `Effect`.
        element: String,
    },
    /// An element has the wrong JSON type.
    #[error("`{element}` must be {expected}")]
    WrongType {
        /// The element, e.g. `Action`.
        element: String,
        /// What it must be.
        expected: &'static str,
    },
    /// An element lists nothing.
    #[error("`{element}` is empty")]
    Empty {
        /// The element.
        element: String,
    },
    /// An element this evaluator knows but does not evaluate.
    #[error("element `{element}` is not supported by autotag's evaluator")]
    UnsupportedElement {
        /// The element, e.g. `NotAction`.
        element: String,
    },
    /// An element that is not part of the policy grammar.
    #[error("element `{element}` is not part of the policy grammar")]
    UnknownElement {
        /// The element.
        element: String,
    },
    /// A `Version` other than `2012-10-17`.
    #[error("`Version` `{version}` is not supported: autotag's evaluator reads `2012-10-17` only")]
    Version {
        /// The version found.
        version: String,
    },
    /// An `Effect` other than `Allow` or `Deny`.
    #[error("`Effect` `{effect}` is not `Allow` or `Deny`")]
    Effect {
        /// The effect found.
        effect: String,
    },
    /// An action that is not `*` or `service:Name`.
    #[error("action `{action}` is not `*` or `service:Name` (with `*` and `?` wildcards)")]
    Action {
        /// The action pattern found.
        action: String,
    },
    /// A resource, or an `ArnLike` value, that is not `*` or an ARN pattern.
    #[error(
        "`{element}` value `{value}` is not `*` or an ARN pattern `arn:partition:service:region:account:resource`"
    )]
    ArnPattern {
        /// The element, e.g. `Resource`.
        element: String,
        /// The value found.
        value: String,
    },
    /// A statement without `Resource` and without `Principal`.
    #[error("`Resource` is missing; only a statement with a `Principal` may omit it")]
    ResourceMissing,
    /// A document whose statements disagree on having a `Principal`.
    #[error(
        "`Principal` is {here} here but {first} in statement 0: in a document, every statement has a `Principal` (a trust policy) or none has"
    )]
    MixedPrincipals {
        /// `present` or `absent` in this statement.
        here: &'static str,
        /// `present` or `absent` in the document's first statement.
        first: &'static str,
    },
    /// A principal type other than `AWS` or `Service`.
    #[error("principal type `{kind}` is not supported by autotag's evaluator")]
    PrincipalType {
        /// The type found, e.g. `Federated`.
        kind: String,
    },
    /// An `AWS` principal that is not `*` or an IAM ARN.
    #[error("principal `{value}` is not supported by autotag's evaluator: {problem}")]
    PrincipalValue {
        /// The value found.
        value: String,
        /// Why it is refused.
        problem: &'static str,
    },
    /// A condition operator outside the grammar.
    #[error("condition operator `{operator}` is not supported by autotag's evaluator")]
    ConditionOperator {
        /// The operator, e.g. `StringLike`.
        operator: String,
    },
    /// A condition key not supported under its operator.
    #[error("condition key `{key}` is not supported under `{operator}` by autotag's evaluator")]
    ConditionKey {
        /// The operator.
        operator: String,
        /// The key, e.g. `aws:SourceIp`.
        key: String,
    },
    /// A `Null` condition value other than `true` or `false`, or more than one value.
    #[error("`{element}` value `{value}` is not `true` or `false`")]
    NullValue {
        /// The element, e.g. `Condition.Null.aws:TagKeys`.
        element: String,
        /// The value found (values joined with `,` if several).
        value: String,
    },
    /// A policy variable, which this evaluator does not substitute.
    #[error(
        "`{element}` value `{value}` uses a policy variable, which autotag's evaluator does not substitute"
    )]
    PolicyVariable {
        /// The element.
        element: String,
        /// The value found.
        value: String,
    },
}

/// Checks that `document` is inside the grammar (see the module docs). Errors name document 0.
pub fn check_grammar(document: &Value) -> Result<(), GrammarError> {
    parse_document(0, document).map(|_| ())
}

/// Evaluates `request` against `documents`, taken together: an applicable `Deny` wins, else an
/// applicable `Allow` allows, else the request is implicitly denied. Every document is checked
/// against the grammar first; the first error is returned and nothing is evaluated.
pub fn evaluate(documents: &[&Value], request: &Request<'_>) -> Result<Verdict, GrammarError> {
    let parsed = documents
        .iter()
        .enumerate()
        .map(|(index, document)| parse_document(index, document))
        .collect::<Result<Vec<_>, _>>()?;
    let mut allowed_by: Option<&StatementRef> = None;
    for statement in parsed.iter().flatten() {
        if !statement.applies(request) {
            continue;
        }
        match statement.effect {
            Effect::Deny => {
                return Ok(Verdict::ExplicitlyDenied {
                    by: statement.at.clone(),
                });
            }
            Effect::Allow => {
                allowed_by.get_or_insert(&statement.at);
            }
        }
    }
    Ok(match allowed_by {
        Some(by) => Verdict::Allowed { by: by.clone() },
        None => Verdict::ImplicitlyDenied,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Allow,
    Deny,
}

/// What a condition key tests, with its operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Test {
    AnyTagKey,
    AnyTagKeyIgnoringCase,
    AllTagKeys,
    /// `Null` on `aws:TagKeys`; its one value, `true` or `false`, is in `values`.
    NoTagKeys,
    PrincipalArnLike,
    PrincipalArnNotLike,
    ExternalId,
    PrincipalOrgId,
    ResourceOrgId,
}

#[derive(Debug)]
struct Condition<'v> {
    test: Test,
    values: Vec<&'v str>,
}

impl Condition<'_> {
    fn holds(&self, request: &Request<'_>) -> bool {
        let listed = |value: &str| self.values.contains(&value);
        let arn_like = || {
            request
                .principal_arn
                .is_some_and(|arn| self.values.iter().any(|p| arn_matches(p, arn)))
        };
        match self.test {
            Test::AnyTagKey => request.tag_keys.iter().any(|key| listed(key)),
            Test::AnyTagKeyIgnoringCase => request.tag_keys.iter().any(|key| {
                let key = key.to_lowercase();
                self.values.iter().any(|value| value.to_lowercase() == key)
            }),
            Test::AllTagKeys => request.tag_keys.iter().all(|key| listed(key)),
            Test::NoTagKeys => request.tag_keys.is_empty() == listed("true"),
            Test::PrincipalArnLike => arn_like(),
            Test::PrincipalArnNotLike => !arn_like(),
            Test::ExternalId => request.external_id.is_some_and(listed),
            Test::PrincipalOrgId => request.principal_org_id.is_some_and(listed),
            Test::ResourceOrgId => request.resource_org_id.is_some_and(listed),
        }
    }
}

#[derive(Debug)]
struct Statement<'v> {
    at: StatementRef,
    effect: Effect,
    /// `AWS` principals; `Some(empty)` for a statement naming only `Service` principals.
    principals: Option<Vec<&'v str>>,
    actions: Vec<&'v str>,
    resources: Option<Vec<&'v str>>,
    conditions: Vec<Condition<'v>>,
}

impl Statement<'_> {
    fn applies(&self, request: &Request<'_>) -> bool {
        let principal = self.principals.as_ref().is_none_or(|principals| {
            principals
                .iter()
                .any(|p| *p == "*" || request.principal_arn == Some(*p))
        });
        let action = self
            .actions
            .iter()
            .any(|pattern| glob(pattern, request.action, true));
        let resource = self.resources.as_ref().is_none_or(|resources| {
            resources
                .iter()
                .any(|pattern| arn_matches(pattern, request.resource))
        });
        principal && action && resource && self.conditions.iter().all(|c| c.holds(request))
    }
}

fn parse_document(index: usize, document: &Value) -> Result<Vec<Statement<'_>>, GrammarError> {
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

/// Whether `value` matches an ARN pattern: `*` matches anything; otherwise each of the six
/// colon-separated components is matched separately, case-sensitively.
fn arn_matches(pattern: &str, value: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let mut patterns = pattern.splitn(6, ':');
    let mut values = value.splitn(6, ':');
    loop {
        match (patterns.next(), values.next()) {
            (Some(p), Some(v)) if glob(p, v, false) => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters (even none) and `?`
/// exactly one; letters compare ignoring ASCII case if `fold_case`.
fn glob(pattern: &str, text: &str, fold_case: bool) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let same = |p: char, t: char| p == '?' || p == t || (fold_case && p.eq_ignore_ascii_case(&t));
    let (mut p, mut t) = (0, 0);
    // Where the last `*` was, and how much of the text it has swallowed so far.
    let mut star: Option<(usize, usize)> = None;
    loop {
        match (pattern.get(p), text.get(t)) {
            (None, None) => return true,
            (Some('*'), _) => {
                star = Some((p, t));
                p += 1;
            }
            (Some(pc), Some(tc)) if same(*pc, *tc) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) if star_t < text.len() => {
                    star = Some((star_p, star_t + 1));
                    p = star_p + 1;
                    t = star_t + 1;
                }
                _ => return false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
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
        let any_case = deny(
            json!({"ForAnyValue:StringEqualsIgnoreCase": {"aws:TagKeys": ["owner", "équipe"]}}),
        );
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
                statement(
                    json!({"Condition": {"ArnLike": {"aws:SourceIp": "arn:aws:iam::*:role/x"}}}),
                ),
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
        check_grammar(&crate::render::documents::spoke_role_policy()).unwrap();
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
                    let verdict =
                        evaluate(&set, &tag_request(Some(exempt), action, &keys)).unwrap();
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
        let request =
            |principal: &'static str, action: &'static str, resource: &'static str| Request {
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
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| resolve(v, parameters)).collect())
            }
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
        let hub = format!(
            "arn:aws:iam::111111111111:role/{}",
            crate::render::HUB_ROLE_NAME
        );
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
}
