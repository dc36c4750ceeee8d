//! The hub queue: receiving batches, deleting what is done, delaying what must be retried, and
//! parking what cannot be processed in the dead-letter queue with its reason.

use async_trait::async_trait;
use aws_sdk_sqs::Client;
use aws_sdk_sqs::types::{
    ChangeMessageVisibilityBatchRequestEntry, DeleteMessageBatchRequestEntry,
    MessageAttributeValue, MessageSystemAttributeName,
};

use crate::ports::{BoxError, DeadLetters, Redelivery};
use crate::processing::{Disposition, MessageResult, QueueMessage};

/// The message attribute that carries why a message was parked.
pub const REASON_ATTRIBUTE: &str = "autotag-reason";
/// SQS receives at most this many messages per call.
const RECEIVE_BATCH: i32 = 10;
/// SQS's batch calls (`DeleteMessageBatch`, `ChangeMessageVisibilityBatch`) take at most this
/// many entries.
const RECEIVE_BATCH_ENTRIES: usize = 10;

/// Why the queue could not be read or settled.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// `ReceiveMessage` failed.
    #[error("cannot receive from `{queue_url}`")]
    Receive {
        /// The queue.
        queue_url: String,
        /// The SQS error.
        #[source]
        source: BoxError,
    },
    /// Deleting or delaying processed messages failed; they will be delivered again.
    #[error("cannot settle messages on `{queue_url}`")]
    Settle {
        /// The queue.
        queue_url: String,
        /// The SQS error.
        #[source]
        source: BoxError,
    },
}

/// The dead-letter queue, written by the hub with the reason attached.
#[derive(Debug, Clone)]
pub struct SqsDeadLetters {
    client: Client,
    queue_url: String,
}

impl SqsDeadLetters {
    /// The dead-letter queue at `queue_url`.
    pub fn new(client: Client, queue_url: impl Into<String>) -> Self {
        Self {
            client,
            queue_url: queue_url.into(),
        }
    }
}

/// [`Redelivery`] through `ChangeMessageVisibility`, for the Lambda's SQS batches.
#[derive(Debug, Clone)]
pub struct SqsRedelivery {
    client: Client,
    /// Queue URLs by ARN: a function reads one queue, so its URL is asked for once per
    /// container, not once per waiting message.
    urls: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, String>>>,
}

impl SqsRedelivery {
    /// Redelivery with `client`.
    pub fn new(client: Client) -> Self {
        Self {
            client,
            urls: std::sync::Arc::default(),
        }
    }
}

#[async_trait]
impl Redelivery for SqsRedelivery {
    async fn redeliver_after(
        &self,
        queue_arn: &str,
        receipt_handle: &str,
        seconds: i32,
    ) -> Result<(), BoxError> {
        self.client
            .change_message_visibility()
            .queue_url(self.queue_url(queue_arn).await?)
            .receipt_handle(receipt_handle)
            .visibility_timeout(seconds)
            .send()
            .await?;
        Ok(())
    }

    async fn requeue(&self, queue_arn: &str, body: &str, seconds: i32) -> Result<(), BoxError> {
        self.client
            .send_message()
            .queue_url(self.queue_url(queue_arn).await?)
            .message_body(body)
            .delay_seconds(seconds.clamp(0, 900))
            .send()
            .await?;
        Ok(())
    }
}

impl SqsRedelivery {
    /// The URL of the queue `queue_arn` (`arn:aws:sqs:<region>:<account>:<name>`).
    async fn queue_url(&self, queue_arn: &str) -> Result<String, BoxError> {
        let known = || {
            self.urls
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(queue_arn)
                .cloned()
        };
        if let Some(url) = known() {
            return Ok(url);
        }
        let mut parts = queue_arn.split(':').skip(4);
        let (Some(account), Some(name)) = (parts.next(), parts.next()) else {
            return Err(format!("`{queue_arn}` is not an SQS queue ARN").into());
        };
        let url = self
            .client
            .get_queue_url()
            .queue_name(name)
            .queue_owner_aws_account_id(account)
            .send()
            .await?
            .queue_url()
            .ok_or_else(|| format!("no URL for queue `{queue_arn}`"))?
            .to_owned();
        self.urls
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(queue_arn.to_owned(), url.clone());
        Ok(url)
    }
}

#[async_trait]
impl DeadLetters for SqsDeadLetters {
    async fn park(&self, body: &str, reason: &str) -> Result<(), BoxError> {
        let reason: String = reason.chars().take(4096).collect();
        let attribute = MessageAttributeValue::builder()
            .data_type("String")
            .string_value(reason)
            .build()?;
        self.client
            .send_message()
            .queue_url(&self.queue_url)
            .message_body(body)
            .message_attributes(REASON_ATTRIBUTE, attribute)
            .send()
            .await?;
        Ok(())
    }
}

/// A received message and the handle that settles it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The message.
    pub message: QueueMessage,
    /// The receipt handle.
    pub receipt_handle: String,
}

/// Reads and settles the hub queue.
#[derive(Debug, Clone)]
pub struct QueuePoller {
    client: Client,
    queue_url: String,
    wait_seconds: i32,
    retry_delay_seconds: i32,
}

impl QueuePoller {
    /// A poller of `queue_url` that long-polls for `wait_seconds` and makes failed messages
    /// visible again after `retry_delay_seconds`.
    pub fn new(
        client: Client,
        queue_url: impl Into<String>,
        wait_seconds: i32,
        retry_delay_seconds: i32,
    ) -> Self {
        Self {
            client,
            queue_url: queue_url.into(),
            wait_seconds,
            retry_delay_seconds,
        }
    }

    /// A poller using the hub's own credentials and region.
    pub async fn connect(
        options: &super::AwsOptions,
        queue_url: impl Into<String>,
        wait_seconds: i32,
        retry_delay_seconds: i32,
    ) -> Self {
        let base = super::load_sdk_config(options).await;
        Self::new(
            Client::new(&base),
            queue_url,
            wait_seconds,
            retry_delay_seconds,
        )
    }

    /// Receives up to ten messages.
    pub async fn receive(&self) -> Result<Vec<Received>, QueueError> {
        self.receive_up_to(RECEIVE_BATCH, self.wait_seconds).await
    }

    /// Gathers one batch as Lambda's event source mapping does: a long-polled receive, then
    /// more receives while messages keep coming, until `max_messages` are held or `window`
    /// has passed since the first arrived. A receive that fails after the first ends the
    /// batch with what it holds (the rest stays on the queue).
    pub async fn gather(
        &self,
        max_messages: usize,
        window: std::time::Duration,
    ) -> Result<Vec<Received>, QueueError> {
        let mut batch = self.receive().await?;
        let started = std::time::Instant::now();
        while !batch.is_empty() && batch.len() < max_messages {
            let left = window.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            let wanted = i32::try_from(max_messages - batch.len())
                .unwrap_or(RECEIVE_BATCH)
                .min(RECEIVE_BATCH);
            // Whole seconds only: a window under a second still gets one short poll.
            let wait = i32::try_from(left.as_secs())
                .unwrap_or(0)
                .min(self.wait_seconds);
            match self.receive_up_to(wanted, wait).await {
                Ok(more) if more.is_empty() => break,
                Ok(more) => batch.extend(more),
                Err(err) => {
                    tracing::warn!(error = %err, held = batch.len(),
                        "a receive failed while gathering; processing what is held");
                    break;
                }
            }
        }
        Ok(batch)
    }

    async fn receive_up_to(
        &self,
        max_messages: i32,
        wait_seconds: i32,
    ) -> Result<Vec<Received>, QueueError> {
        let output = self
            .client
            .receive_message()
            .queue_url(&self.queue_url)
            .max_number_of_messages(max_messages)
            .wait_time_seconds(wait_seconds)
            .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
            .send()
            .await
            .map_err(|err| QueueError::Receive {
                queue_url: self.queue_url.clone(),
                source: Box::new(err),
            })?;
        Ok(output
            .messages()
            .iter()
            .filter_map(|m| {
                let receive_count = m
                    .attributes()
                    .and_then(|a| a.get(&MessageSystemAttributeName::ApproximateReceiveCount))
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(1);
                Some(Received {
                    message: QueueMessage {
                        id: m.message_id()?.to_owned(),
                        body: m.body().unwrap_or_default().to_owned(),
                        receive_count,
                    },
                    receipt_handle: m.receipt_handle()?.to_owned(),
                })
            })
            .collect())
    }

    /// Deletes done and parked messages; delays the ones to retry.
    pub async fn settle(
        &self,
        received: &[Received],
        results: &[MessageResult],
    ) -> Result<(), QueueError> {
        let mut delete = Vec::new();
        let mut delay = Vec::new();
        for (index, result) in results.iter().enumerate() {
            let Some(found) = received.iter().find(|r| r.message.id == result.id) else {
                continue;
            };
            let handle = found.receipt_handle.clone();
            let id = format!("m{index}");
            if let Disposition::Requeue { seconds, .. } = result.disposition {
                // The copy goes first: the original is deleted only once the copy is queued.
                let copied = self
                    .client
                    .send_message()
                    .queue_url(&self.queue_url)
                    .message_body(&found.message.body)
                    .delay_seconds(seconds.clamp(0, 900))
                    .send()
                    .await;
                match copied {
                    Ok(_) => delete.push(
                        DeleteMessageBatchRequestEntry::builder()
                            .id(id)
                            .receipt_handle(handle)
                            .build(),
                    ),
                    Err(err) => {
                        tracing::warn!(message_id = %result.id,
                            error = %aws_sdk_sqs::error::DisplayErrorContext(&err),
                            "could not requeue; the message comes back after the retry delay");
                        delay.push(
                            ChangeMessageVisibilityBatchRequestEntry::builder()
                                .id(id)
                                .receipt_handle(handle)
                                .visibility_timeout(self.retry_delay_seconds)
                                .build(),
                        );
                    }
                }
                continue;
            }
            match result.disposition {
                Disposition::Done | Disposition::Parked { .. } => delete.push(
                    DeleteMessageBatchRequestEntry::builder()
                        .id(id)
                        .receipt_handle(handle)
                        .build(),
                ),
                Disposition::Retry { .. } => delay.push(
                    ChangeMessageVisibilityBatchRequestEntry::builder()
                        .id(id)
                        .receipt_handle(handle)
                        .visibility_timeout(self.retry_delay_seconds)
                        .build(),
                ),
                Disposition::Wait { seconds, .. } | Disposition::Requeue { seconds, .. } => delay
                    .push(
                        ChangeMessageVisibilityBatchRequestEntry::builder()
                            .id(id)
                            .receipt_handle(handle)
                            .visibility_timeout(seconds)
                            .build(),
                    ),
            }
        }
        let settle_error = |source: BoxError| QueueError::Settle {
            queue_url: self.queue_url.clone(),
            source,
        };
        let delete = delete
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| settle_error(Box::new(e)))?;
        let delay = delay
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| settle_error(Box::new(e)))?;
        // SQS takes at most ten entries a batch call; every chunk is tried, the first
        // failure reported after.
        let mut first_failure = None;
        for chunk in delete.chunks(RECEIVE_BATCH_ENTRIES) {
            let output = self
                .client
                .delete_message_batch()
                .queue_url(&self.queue_url)
                .set_entries(Some(chunk.to_vec()))
                .send()
                .await;
            let failure = match output {
                Ok(output) => output
                    .failed()
                    .first()
                    .map(|failed| settle_error(format!("delete failed: {}", failed.code()).into())),
                Err(err) => Some(settle_error(Box::new(err))),
            };
            first_failure = first_failure.or(failure);
        }
        for chunk in delay.chunks(RECEIVE_BATCH_ENTRIES) {
            let output = self
                .client
                .change_message_visibility_batch()
                .queue_url(&self.queue_url)
                .set_entries(Some(chunk.to_vec()))
                .send()
                .await;
            let failure = match output {
                Ok(output) => output.failed().first().map(|failed| {
                    settle_error(format!("visibility change failed: {}", failed.code()).into())
                }),
                Err(err) => Some(settle_error(Box::new(err))),
            };
            first_failure = first_failure.or(failure);
        }
        first_failure.map_or(Ok(()), Err)
    }
}

/// What a replay moved.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReplayReport {
    /// Messages sent back to the hub queue and deleted from the dead-letter queue.
    pub moved: usize,
    /// The reasons they had been parked with, in order.
    pub reasons: Vec<String>,
}

/// Moves up to `max` messages from the dead-letter queue back to the hub queue, after the cause
/// of their failure was fixed. A message is deleted from the dead-letter queue only once the hub
/// queue has accepted it, so a failed replay loses nothing.
pub async fn replay(
    options: &super::AwsOptions,
    dead_letter_url: &str,
    queue_url: &str,
    max: usize,
) -> Result<ReplayReport, QueueError> {
    let client = Client::new(&super::load_sdk_config(options).await);
    let receive_error = |source: BoxError| QueueError::Receive {
        queue_url: dead_letter_url.to_owned(),
        source,
    };
    let settle_error = |source: BoxError| QueueError::Settle {
        queue_url: queue_url.to_owned(),
        source,
    };
    let mut report = ReplayReport::default();
    while report.moved < max {
        let batch = i32::try_from((max - report.moved).min(10)).unwrap_or(10);
        let output = client
            .receive_message()
            .queue_url(dead_letter_url)
            .max_number_of_messages(batch)
            .message_attribute_names(REASON_ATTRIBUTE)
            .send()
            .await
            .map_err(|e| receive_error(Box::new(e)))?;
        if output.messages().is_empty() {
            break;
        }
        for message in output.messages() {
            let (Some(body), Some(handle)) = (message.body(), message.receipt_handle()) else {
                continue;
            };
            client
                .send_message()
                .queue_url(queue_url)
                .message_body(body)
                .send()
                .await
                .map_err(|e| settle_error(Box::new(e)))?;
            client
                .delete_message()
                .queue_url(dead_letter_url)
                .receipt_handle(handle)
                .send()
                .await
                .map_err(|e| receive_error(Box::new(e)))?;
            let reason = message
                .message_attributes()
                .and_then(|a| a.get(REASON_ATTRIBUTE))
                .and_then(|v| v.string_value())
                .unwrap_or_default();
            report.reasons.push(reason.to_owned());
            report.moved += 1;
        }
    }
    Ok(report)
}
