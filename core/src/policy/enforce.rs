//! The `[enforcement]` section and the `[[enforce]]` rules: which resources must carry which
//! tags, and the ladder of actions (`report` → `notify` → `mark` → `stop` → `terminate`) taken,
//! with a grace between steps, against those that do not. Validated here; evaluated by
//! [`crate::enforce`].
//!
//! Everything that can hurt is opt-in: a rule is a dry run unless it says `dry_run = false`,
//! `stop` and `terminate` exist only for the resource types of [`ACTIONABLE`], the reversible
//! `stop` must come before `terminate`, and both need a `mark` first (the mark on the resource
//! says what is due and when, so the owner sees it where the resource is).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::Duration;

use super::{AccountScope, PolicyError, field_error};
use crate::arn::{AccountId, Region};
use crate::services::{self, ResourceTypeIam};
use crate::tags::TagKey;

/// The `[enforcement]` section as written: settings shared by every `[[enforce]]` rule.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnforcementFile {
    /// The prefix of the mark tag's key: each rule marks a resource with its own key,
    /// `<mark_key>:<rule name>` (`autotag:enforce:cost-center`), whose value is the next step
    /// and its due date (`stop@2025-01-04T10:00:00Z`). No stamp, static, template or backfill
    /// key may be it or start with it, and it may not start with `aws:`. At most 63 characters.
    /// Default `autotag:enforce`.
    #[serde(default = "default_mark_key")]
    pub mark_key: String,
    /// The security team's SNS topic ARN: a summary of every run's findings is published to
    /// it. Default: none.
    #[serde(default)]
    pub notify_topic: Option<String>,
    /// The ARN of a Secrets Manager secret holding a Slack or Teams incoming webhook URL that
    /// also receives the security team's summary. Default: none.
    #[serde(default)]
    pub webhook_secret: Option<String>,
    /// The SES sender address of the messages to owners whose owner stamp is an email address
    /// (SSO and SAML users). Without it, owners are not written to and their resources appear
    /// only in the security team's summary. Default: none.
    #[serde(default)]
    pub ses_from: Option<String>,
}

impl Default for EnforcementFile {
    fn default() -> Self {
        Self {
            mark_key: default_mark_key(),
            notify_topic: None,
            webhook_secret: None,
            ses_from: None,
        }
    }
}

fn default_mark_key() -> String {
    DEFAULT_MARK_KEY.to_owned()
}

/// The default prefix of the mark keys.
pub const DEFAULT_MARK_KEY: &str = "autotag:enforce";

/// One `[[enforce]]` rule as written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnforceRuleFile {
    /// The rule's name, unique: 1 to 64 lowercase letters, digits and `-`. It names the mark key
    /// and the rule in reports and messages.
    pub name: String,
    /// The registry resource types the rule covers (`autotag registry`), e.g. `ec2:instance`,
    /// or every type of a service with `service:*` (which must match at least one).
    pub resource_types: Vec<String>,
    /// Twelve-digit account ids the rule covers, or `["*"]` for every account. Default `["*"]`.
    #[serde(default = "default_accounts")]
    pub accounts: Vec<String>,
    /// Organizational unit ids (`ou-...`): when given, only accounts under one of them (at any
    /// depth) are covered, as well as being in `accounts`. Default: no restriction.
    #[serde(default)]
    pub organizational_units: Vec<String>,
    /// The regions covered; empty for every region. Default: every region.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Report what would be done and change nothing: no message to owners, no mark, no stop.
    /// Default `true`: a rule acts only once it says `dry_run = false`.
    #[serde(default = "default_dry_run")]
    pub dry_run: bool,
    /// The tags every covered resource must carry (at least one).
    pub required_tags: Vec<RequiredTagFile>,
    /// The ladder, in order `report`, `notify`, `mark`, `stop`, `terminate`, each at most once.
    /// Default: `[{ action = "report" }]`.
    #[serde(default = "default_steps")]
    pub steps: Vec<StepFile>,
    /// Resources the rule never acts on.
    #[serde(default)]
    pub exempt: ExemptFile,
}

fn default_accounts() -> Vec<String> {
    vec!["*".to_owned()]
}
fn default_dry_run() -> bool {
    true
}
fn default_steps() -> Vec<StepFile> {
    vec![StepFile {
        action: "report".to_owned(),
        after: None,
    }]
}

/// One required tag as written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequiredTagFile {
    /// The tag key, compared exactly (case-sensitive).
    pub key: String,
    /// The allowed values, compared exactly. Empty, with no `pattern`, admits any non-empty
    /// value.
    #[serde(default)]
    pub values: Vec<String>,
    /// A regular expression the whole value must match (it is anchored for you), in the syntax
    /// of the `regex-lite` crate: classes, repetition, alternation, no look-around, matched in
    /// linear time. At most 256 characters. Not with `values`.
    #[serde(default)]
    pub pattern: Option<String>,
}

/// One step of the ladder as written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepFile {
    /// What the step does: `report` (the finding is in the security team's summary and the
    /// report), `notify` (the owner is written to as well), `mark` (the mark tag is put on the
    /// resource), `stop` or `terminate` (only for the types that have them).
    #[schemars(extend("enum" = ["report", "notify", "mark", "stop", "terminate"]))]
    pub action: String,
    /// The grace before this step: after the previous step ran or, for the first step, after
    /// the resource was created. `<n>m`, `<n>h` or `<n>d`, at most 365 days. `stop` and
    /// `terminate` need one. Default `0`.
    #[serde(default)]
    pub after: Option<String>,
}

/// Exemptions as written.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExemptFile {
    /// A resource carrying one of these tags is exempt; the value `*` admits any value.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// A resource created by a principal whose ARN matches one of these patterns is exempt
    /// (`*` any run of characters, `?` one). An assumed-role session also matches its role's
    /// ARN without the path: `arn:aws:sts::1:assumed-role/ci-x/s` matches
    /// `arn:aws:iam::*:role/ci-*`.
    #[serde(default)]
    pub principals: Vec<String>,
    /// Twelve-digit account ids whose resources are exempt.
    #[serde(default)]
    pub accounts: Vec<String>,
}

/// One step of the ladder, in ladder order (`Report < Notify < Mark < Stop < Terminate`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// The finding goes into the security team's summary and the report.
    Report,
    /// The owner is written to.
    Notify,
    /// The mark tag is put on the resource.
    Mark,
    /// The resource is stopped (reversible).
    Stop,
    /// The resource is terminated.
    Terminate,
}

impl Action {
    /// Every action, in ladder order.
    pub const ALL: [Self; 5] = [
        Self::Report,
        Self::Notify,
        Self::Mark,
        Self::Stop,
        Self::Terminate,
    ];

    /// The name written in the policy and in marks.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::Notify => "notify",
            Self::Mark => "mark",
            Self::Stop => "stop",
            Self::Terminate => "terminate",
        }
    }

    /// The action named `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_str() == name)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A resource type on which `stop` and `terminate` mean something, and the calls that do them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actionable {
    /// The registry resource type.
    pub resource_type: &'static str,
    /// The IAM action (and API call) that stops one.
    pub stop: &'static str,
    /// The IAM action (and API call) that terminates one.
    pub terminate: &'static str,
}

/// The resource types that can be stopped and terminated. A rule with a `stop` or `terminate`
/// step must cover at least one of them; for its other types (a bucket beside the instances)
/// those steps do not exist, and their ladder ends before them. Only EC2 instances: a stopped instance
/// keeps its volumes and starts again as it was, so `stop` is the reversible step before
/// `terminate`. Others are refused on purpose: RDS starts a stopped database again by itself
/// after seven days, so a stop there is not a lasting step, and deleting a data store (a
/// database, a bucket, a table) loses its data, which no grace period makes reversible.
pub const ACTIONABLE: &[Actionable] = &[Actionable {
    resource_type: "ec2:instance",
    stop: "ec2:StopInstances",
    terminate: "ec2:TerminateInstances",
}];

/// What `stop` and `terminate` call on `resource_type`, if it has them.
pub fn actionable(resource_type: &str) -> Option<&'static Actionable> {
    ACTIONABLE.iter().find(|a| a.resource_type == resource_type)
}

/// One step of a validated ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// What it does.
    pub action: Action,
    /// The grace before it: since the previous step ran, or since creation for the first.
    pub after: Duration,
}

/// What values a required tag admits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowed {
    /// Any non-empty value.
    Any,
    /// One of these, exactly.
    Values(BTreeSet<String>),
    /// A value the whole of which matches.
    Pattern(ValuePattern),
}

impl Allowed {
    /// Whether `value` is admitted.
    pub fn admits(&self, value: &str) -> bool {
        match self {
            Self::Any => !value.trim().is_empty(),
            Self::Values(values) => values.contains(value),
            Self::Pattern(pattern) => pattern.matches(value),
        }
    }

    /// How a person should read it: `any non-empty value`, `one of `a`, `b``, `a value matching ...`.
    pub fn describe(&self) -> String {
        match self {
            Self::Any => "any non-empty value".to_owned(),
            Self::Values(values) => {
                let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                format!("one of {}", listed.join(", "))
            }
            Self::Pattern(pattern) => format!("a value matching `{}`", pattern.source()),
        }
    }
}

/// A compiled value pattern, anchored at both ends; equal when written the same.
#[derive(Debug, Clone)]
pub struct ValuePattern {
    source: String,
    regex: regex_lite::Regex,
}

impl PartialEq for ValuePattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}
impl Eq for ValuePattern {}

/// The longest value pattern accepted.
pub const MAX_PATTERN_CHARS: usize = 256;

impl ValuePattern {
    /// Compiles `source`, anchored, or says why not.
    pub fn parse(source: &str) -> Result<Self, String> {
        if source.chars().count() > MAX_PATTERN_CHARS {
            return Err(format!(
                "the pattern is longer than {MAX_PATTERN_CHARS} characters"
            ));
        }
        // Anchored whole, so `[0-9]+` does not admit `abc1`; `^`/`$` written by hand are harmless.
        let regex = regex_lite::RegexBuilder::new(&format!("^(?:{source})$"))
            .size_limit(1 << 16)
            .build()
            .map_err(|err| {
                let first = err.to_string();
                let first = first.lines().last().unwrap_or_default().trim().to_owned();
                format!("`{source}` is not a valid pattern: {first}")
            })?;
        Ok(Self {
            source: source.to_owned(),
            regex,
        })
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the whole of `value` matches.
    pub fn matches(&self, value: &str) -> bool {
        self.regex.is_match(value)
    }
}

/// A required tag, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredTag {
    /// The key, compared exactly.
    pub key: TagKey,
    /// What it may hold.
    pub allowed: Allowed,
}

/// Exemptions, validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exemptions {
    /// Key to value (`*`: any value).
    pub tags: BTreeMap<String, String>,
    /// Principal ARN patterns with `*` and `?`.
    pub principals: Vec<String>,
    /// Exempt accounts.
    pub accounts: BTreeSet<AccountId>,
}

/// One `[[enforce]]` rule, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnforceRule {
    /// The unique name.
    pub name: String,
    /// The covered registry resource types, wildcards expanded, sorted.
    pub resource_types: BTreeSet<&'static str>,
    /// The covered accounts.
    pub accounts: AccountScope,
    /// When not empty, only accounts under one of these OUs are covered.
    pub organizational_units: BTreeSet<String>,
    /// The covered regions; empty for all.
    pub regions: BTreeSet<String>,
    /// Report only.
    pub dry_run: bool,
    /// The tags required.
    pub required_tags: Vec<RequiredTag>,
    /// The ladder, in order.
    pub steps: Vec<Step>,
    /// What is exempt.
    pub exempt: Exemptions,
    /// This rule's mark key: `<mark_key>:<name>`.
    pub mark_key: TagKey,
}

impl EnforceRule {
    /// The index of the step doing `action`, if the ladder has it.
    pub fn step_of(&self, action: Action) -> Option<usize> {
        self.steps.iter().position(|step| step.action == action)
    }

    /// Whether the ladder has `action`.
    pub fn has(&self, action: Action) -> bool {
        self.step_of(action).is_some()
    }

    /// The ladder for `resource_type`: without `stop` and `terminate` for a type that has
    /// neither ([`ACTIONABLE`]).
    pub fn steps_for(&self, resource_type: &str) -> Vec<Step> {
        let able = actionable(resource_type).is_some();
        self.steps
            .iter()
            .filter(|step| able || !matches!(step.action, Action::Stop | Action::Terminate))
            .copied()
            .collect()
    }
}

/// The enforcement settings and rules, validated. Empty (no rules) by default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enforcement {
    /// The prefix of every rule's mark key.
    pub mark_key: TagKey,
    /// The security team's SNS topic.
    pub notify_topic: Option<String>,
    /// The secret holding the chat webhook URL.
    pub webhook_secret: Option<String>,
    /// The SES sender for owner messages.
    pub ses_from: Option<String>,
    /// The rules, in file order.
    pub rules: Vec<EnforceRule>,
}

impl Default for Enforcement {
    fn default() -> Self {
        Self {
            mark_key: TagKey::trusted(DEFAULT_MARK_KEY),
            notify_topic: None,
            webhook_secret: None,
            ses_from: None,
            rules: Vec::new(),
        }
    }
}

impl Enforcement {
    /// The rule named `name`.
    pub fn rule(&self, name: &str) -> Option<&EnforceRule> {
        self.rules.iter().find(|rule| rule.name == name)
    }

    /// The rule name a tag key marks for, if the key is a mark key (`<mark_key>:<name>`),
    /// whether or not the rule still exists.
    pub fn marked_rule<'k>(&self, key: &'k str) -> Option<&'k str> {
        key.strip_prefix(self.mark_key.as_str())?
            .strip_prefix(':')
            .filter(|name| !name.is_empty())
    }

    /// Validates the `[enforcement]` section and the `[[enforce]]` rules. `configured` maps
    /// every key the policy already writes (stamps, static, template, backfill) to its field:
    /// the mark keys may not clash with them.
    pub fn from_file(
        file: &EnforcementFile,
        rules: &[EnforceRuleFile],
        configured: &BTreeMap<TagKey, String>,
    ) -> Result<Self, PolicyError> {
        const FIELD: &str = "enforcement.mark_key";
        let mark_key =
            TagKey::parse(&file.mark_key).map_err(|err| field_error(FIELD, err.to_string()))?;
        if file.mark_key.chars().count() > MAX_MARK_KEY_CHARS {
            return Err(field_error(
                FIELD,
                format!(
                    "`{}` is longer than {MAX_MARK_KEY_CHARS} characters; `<mark_key>:<rule>` must fit a 128-character key",
                    file.mark_key
                ),
            ));
        }
        for (key, field) in configured {
            let clash = key.as_str() == mark_key.as_str()
                || key
                    .as_str()
                    .strip_prefix(mark_key.as_str())
                    .is_some_and(|rest| rest.starts_with(':'));
            if clash {
                return Err(field_error(
                    FIELD,
                    format!("`{mark_key}` would mark over the key `{key}` of `{field}`"),
                ));
            }
        }
        let arn_field = |field: &str, value: &Option<String>, service: &str| match value {
            Some(arn) if !arn.starts_with("arn:") || arn.split(':').nth(2) != Some(service) => {
                Err(field_error(
                    field,
                    format!("`{arn}` is not an `arn:<partition>:{service}:...` ARN"),
                ))
            }
            _ => Ok(()),
        };
        arn_field("enforcement.notify_topic", &file.notify_topic, "sns")?;
        arn_field(
            "enforcement.webhook_secret",
            &file.webhook_secret,
            "secretsmanager",
        )?;
        if let Some(from) = &file.ses_from
            && !looks_like_email(from)
        {
            return Err(field_error(
                "enforcement.ses_from",
                format!("`{from}` is not an email address"),
            ));
        }
        let mut seen = BTreeMap::new();
        let mut parsed = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            let at = format!("enforce[{index}]");
            let rule = parse_rule(&at, rule, &mark_key)?;
            if let Some(earlier) = seen.insert(rule.name.clone(), index) {
                return Err(field_error(
                    format!("{at}.name"),
                    format!(
                        "`{}` is already the name of `enforce[{earlier}]`",
                        rule.name
                    ),
                ));
            }
            parsed.push(rule);
        }
        Ok(Self {
            mark_key,
            notify_topic: file.notify_topic.clone(),
            webhook_secret: file.webhook_secret.clone(),
            ses_from: file.ses_from.clone(),
            rules: parsed,
        })
    }
}

/// The longest mark key prefix: with `:` and a 64-character rule name it fills a 128-character
/// tag key.
pub const MAX_MARK_KEY_CHARS: usize = 63;
/// The longest rule name.
pub const MAX_RULE_NAME: usize = 64;
/// The longest grace between two steps.
pub const MAX_AFTER: Duration = Duration::days(365);

/// Whether `text` reads as an email address: one `@` between a non-empty local part and a
/// dotted domain, no spaces or slashes. SSO and SAML owners are email addresses; an IAM user's
/// name or a `role/session` owner is not.
pub fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let clean = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '/' | '@' | ','))
    };
    clean(local)
        && clean(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

fn parse_rule(
    at: &str,
    file: &EnforceRuleFile,
    mark_prefix: &TagKey,
) -> Result<EnforceRule, PolicyError> {
    let name = &file.name;
    let name_ok = (1..=MAX_RULE_NAME).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !name_ok {
        return Err(field_error(
            format!("{at}.name"),
            format!(
                "`{name}` is not a rule name: 1 to {MAX_RULE_NAME} lowercase letters, digits and `-`"
            ),
        ));
    }
    let resource_types = parse_types(&format!("{at}.resource_types"), &file.resource_types)?;
    let accounts = super::parse_scope(&format!("{at}.accounts"), &file.accounts)?;
    let mut organizational_units = BTreeSet::new();
    for (index, ou) in file.organizational_units.iter().enumerate() {
        let ok = ou.strip_prefix("ou-").is_some_and(|rest| {
            rest.len() >= 10
                && rest.len() <= 68
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
        if !ok {
            return Err(field_error(
                format!("{at}.organizational_units[{index}]"),
                format!("`{ou}` is not an organizational unit id (`ou-<root>-<id>`)"),
            ));
        }
        organizational_units.insert(ou.clone());
    }
    let mut regions = BTreeSet::new();
    for (index, region) in file.regions.iter().enumerate() {
        Region::parse(region)
            .map_err(|err| field_error(format!("{at}.regions[{index}]"), err.to_string()))?;
        regions.insert(region.clone());
    }
    if file.required_tags.is_empty() {
        return Err(field_error(
            format!("{at}.required_tags"),
            "the list is empty, so every resource would comply; name at least one tag",
        ));
    }
    let mut required_tags: Vec<RequiredTag> = Vec::new();
    for (index, required) in file.required_tags.iter().enumerate() {
        let field = format!("{at}.required_tags[{index}]");
        let key = TagKey::parse(&required.key)
            .map_err(|err| field_error(format!("{field}.key"), err.to_string()))?;
        if mark_prefix_owns(mark_prefix, key.as_str()) {
            return Err(field_error(
                format!("{field}.key"),
                format!("`{key}` is an enforcement mark key, which autotag writes itself"),
            ));
        }
        if required_tags.iter().any(|earlier| earlier.key == key) {
            return Err(field_error(
                format!("{field}.key"),
                format!("`{key}` is required twice"),
            ));
        }
        let allowed = match (&required.values[..], &required.pattern) {
            ([], None) => Allowed::Any,
            ([], Some(pattern)) => Allowed::Pattern(
                ValuePattern::parse(pattern)
                    .map_err(|problem| field_error(format!("{field}.pattern"), problem))?,
            ),
            (values, None) => {
                for (v, value) in values.iter().enumerate() {
                    if !crate::tags::TagValue::is_valid(value) {
                        return Err(field_error(
                            format!("{field}.values[{v}]"),
                            format!(
                                "`{value}` has characters AWS tags do not allow or exceeds 256 characters"
                            ),
                        ));
                    }
                }
                Allowed::Values(values.iter().cloned().collect())
            }
            (_, Some(_)) => {
                return Err(field_error(field, "give `values` or `pattern`, not both"));
            }
        };
        required_tags.push(RequiredTag { key, allowed });
    }
    let steps = parse_steps(&format!("{at}.steps"), &file.steps, &resource_types)?;
    let exempt = parse_exempt(&format!("{at}.exempt"), &file.exempt)?;
    let mark_key = TagKey::parse(&format!("{mark_prefix}:{name}"))
        .map_err(|err| field_error(format!("{at}.name"), err.to_string()))?;
    Ok(EnforceRule {
        name: name.clone(),
        resource_types,
        accounts,
        organizational_units,
        regions,
        dry_run: file.dry_run,
        required_tags,
        steps,
        exempt,
        mark_key,
    })
}

fn mark_prefix_owns(prefix: &TagKey, key: &str) -> bool {
    key == prefix.as_str()
        || key
            .strip_prefix(prefix.as_str())
            .is_some_and(|rest| rest.starts_with(':'))
}

pub(super) fn parse_types(
    field: &str,
    written: &[String],
) -> Result<BTreeSet<&'static str>, PolicyError> {
    if written.is_empty() {
        return Err(field_error(
            field,
            "the list is empty; name registry resource types such as `ec2:instance`",
        ));
    }
    let mut types = BTreeSet::new();
    for (index, pattern) in written.iter().enumerate() {
        let field = format!("{field}[{index}]");
        let matched: Vec<&ResourceTypeIam> = match pattern.strip_suffix(":*") {
            Some(service) => services::resource_types()
                .iter()
                .filter(|t| t.resource_type.split(':').next() == Some(service))
                .collect(),
            None => services::resource_type(pattern).into_iter().collect(),
        };
        if matched.is_empty() {
            return Err(field_error(
                field,
                format!(
                    "`{pattern}` is no registry resource type (`autotag registry` lists them; `service:*` takes a service's)"
                ),
            ));
        }
        types.extend(matched.into_iter().map(|t| t.resource_type));
    }
    Ok(types)
}

/// Parses `30m`, `12h`, `3d` (and `0`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("`{text}` is not a duration such as `30m`, `12h` or `3d`");
    if text == "0" {
        return Ok(Duration::ZERO);
    }
    let unit = text.chars().last().ok_or_else(bad)?;
    let number = text.get(..text.len().saturating_sub(1)).ok_or_else(bad)?;
    if number.is_empty() || number.len() > 6 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let n: i64 = number.parse().map_err(|_| bad())?;
    let duration = match unit {
        'm' => Duration::minutes(n),
        'h' => Duration::hours(n),
        'd' => Duration::days(n),
        _ => return Err(bad()),
    };
    if duration > MAX_AFTER {
        return Err(format!("`{text}` is longer than 365 days"));
    }
    Ok(duration)
}

fn parse_steps(
    field: &str,
    written: &[StepFile],
    types: &BTreeSet<&'static str>,
) -> Result<Vec<Step>, PolicyError> {
    if written.is_empty() {
        return Err(field_error(
            field,
            "the ladder is empty; it needs at least `{ action = \"report\" }`",
        ));
    }
    let mut steps: Vec<Step> = Vec::new();
    for (index, step) in written.iter().enumerate() {
        let at = format!("{field}[{index}]");
        let action = Action::parse(&step.action).ok_or_else(|| {
            field_error(
                format!("{at}.action"),
                format!(
                    "`{}` is not one of `report`, `notify`, `mark`, `stop`, `terminate`",
                    step.action
                ),
            )
        })?;
        if let Some(previous) = steps.last()
            && previous.action >= action
        {
            return Err(field_error(
                format!("{at}.action"),
                format!(
                    "`{action}` after `{}`: the ladder goes report, notify, mark, stop, terminate, each at most once",
                    previous.action
                ),
            ));
        }
        let after = match &step.after {
            Some(text) => parse_duration(text)
                .map_err(|problem| field_error(format!("{at}.after"), problem))?,
            None => Duration::ZERO,
        };
        if matches!(action, Action::Stop | Action::Terminate) {
            if !types.iter().any(|t| actionable(t).is_some()) {
                let able: Vec<&str> = ACTIONABLE.iter().map(|a| a.resource_type).collect();
                return Err(field_error(
                    format!("{at}.action"),
                    format!(
                        "`{action}` is done on none of the rule's types; only on `{}`",
                        able.join("`, `")
                    ),
                ));
            }
            if !steps.iter().any(|s| s.action == Action::Mark) {
                return Err(field_error(
                    format!("{at}.action"),
                    format!(
                        "`{action}` needs a `mark` step before it: the mark tells the owner what is due and when"
                    ),
                ));
            }
            if after.is_zero() {
                return Err(field_error(
                    format!("{at}.after"),
                    format!(
                        "`{action}` needs a grace (`after`, e.g. `3d`) so the owner can fix the tags first"
                    ),
                ));
            }
        }
        if action == Action::Terminate && !steps.iter().any(|s| s.action == Action::Stop) {
            return Err(field_error(
                format!("{at}.action"),
                "`terminate` needs a `stop` step before it: the reversible step comes first",
            ));
        }
        if action == Action::Mark
            && let Some(unmarkable) = types.iter().find(|t| !markable(t))
        {
            return Err(field_error(
                format!("{at}.action"),
                format!(
                    "`{unmarkable}` cannot carry a mark that autotag may remove again with a role limited to the mark's key; leave `mark` out for it"
                ),
            ));
        }
        steps.push(Step { action, after });
    }
    Ok(steps)
}

/// Whether autotag can put a mark on `resource_type` and remove it with permissions limited to
/// the mark: the type has a tag action, and either its untag actions honour `aws:TagKeys` or
/// its tag action itself replaces the tag set (S3's `PutBucketTagging`, already granted).
pub fn markable(resource_type: &str) -> bool {
    services::resource_type(resource_type).is_some_and(|facts| {
        !facts.tag_actions.is_empty()
            && (facts.tag_keys_condition
                || facts
                    .untag_actions
                    .iter()
                    .any(|a| facts.tag_actions.contains(a)))
    })
}

fn parse_exempt(field: &str, file: &ExemptFile) -> Result<Exemptions, PolicyError> {
    for key in file.tags.keys() {
        TagKey::parse(key).map_err(|err| field_error(format!("{field}.tags"), err.to_string()))?;
    }
    for (index, pattern) in file.principals.iter().enumerate() {
        let ok = pattern.starts_with("arn:") && pattern.split(':').count() >= 6;
        if !ok {
            return Err(field_error(
                format!("{field}.principals[{index}]"),
                format!("`{pattern}` is not an ARN pattern such as `arn:aws:iam::*:role/ci-*`"),
            ));
        }
    }
    let mut accounts = BTreeSet::new();
    for (index, account) in file.accounts.iter().enumerate() {
        accounts.insert(
            AccountId::parse(account).map_err(|err| {
                field_error(format!("{field}.accounts[{index}]"), err.to_string())
            })?,
        );
    }
    Ok(Exemptions {
        tags: file.tags.clone(),
        principals: file.principals.clone(),
        accounts,
    })
}

/// Whether `text` matches the glob `pattern` (`*` any run of characters, `?` one), whole.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    // The classic linear-backtracking wildcard match: remember the last `*` and retry from it.
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match (pattern.get(p), text.get(t)) {
            (Some('*'), _) => {
                star = Some((p, t));
                p += 1;
            }
            (Some(pc), Some(tc)) if *pc == '?' || pc == tc => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::TagPolicy;

    /// A rule whose fields are `body`, under a `[[enforce]]` header with a name, types and a
    /// required tag unless `body` gives them.
    fn rule(body: &str) -> String {
        let mut text = String::from("[[enforce]]\n");
        if !body.contains("name =") {
            text.push_str("name = \"r\"\n");
        }
        if !body.contains("resource_types =") {
            text.push_str("resource_types = [\"ec2:instance\"]\n");
        }
        if !body.contains("required_tags =") {
            text.push_str("required_tags = [{ key = \"CostCenter\" }]\n");
        }
        text.push_str(body);
        text
    }

    fn refused(text: &str) -> String {
        TagPolicy::from_toml(text).unwrap_err().to_string()
    }

    #[test]
    fn reads_the_issue_s_rule_with_safe_defaults() {
        let policy = TagPolicy::from_toml(&rule(
            r#"resource_types = ["ec2:instance", "s3:bucket"]
required_tags = [{ key = "CostCenter", values = ["1001", "1002"] }]
steps = [{ action = "notify" }, { action = "mark" }, { action = "stop", after = "3d" }]"#,
        ))
        .unwrap();
        let enforcement = &policy.enforcement;
        assert_eq!(enforcement.mark_key.as_str(), "autotag:enforce");
        let first = &enforcement.rules[0];
        assert!(
            first.dry_run,
            "a rule is a dry run unless it says otherwise"
        );
        assert_eq!(first.accounts, AccountScope::All);
        assert_eq!(first.mark_key.as_str(), "autotag:enforce:r");
        assert_eq!(first.steps[2].after, Duration::days(3));
        assert_eq!(enforcement.marked_rule("autotag:enforce:r"), Some("r"));
        assert_eq!(enforcement.marked_rule("autotag:enforcer"), None);
        let default_steps = TagPolicy::from_toml(&rule("")).unwrap();
        assert_eq!(
            default_steps.enforcement.rules[0].steps,
            [Step {
                action: Action::Report,
                after: Duration::ZERO
            }]
        );
        // The bucket's ladder ends at the mark; the instance's goes on to the stop.
        assert_eq!(first.steps_for("s3:bucket").len(), 2);
        assert_eq!(first.steps_for("ec2:instance").len(), 3);
        let services = TagPolicy::from_toml(&rule("resource_types = [\"ec2:*\"]")).unwrap();
        assert!(services.enforcement.rules[0].resource_types.len() > 10);
    }

    #[test]
    fn errors_name_the_field() {
        let stop_ladder = "steps = [{ action = \"mark\" }, { action = \"stop\", after = \"1d\" }]";
        for (text, field, problem) in [
            (
                rule("name = \"Cost\""),
                "enforce[0].name",
                "not a rule name",
            ),
            (
                format!("{}\n{}", rule(""), rule("")),
                "enforce[1].name",
                "already the name of `enforce[0]`",
            ),
            (
                rule("resource_types = [\"ec2:instance\", \"ec2:nope\"]"),
                "enforce[0].resource_types[1]",
                "no registry resource type",
            ),
            (
                rule("resource_types = [\"nosuch:*\"]"),
                "enforce[0].resource_types[0]",
                "no registry resource type",
            ),
            (rule("accounts = []"), "enforce[0].accounts", "empty"),
            (
                rule("organizational_units = [\"r-abcd\"]"),
                "enforce[0].organizational_units[0]",
                "organizational unit",
            ),
            (
                rule("regions = [\"eu west 1\"]"),
                "enforce[0].regions[0]",
                "",
            ),
            (
                rule("required_tags = []"),
                "enforce[0].required_tags",
                "empty",
            ),
            (
                rule("required_tags = [{ key = \"a\", values = [\"1\"], pattern = \"1\" }]"),
                "enforce[0].required_tags[0]",
                "not both",
            ),
            (
                rule("required_tags = [{ key = \"a\", pattern = \"(\" }]"),
                "enforce[0].required_tags[0].pattern",
                "not a valid pattern",
            ),
            (
                rule("required_tags = [{ key = \"aws:x\" }]"),
                "enforce[0].required_tags[0].key",
                "",
            ),
            (
                rule("required_tags = [{ key = \"autotag:enforce:x\" }]"),
                "enforce[0].required_tags[0].key",
                "mark key",
            ),
            (
                rule("steps = [{ action = \"kill\" }]"),
                "enforce[0].steps[0].action",
                "not one of",
            ),
            (
                rule("steps = [{ action = \"mark\" }, { action = \"notify\" }]"),
                "enforce[0].steps[1].action",
                "`notify` after `mark`",
            ),
            (
                rule("steps = [{ action = \"mark\" }, { action = \"mark\" }]"),
                "enforce[0].steps[1].action",
                "at most once",
            ),
            (
                rule("steps = [{ action = \"stop\", after = \"1d\" }]"),
                "enforce[0].steps[0].action",
                "needs a `mark` step",
            ),
            (
                rule("steps = [{ action = \"mark\" }, { action = \"terminate\", after = \"1d\" }]"),
                "enforce[0].steps[1].action",
                "needs a `stop` step",
            ),
            (
                rule("steps = [{ action = \"mark\" }, { action = \"stop\" }]"),
                "enforce[0].steps[1].after",
                "needs a grace",
            ),
            (
                rule(&format!(
                    "resource_types = [\"rds:db\", \"s3:bucket\"]\n{stop_ladder}"
                )),
                "enforce[0].steps[1].action",
                "done on none of the rule's types; only on `ec2:instance`",
            ),
            (
                rule(
                    "resource_types = [\"cloudformation:stack\"]\nsteps = [{ action = \"mark\" }]",
                ),
                "enforce[0].steps[0].action",
                "cannot carry a mark",
            ),
            (
                rule("steps = [{ action = \"notify\", after = \"3 days\" }]"),
                "enforce[0].steps[0].after",
                "not a duration",
            ),
            (
                rule("steps = [{ action = \"notify\", after = \"400d\" }]"),
                "enforce[0].steps[0].after",
                "365 days",
            ),
            (
                rule("exempt = { principals = [\"ci-*\"] }"),
                "enforce[0].exempt.principals[0]",
                "ARN pattern",
            ),
            (
                rule("exempt = { accounts = [\"12\"] }"),
                "enforce[0].exempt.accounts[0]",
                "",
            ),
            (
                "[enforcement]\nmark_key = \"aws:enforce\"".to_owned(),
                "enforcement.mark_key",
                "aws:",
            ),
            (
                "[enforcement]\nmark_key = \"owner\"".to_owned(),
                "enforcement.mark_key",
                "`tags.owner`",
            ),
            (
                "[static_tags]\n\"autotag:enforce:x\" = \"y\"".to_owned(),
                "enforcement.mark_key",
                "`static_tags.autotag:enforce:x`",
            ),
            (
                "[enforcement]\nmark_key = \"autotag:dateSource\"".to_owned(),
                "enforcement.mark_key",
                "`backfill.date_source_key`",
            ),
            (
                format!("[enforcement]\nmark_key = \"{}\"", "k".repeat(64)),
                "enforcement.mark_key",
                "longer than 63",
            ),
            (
                "[enforcement]\nnotify_topic = \"arn:aws:sqs:eu-west-1:1:q\"".to_owned(),
                "enforcement.notify_topic",
                "sns",
            ),
            (
                "[enforcement]\nses_from = \"autotag\"".to_owned(),
                "enforcement.ses_from",
                "email",
            ),
        ] {
            let message = refused(&text);
            assert!(
                message.contains(&format!("`{field}`")) && message.contains(problem),
                "{text}\n=> {message}"
            );
        }
    }

    #[test]
    fn durations_and_globs() {
        assert_eq!(parse_duration("30m"), Ok(Duration::minutes(30)));
        assert_eq!(parse_duration("12h"), Ok(Duration::hours(12)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        for bad in ["", "d", "3", "-3d", "3w", "1.5d", "3D"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert!(glob_matches(
            "arn:aws:iam::*:role/ci-*",
            "arn:aws:iam::1:role/ci-x"
        ));
        assert!(glob_matches("a?c", "abc"));
        assert!(!glob_matches("a?c", "ac"));
        assert!(!glob_matches("arn:*:role/ci-*", "arn:aws:iam::1:role/prod"));
        assert!(glob_matches("*", ""));
        assert!(looks_like_email("alice@example.com"));
        for not in [
            "alice",
            "role/alice@example.com",
            "a@b",
            "@example.com",
            "a b@c.d",
        ] {
            assert!(!looks_like_email(not), "{not}");
        }
    }

    #[test]
    fn the_pattern_is_anchored_and_bounded() {
        let pattern = ValuePattern::parse("[0-9]{4}").unwrap();
        assert!(pattern.matches("1001"));
        assert!(!pattern.matches("10011") && !pattern.matches("x1001"));
        let alternation = ValuePattern::parse("dev|prod").unwrap();
        assert!(alternation.matches("prod") && !alternation.matches("prodx"));
        assert!(ValuePattern::parse(&"a".repeat(257)).is_err());
    }

    #[test]
    fn only_actionable_types_stop_and_every_stamped_service_can_be_covered() {
        assert_eq!(
            actionable("ec2:instance").map(|a| a.stop),
            Some("ec2:StopInstances")
        );
        assert!(actionable("rds:db").is_none());
        for able in ACTIONABLE {
            let facts = services::resource_type(able.resource_type).unwrap();
            assert!(markable(able.resource_type), "{}", able.resource_type);
            for action in [able.stop, able.terminate] {
                assert!(action.starts_with(facts.resource_type.split(':').next().unwrap()));
            }
        }
        assert!(markable("s3:bucket"), "PutBucketTagging replaces the set");
        assert!(!markable("cloudformation:stack"));
    }
}
