//! Enforcement's messages on the wire: the chat webhook against a local HTTP/1.1 server (its
//! URL from a mocked Secrets Manager), SNS `Publish` and SES `SendEmail` against mocks, and the
//! dispatcher's routing, retries, rate limits and deadline on a simulated clock.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_secretsmanager::operation::get_secret_value::GetSecretValueOutput;
use aws_sdk_sesv2::operation::send_email::SendEmailOutput;
use aws_sdk_sns::operation::publish::PublishOutput;
use aws_smithy_mocks::{Rule, mock};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpListener;

use autotag_core::enforce::notify::{Body, Notification, Recipient, render_chat, render_text};
use autotag_hub::aws::notify::NotifyError;
use autotag_hub::aws::notify::dispatch::{Channel, Notifiers, Pacer, RateLimit};
use autotag_hub::aws::notify::ses::SesNotifier;
use autotag_hub::aws::notify::sns::SnsNotifier;
use autotag_hub::aws::notify::webhook::WebhookNotifier;
use autotag_hub::ports::{BoxError, Notifier};

use crate::mocked;

const SECRET: &str = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:autotag/webhook-AbCdEf";
const TOPIC: &str = "arn:aws:sns:eu-west-1:111111111111:security";

fn summary(subject: &str) -> Notification {
    Notification {
        recipient: Recipient::SecurityTeam,
        subject: subject.to_owned(),
        body: Body::Findings(Vec::new()),
    }
}

fn to_owner(email: &str) -> Notification {
    Notification {
        recipient: Recipient::Owner {
            email: email.to_owned(),
        },
        subject: "autotag: 1 of your resources needs tags".to_owned(),
        body: Body::Findings(Vec::new()),
    }
}

/// One request the local server received.
#[derive(Debug, Clone)]
struct Received {
    request_line: String,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// A local HTTP/1.1 server answering each request with the next status of `statuses` (the last
/// one repeated), connections kept alive as hyper's pool expects. Returns its URL and what it
/// received.
async fn serve(statuses: Vec<u16>) -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/services/T0/B0/secret-token",
        listener.local_addr().unwrap()
    );
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let log = log.clone();
            let statuses = statuses.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut reader = BufReader::new(read);
                loop {
                    let mut request_line = String::new();
                    if reader.read_line(&mut request_line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let (mut length, mut content_type) = (0usize, None);
                    loop {
                        let mut line = String::new();
                        reader.read_line(&mut line).await.unwrap();
                        let line = line.trim_end();
                        if line.is_empty() {
                            break;
                        }
                        let (name, value) = line.split_once(':').unwrap();
                        match name.to_ascii_lowercase().as_str() {
                            "content-length" => length = value.trim().parse().unwrap(),
                            "content-type" => content_type = Some(value.trim().to_owned()),
                            _ => {}
                        }
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).await.unwrap();
                    let status = {
                        let mut log = log.lock().unwrap();
                        log.push(Received {
                            request_line: request_line.trim_end().to_owned(),
                            content_type,
                            body,
                        });
                        statuses[(log.len() - 1).min(statuses.len() - 1)]
                    };
                    let answer = format!(
                        "HTTP/1.1 {status} X\r\ncontent-length: 2\r\nretry-after: 1\r\n\r\nok"
                    );
                    write.write_all(answer.as_bytes()).await.unwrap();
                }
            });
        }
    });
    (url, received)
}

fn secret_rule(secret_string: String) -> Rule {
    mock!(aws_sdk_secretsmanager::Client::get_secret_value)
        .match_requests(|req| req.secret_id() == Some(SECRET))
        .then_output(move || {
            GetSecretValueOutput::builder()
                .secret_string(secret_string.clone())
                .build()
        })
}

fn webhook(rule: &Rule) -> Arc<WebhookNotifier> {
    let secrets = mocked!(aws_sdk_secretsmanager, &[rule]);
    Arc::new(WebhookNotifier::new(secrets, SECRET.to_owned()).unwrap())
}

/// A simulated clock: sleeping moves it forward at once, and every sleep is recorded.
#[derive(Debug, Default)]
struct SimulatedClock {
    now: Mutex<Duration>,
    sleeps: Mutex<Vec<Duration>>,
}

#[async_trait]
impl Pacer for SimulatedClock {
    fn elapsed(&self) -> Duration {
        *self.now.lock().unwrap()
    }
    async fn sleep(&self, duration: Duration) {
        *self.now.lock().unwrap() += duration;
        self.sleeps.lock().unwrap().push(duration);
    }
}

#[tokio::test]
async fn the_webhook_gets_the_chat_json_from_the_url_in_the_secret_read_once() {
    let (url, received) = serve(vec![200]).await;
    let rule = secret_rule(url);
    let notifier = webhook(&rule);
    let first = summary("autotag enforcement: 2 non-compliant resources of 1 owners");
    notifier.deliver(&first).await.unwrap();
    notifier.deliver(&summary("second")).await.unwrap();

    let received = received.lock().unwrap().clone();
    assert_eq!(received.len(), 2);
    assert_eq!(
        received[0].request_line,
        "POST /services/T0/B0/secret-token HTTP/1.1"
    );
    assert_eq!(
        received[0].content_type.as_deref(),
        Some("application/json")
    );
    let body: Value = serde_json::from_slice(&received[0].body).unwrap();
    assert_eq!(body, render_chat(&first));
    // The URL is read once for the run.
    assert_eq!(rule.num_calls(), 1);
    // Nothing the notifier shows names the URL.
    assert!(!format!("{notifier:?}").contains("secret-token"));
}

#[tokio::test]
async fn a_json_secret_with_a_url_field_is_read_too() {
    let (url, received) = serve(vec![200]).await;
    let rule = secret_rule(serde_json::json!({ "url": url }).to_string());
    webhook(&rule).deliver(&summary("s")).await.unwrap();
    assert_eq!(received.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_plain_http_url_elsewhere_is_refused_without_naming_it() {
    let rule = secret_rule("http://hooks.example.com/services/secret-token".to_owned());
    let err = webhook(&rule).deliver(&summary("s")).await.unwrap_err();
    let shown = autotag_hub::lambda::cause_chain(err.as_ref());
    assert!(shown.contains("only `https` is allowed"), "{shown}");
    assert!(!shown.contains("secret-token"), "{shown}");
    assert!(!shown.contains("hooks.example.com"), "{shown}");
    let err = err.downcast_ref::<NotifyError>().unwrap();
    assert!(!err.is_transient());
}

#[tokio::test]
async fn the_webhook_refuses_an_owners_message() {
    let rule = secret_rule("https://hooks.example.com/x".to_owned());
    let err = webhook(&rule)
        .deliver(&to_owner("ana@example.com"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("cannot deliver"), "{err}");
    assert_eq!(rule.num_calls(), 0);
}

/// A dispatcher whose one channel is the webhook of a local server answering `statuses`.
async fn webhook_dispatcher(
    statuses: Vec<u16>,
) -> (Notifiers, Arc<SimulatedClock>, Arc<Mutex<Vec<Received>>>) {
    let (url, received) = serve(statuses).await;
    let clock = Arc::new(SimulatedClock::default());
    let notifiers = Notifiers::new()
        .to_security_team(Channel::new(
            "webhook",
            webhook(&secret_rule(url)),
            RateLimit::CHAT_WEBHOOK,
        ))
        .with_pacer(clock.clone());
    (notifiers, clock, received)
}

#[tokio::test]
async fn a_429_then_200_is_retried_after_the_servers_delay_and_delivered() {
    let (notifiers, clock, received) = webhook_dispatcher(vec![429, 200]).await;
    let report = notifiers.deliver_all(&[summary("s")]).await;
    assert!(report.failed.is_empty(), "{report:?}");
    assert_eq!(report.delivered.len(), 1);
    assert_eq!(report.delivered[0].attempts, 2);
    assert_eq!(received.lock().unwrap().len(), 2);
    // The server's `Retry-After: 1` is the wait; the rate limit asks for nothing more then.
    assert_eq!(*clock.sleeps.lock().unwrap(), vec![Duration::from_secs(1)]);
}

#[tokio::test]
async fn a_500_three_times_is_reported_failed_after_three_attempts() {
    let (notifiers, clock, received) = webhook_dispatcher(vec![500]).await;
    let report = notifiers.deliver_all(&[summary("s")]).await;
    assert!(report.delivered.is_empty());
    assert_eq!(report.failed.len(), 1);
    let failed = &report.failed[0];
    assert_eq!((failed.channel, failed.attempts), ("webhook", 3));
    assert!(failed.reason.contains("`500`"), "{}", failed.reason);
    assert!(!failed.reason.contains("secret-token"));
    assert_eq!(received.lock().unwrap().len(), 3);
    // Each retry waited the server's `Retry-After: 1`, none after the last attempt.
    assert_eq!(
        *clock.sleeps.lock().unwrap(),
        vec![Duration::from_secs(1), Duration::from_secs(1)]
    );
    // And through the port: an error naming the channel.
    let err = notifiers.deliver(&summary("s")).await.unwrap_err();
    assert!(err.to_string().contains("webhook"), "{err}");
}

#[tokio::test]
async fn sns_publishes_the_text_with_a_subject_sns_accepts() {
    let long = format!("autotag enforcement:\n{}", "x".repeat(150));
    let message = summary(&long);
    let text = render_text(&message);
    let publish = mock!(aws_sdk_sns::Client::publish)
        .match_requests(move |req| {
            let subject = req.subject().unwrap_or_default();
            req.topic_arn() == Some(TOPIC)
                && subject.chars().count() == 99
                && subject.starts_with("autotag enforcement: x")
                && req.message() == Some(text.as_str())
        })
        .then_output(|| PublishOutput::builder().message_id("m-1").build());
    let sns = SnsNotifier::new(mocked!(aws_sdk_sns, &[&publish]), TOPIC.to_owned());
    sns.deliver(&message).await.unwrap();
    assert_eq!(publish.num_calls(), 1);
    // An owner's message never goes to the security team's topic.
    assert!(sns.deliver(&to_owner("ana@example.com")).await.is_err());
    assert_eq!(publish.num_calls(), 1);
}

#[tokio::test]
async fn ses_sends_the_owner_a_text_email_from_the_sender() {
    let message = to_owner("ana@example.com");
    let text = render_text(&message);
    let send = mock!(aws_sdk_sesv2::Client::send_email)
        .match_requests(move |req| {
            let simple = req.content().and_then(|c| c.simple());
            req.from_email_address() == Some("autotag@example.com")
                && req.destination().map(|d| d.to_addresses())
                    == Some(&["ana@example.com".to_owned()][..])
                && simple.and_then(|m| m.subject()).map(|s| s.data())
                    == Some("autotag: 1 of your resources needs tags")
                && simple
                    .and_then(|m| m.body())
                    .and_then(|b| b.text())
                    .map(|t| t.data())
                    == Some(text.as_str())
        })
        .then_output(|| SendEmailOutput::builder().message_id("e-1").build());
    let ses = SesNotifier::new(
        mocked!(aws_sdk_sesv2, &[&send]),
        "autotag@example.com".to_owned(),
    );
    ses.deliver(&message).await.unwrap();
    assert_eq!(send.num_calls(), 1);
    assert!(ses.deliver(&summary("s")).await.is_err());
}

/// A channel that records when (on the simulated clock) each message arrived, and fails the
/// way it is told.
#[derive(Debug)]
struct Recorder {
    clock: Arc<SimulatedClock>,
    seen: Mutex<Vec<(Duration, String)>>,
    fail: Option<fn() -> NotifyError>,
}

impl Recorder {
    fn new(clock: &Arc<SimulatedClock>) -> Arc<Self> {
        Arc::new(Self {
            clock: clock.clone(),
            seen: Mutex::new(Vec::new()),
            fail: None,
        })
    }
    fn subjects(&self) -> Vec<String> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .map(|(_, s)| s.clone())
            .collect()
    }
    fn times(&self) -> Vec<Duration> {
        self.seen.lock().unwrap().iter().map(|(t, _)| *t).collect()
    }
}

#[async_trait]
impl Notifier for Recorder {
    async fn deliver(&self, notification: &Notification) -> Result<(), BoxError> {
        self.seen
            .lock()
            .unwrap()
            .push((self.clock.elapsed(), notification.subject.clone()));
        match self.fail {
            Some(fail) => Err(fail().into()),
            None => Ok(()),
        }
    }
}

#[tokio::test]
async fn messages_go_to_their_recipients_channels_and_owners_without_ses_nowhere() {
    let clock = Arc::new(SimulatedClock::default());
    let (sns, chat) = (Recorder::new(&clock), Recorder::new(&clock));
    let messages = [to_owner("ana@example.com"), summary("summary")];

    let without_ses = Notifiers::new()
        .to_security_team(Channel::new("sns", sns.clone(), RateLimit::SNS))
        .to_security_team(Channel::new(
            "webhook",
            chat.clone(),
            RateLimit::CHAT_WEBHOOK,
        ))
        .with_pacer(clock.clone());
    let report = without_ses.deliver_all(&messages).await;
    assert_eq!(report.unrouted, 1);
    assert_eq!(sns.subjects(), vec!["summary"]);
    assert_eq!(chat.subjects(), vec!["summary"]);
    let channels: Vec<&str> = report.delivered.iter().map(|d| d.channel).collect();
    assert_eq!(channels, vec!["sns", "webhook"]);

    let ses = Recorder::new(&clock);
    let with_ses = Notifiers::new()
        .to_owners(Channel::new("ses", ses.clone(), RateLimit::SES_DEFAULT))
        .with_pacer(clock.clone());
    let report = with_ses.deliver_all(&messages).await;
    // No security-team channel configured: the summary has nowhere to go.
    assert_eq!(report.unrouted, 1);
    assert_eq!(
        ses.subjects(),
        vec!["autotag: 1 of your resources needs tags"]
    );
    assert_eq!(report.delivered[0].recipient, "ana@example.com");
}

#[tokio::test]
async fn a_channel_sends_no_faster_than_its_rate_on_the_simulated_clock() {
    let clock = Arc::new(SimulatedClock::default());
    let ses = Recorder::new(&clock);
    let notifiers = Notifiers::new()
        .to_owners(Channel::new("ses", ses.clone(), RateLimit::SES_DEFAULT))
        .with_pacer(clock.clone());
    let owners: Vec<Notification> = (0..5)
        .map(|i| to_owner(&format!("owner{i}@example.com")))
        .collect();
    let report = notifiers.deliver_all(&owners).await;
    assert_eq!(report.delivered.len(), 5);
    let seconds: Vec<u64> = ses.times().iter().map(Duration::as_secs).collect();
    assert_eq!(seconds, vec![0, 1, 2, 3, 4]);

    // A burst of 2 at 2 per second: two at once, then one every half second.
    let clock = Arc::new(SimulatedClock::default());
    let fast = Recorder::new(&clock);
    let limit = RateLimit {
        per_second: 2.0,
        burst: 2,
    };
    let notifiers = Notifiers::new()
        .to_owners(Channel::new("ses", fast.clone(), limit))
        .with_pacer(clock.clone());
    notifiers.deliver_all(&owners).await;
    let millis: Vec<u128> = fast.times().iter().map(Duration::as_millis).collect();
    assert_eq!(millis, vec![0, 0, 500, 1000, 1500]);
}

#[tokio::test]
async fn the_deadline_ends_the_run_and_reports_what_was_left() {
    let clock = Arc::new(SimulatedClock::default());
    let chat = Recorder::new(&clock);
    let notifiers = Notifiers::new()
        .to_security_team(Channel::new(
            "webhook",
            chat.clone(),
            RateLimit::CHAT_WEBHOOK,
        ))
        .with_deadline(Duration::from_millis(2500))
        .with_pacer(clock.clone());
    let messages: Vec<Notification> = (0..5).map(|i| summary(&format!("m{i}"))).collect();
    let report = notifiers.deliver_all(&messages).await;
    assert_eq!(chat.subjects(), vec!["m0", "m1", "m2"]);
    assert_eq!(report.delivered.len(), 3);
    assert_eq!(report.failed.len(), 2);
    assert!(
        report
            .failed
            .iter()
            .all(|f| f.attempts == 0 && f.reason.contains("deadline"))
    );
}

#[tokio::test]
async fn permanent_failures_are_not_retried_and_backoff_doubles_for_transient_ones() {
    let clock = Arc::new(SimulatedClock::default());
    let denied = Arc::new(Recorder {
        clock: clock.clone(),
        seen: Mutex::new(Vec::new()),
        fail: Some(|| NotifyError::Status {
            status: 403,
            retry_after: None,
        }),
    });
    let flaky = Arc::new(Recorder {
        clock: clock.clone(),
        seen: Mutex::new(Vec::new()),
        fail: Some(|| NotifyError::Timeout(Duration::from_secs(10))),
    });
    let fast = RateLimit {
        per_second: 100.0,
        burst: 10,
    };
    let notifiers = Notifiers::new()
        .to_security_team(Channel::new("denied", denied.clone(), fast))
        .to_security_team(Channel::new("flaky", flaky.clone(), fast).with_attempts(3))
        .with_pacer(clock.clone());
    let report = notifiers.deliver_all(&[summary("s")]).await;
    assert_eq!(denied.subjects().len(), 1);
    assert_eq!(flaky.subjects().len(), 3);
    let attempts: Vec<(&str, u32)> = report
        .failed
        .iter()
        .map(|f| (f.channel, f.attempts))
        .collect();
    assert_eq!(attempts, vec![("denied", 1), ("flaky", 3)]);
    // 1 s then 2 s between the flaky channel's attempts.
    assert_eq!(
        *clock.sleeps.lock().unwrap(),
        vec![Duration::from_secs(1), Duration::from_secs(2)]
    );
}
