//! Batches: `autotag hub`'s poller gathers several receives into one batch, as Lambda's event
//! source mapping does, and settles batches past SQS's ten entries per call.

use std::time::Duration;

use autotag_hub::aws::queue::QueuePoller;
use autotag_hub::processing::{Disposition, MessageResult};
use autotag_tests::org::Org;

#[tokio::test]
async fn the_poller_gathers_a_batch_past_one_receive_and_settles_it_whole() -> anyhow::Result<()> {
    let org = Org::create(0).await?;
    let sqs = aws_sdk_sqs::Client::new(org.hub_config());
    let url = sqs
        .create_queue()
        .queue_name("gathered")
        .send()
        .await?
        .queue_url()
        .unwrap_or_default()
        .to_owned();
    for n in 0..25 {
        sqs.send_message()
            .queue_url(&url)
            .message_body(format!("message {n}"))
            .send()
            .await?;
    }
    let poller = QueuePoller::new(sqs.clone(), &url, 1, 30);

    // A batch stops at its size, though more messages wait,
    let first = poller.gather(15, Duration::from_secs(5)).await?;
    assert_eq!(first.len(), 15);
    // and takes what is left when fewer wait.
    let rest = poller.gather(100, Duration::from_secs(5)).await?;
    assert_eq!(rest.len(), 10);

    // Settling 15 done messages takes two delete calls of SQS's ten entries at most; the 10
    // left to retry are made visible again, not deleted.
    let done: Vec<MessageResult> = first
        .iter()
        .map(|r| MessageResult {
            id: r.message.id.clone(),
            disposition: Disposition::Done,
            events: Vec::new(),
        })
        .collect();
    poller.settle(&first, &done).await?;
    let retried: Vec<MessageResult> = rest
        .iter()
        .map(|r| MessageResult {
            id: r.message.id.clone(),
            disposition: Disposition::Wait {
                reason: "test".into(),
                seconds: 0,
            },
            events: Vec::new(),
        })
        .collect();
    poller.settle(&rest, &retried).await?;
    let again = poller.gather(100, Duration::from_secs(5)).await?;
    let mut bodies: Vec<String> = again.iter().map(|r| r.message.body.clone()).collect();
    bodies.sort();
    let mut expected: Vec<String> = rest.iter().map(|r| r.message.body.clone()).collect();
    expected.sort();
    assert_eq!(bodies, expected, "only the retried messages come back");
    Ok(())
}
