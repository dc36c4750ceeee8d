//! The messages of one enforcement run: one per owner, grouping that owner's resources, and
//! one summary for the security team; and the messages of an image push whose labels disagree
//! with its repository's tags (`[ecr] label_tags`): one to the repository's owner, one to the
//! security team. Rendered as plain text (email, SNS) or as a chat webhook's JSON body. Pure:
//! the hub sends them (SES, SNS, the webhook) and rate-limits them.
//!
//! Owners are written to only when their owner stamp is an email address (SSO and SAML users);
//! other owners (IAM users, role sessions) have no address autotag knows, and their resources
//! reach people through the security team's summary, which names every owner.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;
use serde_json::{Value, json};

use super::{Finding, Verdict};
use crate::ecr::labels::PushMismatch;
use crate::policy::enforce::looks_like_email;

/// Who a message is for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "to")]
pub enum Recipient {
    /// An owner, by the email address of their owner stamp (SES).
    Owner {
        /// The address.
        email: String,
    },
    /// The security team: `enforcement.notify_topic` and `enforcement.webhook_secret`.
    SecurityTeam,
}

/// One message: who it is for, its subject, and what it reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    /// Who it is for.
    pub recipient: Recipient,
    /// The subject line.
    pub subject: String,
    /// What it reports (serialized as one field named by its kind: `findings`, `image_labels`).
    #[serde(flatten)]
    pub body: Body,
}

/// What a message reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    /// Enforcement's findings, sorted by owner, rule and ARN.
    Findings(Vec<Finding>),
    /// A pushed image whose labels disagree with its repository's tags.
    ImageLabels(PushMismatch),
}

impl Notification {
    /// The enforcement findings it reports (none for other messages).
    pub fn findings(&self) -> &[Finding] {
        match &self.body {
            Body::Findings(findings) => findings,
            Body::ImageLabels(_) => &[],
        }
    }
}

/// The messages about one push whose labels disagree with its repository's tags: one to the
/// owner when the repository's owner stamp is an email address (others have no address autotag
/// knows; the team's message names them), then one to the security team, always.
pub fn plan_label_notifications(push: &PushMismatch) -> Vec<Notification> {
    let mut messages = Vec::new();
    if let Some(owner) = push.owner.as_deref()
        && looks_like_email(owner)
    {
        messages.push(Notification {
            recipient: Recipient::Owner {
                email: owner.to_ascii_lowercase(),
            },
            subject: format!(
                "autotag: an image pushed to your repository {} disagrees with its tags",
                push.repository
            ),
            body: Body::ImageLabels(push.clone()),
        });
    }
    messages.push(Notification {
        recipient: Recipient::SecurityTeam,
        subject: format!("autotag: image labels disagree with {}", push.repository),
        body: Body::ImageLabels(push.clone()),
    });
    messages
}

/// The messages of one run over `findings`:
/// - one per owner with an email address, for the non-compliant findings whose step this run
///   the owner is told about ([`Finding::tell_owner`]: never in a dry run);
/// - one for the security team with every non-compliant finding that reached a step this run,
///   dry runs included (marked as such), whatever the owner.
///
/// Findings that only wait for a due date produce nothing, so a sweep every hour does not
/// repeat itself. Owners come first, by address; nothing is planned for an empty run.
pub fn plan_notifications(findings: &[Finding]) -> Vec<Notification> {
    let mut by_owner: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
    let mut summary: Vec<Finding> = Vec::new();
    for finding in findings {
        if !matches!(finding.verdict, Verdict::NonCompliant(_)) || !finding.acted() {
            continue;
        }
        summary.push(finding.clone());
        if !finding.tell_owner {
            continue;
        }
        if let Some(owner) = finding.creator.owner.as_deref()
            && looks_like_email(owner)
        {
            by_owner
                .entry(owner.to_ascii_lowercase())
                .or_default()
                .push(finding.clone());
        }
    }
    let order = |found: &mut Vec<Finding>| {
        found.sort_by(|a, b| {
            (&a.creator.owner, &a.rule, &a.arn).cmp(&(&b.creator.owner, &b.rule, &b.arn))
        });
    };
    let mut messages = Vec::new();
    for (email, mut found) in by_owner {
        order(&mut found);
        messages.push(Notification {
            subject: format!(
                "autotag: {} of your resources {} tags",
                found.len(),
                if found.len() == 1 { "needs" } else { "need" }
            ),
            recipient: Recipient::Owner { email },
            body: Body::Findings(found),
        });
    }
    if !summary.is_empty() {
        order(&mut summary);
        let owners: std::collections::BTreeSet<&str> = summary
            .iter()
            .map(|f| f.creator.owner.as_deref().unwrap_or(UNKNOWN))
            .collect();
        let subject = format!(
            "autotag enforcement: {} non-compliant resources of {} owners",
            summary.len(),
            owners.len()
        );
        messages.push(Notification {
            recipient: Recipient::SecurityTeam,
            subject,
            body: Body::Findings(summary),
        });
    }
    messages
}

const UNKNOWN: &str = "unknown";

/// The message as plain text (email body, SNS message), after its subject line. For each
/// resource: who created it where (the broom report's user, region, id, image and type), what
/// is wrong, the exact tags that fix it, what was done now, and the deadline of the next step.
pub fn render_text(message: &Notification) -> String {
    let mut text = String::new();
    // Writing to a `String` cannot fail.
    let _ = write_text(&mut text, message);
    text
}

fn write_text(out: &mut String, message: &Notification) -> std::fmt::Result {
    match &message.body {
        Body::Findings(findings) => write_findings(out, &message.recipient, findings),
        Body::ImageLabels(push) => write_labels(out, &message.recipient, push),
    }
}

fn write_labels(out: &mut String, recipient: &Recipient, push: &PushMismatch) -> std::fmt::Result {
    match recipient {
        Recipient::Owner { .. } => writeln!(
            out,
            "An image pushed to a repository you own does not agree with the repository's tags."
        )?,
        Recipient::SecurityTeam => writeln!(
            out,
            "An image pushed to {} does not agree with the repository's tags.",
            push.repository_arn
        )?,
    }
    writeln!(out)?;
    writeln!(out, "Repository: {}", push.repository_arn)?;
    writeln!(out, "Image: {}", push.image())?;
    writeln!(out, "Owner: {}", push.owner.as_deref().unwrap_or(UNKNOWN))?;
    writeln!(out)?;
    for mismatch in &push.mismatches {
        writeln!(out, "- {mismatch}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Fix the image's labels or the repository's tags; autotag changes neither (docs/config.md, \"[ecr]\")."
    )
}

fn write_findings(
    out: &mut String,
    recipient: &Recipient,
    findings: &[Finding],
) -> std::fmt::Result {
    match recipient {
        Recipient::Owner { .. } => writeln!(
            out,
            "These resources you created do not carry the tags the organization requires. \
             Set the tags below before the deadline, and the next step will not happen."
        )?,
        Recipient::SecurityTeam => writeln!(
            out,
            "Resources found without the required tags in this run, by owner."
        )?,
    }
    for finding in findings {
        writeln!(out)?;
        let owner = finding.creator.owner.as_deref().unwrap_or(UNKNOWN);
        writeln!(
            out,
            "User {owner} created {} {} in account {}, region {} (rule {}{}).",
            finding.resource_type,
            finding.id,
            finding.account,
            finding.region,
            finding.rule,
            if finding.dry_run { ", dry run" } else { "" }
        )?;
        writeln!(out, "  Resource: {}", finding.arn)?;
        if let Some(image) = &finding.details.image {
            writeln!(out, "  Image id: {image}")?;
        }
        if let Some(instance_type) = &finding.details.instance_type {
            writeln!(out, "  Instance type: {instance_type}")?;
        }
        if let Some(arn) = &finding.creator.arn {
            writeln!(out, "  Created by: {arn}")?;
        }
        if let Verdict::NonCompliant(problems) = &finding.verdict {
            for problem in problems {
                writeln!(out, "  Wrong: {}", problem.describe())?;
            }
            for problem in problems {
                writeln!(out, "  Fix: {}", problem.fix())?;
            }
        }
        let actions: Vec<&str> = finding.actions.iter().map(|a| a.as_str()).collect();
        if !actions.is_empty() {
            let verb = if finding.dry_run {
                "Would do now (dry run)"
            } else {
                "Done now"
            };
            writeln!(out, "  {verb}: {}", actions.join(", "))?;
        }
        match &finding.next {
            Some(next) => writeln!(
                out,
                "  Deadline: {} on {} unless the tags are fixed",
                next.action,
                super::utc_seconds(next.due)
            )?,
            None => writeln!(out, "  Deadline: none; this was the last step")?,
        }
    }
    Ok(())
}

/// The message as a chat webhook body: `{"text": ...}`, which Slack incoming webhooks and Teams
/// incoming webhooks both take. `&`, `<` and `>` are escaped as Slack asks, so a tag value
/// cannot turn into a mention (`<!channel>`) or a link.
pub fn render_chat(message: &Notification) -> Value {
    let text = format!("*{}*\n{}", message.subject, render_text(message));
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    json!({ "text": escaped })
}
