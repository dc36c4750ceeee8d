//! The [`Alerts`] port on an SNS topic (the hub stack's `autotag-alerts`): drift repairs and
//! other things the security team should hear about, as the hub identity.

use async_trait::async_trait;
use aws_sdk_sns::Client;

use crate::ports::{Alerts, BoxError};

/// SNS limits a subject to 100 characters.
const MAX_SUBJECT_CHARS: usize = 100;

/// `subject` as SNS takes it: SNS refuses subjects with line breaks or over 100 characters (the
/// message keeps everything).
pub(crate) fn sns_subject(subject: &str) -> String {
    subject
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_SUBJECT_CHARS)
        .collect()
}

/// Alerts published to one SNS topic.
#[derive(Debug, Clone)]
pub struct SnsAlerts {
    client: Client,
    topic_arn: String,
}

impl SnsAlerts {
    /// Alerts on `topic_arn`.
    pub fn new(client: Client, topic_arn: String) -> Self {
        Self { client, topic_arn }
    }
}

#[async_trait]
impl Alerts for SnsAlerts {
    async fn publish(&self, subject: &str, message: &str) -> Result<(), BoxError> {
        self.client
            .publish()
            .topic_arn(&self.topic_arn)
            .subject(sns_subject(subject))
            .message(message)
            .send()
            .await?;
        Ok(())
    }
}
