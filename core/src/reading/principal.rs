//! Who made a call: the principal behind a CloudTrail record's `userIdentity`, and the human
//! readable `owner` autotag writes for it.
//!
//! The owner rules (also in docs/identity.md):
//!
//! | `userIdentity.type` | owner |
//! |---|---|
//! | `IAMUser` (and the old `User`) | the user name |
//! | `AssumedRole` with `sourceIdentity` | the source identity |
//! | `AssumedRole`, IAM Identity Center role (`AWSReservedSSO_*`) | the session name (the user) |
//! | `AssumedRole`, session name that is an email (SAML) | the session name |
//! | `AssumedRole`, otherwise | `<role name>/<session name>` |
//! | `FederatedUser` | the federated user's name |
//! | `Root` | `root` |
//! | `AWSService` | the service principal in `invokedBy` |
//! | `SAMLUser`, `WebIdentityUser` | the user name |
//! | `IdentityCenterUser` | the user name, else `onBehalfOf.userId`, else the principal id |
//! | `AWSAccount` | `account:<account id>` |
//! | `Unknown`, or no type | the user name, else `invokedBy`, else the principal id, else `unknown` |

use serde::Serialize;
use serde_json::Value;

use crate::json_path::str_at;

/// The `userIdentity.type` values autotag knows, and any other it meets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PrincipalType {
    /// An IAM user with long-term keys or a console password.
    IAMUser,
    /// A role session from `sts:AssumeRole*`.
    AssumedRole,
    /// A session from `sts:GetFederationToken`.
    FederatedUser,
    /// The account's root user.
    Root,
    /// An AWS service acting on its own.
    AWSService,
    /// A SAML-federated user (recorded by `AssumeRoleWithSAML`).
    SAMLUser,
    /// A web-identity-federated user (recorded by `AssumeRoleWithWebIdentity`).
    WebIdentityUser,
    /// An IAM Identity Center user acting directly.
    IdentityCenterUser,
    /// Another AWS account.
    AWSAccount,
    /// CloudTrail could not say.
    Unknown,
    /// A type autotag has not met before, kept verbatim.
    Other(String),
    /// The record had no `userIdentity.type`.
    Missing,
}

impl PrincipalType {
    fn from_wire(text: Option<&str>) -> Self {
        match text {
            None => Self::Missing,
            Some("IAMUser" | "User") => Self::IAMUser,
            Some("AssumedRole") => Self::AssumedRole,
            Some("FederatedUser") => Self::FederatedUser,
            Some("Root") => Self::Root,
            Some("AWSService") => Self::AWSService,
            Some("SAMLUser") => Self::SAMLUser,
            Some("WebIdentityUser") => Self::WebIdentityUser,
            Some("IdentityCenterUser") => Self::IdentityCenterUser,
            Some("AWSAccount") => Self::AWSAccount,
            Some("Unknown") => Self::Unknown,
            Some(other) => Self::Other(other.to_owned()),
        }
    }

    /// The name CloudTrail uses for this type.
    pub fn as_str(&self) -> &str {
        match self {
            Self::IAMUser => "IAMUser",
            Self::AssumedRole => "AssumedRole",
            Self::FederatedUser => "FederatedUser",
            Self::Root => "Root",
            Self::AWSService => "AWSService",
            Self::SAMLUser => "SAMLUser",
            Self::WebIdentityUser => "WebIdentityUser",
            Self::IdentityCenterUser => "IdentityCenterUser",
            Self::AWSAccount => "AWSAccount",
            Self::Unknown => "Unknown",
            Self::Other(text) => text,
            Self::Missing => "none",
        }
    }
}

/// The principal behind a call, with every identity detail CloudTrail gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// `userIdentity.type`.
    pub kind: PrincipalType,
    /// `userIdentity.arn`, when present and not empty.
    pub arn: Option<String>,
    /// `userIdentity.accountId`.
    pub account_id: Option<String>,
    /// `userIdentity.principalId`.
    pub principal_id: Option<String>,
    /// `userIdentity.userName`.
    pub user_name: Option<String>,
    /// For sessions, the ARN of the role (or user) that issued them.
    pub issuer_arn: Option<String>,
    /// For role sessions, the role's name.
    pub role_name: Option<String>,
    /// For role and federated sessions, the session name.
    pub session_name: Option<String>,
    /// `userIdentity.invokedBy`: the service that called on the principal's behalf.
    pub invoked_by: Option<String>,
    /// `userIdentity.accessKeyId`: joins the call to the STS event that issued the session.
    pub access_key_id: Option<String>,
    /// `userIdentity.sessionContext.sourceIdentity` (or the top-level `sourceIdentity`).
    pub source_identity: Option<String>,
    /// `userIdentity.onBehalfOf.userId`: the Identity Center user behind the call.
    pub on_behalf_of: Option<String>,
    /// The human-readable owner, by the rules in this module's docs.
    pub owner: String,
}

impl Principal {
    /// Reads the principal from a record's `userIdentity` object.
    pub fn from_user_identity(identity: &Value) -> Self {
        let text = |path: &str| {
            str_at(identity, path)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        };
        let kind = PrincipalType::from_wire(str_at(identity, "type"));
        let arn = text("arn");
        let issuer_arn = text("sessionContext.sessionIssuer.arn");
        let (role_name, session_name) = session_parts(&kind, arn.as_deref(), identity);
        let mut principal = Self {
            kind,
            account_id: text("accountId"),
            principal_id: text("principalId"),
            user_name: text("userName"),
            issuer_arn,
            role_name,
            session_name,
            invoked_by: text("invokedBy"),
            access_key_id: text("accessKeyId"),
            source_identity: text("sessionContext.sourceIdentity")
                .or_else(|| text("sourceIdentity")),
            on_behalf_of: text("onBehalfOf.userId"),
            arn,
            owner: String::new(),
        };
        principal.owner = principal.derive_owner();
        principal
    }

    fn derive_owner(&self) -> String {
        let or_unknown = |candidates: &[&Option<String>]| {
            candidates
                .iter()
                .find_map(|candidate| candidate.as_deref())
                .unwrap_or("unknown")
                .to_owned()
        };
        match &self.kind {
            PrincipalType::IAMUser => {
                let from_arn = self.arn.as_deref().and_then(|arn| arn.rsplit('/').next());
                self.user_name
                    .as_deref()
                    .or(from_arn)
                    .unwrap_or("unknown")
                    .to_owned()
            }
            PrincipalType::AssumedRole => self.session_owner(),
            PrincipalType::FederatedUser => {
                or_unknown(&[&self.session_name, &self.user_name, &self.principal_id])
            }
            PrincipalType::Root => "root".to_owned(),
            PrincipalType::AWSService => or_unknown(&[&self.invoked_by, &self.principal_id]),
            PrincipalType::SAMLUser | PrincipalType::WebIdentityUser => {
                or_unknown(&[&self.user_name, &self.principal_id])
            }
            PrincipalType::IdentityCenterUser => {
                or_unknown(&[&self.user_name, &self.on_behalf_of, &self.principal_id])
            }
            PrincipalType::AWSAccount => {
                match self.account_id.as_deref().or(self.principal_id.as_deref()) {
                    Some(account) => format!("account:{account}"),
                    None => "unknown".to_owned(),
                }
            }
            PrincipalType::Unknown | PrincipalType::Other(_) | PrincipalType::Missing => {
                or_unknown(&[&self.user_name, &self.invoked_by, &self.principal_id])
            }
        }
    }

    /// Whether the owner names a person rather than a workload: a user of any kind, root, or a
    /// role session known to be a person's (a source identity, an Identity Center role, an email
    /// session name). A session this principal opens is then that person's.
    pub fn names_a_human(&self) -> bool {
        match &self.kind {
            PrincipalType::IAMUser
            | PrincipalType::SAMLUser
            | PrincipalType::WebIdentityUser
            | PrincipalType::IdentityCenterUser
            | PrincipalType::FederatedUser
            | PrincipalType::Root => true,
            PrincipalType::AssumedRole => {
                self.source_identity.is_some()
                    || self
                        .role_name
                        .as_deref()
                        .is_some_and(|role| role.starts_with("AWSReservedSSO_"))
                    || self.session_name.as_deref().is_some_and(looks_like_email)
            }
            PrincipalType::AWSService
            | PrincipalType::AWSAccount
            | PrincipalType::Unknown
            | PrincipalType::Other(_)
            | PrincipalType::Missing => false,
        }
    }

    fn session_owner(&self) -> String {
        if let Some(source_identity) = &self.source_identity {
            return source_identity.clone();
        }
        let role = self.role_name.as_deref().unwrap_or("unknown-role");
        match self.session_name.as_deref() {
            Some(session) if role.starts_with("AWSReservedSSO_") || looks_like_email(session) => {
                session.to_owned()
            }
            Some(session) => format!("{role}/{session}"),
            None => role.to_owned(),
        }
    }
}

/// Role and session names of a role or federated session, from its ARN
/// (`arn:aws:sts::1:assumed-role/ROLE/SESSION`, `arn:aws:sts::1:federated-user/NAME`), falling
/// back to the session issuer and the `principalId` (`AROA...:SESSION`).
fn session_parts(
    kind: &PrincipalType,
    arn: Option<&str>,
    identity: &Value,
) -> (Option<String>, Option<String>) {
    let resource = arn.and_then(|arn| arn.splitn(6, ':').nth(5));
    match kind {
        PrincipalType::AssumedRole => {
            let mut parts = resource
                .and_then(|r| r.strip_prefix("assumed-role/"))
                .map(|r| r.splitn(2, '/'))
                .into_iter()
                .flatten();
            let role = parts.next().map(str::to_owned).or_else(|| {
                str_at(identity, "sessionContext.sessionIssuer.userName").map(str::to_owned)
            });
            let session = parts.next().map(str::to_owned).or_else(|| {
                str_at(identity, "principalId")
                    .and_then(|id| id.split_once(':'))
                    .map(|(_, session)| session.to_owned())
            });
            (role, session)
        }
        PrincipalType::FederatedUser => {
            let name = resource
                .and_then(|r| r.strip_prefix("federated-user/"))
                .map(str::to_owned)
                .or_else(|| {
                    str_at(identity, "principalId")
                        .and_then(|id| id.split_once(':'))
                        .map(|(_, name)| name.to_owned())
                });
            (None, name)
        }
        _ => (None, None),
    }
}

fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn owner(identity: Value) -> String {
        Principal::from_user_identity(&identity).owner
    }

    #[test]
    fn iam_user_is_its_name() {
        assert_eq!(
            owner(json!({"type":"IAMUser","userName":"alice","arn":"arn:aws:iam::1:user/alice"})),
            "alice"
        );
        assert_eq!(
            owner(json!({"type":"IAMUser","arn":"arn:aws:iam::1:user/dev/bob"})),
            "bob"
        );
    }

    #[test]
    fn role_session_is_role_and_session() {
        let p = Principal::from_user_identity(&json!({
            "type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/deploy/ci-42",
            "principalId":"AROAX:ci-42","accessKeyId":"ASIAX",
            "sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::123456789012:role/deploy","userName":"deploy"}}
        }));
        assert_eq!(p.owner, "deploy/ci-42");
        assert_eq!(p.role_name.as_deref(), Some("deploy"));
        assert_eq!(p.session_name.as_deref(), Some("ci-42"));
        assert_eq!(
            p.issuer_arn.as_deref(),
            Some("arn:aws:iam::123456789012:role/deploy")
        );
        assert_eq!(p.access_key_id.as_deref(), Some("ASIAX"));
    }

    #[test]
    fn sso_and_saml_sessions_are_the_human() {
        assert_eq!(
            owner(
                json!({"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/AWSReservedSSO_Admin_0123/jdoe"})
            ),
            "jdoe"
        );
        assert_eq!(
            owner(
                json!({"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/Okta-Dev/jane@example.com"})
            ),
            "jane@example.com"
        );
    }

    #[test]
    fn source_identity_wins_over_session_name() {
        assert_eq!(
            owner(
                json!({"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/r/s",
                          "sessionContext":{"sourceIdentity":"carol"}})
            ),
            "carol"
        );
    }

    #[test]
    fn other_types() {
        assert_eq!(
            owner(json!({"type":"Root","arn":"arn:aws:iam::1:root"})),
            "root"
        );
        assert_eq!(
            owner(json!({"type":"AWSService","invokedBy":"autoscaling.amazonaws.com"})),
            "autoscaling.amazonaws.com"
        );
        assert_eq!(
            owner(json!({"type":"FederatedUser","arn":"arn:aws:sts::1:federated-user/fed"})),
            "fed"
        );
        assert_eq!(
            owner(json!({"type":"SAMLUser","userName":"test@email.com"})),
            "test@email.com"
        );
        assert_eq!(
            owner(json!({"type":"WebIdentityUser","userName":"cognito:sub-1"})),
            "cognito:sub-1"
        );
        assert_eq!(
            owner(json!({"type":"IdentityCenterUser","principalId":"u-123"})),
            "u-123"
        );
        assert_eq!(
            owner(json!({"type":"AWSAccount","accountId":"111122223333"})),
            "account:111122223333"
        );
        assert_eq!(
            owner(json!({"type":"Unknown","userName":"me@dev.com"})),
            "me@dev.com"
        );
        assert_eq!(owner(json!({"invokedBy":"AWS Internal"})), "AWS Internal");
        assert_eq!(owner(json!({})), "unknown");
        let odd = Principal::from_user_identity(&json!({"type":"Martian"}));
        assert_eq!(odd.kind, PrincipalType::Other("Martian".to_owned()));
    }
}
