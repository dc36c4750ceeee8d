//! Enforcement's messages delivered: the [`Notifier`](crate::ports::Notifier) port on SNS (the
//! security team's topic), a Slack or Teams incoming webhook (its URL in Secrets Manager) and
//! SES (owners whose owner stamp is an email address), and [`dispatch::Notifiers`], which routes
//! each message by recipient, rate-limits and retries each channel, and reports the run.
//!
//! Every adapter fails with a [`NotifyError`] (boxed, as the port asks), which says whether a
//! retry may help; the dispatcher reads that back to decide.

pub mod dispatch;
pub mod ses;
pub mod sns;
pub mod webhook;

use std::time::Duration;

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::ports::BoxError;

/// Why a message was not delivered. Never carries the webhook URL (a credential) nor the
/// message body.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// An AWS call failed.
    #[error("`{operation}` failed")]
    Aws {
        /// The call, e.g. `sns:Publish`.
        operation: &'static str,
        /// Throttling, a 5xx, a timeout or a connection failure.
        transient: bool,
        /// The SDK error.
        #[source]
        source: BoxError,
    },
    /// The webhook answered with a status other than 2xx.
    #[error("the webhook answered http status `{status}`")]
    Status {
        /// The status code.
        status: u16,
        /// The delay the server asked for (`Retry-After`, in seconds), if any.
        retry_after: Option<Duration>,
    },
    /// The webhook request did not complete.
    #[error("the webhook request failed")]
    Transport {
        /// The client's error (connection, TLS, protocol; its text names no URL).
        #[source]
        source: BoxError,
    },
    /// The webhook did not answer in time.
    #[error("the webhook did not answer within `{0:?}`")]
    Timeout(Duration),
    /// The webhook secret holds no usable URL.
    #[error("the secret `{secret}` holds no webhook url: {reason}")]
    BadSecret {
        /// The secret's ARN (not its value).
        secret: String,
        /// What is wrong, without the value.
        reason: String,
    },
    /// The message is for a recipient this channel cannot reach.
    #[error("`{channel}` cannot deliver to `{recipient}`")]
    WrongRecipient {
        /// The channel.
        channel: &'static str,
        /// Who the message was for.
        recipient: String,
    },
    /// The message could not be built (a field the API requires).
    #[error("the `{operation}` request could not be built")]
    Build {
        /// The call.
        operation: &'static str,
        /// The builder's error.
        #[source]
        source: BoxError,
    },
}

impl NotifyError {
    /// Whether trying again later may deliver it: throttling (429), a 5xx, a timeout, a
    /// connection failure.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Aws { transient, .. } => *transient,
            Self::Status { status, .. } => *status == 429 || (500..600).contains(status),
            Self::Transport { .. } | Self::Timeout(_) => true,
            Self::BadSecret { .. } | Self::WrongRecipient { .. } | Self::Build { .. } => false,
        }
    }

    /// The delay the server asked for before the next attempt.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// An SDK error of `operation`, classified as the tagging adapters classify theirs.
    pub(crate) fn aws<E, R>(operation: &'static str, err: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        let transient = matches!(super::classify(&err), super::ErrorClass::Transient);
        Self::Aws {
            operation,
            transient,
            source: Box::new(err),
        }
    }
}

/// How a message's recipient is named in errors and reports.
pub(crate) fn recipient_label(recipient: &autotag_core::enforce::notify::Recipient) -> String {
    use autotag_core::enforce::notify::Recipient;
    match recipient {
        Recipient::Owner { email } => email.clone(),
        Recipient::SecurityTeam => "security team".to_owned(),
    }
}
