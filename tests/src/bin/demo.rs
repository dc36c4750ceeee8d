//! `make demo`: a local organization in the emulator, resources created in two spokes by three
//! kinds of principal, the hub stamping them, and the auditor's view of the result.

use std::io::Write;

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
    let org = Org::create(2).await?;
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
    let mut emitted = Vec::new();

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
    let repo_arn = resources::create_repository(&pipeline, "web-app").await?;
    writeln!(
        out,
        "   deployer/ci-pipeline-4711 (role session, {a}): repository web-app"
    )?;
    emitted.push((
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
        arn: repo_arn,
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
    let table_arn = resources::create_table(&jane, "orders").await?;
    let role_arn = resources::create_role(&jane, "orders-api").await?;
    writeln!(
        out,
        "   jane@example.com (SSO session, {b}): table orders, role orders-api"
    )?;
    emitted.push((
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
    emitted.push((
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
    let lines = org.run_hub(&policy, 3).await?;
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
        writeln!(
            out,
            "   {:<6} {:<26} {} resource(s) in {}",
            text("/disposition"),
            text("/events/0/principal/owner"),
            applied,
            text("/events/0/account")
        )?;
    }

    writeln!(out, "== auditor's view: tags read back in each spoke")?;
    let mut rows = Vec::new();
    for item in &created {
        let admin = org.admin(&item.account).await?;
        let tags = tags_of(&admin, &item.arn).await?;
        rows.push(json!({
            "account": item.account,
            "region": REGION,
            "resource": item.arn,
            "owner": tags.get("owner"),
            "dateCreated": tags.get("dateCreated"),
        }));
    }
    writeln!(
        out,
        "{:<13} {:<10} {:<76} {:<26} DATECREATED",
        "ACCOUNT", "REGION", "RESOURCE", "OWNER"
    )?;
    for row in &rows {
        let text = |key: &str| {
            row.get(key)
                .and_then(Value::as_str)
                .unwrap_or("-")
                .to_owned()
        };
        writeln!(
            out,
            "{:<13} {:<10} {:<76} {:<26} {}",
            text("account"),
            text("region"),
            text("resource"),
            text("owner"),
            text("dateCreated")
        )?;
    }
    let file = std::fs::File::create("demo-audit.json")?;
    let mut file = std::io::BufWriter::new(file);
    for row in &rows {
        writeln!(file, "{row}")?;
    }
    file.flush()?;
    let unstamped = rows
        .iter()
        .filter(|r| r.get("owner").is_none_or(Value::is_null))
        .count();
    writeln!(
        out,
        "== wrote {} rows to demo-audit.json; {unstamped} resource(s) without an owner",
        rows.len()
    )?;
    if unstamped > 0 {
        anyhow::bail!("{unstamped} resource(s) were not stamped");
    }
    Ok(())
}
