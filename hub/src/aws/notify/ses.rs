//! An owner's message sent by SES (v2 `SendEmail`) from `enforcement.ses_from` to the address
//! of their owner stamp, as a plain-text email.

use async_trait::async_trait;
use autotag_core::enforce::notify::{Notification, Recipient, render_text};
use aws_sdk_sesv2::Client;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};

use super::{NotifyError, recipient_label};
use crate::ports::{BoxError, Notifier};

const OPERATION: &str = "ses:SendEmail";

/// Sends owners' messages from one verified sender.
#[derive(Debug, Clone)]
pub struct SesNotifier {
    client: Client,
    from: String,
}

impl SesNotifier {
    /// Sends from `from`, an address (or an address of a domain) verified in SES.
    pub fn new(client: Client, from: String) -> Self {
        Self { client, from }
    }
}

fn utf8(data: String) -> Result<Content, NotifyError> {
    Content::builder()
        .data(data)
        .charset("UTF-8")
        .build()
        .map_err(|err| NotifyError::Build {
            operation: OPERATION,
            source: Box::new(err),
        })
}

#[async_trait]
impl Notifier for SesNotifier {
    async fn deliver(&self, notification: &Notification) -> Result<(), BoxError> {
        let Recipient::Owner { email } = &notification.recipient else {
            return Err(NotifyError::WrongRecipient {
                channel: "ses",
                recipient: recipient_label(&notification.recipient),
            }
            .into());
        };
        let message = Message::builder()
            // Email subjects are one line.
            .subject(utf8(
                notification
                    .subject
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect(),
            )?)
            .body(
                Body::builder()
                    .text(utf8(render_text(notification))?)
                    .build(),
            )
            .build();
        self.client
            .send_email()
            .from_email_address(&self.from)
            .destination(Destination::builder().to_addresses(email).build())
            .content(EmailContent::builder().simple(message).build())
            .send()
            .await
            .map_err(|err| NotifyError::aws(OPERATION, err))?;
        Ok(())
    }
}
