//! The [`Alerts`] port on an SNS topic (the hub stack's `autotag-alerts`): drift repairs and
//! other things the security team should hear about, as the hub identity.

use async_trait::async_trait;
use aws_sdk_sns::Client;

use crate::ports::{Alerts, BoxError};

/// SNS takes subjects "less than 100 characters long"
/// (<https://docs.aws.amazon.com/sns/latest/api/API_Publish.html>, `Subject`).
const MAX_SUBJECT_CHARS: usize = 99;

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
        // SNS refuses subjects with line breaks or of 100 characters or more; the message keeps
        // everything.
        let subject: String = subject
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(MAX_SUBJECT_CHARS)
            .collect();
        self.client
            .publish()
            .topic_arn(&self.topic_arn)
            .subject(subject)
            .message(message)
            .send()
            .await?;
        Ok(())
    }
}
