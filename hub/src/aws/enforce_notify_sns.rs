//! The [`Notifier`] for the security team on an SNS topic (`enforcement.notify_topic`): the
//! run's summary as plain text, which an email subscription shows as it is. Owners are not
//! reached through a topic; their messages go through the owner notifiers.

use async_trait::async_trait;
use autotag_core::enforce::notify::{Notification, Recipient, render_text};
use aws_sdk_sns::Client;

use crate::ports::{BoxError, Notifier};

/// The security team's messages, published to one SNS topic.
#[derive(Debug, Clone)]
pub struct SnsTeamNotifier {
    client: Client,
    topic_arn: String,
}

impl SnsTeamNotifier {
    /// Messages to `topic_arn`.
    pub fn new(client: Client, topic_arn: String) -> Self {
        Self { client, topic_arn }
    }
}

/// Why a message was not published.
#[derive(Debug, thiserror::Error)]
pub enum SnsNotifyError {
    /// A topic reaches the security team only.
    #[error("the topic `{topic}` reaches the security team, not the owner `{email}`")]
    NotTheTeam {
        /// The topic.
        topic: String,
        /// The owner.
        email: String,
    },
}

#[async_trait]
impl Notifier for SnsTeamNotifier {
    async fn deliver(&self, notification: &Notification) -> Result<(), BoxError> {
        if let Recipient::Owner { email } = &notification.recipient {
            return Err(Box::new(SnsNotifyError::NotTheTeam {
                topic: self.topic_arn.clone(),
                email: email.clone(),
            }));
        }
        self.client
            .publish()
            .topic_arn(&self.topic_arn)
            .subject(super::alerts::sns_subject(&notification.subject))
            .message(render_text(notification))
            .send()
            .await?;
        Ok(())
    }
}
