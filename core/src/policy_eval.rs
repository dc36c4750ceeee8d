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

use serde_json::Value;

mod parse;

use parse::parse_document;

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
    /// `ForAnyValue:StringLike`: `*` any run of characters, `?` one.
    AnyTagKeyLike,
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
            Test::AnyTagKeyLike => request.tag_keys.iter().any(|key| {
                self.values
                    .iter()
                    .any(|pattern| crate::policy::enforce::glob_matches(pattern, key))
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
mod tests;
