//! The tag policy: one TOML file saying which tags autotag writes, for which accounts, and how
//! the hub reaches the spokes. Reference: docs/config.md; schema: docs/config.schema.json.
//!
//! A bad file is refused as a whole, with an error naming the field, before any event is seen.

pub mod admission;
pub mod ecr;
pub mod enforce;
pub mod install;
pub mod tag_sets;
pub mod tags;

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::Deserialize;
use time::Duration;

use crate::arn::AccountId;
use crate::tags::{TagKey, TagValue};

/// Why a policy file was refused.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The file is not valid TOML, or a field has the wrong type or is unknown.
    #[error("config is not valid: {message}")]
    Syntax {
        /// The TOML parser's message, naming line, column and field.
        message: String,
    },
    /// A field's value breaks its rules.
    #[error("config field `{field}` is not valid: {problem}")]
    Field {
        /// The dotted name of the field, e.g. `tags.owner`.
        field: String,
        /// What is wrong.
        problem: String,
    },
}

fn field_error(field: impl Into<String>, problem: impl Into<String>) -> PolicyError {
    PolicyError::Field {
        field: field.into(),
        problem: problem.into(),
    }
}

/// The policy file as written (TOML). Every section is optional; defaults are documented on
/// each field.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    /// The install's name (the prefix of everything deployed), role path and permissions
    /// boundary.
    #[serde(default)]
    pub install: install::InstallFile,
    /// Names of the tags autotag derives from the event.
    #[serde(default)]
    pub tags: TagNamesFile,
    /// Tags written with a fixed value on every stamped resource, e.g. a `WhatIsThis` URL.
    #[serde(default)]
    pub static_tags: BTreeMap<String, String>,
    /// Tags whose value is a template over the CloudTrail record: `{eventName}`,
    /// `{userIdentity.arn}`, `{requestParameters.instanceType}`. A tag whose template names a
    /// field the record lacks is not written.
    #[serde(default)]
    pub template_tags: BTreeMap<String, String>,
    /// Fixed tags written only on created resources of the types a set names, e.g. a
    /// `Confidentiality` placeholder on ECR repositories.
    #[serde(default)]
    pub tag_set: Vec<tag_sets::TagSetFile>,
    /// ECR: which image labels must agree with which repository tags.
    #[serde(default)]
    pub ecr: ecr::EcrFile,
    /// The Kubernetes admission webhook's rules for container images.
    #[serde(default)]
    pub admission: admission::AdmissionFile,
    /// Which accounts autotag acts in.
    #[serde(default)]
    pub scope: ScopeFile,
    /// How the hub reaches a spoke account.
    #[serde(default)]
    pub spoke: SpokeFile,
    /// What resources inherit from their creator's identity: session tags, IAM tags.
    #[serde(default)]
    pub inherit: InheritFile,
    /// What `autotag backfill` writes on resources that carry no stamp and whose creation
    /// record is gone.
    #[serde(default)]
    pub backfill: BackfillFile,
    /// Settings shared by the `[[enforce]]` rules: the mark key and where findings are sent.
    #[serde(default)]
    pub enforcement: enforce::EnforcementFile,
    /// Rules about the tags resources must carry, and what is done about those that do not.
    #[serde(default)]
    pub enforce: Vec<enforce::EnforceRuleFile>,
}

/// The marker written on resources whose creator can no longer be known.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackfillFile {
    /// The owner value written on a resource with no owner and no creation record left. Audits
    /// count it apart from real owners. Default `unknown`.
    #[serde(default = "default_unknown_owner")]
    pub unknown_owner: String,
    /// The key written with the value `resource` when the backfilled `dateCreated` is the
    /// resource's own creation time, as its service reports it, not a CloudTrail `eventTime`.
    /// Default `autotag:dateSource`.
    #[serde(default = "default_date_source_key")]
    pub date_source_key: String,
}

impl Default for BackfillFile {
    fn default() -> Self {
        Self {
            unknown_owner: default_unknown_owner(),
            date_source_key: default_date_source_key(),
        }
    }
}

fn default_unknown_owner() -> String {
    "unknown".to_owned()
}
fn default_date_source_key() -> String {
    "autotag:dateSource".to_owned()
}

/// Identity context copied onto created resources. Precedence, highest first: autotag's own
/// keys (never overridden), session tags, the principal's IAM tags, static tags.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InheritFile {
    /// Copy the creating session's STS session tags (request tags, SAML and web-identity
    /// principal tags, transitive tags from role chaining). Default `true`.
    #[serde(default = "default_true")]
    pub session_tags: bool,
    /// Copy the creating IAM user's or role's own tags (read with `iam:ListUserTags` /
    /// `iam:ListRoleTags` in the spoke, cached). Default `true`.
    #[serde(default = "default_true")]
    pub principal_tags: bool,
    /// Copy only these keys (exact match). With `prefixes`, a key is copied when either admits
    /// it; both empty copies every key. `aws:` keys are never copied.
    #[serde(default)]
    pub keys: Vec<String>,
    /// Copy only keys starting with one of these (see `keys`).
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// Seconds after `eventTime` to keep retrying an event whose creating session's STS record,
    /// or whose launching Auto Scaling group's stamp, has not arrived; after that the resource
    /// is stamped with what is known and the reason is logged. `0` never waits. Default 300.
    #[serde(default = "default_wait_seconds")]
    pub wait_seconds: u32,
}

impl Default for InheritFile {
    fn default() -> Self {
        Self {
            session_tags: true,
            principal_tags: true,
            keys: Vec::new(),
            prefixes: Vec::new(),
            wait_seconds: default_wait_seconds(),
        }
    }
}

fn default_true() -> bool {
    true
}
fn default_wait_seconds() -> u32 {
    300
}

/// Tag key names for the stamps. The first three are always written; the optional ones only
/// when given a name.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TagNamesFile {
    /// Who created the resource, as a human-readable name. Default `owner`.
    #[serde(default = "default_owner")]
    pub owner: String,
    /// When: the CloudTrail `eventTime`, ISO 8601 UTC. Default `dateCreated`.
    #[serde(default = "default_date_created")]
    pub date_created: String,
    /// The creating principal's ARN. Default `createdBy`.
    #[serde(default = "default_created_by")]
    pub created_by: String,
    /// The service that made the call on the principal's behalf (`userIdentity.invokedBy`).
    #[serde(default)]
    pub invoked_by: Option<String>,
    /// The caller's `sourceIPAddress`.
    #[serde(default)]
    pub source_ip: Option<String>,
    /// The caller's `userAgent`.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// The `userIdentity.type`.
    #[serde(default)]
    pub principal_type: Option<String>,
}

impl Default for TagNamesFile {
    fn default() -> Self {
        Self {
            owner: default_owner(),
            date_created: default_date_created(),
            created_by: default_created_by(),
            invoked_by: None,
            source_ip: None,
            user_agent: None,
            principal_type: None,
        }
    }
}

fn default_owner() -> String {
    "owner".to_owned()
}
fn default_date_created() -> String {
    "dateCreated".to_owned()
}
fn default_created_by() -> String {
    "createdBy".to_owned()
}

/// The accounts in scope.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeFile {
    /// Twelve-digit account ids autotag may assume into and tag, or `["*"]` for every account
    /// whose events reach the hub. Default `["*"]`.
    #[serde(default = "default_accounts")]
    pub accounts: Vec<String>,
    /// The regions `autotag audit` and `autotag backfill` cover when `--regions` is not given.
    /// Default: every region enabled for the hub account.
    #[serde(default)]
    pub regions: Vec<String>,
}

impl Default for ScopeFile {
    fn default() -> Self {
        Self {
            accounts: default_accounts(),
            regions: Vec::new(),
        }
    }
}

fn default_accounts() -> Vec<String> {
    vec!["*".to_owned()]
}

/// The role the hub assumes in each spoke.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpokeFile {
    /// The auto-tag role's name in every spoke account. Default: the install's name
    /// (`autotag`).
    #[serde(default)]
    pub role_name: Option<String>,
    /// The break-glass role's name in every spoke account. Default `<install>-break-glass`
    /// (`autotag-break-glass`). Like
    /// the auto-tag role, it may remove and overwrite the stamps despite the SCP, and the SCP
    /// lets nobody but the StackSets execution roles create, re-trust or change a role of this
    /// name. Deploy it only if you need it (docs/deploy.md, "The break-glass role").
    #[serde(default)]
    pub break_glass_role_name: Option<String>,
    /// The `sts:ExternalId` the spoke role's trust policy requires. Required to tag for real
    /// (`autotag handle`, `autotag hub`, the Lambda); not needed by `autotag plan`.
    #[serde(default)]
    pub external_id: Option<String>,
}

fn default_break_glass_role_name(install: &str) -> String {
    format!("{install}-break-glass")
}

/// Accounts autotag acts in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountScope {
    /// Every account whose events arrive.
    All,
    /// Only these.
    Only(BTreeSet<AccountId>),
}

impl AccountScope {
    /// Whether `account` is in scope.
    pub fn contains(&self, account: &AccountId) -> bool {
        match self {
            Self::All => true,
            Self::Only(accounts) => accounts.contains(account),
        }
    }
}

/// Tag keys of the stamps, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StampKeys {
    /// Key of the owner tag.
    pub owner: TagKey,
    /// Key of the creation time tag.
    pub date_created: TagKey,
    /// Key of the creator ARN tag.
    pub created_by: TagKey,
    /// Key of the `invokedBy` tag, if written.
    pub invoked_by: Option<TagKey>,
    /// Key of the source IP tag, if written.
    pub source_ip: Option<TagKey>,
    /// Key of the user agent tag, if written.
    pub user_agent: Option<TagKey>,
    /// Key of the principal type tag, if written.
    pub principal_type: Option<TagKey>,
}

/// The backfill marker's settings, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backfill {
    /// The owner value meaning "nobody knows who created this".
    pub unknown_owner: TagValue,
    /// The key saying where a backfilled `dateCreated` came from.
    pub date_source_key: TagKey,
}

impl Default for Backfill {
    fn default() -> Self {
        Self {
            unknown_owner: TagValue::sanitize("unknown"),
            date_source_key: TagKey::trusted("autotag:dateSource"),
        }
    }
}

/// One piece of a value template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart {
    /// Text copied as is.
    Literal(String),
    /// A dotted path into the CloudTrail record.
    Field(String),
}

/// Which inherited tags are copied, and how long to wait for context that has not arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inheritance {
    /// Copy the creating session's session tags.
    pub session_tags: bool,
    /// Copy the creating IAM user's or role's tags.
    pub principal_tags: bool,
    /// Copy only these keys (with `prefixes`); both empty means every key.
    pub keys: BTreeSet<String>,
    /// Copy keys starting with one of these (with `keys`).
    pub prefixes: Vec<String>,
    /// How long after `eventTime` to wait for the creating session or the parent's stamp.
    pub wait: Duration,
}

impl Default for Inheritance {
    fn default() -> Self {
        Self {
            session_tags: true,
            principal_tags: true,
            keys: BTreeSet::new(),
            prefixes: Vec::new(),
            wait: Duration::seconds(300),
        }
    }
}

impl Inheritance {
    /// Whether an inherited key may be copied: never an `aws:` key, and only keys the allow-list
    /// or a prefix admits when either is configured.
    pub fn admits(&self, key: &str) -> bool {
        if key
            .get(..4)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"))
        {
            return false;
        }
        if self.keys.is_empty() && self.prefixes.is_empty() {
            return true;
        }
        self.keys.contains(key) || self.prefixes.iter().any(|p| key.starts_with(p.as_str()))
    }
}

/// A validated policy, ready for [`crate::plan::plan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPolicy {
    /// Keys of the stamps.
    pub keys: StampKeys,
    /// Fixed tags, in key order.
    pub static_tags: Vec<(TagKey, TagValue)>,
    /// Templated tags, in key order.
    pub template_tags: Vec<(TagKey, Vec<TemplatePart>)>,
    /// The `[[tag_set]]` tables: fixed tags for some resource types only, in file order.
    pub tag_sets: Vec<tag_sets::TypeTagSet>,
    /// The `[ecr]` settings: image labels compared with repository tags.
    pub ecr: ecr::Ecr,
    /// The `[admission]` settings of the Kubernetes admission webhook.
    pub admission: admission::Admission,
    /// Accounts in scope.
    pub scope: AccountScope,
    /// The regions org-wide commands cover; empty for every enabled region.
    pub regions: Vec<crate::arn::Region>,
    /// The spoke role's name.
    pub role_name: String,
    /// The break-glass role's name: exempt from the SCP's stamp protection, and protected by
    /// name like the spoke role.
    pub break_glass_role_name: String,
    /// The `sts:ExternalId`, if configured.
    pub external_id: Option<String>,
    /// What created resources inherit.
    pub inherit: Inheritance,
    /// What backfill writes on resources whose creator is unknown.
    pub backfill: Backfill,
    /// The install: deployed names, role path and permissions boundary.
    pub install: install::Install,
    /// The `[[enforce]]` rules and their settings; no rule by default.
    pub enforcement: enforce::Enforcement,
}

impl Default for TagPolicy {
    /// The policy used without a config file: default keys, every account, role `autotag`.
    fn default() -> Self {
        Self {
            keys: StampKeys {
                owner: TagKey::trusted("owner"),
                date_created: TagKey::trusted("dateCreated"),
                created_by: TagKey::trusted("createdBy"),
                invoked_by: None,
                source_ip: None,
                user_agent: None,
                principal_type: None,
            },
            static_tags: Vec::new(),
            template_tags: Vec::new(),
            tag_sets: Vec::new(),
            ecr: ecr::Ecr::default(),
            admission: admission::Admission::default(),
            scope: AccountScope::All,
            regions: Vec::new(),
            role_name: install::default_install_name(),
            break_glass_role_name: default_break_glass_role_name(&install::default_install_name()),
            external_id: None,
            inherit: Inheritance::default(),
            backfill: Backfill::default(),
            install: install::Install::default(),
            enforcement: enforce::Enforcement::default(),
        }
    }
}

impl TagPolicy {
    /// Reads and validates a TOML policy.
    pub fn from_toml(text: &str) -> Result<Self, PolicyError> {
        let file: PolicyFile = toml::from_str(text).map_err(|err| PolicyError::Syntax {
            message: err.to_string(),
        })?;
        Self::from_file(file)
    }

    /// Validates a parsed policy file.
    pub fn from_file(file: PolicyFile) -> Result<Self, PolicyError> {
        let key = |field: &str, text: &str| {
            TagKey::parse(text).map_err(|err| field_error(field, err.to_string()))
        };
        let optional =
            |field: &str, text: &Option<String>| text.as_deref().map(|t| key(field, t)).transpose();
        let names = &file.tags;
        let keys = StampKeys {
            owner: key("tags.owner", &names.owner)?,
            date_created: key("tags.date_created", &names.date_created)?,
            created_by: key("tags.created_by", &names.created_by)?,
            invoked_by: optional("tags.invoked_by", &names.invoked_by)?,
            source_ip: optional("tags.source_ip", &names.source_ip)?,
            user_agent: optional("tags.user_agent", &names.user_agent)?,
            principal_type: optional("tags.principal_type", &names.principal_type)?,
        };
        let mut seen: BTreeMap<TagKey, String> = BTreeMap::new();
        let mut claim = |field: String, key: &TagKey| match seen.insert(key.clone(), field.clone())
        {
            Some(earlier) => Err(field_error(
                field,
                format!("key `{key}` is already used by `{earlier}`"),
            )),
            None => Ok(()),
        };
        for (field, stamp) in [
            ("tags.owner", Some(&keys.owner)),
            ("tags.date_created", Some(&keys.date_created)),
            ("tags.created_by", Some(&keys.created_by)),
            ("tags.invoked_by", keys.invoked_by.as_ref()),
            ("tags.source_ip", keys.source_ip.as_ref()),
            ("tags.user_agent", keys.user_agent.as_ref()),
            ("tags.principal_type", keys.principal_type.as_ref()),
        ] {
            if let Some(stamp) = stamp {
                claim(field.to_owned(), stamp)?;
            }
        }
        let mut static_tags = Vec::new();
        for (name, value) in &file.static_tags {
            let field = format!("static_tags.{name}");
            let tag_key = key(&field, name)?;
            if !TagValue::is_valid(value) {
                return Err(field_error(
                    field,
                    format!(
                        "value `{value}` has characters AWS tags do not allow or exceeds 256 characters"
                    ),
                ));
            }
            claim(field, &tag_key)?;
            static_tags.push((tag_key, TagValue::sanitize(value)));
        }
        let mut template_tags = Vec::new();
        for (name, template) in &file.template_tags {
            let field = format!("template_tags.{name}");
            let tag_key = key(&field, name)?;
            let parts = parse_template(template).map_err(|problem| field_error(&field, problem))?;
            claim(field, &tag_key)?;
            template_tags.push((tag_key, parts));
        }
        let configured = seen.len();
        if configured > crate::tags::MAX_TAGS_PER_RESOURCE {
            return Err(field_error(
                "static_tags",
                format!("{configured} tags are configured; a resource holds at most 50"),
            ));
        }
        let tag_sets = tag_sets::parse_tag_sets(&file.tag_set, &seen)?;
        for (index, set) in tag_sets.iter().enumerate() {
            for (key, _) in &set.tags {
                seen.entry(key.clone())
                    .or_insert_with(|| format!("tag_set[{index}].tags.{key}"));
            }
        }
        let scope = parse_scope("scope.accounts", &file.scope.accounts)?;
        let regions = file
            .scope
            .regions
            .iter()
            .map(|r| {
                crate::arn::Region::parse(r)
                    .map_err(|err| field_error("scope.regions", err.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let install = install::Install::from_file(&file.install)?;
        let role_name = &file
            .spoke
            .role_name
            .clone()
            .unwrap_or_else(|| install.name.clone());
        check_role_name("spoke.role_name", role_name)?;
        let break_glass_role_name = &file
            .spoke
            .break_glass_role_name
            .clone()
            .unwrap_or_else(|| default_break_glass_role_name(&install.name));
        check_role_name("spoke.break_glass_role_name", break_glass_role_name)?;
        // IAM role names are unique ignoring case, so one role would hold both exemptions.
        if role_name.eq_ignore_ascii_case(break_glass_role_name) {
            return Err(field_error(
                "spoke.break_glass_role_name",
                format!("`{break_glass_role_name}` is the auto-tag role's name"),
            ));
        }
        if let Some(external_id) = &file.spoke.external_id {
            let ok = (2..=1224).contains(&external_id.len())
                && external_id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+=,.@:/-_".contains(&b));
            if !ok {
                return Err(field_error(
                    "spoke.external_id",
                    "an external id is 2 to 1224 letters, digits and `+=,.@:/-_`",
                ));
            }
        }
        let ecr = ecr::Ecr::from_file(&file.ecr)?;
        let inherit = parse_inherit(&file.inherit)?;
        let backfill = parse_backfill(&file.backfill, &seen)?;
        seen.insert(
            backfill.date_source_key.clone(),
            "backfill.date_source_key".to_owned(),
        );
        let enforcement = enforce::Enforcement::from_file(&file.enforcement, &file.enforce, &seen)?;
        let admission =
            admission::Admission::from_file(&file.admission, &keys.owner, &backfill.unknown_owner)?;
        Ok(Self {
            keys,
            static_tags,
            template_tags,
            tag_sets,
            ecr,
            admission,
            scope,
            regions,
            role_name: role_name.clone(),
            break_glass_role_name: break_glass_role_name.clone(),
            external_id: file.spoke.external_id.clone(),
            inherit,
            backfill,
            install,
            enforcement,
        })
    }

    /// The JSON Schema of the policy file, as committed in docs/config.schema.json.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(PolicyFile)).unwrap_or_default()
    }

    /// The keys autotag never overwrites and the SCP protects: owner, dateCreated, createdBy.
    pub fn protected_keys(&self) -> [&TagKey; 3] {
        [
            &self.keys.owner,
            &self.keys.date_created,
            &self.keys.created_by,
        ]
    }
}

fn check_role_name(field: &str, name: &str) -> Result<(), PolicyError> {
    let ok = (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(field_error(
            field,
            format!("`{name}` is not an IAM role name: 1 to 64 letters, digits and `+=,.@_-`"),
        ))
    }
}

/// The longest `inherit.wait_seconds`: well inside the hub queue's ten deliveries.
const MAX_WAIT_SECONDS: u32 = 3600;

fn parse_inherit(file: &InheritFile) -> Result<Inheritance, PolicyError> {
    for key in &file.keys {
        TagKey::parse(key).map_err(|err| field_error("inherit.keys", err.to_string()))?;
    }
    for prefix in &file.prefixes {
        if prefix.is_empty() || prefix.to_ascii_lowercase().starts_with("aws:") {
            return Err(field_error(
                "inherit.prefixes",
                format!("`{prefix}` is empty or reserved; `aws:` keys are never copied"),
            ));
        }
    }
    if file.wait_seconds > MAX_WAIT_SECONDS {
        return Err(field_error(
            "inherit.wait_seconds",
            format!(
                "{} s is more than {MAX_WAIT_SECONDS} s; a creator's context that late is not coming",
                file.wait_seconds
            ),
        ));
    }
    Ok(Inheritance {
        session_tags: file.session_tags,
        principal_tags: file.principal_tags,
        keys: file.keys.iter().cloned().collect(),
        prefixes: file.prefixes.clone(),
        wait: time::Duration::seconds(i64::from(file.wait_seconds)),
    })
}

/// `configured` maps every key the policy already writes to the field naming it; the date
/// source key may not be one of them, or backfill's `resource` would replace a stamp.
fn parse_backfill(
    file: &BackfillFile,
    configured: &BTreeMap<TagKey, String>,
) -> Result<Backfill, PolicyError> {
    let owner = &file.unknown_owner;
    // An empty owner would read as a stamp with no value; the owner must say it is unknown.
    if owner.trim().is_empty() || !TagValue::is_valid(owner) {
        return Err(field_error(
            "backfill.unknown_owner",
            format!(
                "value `{owner}` is blank, has characters AWS tags do not allow or exceeds 256 characters"
            ),
        ));
    }
    let date_source_key = TagKey::parse(&file.date_source_key)
        .map_err(|err| field_error("backfill.date_source_key", err.to_string()))?;
    if let Some(earlier) = configured.get(&date_source_key) {
        return Err(field_error(
            "backfill.date_source_key",
            format!("key `{date_source_key}` is already used by `{earlier}`"),
        ));
    }
    Ok(Backfill {
        unknown_owner: TagValue::sanitize(owner),
        date_source_key,
    })
}

/// An account list: `["*"]` alone for every account, or account ids; `field` names it in errors.
pub(crate) fn parse_scope(field: &str, accounts: &[String]) -> Result<AccountScope, PolicyError> {
    if accounts.iter().any(|a| a == "*") {
        return if accounts.len() == 1 {
            Ok(AccountScope::All)
        } else {
            Err(field_error(
                field,
                "`*` means every account and cannot be combined with account ids",
            ))
        };
    }
    if accounts.is_empty() {
        return Err(field_error(
            field,
            "the list is empty and names no account; use `[\"*\"]` for every account",
        ));
    }
    let parsed = accounts
        .iter()
        .map(|a| AccountId::parse(a).map_err(|err| field_error(field, err.to_string())))
        .collect::<Result<BTreeSet<_>, _>>()?;
    Ok(AccountScope::Only(parsed))
}

fn parse_template(template: &str) -> Result<Vec<TemplatePart>, String> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (literal, after) = rest.split_at(open);
        if !literal.is_empty() {
            parts.push(TemplatePart::Literal(literal.to_owned()));
        }
        let after = after.get(1..).unwrap_or_default();
        let close = after
            .find('}')
            .ok_or_else(|| format!("`{template}` has a `{{` without a closing `}}`"))?;
        let (field, tail) = after.split_at(close);
        let field_ok = !field.is_empty()
            && field.split('.').all(|seg| {
                !seg.is_empty()
                    && seg
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            });
        if !field_ok {
            return Err(format!(
                "`{{{field}}}` in `{template}` is not a field path like `{{userIdentity.arn}}`"
            ));
        }
        parts.push(TemplatePart::Field(field.to_owned()));
        rest = tail.get(1..).unwrap_or_default();
    }
    if rest.contains('}') {
        return Err(format!("`{template}` has a `}}` without an opening `{{`"));
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest.to_owned()));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests;
