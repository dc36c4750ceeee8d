//! Attacks on the trust chain, performed against the emulated organization: an account that
//! forges events about another account's resources gets nothing tagged, and every forged event
//! that reaches the hub is parked with its reason.

use std::path::PathBuf;

use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::org::{Org, REGION, tags_of};
use autotag_tests::resources;
use serde_json::{Value, json};

fn scratch() -> PathBuf {
    std::env::temp_dir().join(format!("autotag-e2e-trust-{}", std::process::id()))
}

#[tokio::test]
async fn an_account_cannot_get_another_accounts_resources_stamped() -> anyhow::Result<()> {
    // GIVEN an attacker's spoke and a victim's spoke, both in scope, and a volume in the victim
    let org = Org::create(2).await?;
    let (attacker, victim) = (org.spokes[0].clone(), org.spokes[1].clone());
    let policy = org.write_policy(&scratch(), &[&attacker, &victim], "")?;
    let victim_admin = org.admin(&victim).await?;
    let victims_volume = resources::create_volume(&victim_admin).await?;
    let mallory_config = org.user(&attacker, "mallory").await?;
    let mallory = Caller::of(&mallory_config).await?;
    let when = cloudtrail::now();
    // A record of the victim's volume's creation, as the attacker would write it: naming the
    // victim's account as the one acted in, and the attacker as the creator.
    let mut claim = cloudtrail::record(
        "ec2/CreateVolume-invictus-aws_dataset-1.json",
        &mallory,
        REGION,
        &when,
        &[("/responseElements/volumeId", json!(victims_volume))],
    )?;
    claim["recipientAccountId"] = json!(victim);
    claim["eventID"] = json!(format!("forged-{victim}"));

    // WHEN the attacker puts it on their own bus with AWS's source, as AWS refuses,
    let refused = org
        .put_event_as_customer(&attacker, "aws.ec2", "AWS API Call via CloudTrail", &claim)
        .await?;
    // and with a source of their own, which EventBridge accepts,
    let accepted = org
        .put_event_as_customer(
            &attacker,
            "custom.ec2",
            "AWS API Call via CloudTrail",
            &claim,
        )
        .await?;
    // and a genuine CloudTrail event of the attacker's own account carries the claim
    // (CloudTrail never writes another account's id there; this proves the hub checks it),
    org.emit(&attacker, &claim).await?;
    // and, past the queue policy, a bare record and an event with a forged source reach the
    // hub queue itself,
    org.send_to_hub_queue(&claim).await?;
    org.send_to_hub_queue(&json!({
        "version": "0", "id": "forged-source", "source": "custom.ec2",
        "detail-type": "AWS API Call via CloudTrail", "account": victim, "region": REGION,
        "time": when, "resources": [], "detail": claim,
    }))
    .await?;
    let lines = org.run_hub(&policy, 3).await?;

    // THEN EventBridge refused AWS's source and the spoke rules ignored the custom one,
    assert_eq!(refused, ["NotAuthorizedForSourceException"]);
    assert!(accepted.is_empty(), "{accepted:?}");
    // the three that reached the hub were each parked at once, with why,
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines.iter().all(|l| l["disposition"] == "parked"),
        "{lines:#?}"
    );
    let reasons: Vec<String> = org
        .dead_letters()
        .await?
        .into_iter()
        .map(|(_, reason)| reason)
        .collect();
    let has = |needle: &str| reasons.iter().any(|r| r.contains(needle));
    assert!(
        has(&format!(
            "`recipientAccountId` `{victim}` is not the envelope's account `{attacker}`"
        )),
        "{reasons:?}"
    );
    assert!(has("bare CloudTrail record"), "{reasons:?}");
    assert!(has("`custom.ec2` is not an AWS source"), "{reasons:?}");
    // and the victim's volume carries nothing.
    let arn = format!("arn:aws:ec2:{REGION}:{victim}:volume/{victims_volume}");
    assert_eq!(tags_of(&victim_admin, &arn).await?, Default::default());

    // WHEN the victim's own CloudTrail reports the volume's creation,
    let victim_caller = Caller::of(&victim_admin).await?;
    let genuine = cloudtrail::record(
        "ec2/CreateVolume-invictus-aws_dataset-1.json",
        &victim_caller,
        REGION,
        &when,
        &[("/responseElements/volumeId", json!(victims_volume))],
    )?;
    org.emit(&victim, &genuine).await?;
    let lines = org.run_hub(&policy, 3).await?;
    // THEN it arrives through the forwarding rule with the victim's account on its envelope
    // (as AWS keeps it; see tests/moto_harness.py), and is stamped.
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(lines[0]["disposition"], "done", "{lines:#?}");
    let tags = tags_of(&victim_admin, &arn).await?;
    assert_eq!(
        tags.get("createdBy").map(String::as_str),
        victim_caller.user_identity["arn"].as_str(),
        "{tags:?}"
    );
    Ok(())
}

/// An event carried over the forwarding rule keeps the spoke's `account` on its envelope.
#[tokio::test]
async fn the_harness_delivers_the_spokes_account_as_aws_does() -> anyhow::Result<()> {
    let org = Org::create(1).await?;
    let spoke = org.spokes[0].clone();
    let admin = org.admin(&spoke).await?;
    let caller = Caller::of(&admin).await?;
    let record = cloudtrail::record(
        "ec2/CreateVolume-invictus-aws_dataset-1.json",
        &caller,
        REGION,
        &cloudtrail::now(),
        &[("/responseElements/volumeId", json!("vol-0harness"))],
    )?;
    org.emit(&spoke, &record).await?;
    let body = org.receive_hub_message().await?;
    assert_eq!(body["account"], Value::String(spoke), "{body:#}");
    assert_eq!(body["source"], "aws.ec2", "{body:#}");
    Ok(())
}

/// The session table (moto's DynamoDB) keeps the first record of an access key and keys it by
/// the account that recorded it.
#[tokio::test]
async fn the_session_table_keeps_the_first_record_per_key_and_account() -> anyhow::Result<()> {
    use autotag_core::session::{IssuedSession, IssuingCall};
    use autotag_hub::aws::session_store::DynamoSessions;
    use autotag_hub::ports::SessionStore;

    let org = Org::create(0).await?.with_hub_tables().await?;
    let store = DynamoSessions::new(
        aws_sdk_dynamodb::Client::new(org.hub_config()),
        "autotag-sessions".to_owned(),
    );
    let session = |issued_to: &str, account: &str| IssuedSession {
        access_key_id: "ASIAE2ESESSION".into(),
        issued_by: IssuingCall::AssumeRole,
        role_arn: None,
        session_arn: None,
        session_name: None,
        source_identity: None,
        tags: Default::default(),
        transitive_keys: Default::default(),
        issued_to: Some(issued_to.into()),
        caller_access_key_id: None,
        caller_account: None,
        account: account.into(),
        issued_at: "2026-01-01T00:00:00Z".into(),
        expires_at: 0,
    };
    let failed = |err: autotag_hub::ports::BoxError| anyhow::anyhow!("{err}");
    assert!(
        store
            .remember(&session("alice", "111111111111"))
            .await
            .map_err(failed)?
    );
    assert!(
        !store
            .remember(&session("mallory", "111111111111"))
            .await
            .map_err(failed)?
    );
    let kept = store
        .find("ASIAE2ESESSION", "111111111111")
        .await
        .map_err(failed)?;
    assert_eq!(kept.and_then(|s| s.issued_to).as_deref(), Some("alice"));
    assert!(
        store
            .find("ASIAE2ESESSION", "222222222222")
            .await
            .map_err(failed)?
            .is_none()
    );
    Ok(())
}

/// The ledger records a batch's stamps in transactions (moto's DynamoDB): a stamp already
/// recorded stays as it was and says so, the others of its transaction are written, a repeated
/// ARN is recorded once, and a batch past one transaction's 100 items is split.
#[tokio::test]
async fn the_ledger_records_a_batch_once_per_arn_in_transactions() -> anyhow::Result<()> {
    use autotag_core::registry::Route;
    use autotag_hub::aws::session_store::DynamoLedger;
    use autotag_hub::ports::{LedgerStamp, StampLedger};

    let org = Org::create(0).await?.with_hub_tables().await?;
    let ledger = DynamoLedger::new(
        aws_sdk_dynamodb::Client::new(org.hub_config()),
        "autotag-ledger".to_owned(),
    );
    let stamp = |owner: &str| LedgerStamp {
        account: "111111111111".into(),
        region: "us-east-1".into(),
        route: Route::Ec2,
        resource_type: "ec2:volume".into(),
        tags: [("owner".to_owned(), owner.to_owned())].into(),
        event_id: format!("event-of-{owner}"),
        recorded_at: "2026-01-01T00:00:00Z".into(),
    };
    let arn = |n: usize| format!("arn:aws:ec2:us-east-1:111111111111:volume/vol-{n:04}");
    let failed = |err: autotag_hub::ports::BoxError| anyhow::anyhow!("{err}");
    assert!(
        ledger
            .record(&arn(0), &stamp("alice"))
            .await
            .map_err(failed)?
    );

    let mut batch = vec![(arn(0), stamp("mallory")), (arn(1), stamp("bob"))];
    batch.push((arn(1), stamp("mallory")));
    batch.extend((2..150).map(|n| (arn(n), stamp("carol"))));
    let results: Vec<bool> = ledger
        .record_all(&batch)
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(failed)?;
    assert_eq!(results.len(), batch.len());
    assert_eq!(results[..3], [false, true, false], "first records stand");
    assert!(results[3..].iter().all(|written| *written));

    let kept = |n: usize| {
        let ledger = &ledger;
        async move {
            ledger
                .find(&arn(n))
                .await
                .map_err(failed)?
                .ok_or_else(|| anyhow::anyhow!("{} not recorded", arn(n)))
        }
    };
    assert_eq!(kept(0).await?.tags["owner"], "alice");
    assert_eq!(kept(1).await?.tags["owner"], "bob");
    assert_eq!(kept(149).await?.tags["owner"], "carol");
    assert_eq!(ledger.all().await.map_err(failed)?.len(), 150);
    Ok(())
}
