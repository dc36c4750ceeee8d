//! The install: the name every deployed resource is prefixed with, so that a staging and a
//! production autotag can live in one organization, and where its IAM roles sit (path,
//! permissions boundary).

use schemars::JsonSchema;
use serde::Deserialize;

use super::{PolicyError, field_error};

/// The `[install]` section as written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstallFile {
    /// Prefix of every name autotag deploys: the hub bus `<name>-hub`, its queues, tables,
    /// function, roles and StackSets, and the default spoke role name. 1 to 32 lowercase
    /// letters, digits and `-`, starting with a letter. Default `autotag`.
    #[serde(default = "default_install_name")]
    pub name: String,
    /// The IAM path of every role autotag creates (hub, operator, spoke, forwarder), e.g.
    /// `/security/`. Segments of letters, digits and `_+=,.@-`, between slashes. Default `/`.
    #[serde(default = "default_role_path")]
    pub role_path: String,
    /// A permissions boundary set on every role autotag creates: a managed policy's ARN, or a
    /// customer managed policy's name (with its path, e.g. `/boundaries/autotag`), which each
    /// account must hold. Default: none.
    #[serde(default)]
    pub permissions_boundary: Option<String>,
}

impl Default for InstallFile {
    fn default() -> Self {
        Self {
            name: default_install_name(),
            role_path: default_role_path(),
            permissions_boundary: None,
        }
    }
}

pub(super) fn default_install_name() -> String {
    "autotag".to_owned()
}

fn default_role_path() -> String {
    "/".to_owned()
}

/// Where a permissions boundary comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Boundary {
    /// A full policy ARN, used as is in every account.
    Arn(String),
    /// A customer managed policy (path and name) every account holds; its ARN is made in each
    /// account, e.g. `/boundaries/autotag`.
    Name(String),
}

impl Boundary {
    /// The boundary's ARN in `account` of `partition`.
    pub fn arn(&self, partition: &str, account: &str) -> String {
        match self {
            Self::Arn(arn) => arn.clone(),
            Self::Name(path_and_name) => {
                let path_and_name = path_and_name.trim_start_matches('/');
                format!("arn:{partition}:iam::{account}:policy/{path_and_name}")
            }
        }
    }
}

/// The install, validated: names of everything deployed are derived from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Install {
    /// The prefix of every deployed name.
    pub name: String,
    /// The IAM path of autotag's roles: `/`, or `/a/b/`.
    pub role_path: String,
    /// The permissions boundary of autotag's roles, if any.
    pub permissions_boundary: Option<Boundary>,
}

impl Default for Install {
    fn default() -> Self {
        Self {
            name: default_install_name(),
            role_path: default_role_path(),
            permissions_boundary: None,
        }
    }
}

/// The longest install name: `<name>-hub-function` stays well inside IAM's 64 characters, and
/// `<name>-spoke-forward-dlq` inside SQS's 80.
pub const MAX_INSTALL_NAME: usize = 32;

impl Install {
    /// Validates the `[install]` section.
    pub fn from_file(file: &InstallFile) -> Result<Self, PolicyError> {
        let name = &file.name;
        let name_ok = (1..=MAX_INSTALL_NAME).contains(&name.len())
            && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !name.ends_with('-');
        if !name_ok {
            return Err(field_error(
                "install.name",
                format!(
                    "`{name}` is not an install name: 1 to {MAX_INSTALL_NAME} lowercase letters, digits and `-`, starting with a letter and not ending with `-`"
                ),
            ));
        }
        check_path("install.role_path", &file.role_path)?;
        let permissions_boundary = file
            .permissions_boundary
            .as_deref()
            .map(parse_boundary)
            .transpose()?;
        Ok(Self {
            name: name.clone(),
            role_path: file.role_path.clone(),
            permissions_boundary,
        })
    }

    fn named(&self, suffix: &str) -> String {
        format!("{}-{suffix}", self.name)
    }

    /// The hub account's event bus the spokes forward to.
    pub fn hub_bus(&self) -> String {
        self.named("hub")
    }
    /// The hub queue, fed by the hub bus.
    pub fn hub_queue(&self) -> String {
        self.named("hub")
    }
    /// The hub queue's dead-letter queue.
    pub fn dead_letter_queue(&self) -> String {
        self.named("hub-dlq")
    }
    /// The hub's Lambda function.
    pub fn function(&self) -> String {
        self.named("hub")
    }
    /// The hub function's execution role, which the spoke role trusts.
    pub fn function_role(&self) -> String {
        self.named("hub-function")
    }
    /// The scheduled enforcement sweep's Lambda function, deployed only with `[[enforce]]`
    /// rules.
    pub fn enforce_function(&self) -> String {
        self.named("enforce")
    }
    /// The enforce function's execution role, which the spoke role trusts when there are rules.
    pub fn enforce_function_role(&self) -> String {
        self.named("enforce-function")
    }
    /// The EventBridge Scheduler schedule that invokes the enforce function.
    pub fn enforce_schedule(&self) -> String {
        self.named("enforce")
    }
    /// The role EventBridge Scheduler invokes the enforce function with.
    pub fn enforce_scheduler_role(&self) -> String {
        self.named("enforce-scheduler")
    }
    /// The queue the schedule's undeliverable invocations go to.
    pub fn enforce_dead_letter_queue(&self) -> String {
        self.named("enforce-dlq")
    }
    /// The Lambda function that retags the estate when the policy parameter changes.
    pub fn retag_function(&self) -> String {
        self.named("retag")
    }
    /// The retag function's execution role, which the spoke role trusts.
    pub fn retag_function_role(&self) -> String {
        self.named("retag-function")
    }
    /// The hub account's default-bus rule that sends the policy parameter's changes to the
    /// retag function.
    pub fn retag_rule(&self) -> String {
        self.named("retag")
    }
    /// The queue the retag function's failed invocations go to.
    pub fn retag_dead_letter_queue(&self) -> String {
        self.named("retag-dlq")
    }
    /// The hub account's role for `audit`, `backfill` and `doctor`, which the spoke role trusts.
    pub fn operator_role(&self) -> String {
        self.named("operator")
    }
    /// The spokes' role that may put events on the hub bus.
    pub fn forwarder_role(&self) -> String {
        self.named("forwarder")
    }
    /// The table STS sessions are recorded in.
    pub fn session_table(&self) -> String {
        self.named("sessions")
    }
    /// The table stack stamps and restorations are recorded in.
    pub fn ledger_table(&self) -> String {
        self.named("ledger")
    }
    /// The SNS topic alerts go to.
    pub fn alert_topic(&self) -> String {
        self.named("alerts")
    }
    /// The SSM parameter the policy is kept in.
    pub fn config_parameter(&self) -> String {
        format!("/{}/config", self.name)
    }
    /// The StackSet (or stack) of the spoke roles.
    pub fn roles_stack_set(&self) -> String {
        self.named("spoke-roles")
    }
    /// The StackSet (or stack) of the spoke rules.
    pub fn rules_stack_set(&self) -> String {
        self.named("spoke-rules")
    }
    /// The self-managed StackSet of the management account's spoke rules, which the
    /// organization stack creates when deployed with `CallAs=SELF`: service-managed StackSets
    /// never deploy to the management account.
    pub fn management_rules_stack_set(&self) -> String {
        format!("{}-management", self.rules_stack_set())
    }
    /// The hub stack.
    pub fn hub_stack(&self) -> String {
        self.named("hub")
    }
    /// The metrics dimension value naming this install.
    pub fn metrics_install(&self) -> &str {
        &self.name
    }

    /// The ARN of the role `name` created by autotag in `account`, under the install's path.
    pub fn role_arn(&self, partition: &str, account: &str, name: &str) -> String {
        format!(
            "arn:{partition}:iam::{account}:role{}{name}",
            self.role_path
        )
    }
}

fn check_path(field: &str, path: &str) -> Result<(), PolicyError> {
    let inner = path.strip_prefix('/').and_then(|rest| {
        if rest.is_empty() {
            Some("")
        } else {
            rest.strip_suffix('/')
        }
    });
    let segments_ok = |inner: &str| {
        path == "/"
            || inner.split('/').all(|segment| {
                !segment.is_empty()
                    && segment
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
            })
    };
    match inner {
        Some(inner) if path.len() <= 512 && segments_ok(inner) => Ok(()),
        _ => Err(field_error(
            field,
            format!(
                "`{path}` is not an IAM path: `/`, or segments of letters, digits and `_+=,.@-` between slashes, e.g. `/security/`"
            ),
        )),
    }
}

fn parse_boundary(text: &str) -> Result<Boundary, PolicyError> {
    const FIELD: &str = "install.permissions_boundary";
    if let Some(rest) = text.strip_prefix("arn:") {
        let mut parts = rest.splitn(5, ':');
        let partition = parts.next().unwrap_or_default();
        let service = parts.next().unwrap_or_default();
        let region = parts.next().unwrap_or_default();
        let account = parts.next().unwrap_or_default();
        let resource = parts.next().unwrap_or_default();
        let account_ok = account == "aws"
            || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()));
        let policy = resource.strip_prefix("policy/").unwrap_or_default();
        let ok = matches!(partition, "aws" | "aws-cn" | "aws-us-gov")
            && service == "iam"
            && region.is_empty()
            && account_ok
            && !policy.is_empty()
            && policy.split('/').all(|segment| {
                !segment.is_empty()
                    && segment
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
            });
        return if ok {
            Ok(Boundary::Arn(text.to_owned()))
        } else {
            Err(field_error(
                FIELD,
                format!(
                    "`{text}` is not an IAM policy ARN (`arn:aws:iam::<account>:policy/<name>`)"
                ),
            ))
        };
    }
    let segments_ok = !text.is_empty()
        && text.len() <= 512
        && text.trim_start_matches('/').split('/').all(|segment| {
            !segment.is_empty()
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
        });
    if segments_ok {
        Ok(Boundary::Name(text.to_owned()))
    } else {
        Err(field_error(
            FIELD,
            format!(
                "`{text}` is neither a policy ARN nor a managed policy's name (letters, digits and `_+=,.@-`, with an optional `/path/`)"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn install(name: &str, path: &str, boundary: Option<&str>) -> Result<Install, PolicyError> {
        Install::from_file(&InstallFile {
            name: name.into(),
            role_path: path.into(),
            permissions_boundary: boundary.map(str::to_owned),
        })
    }

    #[test]
    fn names_are_prefixed_by_the_install() {
        let staging = install("autotag-staging", "/security/", None).unwrap();
        assert_eq!(staging.hub_bus(), "autotag-staging-hub");
        assert_eq!(staging.function_role(), "autotag-staging-hub-function");
        assert_eq!(staging.enforce_function(), "autotag-staging-enforce");
        assert_eq!(
            staging.enforce_function_role(),
            "autotag-staging-enforce-function"
        );
        assert_eq!(
            staging.enforce_scheduler_role(),
            "autotag-staging-enforce-scheduler"
        );
        assert_eq!(
            staging.enforce_dead_letter_queue(),
            "autotag-staging-enforce-dlq"
        );
        // The longest install's names stay inside IAM's 64 characters.
        let longest = install(&"a".repeat(MAX_INSTALL_NAME), "/", None).unwrap();
        assert!(longest.enforce_scheduler_role().len() <= 64);
        assert_eq!(staging.config_parameter(), "/autotag-staging/config");
        assert_eq!(
            staging.role_arn("aws", "111111111111", "autotag-staging"),
            "arn:aws:iam::111111111111:role/security/autotag-staging"
        );
        let default = Install::default();
        assert_eq!(
            default.role_arn("aws", "111111111111", "autotag"),
            "arn:aws:iam::111111111111:role/autotag"
        );
    }

    #[test]
    fn bad_installs_are_refused_naming_the_field() {
        let refused = |result: Result<Install, PolicyError>| result.unwrap_err().to_string();
        for name in ["", "Autotag", "1tag", "tag_1", "tag-", &"a".repeat(33)] {
            assert!(
                refused(install(name, "/", None)).contains("`install.name`"),
                "{name}"
            );
        }
        for path in ["", "security", "/security", "//", "/a//b/", "/a*/", "/a b/"] {
            assert!(
                refused(install("autotag", path, None)).contains("`install.role_path`"),
                "{path}"
            );
        }
        for boundary in [
            "",
            "arn:aws:iam::1:policy/x",
            "arn:aws:s3:::bucket",
            "arn:aws:iam::111111111111:policy/",
            "arn:aws:iam::111111111111:policy/a*",
            "bad name",
        ] {
            assert!(
                refused(install("autotag", "/", Some(boundary)))
                    .contains("`install.permissions_boundary`"),
                "{boundary}"
            );
        }
    }

    #[test]
    fn a_boundary_by_name_is_made_per_account() {
        let by_name = install("autotag", "/", Some("/boundaries/autotag")).unwrap();
        assert_eq!(
            by_name
                .permissions_boundary
                .unwrap()
                .arn("aws", "222222222222"),
            "arn:aws:iam::222222222222:policy/boundaries/autotag"
        );
        let by_arn = install(
            "autotag",
            "/",
            Some("arn:aws:iam::aws:policy/PowerUserAccess"),
        )
        .unwrap();
        assert_eq!(
            by_arn
                .permissions_boundary
                .unwrap()
                .arn("aws", "222222222222"),
            "arn:aws:iam::aws:policy/PowerUserAccess"
        );
    }
}
