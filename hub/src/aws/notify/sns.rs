//! The security team's summary published to the SNS topic `enforcement.notify_topic`: the
//! subject as the email subject, the text rendering as the message.

use async_trait::async_trait;
use autotag_core::enforce::notify::{Notification, Recipient, render_text};
use aws_sdk_sns::Client;

use super::{NotifyError, recipient_label};
use crate::ports::{BoxError, Notifier};

/// SNS takes subjects "less than 100 characters long", with no line breaks or control
/// characters (Publish API reference, `Subject` constraints).
pub const MAX_SUBJECT_CHARS: usize = 99;

/// The subject as SNS takes it: control characters become spaces, cut at
/// [`MAX_SUBJECT_CHARS`] characters (the message keeps everything).
pub fn sns_subject(subject: &str) -> String {
    subject
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_SUBJECT_CHARS)
        .collect()
}

/// Publishes the security team's messages to one topic.
#[derive(Debug, Clone)]
pub struct SnsNotifier {
    client: Client,
    topic_arn: String,
}

impl SnsNotifier {
    /// Publishes to `topic_arn`.
    pub fn new(client: Client, topic_arn: String) -> Self {
        Self { client, topic_arn }
    }
}

#[async_trait]
impl Notifier for SnsNotifier {
    async fn deliver(&self, notification: &Notification) -> Result<(), BoxError> {
        // The topic is the security team's; an owner's message would reach the wrong people.
        if notification.recipient != Recipient::SecurityTeam {
            return Err(NotifyError::WrongRecipient {
                channel: "sns",
                recipient: recipient_label(&notification.recipient),
            }
            .into());
        }
        self.client
            .publish()
            .topic_arn(&self.topic_arn)
            .subject(sns_subject(&notification.subject))
            .message(render_text(notification))
            .send()
            .await
            .map_err(|err| NotifyError::aws("sns:Publish", err))?;
        Ok(())
    }
}
