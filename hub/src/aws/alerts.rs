//! The [`Alerts`] port on an SNS topic (the hub stack's `autotag-alerts`): drift repairs and
//! other things the security team should hear about, as the hub identity.

use async_trait::async_trait;
use aws_sdk_sns::Client;

use super::notify::sns::sns_subject;
use crate::ports::{Alerts, BoxError};

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
