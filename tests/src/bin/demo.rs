//! `make demo`: a local organization in the emulator, resources created in two spokes by an IAM
//! user, a role session, an SSO user, a user's tagged role session and an Auto Scaling group, the
//! hub stamping them, the security team's required-tag rule, ECR's own tag set written by
//! `autotag retag`, the admission webhook judging a Pod, and last the auditor's view.

use std::io::Write;
use std::time::Duration;

use autotag_hub::webhook::Webhook;
use autotag_tests::cloudtrail::{self, Caller};
use autotag_tests::org::{Org, REGION, tags_of};
use autotag_tests::resources::{self, Launched};
use serde_json::{Value, json};

/// One resource the demo created: where, what, and by which spoke's admin to read it back.
struct Created {
    account: String,
    arn: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "== starting the AWS emulator and a local organization (hub + 2 spokes)"
    )?;
    let org = Org::create(2)
        .await?
        .with_hub_tables()
        .await?
        .with_alerts()
        .await?;
    let [a, b] = org
        .spokes
        .clone()
        .try_into()
        .map_err(|_| anyhow::anyhow!("expected two spokes"))?;
    writeln!(out, "   hub {}  spokes {a}, {b}", org.hub)?;
    let policy = org.write_policy(
        &std::env::temp_dir().join("autotag-demo"),
        &[&a, &b],
        "\n[static_tags]\nWhatIsThis = \"https://example.com/wiki/autotag\"\n",
    )?;

    writeln!(out, "== engineers create resources, unaware of autotag")?;
    let when = cloudtrail::now();
    let mut created = Vec::new();
    // STS and parent records go first; the calls made with their sessions or by their groups
    // come after, as they do in CloudTrail.
    let mut emitted = Vec::new();
    let mut depending = Vec::new();

    // An IAM user in spoke A launches an instance and creates a bucket.
    let alice = org.user(&a, "alice").await?;
    let alice_caller = Caller::of(&alice).await?;
    let Launched {
        instance,
        eni,
        volume,
    } = resources::run_instance(&alice).await?;
    let bucket = format!("analytics-{a}");
    autotag_tests::moto::s3_client(&alice)
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await?;
    writeln!(
        out,
        "   alice (IAM user, {a}): instance {instance}, bucket {bucket}"
    )?;
    emitted.push((a.clone(), cloudtrail::record("ec2/RunInstances-invictus-aws_dataset-1.json", &alice_caller, REGION, &when, &[
        ("/responseElements/instancesSet/items/0/instanceId", json!(instance)),
        ("/responseElements/instancesSet/items/0/networkInterfaceSet/items/0/networkInterfaceId", json!(eni)),
    ])?));
    emitted.push((
        a.clone(),
        cloudtrail::record(
            "s3/CreateBucket-invictus-aws_dataset-1.json",
            &alice_caller,
            REGION,
            &when,
            &[("/requestParameters/bucketName", json!(bucket))],
        )?,
    ));
    for arn in [
        format!("arn:aws:ec2:{REGION}:{a}:instance/{instance}"),
        format!("arn:aws:ec2:{REGION}:{a}:volume/{volume}"),
        format!("arn:aws:ec2:{REGION}:{a}:network-interface/{eni}"),
        format!("arn:aws:s3:::{bucket}"),
    ] {
        created.push(Created {
            account: a.clone(),
            arn,
        });
    }

    // A CI pipeline's role session in spoke A creates a repository.
    let pipeline = org.role_session(&a, "deployer", "ci-pipeline-4711").await?;
    let pipeline_caller = Caller::of(&pipeline).await?;
    emitted.push((
        a.clone(),
        cloudtrail::issued_session(
            "sts/AssumeRole-awsdocs-iam-user-guide-2.json",
            &Caller::of(&org.admin(&a).await?).await?,
            &pipeline_caller,
            REGION,
            &when,
            &[],
        )?,
    ));
    let repo_arn = resources::create_repository(&pipeline, "web-app").await?;
    writeln!(
        out,
        "   deployer/ci-pipeline-4711 (role session, {a}): repository web-app"
    )?;
    depending.push((
        a.clone(),
        cloudtrail::record(
            "ecr/CreateRepository-constructed-1.json",
            &pipeline_caller,
            REGION,
            &when,
            &[(
                "/responseElements/repository/repositoryArn",
                json!(repo_arn),
            )],
        )?,
    ));
    created.push(Created {
        account: a.clone(),
        arn: repo_arn.clone(),
    });

    // An IAM Identity Center (SSO) user in spoke B creates a table and a role.
    let jane = org
        .role_session(
            &b,
            "AWSReservedSSO_Developer_0123456789abcdef",
            "jane@example.com",
        )
        .await?;
    let jane_caller = Caller::of(&jane).await?;
    // Identity Center signs jane in through SAML, with her department as a principal tag.
    let saml_user = Caller {
        user_identity: json!({"type": "SAMLUser", "userName": "jane@example.com",
            "principalId": "SampleUkh1i4+ExamplexL/jEvs=:jane@example.com",
            "identityProvider": "SampleUkh1i4+ExamplexL/jEvs="}),
        account: b.clone(),
    };
    emitted.push((
        b.clone(),
        cloudtrail::issued_session(
            "sts/AssumeRoleWithSAML-vikyol-aws-tags-1.json",
            &saml_user,
            &jane_caller,
            REGION,
            &when,
            &[(
                "/requestParameters/principalTags",
                json!({"Department": "Payments"}),
            )],
        )?,
    ));
    let table_arn = resources::create_table(&jane, "orders").await?;
    let role_arn = resources::create_role(&jane, "orders-api").await?;
    writeln!(
        out,
        "   jane@example.com (SSO session, {b}): table orders, role orders-api"
    )?;
    depending.push((
        b.clone(),
        cloudtrail::record(
            "dynamodb/CreateTable-vikyol-aws-tags-1.json",
            &jane_caller,
            REGION,
            &when,
            &[(
                "/responseElements/tableDescription/tableArn",
                json!(table_arn),
            )],
        )?,
    ));
    depending.push((
        b.clone(),
        cloudtrail::record(
            "iam/CreateRole-invictus-aws_dataset-1.json",
            &jane_caller,
            REGION,
            &when,
            &[
                ("/responseElements/role/arn", json!(role_arn)),
                ("/responseElements/role/roleName", json!("orders-api")),
            ],
        )?,
    ));
    created.push(Created {
        account: b.clone(),
        arn: table_arn,
    });
    created.push(Created {
        account: b.clone(),
        arn: role_arn,
    });

    // IAM user carol in spoke B assumes role Deployer (IAM tag Tier=gold) with session tags, and
    // creates a bucket with the session's credentials.
    let admin_b = org.admin(&b).await?;
    let deployer = aws_sdk_iam::Client::new(&admin_b)
        .create_role()
        .role_name("Deployer")
        .assume_role_policy_document("{}")
        .tags(
            aws_sdk_iam::types::Tag::builder()
                .key("Tier")
                .value("gold")
                .build()?,
        )
        .send()
        .await?
        .role()
        .map(|r| r.arn().to_owned())
        .unwrap_or_default();
    let carol = org.user(&b, "carol").await?;
    let session = resources::assume_role_with_tags(
        &carol,
        &deployer,
        "botocore-session-1",
        &[("CostCenter", "4711"), ("Project", "apollo")],
        &["Project"],
    )
    .await?;
    emitted.push((
        b.clone(),
        cloudtrail::issued_session(
            "sts/AssumeRole-awsdocs-iam-user-guide-2.json",
            &Caller::of(&carol).await?,
            &Caller::of(&session.config).await?,
            REGION,
            &when,
            &[
                (
                    "/requestParameters/tags",
                    json!([{"key": "CostCenter", "value": "4711"}, {"key": "Project", "value": "apollo"}]),
                ),
                ("/requestParameters/transitiveTagKeys", json!(["Project"])),
                ("/responseElements/credentials/expiration", json!(session.expiration)),
            ],
        )?,
    ));
    let apollo = format!("apollo-{b}");
    autotag_tests::moto::s3_client(&session.config)
        .create_bucket()
        .bucket(&apollo)
        .send()
        .await?;
    writeln!(
        out,
        "   carol (IAM user, {b}) as Deployer/botocore-session-1 with session tags: bucket {apollo}"
    )?;
    depending.push((
        b.clone(),
        cloudtrail::record(
            "s3/CreateBucket-invictus-aws_dataset-1.json",
            &Caller::of(&session.config).await?,
            REGION,
            &when,
            &[("/requestParameters/bucketName", json!(apollo))],
        )?,
    ));
    created.push(Created {
        account: b.clone(),
        arn: format!("arn:aws:s3:::{apollo}"),
    });

    // IAM user bob in spoke A creates an Auto Scaling group, which launches an instance with
    // Auto Scaling's own service-linked role.
    let bob = org.user(&a, "bob").await?;
    let web = resources::create_auto_scaling_group(&bob, "web").await?;
    writeln!(
        out,
        "   bob (IAM user, {a}): Auto Scaling group web, which launched {}",
        web.instance
    )?;
    emitted.push((
        a.clone(),
        cloudtrail::record(
            "autoscaling/CreateAutoScalingGroup-constructed-1.json",
            &Caller::of(&bob).await?,
            REGION,
            &when,
            &[("/requestParameters/autoScalingGroupName", json!("web"))],
        )?,
    ));
    let auto_scaling = Caller::auto_scaling(&a);
    depending.push((a.clone(), cloudtrail::record("ec2/RunInstances-invictus-aws_dataset-1.json", &auto_scaling, REGION, &when, &[
        ("/responseElements/instancesSet/items/0/instanceId", json!(web.instance)),
        ("/responseElements/instancesSet/items/0/networkInterfaceSet/items/0/networkInterfaceId", json!(web.eni)),
    ])?));
    created.push(Created {
        account: a.clone(),
        arn: format!(
            "arn:aws:autoscaling:{REGION}:{a}:autoScalingGroup:*:autoScalingGroupName/web"
        ),
    });
    created.push(Created {
        account: a.clone(),
        arn: format!("arn:aws:ec2:{REGION}:{a}:instance/{}", web.instance),
    });

    writeln!(
        out,
        "== CloudTrail events go spoke default bus -> hub bus -> hub queue"
    )?;
    for (account, record) in &emitted {
        org.emit(account, record).await?;
    }
    writeln!(
        out,
        "== the hub drains its queue (autotag hub --exit-when-idle)"
    )?;
    let mut lines = org.run_hub(&policy, 3).await?;
    writeln!(
        out,
        "== then the calls made with those sessions and by bob's group arrive"
    )?;
    for (account, record) in &depending {
        org.emit(account, record).await?;
    }
    lines.extend(org.run_hub(&policy, 3).await?);
    for line in &lines {
        let text = |pointer: &str| {
            line.pointer(pointer)
                .and_then(Value::as_str)
                .unwrap_or_default()
        };
        let applied = line
            .pointer("/events/0/applied")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let what = if text("/events/0/outcome") == "session" {
            format!(
                "recorded the session {} opened",
                text("/events/0/principal/owner")
            )
        } else {
            format!(
                "{:<40} {applied} resource(s) in {}",
                text("/events/0/tags/owner"),
                text("/events/0/account")
            )
        };
        writeln!(out, "   {:<6} {what}", text("/disposition"))?;
    }

    writeln!(
        out,
        "== mallory removes every tag of alice's volume (ec2 delete-tags, no keys)"
    )?;
    let mallory = org.user(&a, "mallory").await?;
    let mallory_caller = Caller::of(&mallory).await?;
    aws_sdk_ec2::Client::new(&mallory)
        .delete_tags()
        .resources(&volume)
        .send()
        .await?;
    let volume_arn = format!("arn:aws:ec2:{REGION}:{a}:volume/{volume}");
    writeln!(
        out,
        "   tags now: {:?}",
        tags_of(&mallory, &volume_arn).await?
    )?;
    org.emit(
        &a,
        &cloudtrail::record(
            "ec2/DeleteTags-derived-invictus-aws_dataset-1.json",
            &mallory_caller,
            REGION,
            &cloudtrail::now(),
            &[(
                "/requestParameters/resourcesSet/items/0/resourceId",
                json!(volume),
            )],
        )?,
    )
    .await?;
    org.run_hub(&policy, 3).await?;
    let restored = tags_of(&mallory, &volume_arn).await?;
    writeln!(
        out,
        "   the hub put the ledger's stamp back: owner={}",
        restored.get("owner").map_or("-", String::as_str)
    )?;
    for (subject, alert) in org.received_alerts().await? {
        writeln!(out, "   alert \"{subject}\": {alert}")?;
    }
    if !restored.contains_key("owner") {
        anyhow::bail!("the removed stamp was not restored");
    }

    let ledger = org
        .hub_tables
        .as_ref()
        .map(|(_, ledger)| ledger.clone())
        .unwrap_or_default();
    let accounts = format!("{a},{b}");
    writeln!(
        out,
        "== the security team's rule: every instance carries CostCenter 1001 or 1002 (autotag enforce --report)"
    )?;
    let enforcing = org.write_policy(
        &std::env::temp_dir().join("autotag-demo-enforce"),
        &[&a, &b],
        "\n[[enforce]]\nname = \"cost-center\"\nresource_types = [\"ec2:instance\"]\n\
         required_tags = [{ key = \"CostCenter\", values = [\"1001\", \"1002\"] }]\n\
         steps = [{ action = \"notify\" }, { action = \"mark\" }, { action = \"stop\", after = \"3d\" }]\n",
    )?;
    let report = [
        "enforce",
        "--report",
        "--accounts",
        &accounts,
        "--regions",
        REGION,
    ];
    let (status, table, stderr) = org.run_autotag_raw(Some(&enforcing), &report).await?;
    out.write_all(table.as_bytes())?;
    // 4: something is not compliant, which is what the report is for.
    if status.code() != Some(4) || !table.contains(&instance) {
        anyhow::bail!("the enforcement report did not find alice's instance ({status}): {stderr}");
    }
    writeln!(
        out,
        "   (a dry run, the default: the findings say what would be done, and nothing changes)"
    )?;

    writeln!(
        out,
        "== the rule goes live (dry_run = false, the team's topic): autotag enforce --sweep notifies and marks"
    )?;
    let topic = org
        .alerts
        .as_ref()
        .map(|(topic, _)| topic.clone())
        .unwrap_or_default();
    let live = org.write_policy(
        &std::env::temp_dir().join("autotag-demo-enforce-live"),
        &[&a, &b],
        &format!(
            "\n[enforcement]\nnotify_topic = \"{topic}\"\n\n[[enforce]]\nname = \"cost-center\"\n\
             resource_types = [\"ec2:instance\"]\ndry_run = false\n\
             required_tags = [{{ key = \"CostCenter\", values = [\"1001\", \"1002\"] }}]\n\
             steps = [{{ action = \"notify\" }}, {{ action = \"mark\" }}, {{ action = \"stop\", after = \"3d\" }}]\n"
        ),
    )?;
    // Earlier alerts (the restored stamps) are not this step's.
    org.received_alert_texts().await?;
    let sweep = [
        "enforce",
        "--sweep",
        "--accounts",
        &accounts,
        "--regions",
        REGION,
        "--ledger-table",
        &ledger,
    ];
    let (status, table, stderr) = org.run_autotag_raw(Some(&live), &sweep).await?;
    out.write_all(table.as_bytes())?;
    if !status.success() {
        anyhow::bail!("the sweep failed ({status}): {stderr}");
    }
    let told = org.received_alert_texts().await?;
    let Some((subject, text)) = told.first() else {
        anyhow::bail!("the security team was not told");
    };
    writeln!(out, "   the security team's email (SNS): {subject}")?;
    for line in text.lines().take(12) {
        writeln!(out, "   | {line}")?;
    }
    let marks: Vec<(String, String)> = tags_of(
        &alice,
        &format!("arn:aws:ec2:{REGION}:{a}:instance/{instance}"),
    )
    .await?
    .into_iter()
    .filter(|(key, _)| key.starts_with("autotag:enforce:"))
    .collect();
    let Some((key, value)) = marks.first() else {
        anyhow::bail!("alice's instance was not marked");
    };
    writeln!(
        out,
        "   alice's instance now carries {key}={value}: it stops then unless CostCenter is set \
         (the hub stack's scheduled sweep runs the next step; the SCP keeps the mark on)"
    )?;

    let retag_policy = retag_repositories(&mut out, &org, &policy, &pipeline, &repo_arn).await?;
    admission(&mut out, &org, &pipeline, &a).await?;

    writeln!(
        out,
        "== auditor's view: autotag audit across the organization (table, then coverage)"
    )?;
    let audit = [
        "audit",
        "--accounts",
        &accounts,
        "--regions",
        REGION,
        "--ledger-table",
        &ledger,
    ];
    let (_, table, _) = org.run_autotag_raw(Some(&retag_policy), &audit).await?;
    out.write_all(table.as_bytes())?;
    let mut json_args = audit.to_vec();
    json_args.extend(["--output", "json"]);
    let (_, rows) = org.run_autotag(Some(&retag_policy), &json_args).await?;
    let file = std::fs::File::create("demo-audit.json")?;
    let mut file = std::io::BufWriter::new(file);
    for row in &rows {
        writeln!(file, "{row}")?;
    }
    file.flush()?;
    let unstamped: Vec<String> = created
        .iter()
        .filter(|item| {
            !rows.iter().any(|row| {
                row.get("arn").and_then(Value::as_str) == Some(item.arn.as_str())
                    && row.get("account").and_then(Value::as_str) == Some(item.account.as_str())
                    && row.get("status").and_then(Value::as_str) == Some("stamped")
            })
        })
        .map(|item| item.arn.clone())
        .collect();
    writeln!(
        out,
        "== wrote {} rows to demo-audit.json; every resource the engineers created is stamped: {}",
        rows.len(),
        unstamped.is_empty()
    )?;
    writeln!(
        out,
        "   (the unstamped rows are the emulator's set-up: users and roles made before autotag; \
         `autotag backfill --mark-unknown` marks such resources)"
    )?;
    if !unstamped.is_empty() {
        anyhow::bail!("not stamped: {unstamped:?}");
    }

    Ok(())
}

/// The tag set the aws-tag-enforcement seed gives every ECR repository: two placeholders for
/// the owner to fill in, and who manages them.
const ECR_TAG_SET: &str = "\n[[tag_set]]\nresource_types = [\"ecr:repository\"]\n\
    tags = { Confidentiality = \"\", Compliance = \"\", AutoTag_ManagedBy = \"Site Reliability Engineering\" }\n";

/// The platform team adds a tag set for ECR repositories, and `autotag retag` writes it on the
/// repositories that already exist; returns the policy in force after the change.
async fn retag_repositories(
    out: &mut impl Write,
    org: &Org,
    before: &std::path::Path,
    reader: &aws_config::SdkConfig,
    repository_arn: &str,
) -> anyhow::Result<std::path::PathBuf> {
    writeln!(
        out,
        "== the platform team gives ECR repositories a tag set of their own; autotag retag writes it on those that exist"
    )?;
    let accounts: Vec<&str> = org.spokes.iter().map(String::as_str).collect();
    let after = org.write_policy(
        &std::env::temp_dir().join("autotag-demo-retag"),
        &accounts,
        &format!(
            "\n[static_tags]\nWhatIsThis = \"https://example.com/wiki/autotag\"\n{ECR_TAG_SET}"
        ),
    )?;
    let before = before.to_string_lossy();
    let accounts = accounts.join(",");
    let (status, table, stderr) = org
        .run_autotag_raw(
            Some(&after),
            &[
                "retag",
                "--from",
                &before,
                "--accounts",
                &accounts,
                "--regions",
                REGION,
            ],
        )
        .await?;
    out.write_all(table.as_bytes())?;
    if !status.success() {
        anyhow::bail!("the retag failed ({status}): {stderr}");
    }
    let tags = tags_of(reader, repository_arn).await?;
    writeln!(out, "   web-app's tags now: {tags:?}")?;
    if tags.get("AutoTag_ManagedBy").map(String::as_str) != Some("Site Reliability Engineering")
        || !tags.contains_key("owner")
    {
        anyhow::bail!("web-app did not get the tag set beside its stamps: {tags:?}");
    }
    writeln!(
        out,
        "   (the stamps are untouched; a second run writes nothing; the hub's retag function does \
         the same on the policy parameter's change event)"
    )?;
    Ok(after)
}

/// A Pod's review as the Kubernetes API server sends it, its containers given as (name, image).
fn pod_review(uid: &str, containers: &[(&str, &str)]) -> String {
    let containers: Vec<Value> = containers
        .iter()
        .map(|(name, image)| json!({"name": name, "image": image}))
        .collect();
    json!({
        "kind": "AdmissionReview",
        "apiVersion": "admission.k8s.io/v1",
        "request": {
            "uid": uid,
            "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "namespace": "shop",
            "operation": "CREATE",
            "userInfo": {"username": "alice"},
            "object": {
                "kind": "Pod",
                "apiVersion": "v1",
                "metadata": {"name": "web", "namespace": "shop"},
                "spec": {"containers": containers}
            }
        }
    })
    .to_string()
}

/// The admission webhook's decision on `review`: whether it is allowed, and the message.
async fn judge(webhook: &Webhook, review: &str) -> anyhow::Result<(bool, String)> {
    let answer = webhook.answer(review.as_bytes()).await;
    let body: Value = serde_json::from_str(&answer.body)?;
    let allowed = body.pointer("/response/allowed").and_then(Value::as_bool);
    let message = body
        .pointer("/response/status/message")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    match allowed {
        Some(allowed) => Ok((allowed, message)),
        None => anyhow::bail!("the webhook answered {}: {}", answer.status, answer.body),
    }
}

/// A Kubernetes cluster asks the admission webhook (the code `autotag-webhook` serves) about a
/// Pod running web-app and nginx; web-app's owner then fixes the repository.
async fn admission(
    out: &mut impl Write,
    org: &Org,
    owner: &aws_config::SdkConfig,
    account: &str,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "== a cluster asks the admission webhook about a Pod running web-app and nginx (the review autotag-webhook answers)"
    )?;
    // Not cached, so that the repository's fix below is seen at once.
    let webhook = org
        .webhook(
            "",
            &std::env::temp_dir().join("autotag-demo-admission"),
            Duration::ZERO,
        )
        .await?;
    let web_app = format!("{account}.dkr.ecr.{REGION}.amazonaws.com/web-app:1.0");
    let (allowed, message) = judge(
        &webhook,
        &pod_review("demo-1", &[("web", &web_app), ("proxy", "nginx:1.25")]),
    )
    .await?;
    writeln!(out, "   allowed: {allowed}")?;
    // One broken rule a line: the message joins them with `; `.
    for rule in message.split("; ") {
        writeln!(out, "   | {rule}")?;
    }
    if allowed || !message.contains("nginx:1.25") || !message.contains("web-app") {
        anyhow::bail!("the Pod was not denied for both images: {message}");
    }
    writeln!(
        out,
        "== web-app's owner turns on tag immutability and scan on push; the Pod, without nginx, is admitted"
    )?;
    let ecr = aws_sdk_ecr::Client::new(owner);
    ecr.put_image_tag_mutability()
        .repository_name("web-app")
        .image_tag_mutability(aws_sdk_ecr::types::ImageTagMutability::Immutable)
        .send()
        .await?;
    ecr.put_image_scanning_configuration()
        .repository_name("web-app")
        .image_scanning_configuration(
            aws_sdk_ecr::types::ImageScanningConfiguration::builder()
                .scan_on_push(true)
                .build(),
        )
        .send()
        .await?;
    let (allowed, message) = judge(&webhook, &pod_review("demo-2", &[("web", &web_app)])).await?;
    writeln!(out, "   allowed: {allowed}")?;
    if !allowed {
        anyhow::bail!("the fixed Pod was denied: {message}");
    }
    Ok(())
}
