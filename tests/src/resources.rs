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
    let instance = run
        .instances()
        .first()
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("no instance"))?;
    let instance_id = instance.instance_id().unwrap_or_default().to_owned();
    let eni = instance
        .network_interfaces()
        .first()
        .and_then(|n| n.network_interface_id())
        .unwrap_or_default()
        .to_owned();
    let described = ec2
        .describe_instances()
        .instance_ids(&instance_id)
        .send()
        .await?;
    let volume = described
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .flat_map(|i| i.block_device_mappings())
        .find_map(|m| m.ebs().and_then(|e| e.volume_id()))
        .unwrap_or_default()
        .to_owned();
    Ok(Launched {
        instance: instance_id,
        eni,
        volume,
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
