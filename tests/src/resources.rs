//! Creating resources in a spoke with a principal's own credentials, as engineering teams do;
//! each returns what the matching CloudTrail record needs.

use aws_config::SdkConfig;

use crate::moto::EXAMPLE_AMI;

/// A launched instance: its id, its network interface and its root volume.
#[derive(Debug, Clone)]
pub struct Launched {
    /// `i-...`.
    pub instance: String,
    /// `eni-...`.
    pub eni: String,
    /// `vol-...`, attached by EC2 and absent from the RunInstances record.
    pub volume: String,
}

/// Launches one instance.
pub async fn run_instance(config: &SdkConfig) -> anyhow::Result<Launched> {
    let ec2 = aws_sdk_ec2::Client::new(config);
    let run = ec2
        .run_instances()
        .image_id(EXAMPLE_AMI)
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .send()
        .await?;
    let instance_id = run
        .instances()
        .first()
        .and_then(|i| i.instance_id())
        .ok_or_else(|| anyhow::anyhow!("no instance"))?
        .to_owned();
    describe_launched(&ec2, instance_id).await
}

/// The network interface and root volume EC2 gave `instance`.
async fn describe_launched(
    ec2: &aws_sdk_ec2::Client,
    instance: String,
) -> anyhow::Result<Launched> {
    let described = ec2
        .describe_instances()
        .instance_ids(&instance)
        .send()
        .await?;
    let found = described.reservations().iter().flat_map(|r| r.instances());
    let mut eni = String::new();
    let mut volume = String::new();
    for i in found {
        if let Some(id) = i
            .network_interfaces()
            .first()
            .and_then(|n| n.network_interface_id())
        {
            id.clone_into(&mut eni);
        }
        if let Some(id) = i
            .block_device_mappings()
            .iter()
            .find_map(|m| m.ebs().and_then(|e| e.volume_id()))
        {
            id.clone_into(&mut volume);
        }
    }
    Ok(Launched {
        instance,
        eni,
        volume,
    })
}

/// Creates a launch template and an Auto Scaling group of one instance from it, and returns
/// the instance Auto Scaling launched.
pub async fn create_auto_scaling_group(config: &SdkConfig, name: &str) -> anyhow::Result<Launched> {
    let ec2 = aws_sdk_ec2::Client::new(config);
    let template = format!("{name}-template");
    ec2.create_launch_template()
        .launch_template_name(&template)
        .launch_template_data(
            aws_sdk_ec2::types::RequestLaunchTemplateData::builder()
                .image_id(EXAMPLE_AMI)
                .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
                .build(),
        )
        .send()
        .await?;
    let autoscaling = aws_sdk_autoscaling::Client::new(config);
    autoscaling
        .create_auto_scaling_group()
        .auto_scaling_group_name(name)
        .launch_template(
            aws_sdk_autoscaling::types::LaunchTemplateSpecification::builder()
                .launch_template_name(&template)
                .build(),
        )
        .min_size(1)
        .max_size(1)
        .desired_capacity(1)
        .availability_zones("us-east-1a")
        .send()
        .await?;
    let groups = autoscaling
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(name)
        .send()
        .await?;
    let instance = groups
        .auto_scaling_groups()
        .iter()
        .flat_map(|g| g.instances())
        .find_map(|i| i.instance_id())
        .ok_or_else(|| anyhow::anyhow!("group `{name}` launched no instance"))?
        .to_owned();
    describe_launched(&ec2, instance).await
}

/// A role session with session tags, as `sts:AssumeRole` issued it.
#[derive(Debug, Clone)]
pub struct TaggedSession {
    /// Credentials acting as the session.
    pub config: SdkConfig,
    /// The temporary access key id.
    pub access_key_id: String,
    /// The session's ARN.
    pub arn: String,
    /// The credentials' expiration, RFC 3339.
    pub expiration: String,
}

/// Assumes `role_arn` as `session` with `tags` (those named in `transitive` pass on).
pub async fn assume_role_with_tags(
    config: &SdkConfig,
    role_arn: &str,
    session: &str,
    tags: &[(&str, &str)],
    transitive: &[&str],
) -> anyhow::Result<TaggedSession> {
    let mut request = aws_sdk_sts::Client::new(config)
        .assume_role()
        .role_arn(role_arn)
        .role_session_name(session);
    for (key, value) in tags {
        request = request.tags(
            aws_sdk_sts::types::Tag::builder()
                .key(*key)
                .value(*value)
                .build()?,
        );
    }
    for key in transitive {
        request = request.transitive_tag_keys(*key);
    }
    let output = request.send().await?;
    let credentials = output
        .credentials()
        .ok_or_else(|| anyhow::anyhow!("AssumeRole returned no credentials"))?;
    let arn = output
        .assumed_role_user()
        .map(|u| u.arn().to_owned())
        .unwrap_or_default();
    let expiration = credentials
        .expiration()
        .fmt(aws_smithy_types::date_time::Format::DateTime)?;
    let provider = aws_sdk_sts::config::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        Some(credentials.session_token().to_owned()),
        None,
        "tagged-session",
    );
    Ok(TaggedSession {
        config: config
            .to_builder()
            .credentials_provider(aws_sdk_sts::config::SharedCredentialsProvider::new(
                provider,
            ))
            .build(),
        access_key_id: credentials.access_key_id().to_owned(),
        arn,
        expiration,
    })
}

/// Creates a DynamoDB table keyed by `id` and returns its ARN.
pub async fn create_table(config: &SdkConfig, name: &str) -> anyhow::Result<String> {
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
    };
    let table = aws_sdk_dynamodb::Client::new(config)
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(ScalarAttributeType::S)
                .build()?,
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()?,
        )
        .send()
        .await?;
    Ok(table
        .table_description()
        .and_then(|t| t.table_arn())
        .unwrap_or_default()
        .to_owned())
}

/// Creates an IAM role and returns its ARN.
pub async fn create_role(config: &SdkConfig, name: &str) -> anyhow::Result<String> {
    let role = aws_sdk_iam::Client::new(config)
        .create_role()
        .role_name(name)
        .assume_role_policy_document("{}")
        .send()
        .await?;
    Ok(role.role().map(|r| r.arn().to_owned()).unwrap_or_default())
}

/// Creates an ECR repository and returns its ARN.
pub async fn create_repository(config: &SdkConfig, name: &str) -> anyhow::Result<String> {
    let repo = aws_sdk_ecr::Client::new(config)
        .create_repository()
        .repository_name(name)
        .send()
        .await?;
    Ok(repo
        .repository()
        .and_then(|r| r.repository_arn())
        .unwrap_or_default()
        .to_owned())
}

/// Creates a 1 GiB volume and returns its id.
pub async fn create_volume(config: &SdkConfig) -> anyhow::Result<String> {
    let created = aws_sdk_ec2::Client::new(config)
        .create_volume()
        .availability_zone("us-east-1a")
        .size(1)
        .send()
        .await?;
    Ok(created.volume_id().unwrap_or_default().to_owned())
}

/// Sets `tags` on the EC2 resource `id` (an instance, a volume), as its owner would.
pub async fn tag_ec2(config: &SdkConfig, id: &str, tags: &[(&str, &str)]) -> anyhow::Result<()> {
    let mut create = aws_sdk_ec2::Client::new(config).create_tags().resources(id);
    for (key, value) in tags {
        create = create.tags(
            aws_sdk_ec2::types::Tag::builder()
                .key(*key)
                .value(*value)
                .build(),
        );
    }
    create.send().await?;
    Ok(())
}
