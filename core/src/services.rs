//! What each registry resource type needs from IAM: the ARN pattern its permissions are scoped
//! to, the actions that read, write and remove its tags, and whether those actions honour the
//! `aws:TagKeys` condition key (which decides whether the SCP can protect its stamps).
//!
//! The spoke role's permissions and the tag-protecting SCP are rendered from this table and the
//! registry's routes, so a new registry row that lacks an entry here fails a test.

use crate::registry::Route;

/// IAM facts about one resource type.
#[derive(Debug, Clone, Copy)]
pub struct ResourceTypeIam {
    /// The registry's resource type, e.g. `ec2:volume`.
    pub resource_type: &'static str,
    /// ARN pattern the tag actions are scoped to (any partition, region and account).
    pub arn_pattern: &'static str,
    /// Resource-scoped actions the hub uses to read existing tags (the rest are in
    /// [`route_actions`]).
    pub read_actions: &'static [&'static str],
    /// The service's own action that adds tags (also authorised for the tagging API).
    pub tag_actions: &'static [&'static str],
    /// The service's own actions that remove or replace tags.
    pub untag_actions: &'static [&'static str],
    /// Whether the tag and untag actions support `aws:TagKeys`.
    pub tag_keys_condition: bool,
}

const EC2_TAG: &[&str] = &["ec2:CreateTags"];
const EC2_UNTAG: &[&str] = &["ec2:DeleteTags"];

const fn ec2(resource_type: &'static str, arn_pattern: &'static str) -> ResourceTypeIam {
    ResourceTypeIam {
        resource_type,
        arn_pattern,
        read_actions: &[],
        tag_actions: EC2_TAG,
        untag_actions: EC2_UNTAG,
        tag_keys_condition: true,
    }
}

const fn tagged_by(
    resource_type: &'static str,
    arn_pattern: &'static str,
    tag_actions: &'static [&'static str],
    untag_actions: &'static [&'static str],
) -> ResourceTypeIam {
    ResourceTypeIam {
        resource_type,
        arn_pattern,
        read_actions: &[],
        tag_actions,
        untag_actions,
        tag_keys_condition: true,
    }
}

const fn read_by(facts: ResourceTypeIam, read_actions: &'static [&'static str]) -> ResourceTypeIam {
    ResourceTypeIam {
        read_actions,
        ..facts
    }
}

/// Every resource type of the registry.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "guardduty:threatintelset",
        arn_pattern: "arn:*:guardduty:*:*:detector/*/threatintelset/*",
        read_actions: &[],
        tag_actions: &["guardduty:TagResource"],
        untag_actions: &["guardduty:UntagResource"],
        tag_keys_condition: true,
    },
    ec2(
        "ec2:traffic-mirror-filter",
        "arn:*:ec2:*:*:traffic-mirror-filter/*",
    ),
    ec2(
        "ec2:traffic-mirror-target",
        "arn:*:ec2:*:*:traffic-mirror-target/*",
    ),
    ec2(
        "ec2:traffic-mirror-session",
        "arn:*:ec2:*:*:traffic-mirror-session/*",
    ),
    ec2(
        "ec2:transit-gateway-route-table",
        "arn:*:ec2:*:*:transit-gateway-route-table/*",
    ),
    ec2("ec2:prefix-list", "arn:*:ec2:*:*:prefix-list/*"),
    ec2("ec2:fleet", "arn:*:ec2:*:*:fleet/*"),
    ec2(
        "ec2:spot-instances-request",
        "arn:*:ec2:*:*:spot-instances-request/*",
    ),
    ec2(
        "ec2:transit-gateway-multicast-domain",
        "arn:*:ec2:*:*:transit-gateway-multicast-domain/*",
    ),
    ec2(
        "ec2:instance-event-window",
        "arn:*:ec2:*:*:instance-event-window/*",
    ),
    ec2(
        "ec2:network-insights-path",
        "arn:*:ec2:*:*:network-insights-path/*",
    ),
    ec2("ec2:ipam", "arn:*:ec2:*:*:ipam/*"),
    ec2("ec2:ipam-pool", "arn:*:ec2:*:*:ipam-pool/*"),
    ec2(
        "ec2:verified-access-instance",
        "arn:*:ec2:*:*:verified-access-instance/*",
    ),
    ResourceTypeIam {
        resource_type: "cloudwatch:alarm",
        arn_pattern: "arn:*:cloudwatch:*:*:alarm:*",
        read_actions: &[],
        tag_actions: &["cloudwatch:TagResource"],
        untag_actions: &["cloudwatch:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "events:event-bus",
        arn_pattern: "arn:*:events:*:*:event-bus/*",
        read_actions: &[],
        tag_actions: &["events:TagResource"],
        untag_actions: &["events:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ssm:maintenancewindow",
        arn_pattern: "arn:*:ssm:*:*:maintenancewindow/*",
        read_actions: &[],
        tag_actions: &["ssm:AddTagsToResource"],
        untag_actions: &["ssm:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ssm:patchbaseline",
        arn_pattern: "arn:*:ssm:*:*:patchbaseline/*",
        read_actions: &[],
        tag_actions: &["ssm:AddTagsToResource"],
        untag_actions: &["ssm:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "scheduler:schedule-group",
        arn_pattern: "arn:*:scheduler:*:*:schedule-group/*",
        read_actions: &[],
        tag_actions: &["scheduler:TagResource"],
        untag_actions: &["scheduler:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "codepipeline:pipeline",
        arn_pattern: "arn:*:codepipeline:*:*:*",
        read_actions: &[],
        tag_actions: &["codepipeline:TagResource"],
        untag_actions: &["codepipeline:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "codedeploy:deploymentgroup",
        arn_pattern: "arn:*:codedeploy:*:*:deploymentgroup:*/*",
        read_actions: &[],
        tag_actions: &["codedeploy:TagResource"],
        untag_actions: &["codedeploy:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "glue:job",
        arn_pattern: "arn:*:glue:*:*:job/*",
        read_actions: &[],
        tag_actions: &["glue:TagResource"],
        untag_actions: &["glue:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "glue:crawler",
        arn_pattern: "arn:*:glue:*:*:crawler/*",
        read_actions: &[],
        tag_actions: &["glue:TagResource"],
        untag_actions: &["glue:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "glue:database",
        arn_pattern: "arn:*:glue:*:*:database/*",
        read_actions: &[],
        tag_actions: &["glue:TagResource"],
        untag_actions: &["glue:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "glue:workflow",
        arn_pattern: "arn:*:glue:*:*:workflow/*",
        read_actions: &[],
        tag_actions: &["glue:TagResource"],
        untag_actions: &["glue:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "glue:trigger",
        arn_pattern: "arn:*:glue:*:*:trigger/*",
        read_actions: &[],
        tag_actions: &["glue:TagResource"],
        untag_actions: &["glue:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "kendra:index",
        arn_pattern: "arn:*:kendra:*:*:index/*",
        read_actions: &[],
        tag_actions: &["kendra:TagResource"],
        untag_actions: &["kendra:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "transfer:user",
        arn_pattern: "arn:*:transfer:*:*:user/*/*",
        read_actions: &[],
        tag_actions: &["transfer:TagResource"],
        untag_actions: &["transfer:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "fsx:file-system",
        arn_pattern: "arn:*:fsx:*:*:file-system/*",
        read_actions: &[],
        tag_actions: &["fsx:TagResource"],
        untag_actions: &["fsx:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "fsx:volume",
        arn_pattern: "arn:*:fsx:*:*:volume/*/*",
        read_actions: &[],
        tag_actions: &["fsx:TagResource"],
        untag_actions: &["fsx:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "fsx:storage-virtual-machine",
        arn_pattern: "arn:*:fsx:*:*:storage-virtual-machine/*/*",
        read_actions: &[],
        tag_actions: &["fsx:TagResource"],
        untag_actions: &["fsx:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "gamelift:build",
        arn_pattern: "arn:*:gamelift:*:*:build/*",
        read_actions: &[],
        tag_actions: &["gamelift:TagResource"],
        untag_actions: &["gamelift:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "gamelift:script",
        arn_pattern: "arn:*:gamelift:*:*:script/*",
        read_actions: &[],
        tag_actions: &["gamelift:TagResource"],
        untag_actions: &["gamelift:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "gamelift:fleet",
        arn_pattern: "arn:*:gamelift:*:*:fleet/*",
        read_actions: &[],
        tag_actions: &["gamelift:TagResource"],
        untag_actions: &["gamelift:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticmapreduce:cluster",
        arn_pattern: "arn:*:elasticmapreduce:*:*:cluster/*",
        read_actions: &[],
        tag_actions: &["elasticmapreduce:AddTags"],
        untag_actions: &["elasticmapreduce:RemoveTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "iot:rule",
        arn_pattern: "arn:*:iot:*:*:rule/*",
        read_actions: &[],
        tag_actions: &["iot:TagResource"],
        untag_actions: &["iot:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "iotsitewise:asset",
        arn_pattern: "arn:*:iotsitewise:*:*:asset/*",
        read_actions: &[],
        tag_actions: &["iotsitewise:TagResource"],
        untag_actions: &["iotsitewise:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "iotsitewise:asset-model",
        arn_pattern: "arn:*:iotsitewise:*:*:asset-model/*",
        read_actions: &[],
        tag_actions: &["iotsitewise:TagResource"],
        untag_actions: &["iotsitewise:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "iotsitewise:gateway",
        arn_pattern: "arn:*:iotsitewise:*:*:gateway/*",
        read_actions: &[],
        tag_actions: &["iotsitewise:TagResource"],
        untag_actions: &["iotsitewise:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "iotsitewise:portal",
        arn_pattern: "arn:*:iotsitewise:*:*:portal/*",
        read_actions: &[],
        tag_actions: &["iotsitewise:TagResource"],
        untag_actions: &["iotsitewise:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "kinesisanalytics:application",
        arn_pattern: "arn:*:kinesisanalytics:*:*:application/*",
        read_actions: &[],
        tag_actions: &["kinesisanalytics:TagResource"],
        untag_actions: &["kinesisanalytics:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "medialive:channel",
        arn_pattern: "arn:*:medialive:*:*:channel:*",
        read_actions: &[],
        tag_actions: &["medialive:CreateTags"],
        untag_actions: &["medialive:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "medialive:input",
        arn_pattern: "arn:*:medialive:*:*:input:*",
        read_actions: &[],
        tag_actions: &["medialive:CreateTags"],
        untag_actions: &["medialive:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "mediapackage:channels",
        arn_pattern: "arn:*:mediapackage:*:*:channels/*",
        read_actions: &[],
        tag_actions: &["mediapackage:TagResource"],
        untag_actions: &["mediapackage:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "omics:sequenceStore",
        arn_pattern: "arn:*:omics:*:*:sequenceStore/*",
        read_actions: &[],
        tag_actions: &["omics:TagResource"],
        untag_actions: &["omics:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "omics:runGroup",
        arn_pattern: "arn:*:omics:*:*:runGroup/*",
        read_actions: &[],
        tag_actions: &["omics:TagResource"],
        untag_actions: &["omics:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "resiliencehub:application",
        arn_pattern: "arn:*:resiliencehub:*:*:app/*",
        read_actions: &[],
        tag_actions: &["resiliencehub:TagResource"],
        untag_actions: &["resiliencehub:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "comprehend:document-classifier",
        arn_pattern: "arn:*:comprehend:*:*:document-classifier/*",
        read_actions: &[],
        tag_actions: &["comprehend:TagResource"],
        untag_actions: &["comprehend:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "comprehend:entity-recognizer",
        arn_pattern: "arn:*:comprehend:*:*:entity-recognizer/*",
        read_actions: &[],
        tag_actions: &["comprehend:TagResource"],
        untag_actions: &["comprehend:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "directconnect:dxcon",
        arn_pattern: "arn:*:directconnect:*:*:dxcon/*",
        read_actions: &[],
        tag_actions: &["directconnect:TagResource"],
        untag_actions: &["directconnect:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "directconnect:dxlag",
        arn_pattern: "arn:*:directconnect:*:*:dxlag/*",
        read_actions: &[],
        tag_actions: &["directconnect:TagResource"],
        untag_actions: &["directconnect:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "appstream:fleet",
        arn_pattern: "arn:*:appstream:*:*:fleet/*",
        read_actions: &[],
        tag_actions: &["appstream:TagResource"],
        untag_actions: &["appstream:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "appstream:image-builder",
        arn_pattern: "arn:*:appstream:*:*:image-builder/*",
        read_actions: &[],
        tag_actions: &["appstream:TagResource"],
        untag_actions: &["appstream:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ds:directory",
        arn_pattern: "arn:*:ds:*:*:directory/*",
        read_actions: &[],
        tag_actions: &["ds:AddTagsToResource"],
        untag_actions: &["ds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "vpc-lattice:ServiceNetwork",
        arn_pattern: "arn:*:vpc-lattice:*:*:servicenetwork/*",
        read_actions: &[],
        tag_actions: &["vpc-lattice:TagResource"],
        untag_actions: &["vpc-lattice:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "vpc-lattice:Service",
        arn_pattern: "arn:*:vpc-lattice:*:*:service/*",
        read_actions: &[],
        tag_actions: &["vpc-lattice:TagResource"],
        untag_actions: &["vpc-lattice:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "quicksight:dashboard",
        arn_pattern: "arn:*:quicksight:*:*:dashboard/*",
        read_actions: &[],
        tag_actions: &["quicksight:TagResource"],
        untag_actions: &["quicksight:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "quicksight:analysis",
        arn_pattern: "arn:*:quicksight:*:*:analysis/*",
        read_actions: &[],
        tag_actions: &["quicksight:TagResource"],
        untag_actions: &["quicksight:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "quicksight:dataset",
        arn_pattern: "arn:*:quicksight:*:*:dataset/*",
        read_actions: &[],
        tag_actions: &["quicksight:TagResource"],
        untag_actions: &["quicksight:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "payment-cryptography:key",
        arn_pattern: "arn:*:payment-cryptography:*:*:key/*",
        read_actions: &[],
        tag_actions: &["payment-cryptography:TagResource"],
        untag_actions: &["payment-cryptography:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "cassandra:keyspace",
        arn_pattern: "arn:*:cassandra:*:*:/keyspace/*/",
        read_actions: &[],
        tag_actions: &["cassandra:TagResource"],
        untag_actions: &["cassandra:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "backup:backupVault",
        arn_pattern: "arn:*:backup:*:*:backup-vault:*",
        read_actions: &[],
        tag_actions: &["backup:TagResource"],
        untag_actions: &["backup:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "backup:backupPlan",
        arn_pattern: "arn:*:backup:*:*:backup-plan:*",
        read_actions: &[],
        tag_actions: &["backup:TagResource"],
        untag_actions: &["backup:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "appsync:graphqlapi",
        arn_pattern: "arn:*:appsync:*:*:apis/*",
        read_actions: &[],
        tag_actions: &["appsync:TagResource"],
        untag_actions: &["appsync:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "acm-pca:certificate-authority",
        arn_pattern: "arn:*:acm-pca:*:*:certificate-authority/*",
        read_actions: &[],
        tag_actions: &["acm-pca:TagCertificateAuthority"],
        untag_actions: &["acm-pca:UntagCertificateAuthority"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "cognito-idp:userpool",
        arn_pattern: "arn:*:cognito-idp:*:*:userpool/*",
        read_actions: &[],
        tag_actions: &["cognito-idp:TagResource"],
        untag_actions: &["cognito-idp:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "firehose:deliverystream",
        arn_pattern: "arn:*:firehose:*:*:deliverystream/*",
        read_actions: &[],
        tag_actions: &["firehose:TagDeliveryStream"],
        untag_actions: &["firehose:UntagDeliveryStream"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "kafka:cluster",
        arn_pattern: "arn:*:kafka:*:*:cluster/*/*",
        read_actions: &[],
        tag_actions: &["kafka:TagResource"],
        untag_actions: &["kafka:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "mq:brokers",
        arn_pattern: "arn:*:mq:*:*:broker:*:*",
        read_actions: &[],
        tag_actions: &["mq:CreateTags"],
        untag_actions: &["mq:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "network-firewall:Firewall",
        arn_pattern: "arn:*:network-firewall:*:*:firewall/*",
        read_actions: &[],
        tag_actions: &["network-firewall:TagResource"],
        untag_actions: &["network-firewall:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "network-firewall:FirewallPolicy",
        arn_pattern: "arn:*:network-firewall:*:*:firewall-policy/*",
        read_actions: &[],
        tag_actions: &["network-firewall:TagResource"],
        untag_actions: &["network-firewall:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ram:resource-share",
        arn_pattern: "arn:*:ram:*:*:resource-share/*",
        read_actions: &[],
        tag_actions: &["ram:TagResource"],
        untag_actions: &["ram:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "wafv2:webacl",
        arn_pattern: "arn:*:wafv2:*:*:*/webacl/*/*",
        read_actions: &[],
        tag_actions: &["wafv2:TagResource"],
        untag_actions: &["wafv2:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "wafv2:ipset",
        arn_pattern: "arn:*:wafv2:*:*:*/ipset/*/*",
        read_actions: &[],
        tag_actions: &["wafv2:TagResource"],
        untag_actions: &["wafv2:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "transfer:server",
        arn_pattern: "arn:*:transfer:*:*:server/*",
        read_actions: &[],
        tag_actions: &["transfer:TagResource"],
        untag_actions: &["transfer:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "redshift-serverless:workgroup",
        arn_pattern: "arn:*:redshift-serverless:*:*:workgroup/*",
        read_actions: &[],
        tag_actions: &["redshift-serverless:TagResource"],
        untag_actions: &["redshift-serverless:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "redshift-serverless:namespace",
        arn_pattern: "arn:*:redshift-serverless:*:*:namespace/*",
        read_actions: &[],
        tag_actions: &["redshift-serverless:TagResource"],
        untag_actions: &["redshift-serverless:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "redshift:cluster",
        arn_pattern: "arn:*:redshift:*:*:cluster:*",
        read_actions: &[],
        tag_actions: &["redshift:CreateTags"],
        untag_actions: &["redshift:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticache:cluster",
        arn_pattern: "arn:*:elasticache:*:*:cluster:*",
        read_actions: &[],
        tag_actions: &["elasticache:AddTagsToResource"],
        untag_actions: &["elasticache:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticache:replicationgroup",
        arn_pattern: "arn:*:elasticache:*:*:replicationgroup:*",
        read_actions: &[],
        tag_actions: &["elasticache:AddTagsToResource"],
        untag_actions: &["elasticache:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticache:serverlesscache",
        arn_pattern: "arn:*:elasticache:*:*:serverlesscache:*",
        read_actions: &[],
        tag_actions: &["elasticache:AddTagsToResource"],
        untag_actions: &["elasticache:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "memorydb:cluster",
        arn_pattern: "arn:*:memorydb:*:*:cluster/*",
        read_actions: &[],
        tag_actions: &["memorydb:TagResource"],
        untag_actions: &["memorydb:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "dms:ReplicationInstance",
        arn_pattern: "arn:*:dms:*:*:rep:*",
        read_actions: &[],
        tag_actions: &["dms:AddTagsToResource"],
        untag_actions: &["dms:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "dms:ReplicationTask",
        arn_pattern: "arn:*:dms:*:*:task:*",
        read_actions: &[],
        tag_actions: &["dms:AddTagsToResource"],
        untag_actions: &["dms:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticfilesystem:file-system",
        arn_pattern: "arn:*:elasticfilesystem:*:*:file-system/*",
        read_actions: &[],
        tag_actions: &["elasticfilesystem:TagResource"],
        untag_actions: &["elasticfilesystem:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticloadbalancing:targetgroup",
        arn_pattern: "arn:*:elasticloadbalancing:*:*:targetgroup/*/*",
        read_actions: &[],
        tag_actions: &["elasticloadbalancing:AddTags"],
        untag_actions: &["elasticloadbalancing:RemoveTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ecs:service",
        arn_pattern: "arn:*:ecs:*:*:service/*/*",
        read_actions: &[],
        tag_actions: &["ecs:TagResource"],
        untag_actions: &["ecs:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "eks:nodegroup",
        arn_pattern: "arn:*:eks:*:*:nodegroup/*/*/*",
        read_actions: &[],
        tag_actions: &["eks:TagResource"],
        untag_actions: &["eks:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "eks:fargateprofile",
        arn_pattern: "arn:*:eks:*:*:fargateprofile/*/*/*",
        read_actions: &[],
        tag_actions: &["eks:TagResource"],
        untag_actions: &["eks:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "eks:addon",
        arn_pattern: "arn:*:eks:*:*:addon/*/*/*",
        read_actions: &[],
        tag_actions: &["eks:TagResource"],
        untag_actions: &["eks:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "rds:cluster",
        arn_pattern: "arn:*:rds:*:*:cluster:*",
        read_actions: &[],
        tag_actions: &["rds:AddTagsToResource"],
        untag_actions: &["rds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "rds:cluster-snapshot",
        arn_pattern: "arn:*:rds:*:*:cluster-snapshot:*",
        read_actions: &[],
        tag_actions: &["rds:AddTagsToResource"],
        untag_actions: &["rds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "rds:proxy",
        arn_pattern: "arn:*:rds:*:*:db-proxy:*",
        read_actions: &[],
        tag_actions: &["rds:AddTagsToResource"],
        untag_actions: &["rds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:notebook-instance",
        arn_pattern: "arn:*:sagemaker:*:*:notebook-instance/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:endpoint",
        arn_pattern: "arn:*:sagemaker:*:*:endpoint/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:endpoint-config",
        arn_pattern: "arn:*:sagemaker:*:*:endpoint-config/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:model",
        arn_pattern: "arn:*:sagemaker:*:*:model/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:training-job",
        arn_pattern: "arn:*:sagemaker:*:*:training-job/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:processing-job",
        arn_pattern: "arn:*:sagemaker:*:*:processing-job/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:transform-job",
        arn_pattern: "arn:*:sagemaker:*:*:transform-job/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:pipeline",
        arn_pattern: "arn:*:sagemaker:*:*:pipeline/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ec2(
        "ec2:capacity-reservation",
        "arn:*:ec2:*:*:capacity-reservation/*",
    ),
    ec2("ec2:transit-gateway", "arn:*:ec2:*:*:transit-gateway/*"),
    ec2(
        "ec2:transit-gateway-attachment",
        "arn:*:ec2:*:*:transit-gateway-attachment/*",
    ),
    ec2("ec2:vpc-endpoint", "arn:*:ec2:*:*:vpc-endpoint/*"),
    ec2(
        "ec2:client-vpn-endpoint",
        "arn:*:ec2:*:*:client-vpn-endpoint/*",
    ),
    ec2("ec2:vpn-gateway", "arn:*:ec2:*:*:vpn-gateway/*"),
    ec2("ec2:vpn-connection", "arn:*:ec2:*:*:vpn-connection/*"),
    ec2("ec2:network-acl", "arn:*:ec2:*:*:network-acl/*"),
    ec2("ec2:dhcp-options", "arn:*:ec2:*:*:dhcp-options/*"),
    ec2(
        "ec2:egress-only-internet-gateway",
        "arn:*:ec2:*:*:egress-only-internet-gateway/*",
    ),
    ec2("ec2:customer-gateway", "arn:*:ec2:*:*:customer-gateway/*"),
    ec2("ec2:carrier-gateway", "arn:*:ec2:*:*:carrier-gateway/*"),
    ec2(
        "ec2:vpc-peering-connection",
        "arn:*:ec2:*:*:vpc-peering-connection/*",
    ),
    ec2("ec2:launch-template", "arn:*:ec2:*:*:launch-template/*"),
    ec2("ec2:import-image-task", "arn:*:ec2:*:*:import-image-task/*"),
    ec2(
        "ec2:import-snapshot-task",
        "arn:*:ec2:*:*:import-snapshot-task/*",
    ),
    ResourceTypeIam {
        resource_type: "appmesh:virtualNode",
        arn_pattern: "arn:*:appmesh:*:*:mesh/*/virtualNode/*",
        read_actions: &[],
        tag_actions: &["appmesh:TagResource"],
        untag_actions: &["appmesh:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "cloudhsm:cluster",
        arn_pattern: "arn:*:cloudhsm:*:*:cluster/*",
        read_actions: &[],
        tag_actions: &["cloudhsm:TagResource"],
        untag_actions: &["cloudhsm:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "cognito-identity:identitypool",
        arn_pattern: "arn:*:cognito-identity:*:*:identitypool/*",
        read_actions: &[],
        tag_actions: &["cognito-identity:TagResource"],
        untag_actions: &["cognito-identity:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "cloudfront:distribution",
        arn_pattern: "arn:*:cloudfront::*:distribution/*",
        read_actions: &[],
        tag_actions: &["cloudfront:TagResource"],
        untag_actions: &["cloudfront:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ssm:document",
        arn_pattern: "arn:*:ssm:*:*:document/*",
        read_actions: &[],
        tag_actions: &["ssm:AddTagsToResource"],
        untag_actions: &["ssm:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "acm:certificate",
        arn_pattern: "arn:*:acm:*:*:certificate/*",
        read_actions: &[],
        tag_actions: &["acm:AddTagsToCertificate"],
        untag_actions: &["acm:RemoveTagsFromCertificate"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "batch:compute-environment",
        arn_pattern: "arn:*:batch:*:*:compute-environment/*",
        read_actions: &[],
        tag_actions: &["batch:TagResource"],
        untag_actions: &["batch:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "codecommit:repository",
        arn_pattern: "arn:*:codecommit:*:*:*",
        read_actions: &[],
        tag_actions: &["codecommit:TagResource"],
        untag_actions: &["codecommit:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ecs:cluster",
        arn_pattern: "arn:*:ecs:*:*:cluster/*",
        read_actions: &[],
        tag_actions: &["ecs:TagResource"],
        untag_actions: &["ecs:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "eks:cluster",
        arn_pattern: "arn:*:eks:*:*:cluster/*",
        read_actions: &[],
        tag_actions: &["eks:TagResource"],
        untag_actions: &["eks:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "dax:cache",
        arn_pattern: "arn:*:dax:*:*:cache/*",
        read_actions: &["dax:ListTags"],
        tag_actions: &["dax:TagResource"],
        untag_actions: &["dax:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "cloudtrail:trail",
        arn_pattern: "arn:*:cloudtrail:*:*:trail/*",
        read_actions: &[],
        tag_actions: &["cloudtrail:AddTags"],
        untag_actions: &["cloudtrail:RemoveTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "rds:snapshot",
        arn_pattern: "arn:*:rds:*:*:snapshot:*",
        read_actions: &[],
        tag_actions: &["rds:AddTagsToResource"],
        untag_actions: &["rds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "rds:cluster-snapshot",
        arn_pattern: "arn:*:rds:*:*:cluster-snapshot:*",
        read_actions: &[],
        tag_actions: &["rds:AddTagsToResource"],
        untag_actions: &["rds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "rds:subgrp",
        arn_pattern: "arn:*:rds:*:*:subgrp:*",
        read_actions: &[],
        tag_actions: &["rds:AddTagsToResource"],
        untag_actions: &["rds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "states:stateMachine",
        arn_pattern: "arn:*:states:*:*:stateMachine:*",
        read_actions: &[],
        tag_actions: &["states:TagResource"],
        untag_actions: &["states:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "states:activity",
        arn_pattern: "arn:*:states:*:*:activity:*",
        read_actions: &[],
        tag_actions: &["states:TagResource"],
        untag_actions: &["states:UntagResource"],
        tag_keys_condition: true,
    },
    ec2("ec2:internet-gateway", "arn:*:ec2:*:*:internet-gateway/*"),
    ec2("ec2:natgateway", "arn:*:ec2:*:*:natgateway/*"),
    ec2("ec2:route-table", "arn:*:ec2:*:*:route-table/*"),
    ec2("ec2:vpc-flow-log", "arn:*:ec2:*:*:vpc-flow-log/*"),
    ResourceTypeIam {
        resource_type: "elasticloadbalancing:loadbalancer",
        arn_pattern: "arn:*:elasticloadbalancing:*:*:loadbalancer/*",
        read_actions: &[],
        tag_actions: &["elasticloadbalancing:AddTags"],
        untag_actions: &["elasticloadbalancing:RemoveTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "events:rule",
        arn_pattern: "arn:*:events:*:*:rule/*",
        read_actions: &[],
        tag_actions: &["events:TagResource"],
        untag_actions: &["events:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "internetmonitor:monitor",
        arn_pattern: "arn:*:internetmonitor:*:*:monitor/*",
        read_actions: &[],
        tag_actions: &["internetmonitor:TagResource"],
        untag_actions: &["internetmonitor:UntagResource"],
        tag_keys_condition: true,
    },
    tagged_by(
        "autoscaling:autoScalingGroup",
        "arn:*:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/*",
        &["autoscaling:CreateOrUpdateTags"],
        &["autoscaling:DeleteTags"],
    ),
    // Stamped in the hub's ledger, never tagged: no spoke permission, nothing for the SCP.
    ResourceTypeIam {
        resource_type: "cloudformation:stack",
        arn_pattern: "arn:*:cloudformation:*:*:stack/*",
        read_actions: &[],
        tag_actions: &[],
        untag_actions: &[],
        tag_keys_condition: false,
    },
    tagged_by(
        "dynamodb:table",
        "arn:*:dynamodb:*:*:table/*",
        &["dynamodb:TagResource"],
        &["dynamodb:UntagResource"],
    ),
    ec2("ec2:elastic-ip", "arn:*:ec2:*:*:elastic-ip/*"),
    ec2("ec2:image", "arn:*:ec2:*::image/*"),
    ec2("ec2:instance", "arn:*:ec2:*:*:instance/*"),
    ec2("ec2:network-interface", "arn:*:ec2:*:*:network-interface/*"),
    ec2("ec2:security-group", "arn:*:ec2:*:*:security-group/*"),
    ec2("ec2:snapshot", "arn:*:ec2:*::snapshot/*"),
    ec2("ec2:subnet", "arn:*:ec2:*:*:subnet/*"),
    ec2("ec2:volume", "arn:*:ec2:*:*:volume/*"),
    ec2("ec2:vpc", "arn:*:ec2:*:*:vpc/*"),
    read_by(
        tagged_by(
            "ecr:repository",
            "arn:*:ecr:*:*:repository/*",
            &["ecr:TagResource"],
            &["ecr:UntagResource"],
        ),
        &["ecr:ListTagsForResource"],
    ),
    read_by(
        tagged_by(
            "iam:role",
            "arn:*:iam::*:role/*",
            &["iam:TagRole"],
            &["iam:UntagRole"],
        ),
        &["iam:ListRoleTags"],
    ),
    read_by(
        tagged_by(
            "iam:policy",
            "arn:*:iam::*:policy/*",
            &["iam:TagPolicy"],
            &["iam:UntagPolicy"],
        ),
        &["iam:ListPolicyTags"],
    ),
    read_by(
        tagged_by(
            "iam:instance-profile",
            "arn:*:iam::*:instance-profile/*",
            &["iam:TagInstanceProfile"],
            &["iam:UntagInstanceProfile"],
        ),
        &["iam:ListInstanceProfileTags"],
    ),
    read_by(
        tagged_by(
            "iam:user",
            "arn:*:iam::*:user/*",
            &["iam:TagUser"],
            &["iam:UntagUser"],
        ),
        &["iam:ListUserTags"],
    ),
    tagged_by(
        "kms:key",
        "arn:*:kms:*:*:key/*",
        &["kms:TagResource"],
        &["kms:UntagResource"],
    ),
    tagged_by(
        "lambda:function",
        "arn:*:lambda:*:*:function:*",
        &["lambda:TagResource"],
        &["lambda:UntagResource"],
    ),
    tagged_by(
        "logs:log-group",
        "arn:*:logs:*:*:log-group:*",
        &["logs:TagResource", "logs:TagLogGroup"],
        &["logs:UntagResource", "logs:UntagLogGroup"],
    ),
    tagged_by(
        "rds:db",
        "arn:*:rds:*:*:db:*",
        &["rds:AddTagsToResource"],
        &["rds:RemoveTagsFromResource"],
    ),
    // PutBucketTagging replaces a bucket's whole tag set and has no `aws:TagKeys` key, so no SCP
    // can tell "adds a tag" from "drops the owner tag" for buckets without ABAC.
    ResourceTypeIam {
        resource_type: "s3:bucket",
        arn_pattern: "arn:*:s3:::*",
        read_actions: &["s3:GetBucketTagging"],
        tag_actions: &["s3:PutBucketTagging"],
        untag_actions: &["s3:PutBucketTagging", "s3:DeleteBucketTagging"],
        tag_keys_condition: false,
    },
    tagged_by(
        "secretsmanager:secret",
        "arn:*:secretsmanager:*:*:secret:*",
        &["secretsmanager:TagResource"],
        &["secretsmanager:UntagResource"],
    ),
    tagged_by(
        "sns:topic",
        "arn:*:sns:*:*:*",
        &["sns:TagResource"],
        &["sns:UntagResource"],
    ),
    tagged_by(
        "sqs:queue",
        "arn:*:sqs:*:*:*",
        &["sqs:TagQueue"],
        &["sqs:UntagQueue"],
    ),
    tagged_by(
        "aoss:collection",
        "arn:*:aoss:*:*:collection/*",
        &["aoss:TagResource"],
        &["aoss:UntagResource"],
    ),
    tagged_by(
        "appmesh:mesh",
        "arn:*:appmesh:*:*:mesh/*",
        &["appmesh:TagResource"],
        &["appmesh:UntagResource"],
    ),
    tagged_by(
        "appmesh:virtualGateway",
        "arn:*:appmesh:*:*:mesh/*/virtualGateway/*",
        &["appmesh:TagResource"],
        &["appmesh:UntagResource"],
    ),
    tagged_by(
        "es:domain",
        "arn:*:es:*:*:domain/*",
        &["es:AddTags"],
        &["es:RemoveTags"],
    ),
    // API Gateway authorises tagging as `PUT` and `DELETE` on the resource's `/tags/<arn>` path,
    // never on the API itself: the role can tag a REST API, not change it.
    tagged_by(
        "apigateway:restapi",
        "arn:*:apigateway:*::/tags/*",
        &["apigateway:PUT"],
        &["apigateway:DELETE"],
    ),
    tagged_by(
        "apigateway:stage",
        "arn:*:apigateway:*::/tags/*",
        &["apigateway:PUT"],
        &["apigateway:DELETE"],
    ),
    tagged_by(
        "glue:connection",
        "arn:*:glue:*:*:connection/*",
        &["glue:TagResource"],
        &["glue:UntagResource"],
    ),
    read_by(
        tagged_by(
            "iam:mfa",
            "arn:*:iam::*:mfa/*",
            &["iam:TagMFADevice"],
            &["iam:UntagMFADevice"],
        ),
        &["iam:ListMFADeviceTags"],
    ),
    tagged_by(
        "ssm:parameter",
        "arn:*:ssm:*:*:parameter/*",
        &["ssm:AddTagsToResource"],
        &["ssm:RemoveTagsFromResource"],
    ),
    read_by(
        tagged_by(
            "organizations:organizationalunit",
            "arn:*:organizations::*:ou/o-*/ou-*",
            &["organizations:TagResource"],
            &["organizations:UntagResource"],
        ),
        &["organizations:ListTagsForResource"],
    ),
    read_by(
        tagged_by(
            "organizations:account",
            "arn:*:organizations::*:account/o-*/*",
            &["organizations:TagResource"],
            &["organizations:UntagResource"],
        ),
        &["organizations:ListTagsForResource"],
    ),
    tagged_by(
        "rolesanywhere:profile",
        "arn:*:rolesanywhere:*:*:profile/*",
        &["rolesanywhere:TagResource"],
        &["rolesanywhere:UntagResource"],
    ),
    tagged_by(
        "rolesanywhere:trust-anchor",
        "arn:*:rolesanywhere:*:*:trust-anchor/*",
        &["rolesanywhere:TagResource"],
        &["rolesanywhere:UntagResource"],
    ),
    ResourceTypeIam {
        resource_type: "apigateway:api",
        arn_pattern: "arn:*:apigateway:*::/tags/*",
        read_actions: &[],
        tag_actions: &["apigateway:POST"],
        untag_actions: &["apigateway:DELETE"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "apigateway:vpclink",
        arn_pattern: "arn:*:apigateway:*::/tags/*",
        read_actions: &[],
        tag_actions: &["apigateway:PUT"],
        untag_actions: &["apigateway:DELETE"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "appconfig:configurationprofile",
        arn_pattern: "arn:*:appconfig:*:*:application/*/configurationprofile/*",
        read_actions: &[],
        tag_actions: &["appconfig:TagResource"],
        untag_actions: &["appconfig:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "athena:workgroup",
        arn_pattern: "arn:*:athena:*:*:workgroup/*",
        read_actions: &[],
        tag_actions: &["athena:TagResource"],
        untag_actions: &["athena:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock-agentcore:runtime",
        arn_pattern: "arn:*:bedrock-agentcore:*:*:runtime/*",
        read_actions: &[],
        tag_actions: &["bedrock-agentcore:TagResource"],
        untag_actions: &["bedrock-agentcore:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock-agentcore:memory",
        arn_pattern: "arn:*:bedrock-agentcore:*:*:memory/*",
        read_actions: &[],
        tag_actions: &["bedrock-agentcore:TagResource"],
        untag_actions: &["bedrock-agentcore:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:agent",
        arn_pattern: "arn:*:bedrock:*:*:agent/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:agent-alias",
        arn_pattern: "arn:*:bedrock:*:*:agent-alias/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:evaluation-job",
        arn_pattern: "arn:*:bedrock:*:*:evaluation-job/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:model-customization-job",
        arn_pattern: "arn:*:bedrock:*:*:model-customization-job/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:model-import-job",
        arn_pattern: "arn:*:bedrock:*:*:model-import-job/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:model-invocation-job",
        arn_pattern: "arn:*:bedrock:*:*:model-invocation-job/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:guardrail",
        arn_pattern: "arn:*:bedrock:*:*:guardrail/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:application-inference-profile",
        arn_pattern: "arn:*:bedrock:*:*:application-inference-profile/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:prompt-router",
        arn_pattern: "arn:*:bedrock:*:*:prompt-router/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:provisioned-model",
        arn_pattern: "arn:*:bedrock:*:*:provisioned-model/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:flow",
        arn_pattern: "arn:*:bedrock:*:*:flow/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:knowledge-base",
        arn_pattern: "arn:*:bedrock:*:*:knowledge-base/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:prompt",
        arn_pattern: "arn:*:bedrock:*:*:prompt/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "cloudformation:stackset",
        arn_pattern: "arn:*:cloudformation:*:*:stackset/*",
        read_actions: &[],
        tag_actions: &[],
        untag_actions: &[],
        tag_keys_condition: false,
    },
    ResourceTypeIam {
        resource_type: "codedeploy:application",
        arn_pattern: "arn:*:codedeploy:*:*:application:*",
        read_actions: &[],
        tag_actions: &["codedeploy:TagResource"],
        untag_actions: &["codedeploy:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "connect:instance",
        arn_pattern: "arn:*:connect:*:*:instance/*",
        read_actions: &[],
        tag_actions: &["connect:TagResource"],
        untag_actions: &["connect:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "databrew:dataset",
        arn_pattern: "arn:*:databrew:*:*:dataset/*",
        read_actions: &[],
        tag_actions: &["databrew:TagResource"],
        untag_actions: &["databrew:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "databrew:recipe",
        arn_pattern: "arn:*:databrew:*:*:recipe/*",
        read_actions: &[],
        tag_actions: &["databrew:TagResource"],
        untag_actions: &["databrew:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "datapipeline:pipeline",
        arn_pattern: "arn:*:datapipeline:*:*:pipeline/*",
        read_actions: &[],
        tag_actions: &["datapipeline:AddTags"],
        untag_actions: &["datapipeline:RemoveTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "datasync:task",
        arn_pattern: "arn:*:datasync:*:*:task/*",
        read_actions: &[],
        tag_actions: &["datasync:TagResource"],
        untag_actions: &["datasync:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "deadline:farm",
        arn_pattern: "arn:*:deadline:*:*:farm/*",
        read_actions: &[],
        tag_actions: &["deadline:TagResource"],
        untag_actions: &["deadline:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "deadline:fleet",
        arn_pattern: "arn:*:deadline:*:*:farm/*/fleet/*",
        read_actions: &[],
        tag_actions: &["deadline:TagResource"],
        untag_actions: &["deadline:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "deadline:queue",
        arn_pattern: "arn:*:deadline:*:*:farm/*/queue/*",
        read_actions: &[],
        tag_actions: &["deadline:TagResource"],
        untag_actions: &["deadline:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "directconnect:dx-gateway",
        arn_pattern: "arn:*:directconnect::*:dx-gateway/*",
        read_actions: &[],
        tag_actions: &["directconnect:TagResource"],
        untag_actions: &["directconnect:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "dms:data-provider",
        arn_pattern: "arn:*:dms:*:*:data-provider:*",
        read_actions: &[],
        tag_actions: &["dms:AddTagsToResource"],
        untag_actions: &["dms:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "dms:migration-project",
        arn_pattern: "arn:*:dms:*:*:migration-project:*",
        read_actions: &[],
        tag_actions: &["dms:AddTagsToResource"],
        untag_actions: &["dms:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "dms:replication-config",
        arn_pattern: "arn:*:dms:*:*:replication-config:*",
        read_actions: &[],
        tag_actions: &["dms:AddTagsToResource"],
        untag_actions: &["dms:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "dsql:cluster",
        arn_pattern: "arn:*:dsql:*:*:cluster/*",
        read_actions: &[],
        tag_actions: &["dsql:TagResource"],
        untag_actions: &["dsql:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ec2:key-pair",
        arn_pattern: "arn:*:ec2:*:*:key-pair/*",
        read_actions: &[],
        tag_actions: &["ec2:CreateTags"],
        untag_actions: &["ec2:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ec2:placement-group",
        arn_pattern: "arn:*:ec2:*:*:placement-group/*",
        read_actions: &[],
        tag_actions: &["ec2:CreateTags"],
        untag_actions: &["ec2:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ecs:capacity-provider",
        arn_pattern: "arn:*:ecs:*:*:capacity-provider/*",
        read_actions: &[],
        tag_actions: &["ecs:TagResource"],
        untag_actions: &["ecs:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ecs:task-set",
        arn_pattern: "arn:*:ecs:*:*:task-set/*",
        read_actions: &[],
        tag_actions: &["ecs:TagResource"],
        untag_actions: &["ecs:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ecs:task",
        arn_pattern: "arn:*:ecs:*:*:task/*",
        read_actions: &[],
        tag_actions: &["ecs:TagResource"],
        untag_actions: &["ecs:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticache:snapshot",
        arn_pattern: "arn:*:elasticache:*:*:snapshot:*",
        read_actions: &[],
        tag_actions: &["elasticache:AddTagsToResource"],
        untag_actions: &["elasticache:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticbeanstalk:application",
        arn_pattern: "arn:*:elasticbeanstalk:*:*:application/*",
        read_actions: &[],
        tag_actions: &["elasticbeanstalk:AddTags"],
        untag_actions: &["elasticbeanstalk:RemoveTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticbeanstalk:environment",
        arn_pattern: "arn:*:elasticbeanstalk:*:*:environment/*",
        read_actions: &[],
        tag_actions: &["elasticbeanstalk:AddTags"],
        untag_actions: &["elasticbeanstalk:RemoveTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "emr-serverless:application",
        arn_pattern: "arn:*:emr-serverless:*:*:/applications/*",
        read_actions: &[],
        tag_actions: &["emr-serverless:TagResource"],
        untag_actions: &["emr-serverless:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "fsx:backup",
        arn_pattern: "arn:*:fsx:*:*:backup/*",
        read_actions: &[],
        tag_actions: &["fsx:TagResource"],
        untag_actions: &["fsx:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "fsx:snapshot",
        arn_pattern: "arn:*:fsx:*:*:snapshot/*",
        read_actions: &[],
        tag_actions: &["fsx:TagResource"],
        untag_actions: &["fsx:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "glacier:vault",
        arn_pattern: "arn:*:glacier:*:*:vaults/*",
        read_actions: &[],
        tag_actions: &["glacier:AddTagsToVault"],
        untag_actions: &["glacier:RemoveTagsFromVault"],
        tag_keys_condition: false,
    },
    ResourceTypeIam {
        resource_type: "globalaccelerator:accelerator",
        arn_pattern: "arn:*:globalaccelerator::*:accelerator/*",
        read_actions: &[],
        tag_actions: &["globalaccelerator:TagResource"],
        untag_actions: &["globalaccelerator:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "kendra:data-source",
        arn_pattern: "arn:*:kendra:*:*:index/*/data-source/*",
        read_actions: &[],
        tag_actions: &["kendra:TagResource"],
        untag_actions: &["kendra:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "kinesis:stream",
        arn_pattern: "arn:*:kinesis:*:*:stream/*",
        read_actions: &[],
        tag_actions: &["kinesis:AddTagsToStream"],
        untag_actions: &["kinesis:RemoveTagsFromStream"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "kinesisvideo:stream",
        arn_pattern: "arn:*:kinesisvideo:*:*:stream/*",
        read_actions: &[],
        tag_actions: &["kinesisvideo:TagStream"],
        untag_actions: &["kinesisvideo:UntagStream"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "m2:app",
        arn_pattern: "arn:*:m2:*:*:app/*",
        read_actions: &[],
        tag_actions: &["m2:TagResource"],
        untag_actions: &["m2:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "m2:env",
        arn_pattern: "arn:*:m2:*:*:env/*",
        read_actions: &[],
        tag_actions: &["m2:TagResource"],
        untag_actions: &["m2:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "networkmanager:global-network",
        arn_pattern: "arn:*:networkmanager::*:global-network/*",
        read_actions: &[],
        tag_actions: &["networkmanager:TagResource"],
        untag_actions: &["networkmanager:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "networkmanager:core-network",
        arn_pattern: "arn:*:networkmanager::*:core-network/*",
        read_actions: &[],
        tag_actions: &["networkmanager:TagResource"],
        untag_actions: &["networkmanager:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "rds:global-cluster",
        arn_pattern: "arn:*:rds::*:global-cluster:*",
        read_actions: &[],
        tag_actions: &["rds:AddTagsToResource"],
        untag_actions: &["rds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "redshift-serverless:snapshot",
        arn_pattern: "arn:*:redshift-serverless:*:*:snapshot/*",
        read_actions: &[],
        tag_actions: &["redshift-serverless:TagResource"],
        untag_actions: &["redshift-serverless:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "redshift:snapshot",
        arn_pattern: "arn:*:redshift:*:*:snapshot:*/*",
        read_actions: &[],
        tag_actions: &["redshift:CreateTags"],
        untag_actions: &["redshift:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "route53:hostedzone",
        arn_pattern: "arn:*:route53:::hostedzone/*",
        read_actions: &[],
        tag_actions: &["route53:ChangeTagsForResource"],
        untag_actions: &["route53:ChangeTagsForResource"],
        tag_keys_condition: false,
    },
    ResourceTypeIam {
        resource_type: "route53:healthcheck",
        arn_pattern: "arn:*:route53:::healthcheck/*",
        read_actions: &[],
        tag_actions: &["route53:ChangeTagsForResource"],
        untag_actions: &["route53:ChangeTagsForResource"],
        tag_keys_condition: false,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:domain",
        arn_pattern: "arn:*:sagemaker:*:*:domain/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:feature-group",
        arn_pattern: "arn:*:sagemaker:*:*:feature-group/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "securityhub:hub",
        arn_pattern: "arn:*:securityhub:*:*:hub/default",
        read_actions: &[],
        tag_actions: &["securityhub:TagResource"],
        untag_actions: &["securityhub:UntagResource"],
        tag_keys_condition: false,
    },
    ResourceTypeIam {
        resource_type: "ssm:opsitem",
        arn_pattern: "arn:*:ssm:*:*:opsitem/*",
        read_actions: &[],
        tag_actions: &["ssm:AddTagsToResource"],
        untag_actions: &["ssm:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "storagegateway:gateway",
        arn_pattern: "arn:*:storagegateway:*:*:gateway/*",
        read_actions: &[],
        tag_actions: &["storagegateway:AddTagsToResource"],
        untag_actions: &["storagegateway:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "storagegateway:tapepool",
        arn_pattern: "arn:*:storagegateway:*:*:tapepool/*",
        read_actions: &[],
        tag_actions: &["storagegateway:AddTagsToResource"],
        untag_actions: &["storagegateway:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "timestream:database",
        arn_pattern: "arn:*:timestream:*:*:database/*",
        read_actions: &[],
        tag_actions: &["timestream:TagResource"],
        untag_actions: &["timestream:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "timestream:table",
        arn_pattern: "arn:*:timestream:*:*:database/*/table/*",
        read_actions: &[],
        tag_actions: &["timestream:TagResource"],
        untag_actions: &["timestream:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "transfer:connector",
        arn_pattern: "arn:*:transfer:*:*:connector/*",
        read_actions: &[],
        tag_actions: &["transfer:TagResource"],
        untag_actions: &["transfer:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "workspaces:workspace",
        arn_pattern: "arn:*:workspaces:*:*:workspace/*",
        read_actions: &[],
        tag_actions: &["workspaces:CreateTags"],
        untag_actions: &["workspaces:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "medical-imaging:datastore",
        arn_pattern: "arn:*:medical-imaging:*:*:datastore/*",
        read_actions: &[],
        tag_actions: &["medical-imaging:TagResource"],
        untag_actions: &["medical-imaging:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "healthlake:datastore",
        arn_pattern: "arn:*:healthlake:*:*:datastore/fhir/*",
        read_actions: &[],
        tag_actions: &["healthlake:TagResource"],
        untag_actions: &["healthlake:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "servicediscovery:namespace",
        arn_pattern: "arn:*:servicediscovery:*:*:namespace/*",
        read_actions: &[],
        tag_actions: &["servicediscovery:TagResource"],
        untag_actions: &["servicediscovery:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "servicediscovery:service",
        arn_pattern: "arn:*:servicediscovery:*:*:service/*",
        read_actions: &[],
        tag_actions: &["servicediscovery:TagResource"],
        untag_actions: &["servicediscovery:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "cloudwatch:dashboard",
        arn_pattern: "arn:*:cloudwatch::*:dashboard/*",
        read_actions: &["cloudwatch:ListTagsForResource"],
        tag_actions: &["cloudwatch:TagResource"],
        untag_actions: &["cloudwatch:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "apigateway:apikey",
        arn_pattern: "arn:*:apigateway:*::/tags/*",
        read_actions: &["apigateway:GET"],
        tag_actions: &["apigateway:PUT"],
        untag_actions: &["apigateway:DELETE"],
        tag_keys_condition: true,
    },
];

/// Tag actions the role is granted on `*` rather than on their resource type's ARN pattern,
/// each only able to tag its own service's resources:
/// - OpenSearch Serverless authorises `aoss:TagResource` on no resource type;
/// - parliament's copy of the Service Authorization Reference requires every resource type
///   of `es:AddTags` (application and data-source ARNs beside domain ARNs) and of
///   `athena:TagResource` (capacity reservations and data catalogs beside workgroups), and no
///   resource type for `workspaces:CreateTags` and `servicediscovery:TagResource`.
pub const UNSCOPED_TAG_ACTIONS: &[&str] = &[
    "aoss:TagResource",
    "athena:TagResource",
    "es:AddTags",
    "servicediscovery:TagResource",
    "workspaces:CreateTags",
];

/// What an untag action does with a request that names no tag key, in which `aws:TagKeys` is
/// absent and every `ForAnyValue` condition on it is false: the SCP's key-matching deny cannot
/// see such a call, so an action that then removes every tag needs a deny of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyless {
    /// AWS refuses the call: the API reference marks this parameter, the list of keys to
    /// remove, `Required: Yes`.
    KeysRequired(&'static str),
    /// The call removes nothing: the action only ever removes the keys this optional
    /// parameter lists.
    RemovesNothing(&'static str),
    /// The call removes every user tag of the resource, the stamps with them. The SCP denies it
    /// when `aws:TagKeys` is absent (`Null`) to all but the exempt roles.
    RemovesEveryTag,
}

/// Every untag action of a resource type whose actions support `aws:TagKeys`, with what it does
/// given no key. The parameter names and whether they are required were read from the API
/// models the API references are generated from (botocore 1.43.11's `service-2.json`), for
/// the service's own operation of the action's name. The `Null` deny goes on exactly the
/// [`Keyless::RemovesEveryTag`] actions: on an action that does not put `aws:TagKeys` in its
/// request context it would deny every call, to everyone.
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[
    (
        "acm-pca:UntagCertificateAuthority",
        Keyless::KeysRequired("Tags"),
    ),
    (
        "acm:RemoveTagsFromCertificate",
        Keyless::KeysRequired("Tags"),
    ),
    ("aoss:UntagResource", Keyless::KeysRequired("tagKeys")),
    // The IAM action of every HTTP DELETE on API Gateway; on `/tags/{arn}` it is
    // `UntagResource`, whose `tagKeys` query list is required.
    ("apigateway:DELETE", Keyless::KeysRequired("tagKeys")),
    ("appconfig:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("appmesh:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("appstream:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("appsync:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("athena:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("autoscaling:DeleteTags", Keyless::KeysRequired("Tags")),
    ("backup:UntagResource", Keyless::KeysRequired("TagKeyList")),
    ("batch:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "bedrock-agentcore:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("bedrock:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("cassandra:UntagResource", Keyless::KeysRequired("tags")),
    ("cloudfront:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "cloudhsm:UntagResource",
        Keyless::KeysRequired("TagKeyList"),
    ),
    ("cloudtrail:RemoveTags", Keyless::KeysRequired("TagsList")),
    ("cloudwatch:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("codecommit:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("codedeploy:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "codepipeline:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    (
        "cognito-identity:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "cognito-idp:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("comprehend:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("connect:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("databrew:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("datapipeline:RemoveTags", Keyless::KeysRequired("tagKeys")),
    ("datasync:UntagResource", Keyless::KeysRequired("Keys")),
    ("dax:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("deadline:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "directconnect:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    (
        "dms:RemoveTagsFromResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "ds:RemoveTagsFromResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("dsql:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("dynamodb:UntagResource", Keyless::KeysRequired("TagKeys")),
    // `Tag.N` is optional: "If you omit this parameter, we delete all user-defined tags for the
    // specified resources" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteTags.html).
    ("ec2:DeleteTags", Keyless::RemovesEveryTag),
    ("ecr:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("ecs:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("eks:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "elasticache:RemoveTagsFromResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    // The permission `UpdateTagsForResource` checks for its `TagsToRemove`, which only ever
    // removes the keys it lists.
    (
        "elasticbeanstalk:RemoveTags",
        Keyless::RemovesNothing("TagsToRemove"),
    ),
    (
        "elasticfilesystem:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "elasticloadbalancing:RemoveTags",
        Keyless::KeysRequired("Tags (Classic), TagKeys (v2)"),
    ),
    (
        "elasticmapreduce:RemoveTags",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "emr-serverless:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("es:RemoveTags", Keyless::KeysRequired("TagKeys")),
    ("events:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "firehose:UntagDeliveryStream",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("fsx:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("gamelift:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "globalaccelerator:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("glue:UntagResource", Keyless::KeysRequired("TagsToRemove")),
    ("guardduty:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("healthlake:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagInstanceProfile", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagMFADevice", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagPolicy", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagRole", Keyless::KeysRequired("TagKeys")),
    ("iam:UntagUser", Keyless::KeysRequired("TagKeys")),
    (
        "internetmonitor:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("iot:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "iotsitewise:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("kafka:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("kendra:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "kinesis:RemoveTagsFromStream",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "kinesisanalytics:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "kinesisvideo:UntagStream",
        Keyless::KeysRequired("TagKeyList"),
    ),
    ("kms:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("lambda:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("logs:UntagLogGroup", Keyless::KeysRequired("tags")),
    ("logs:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("m2:UntagResource", Keyless::KeysRequired("tagKeys")),
    ("medialive:DeleteTags", Keyless::KeysRequired("TagKeys")),
    (
        "mediapackage:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "medical-imaging:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("memorydb:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("mq:DeleteTags", Keyless::KeysRequired("TagKeys")),
    (
        "network-firewall:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "networkmanager:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("omics:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "organizations:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "payment-cryptography:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("quicksight:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("ram:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "rds:RemoveTagsFromResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "redshift-serverless:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("redshift:DeleteTags", Keyless::KeysRequired("TagKeys")),
    (
        "resiliencehub:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    (
        "rolesanywhere:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("sagemaker:DeleteTags", Keyless::KeysRequired("TagKeys")),
    ("scheduler:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "secretsmanager:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    (
        "servicediscovery:UntagResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("sns:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("sqs:UntagQueue", Keyless::KeysRequired("TagKeys")),
    (
        "ssm:RemoveTagsFromResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("states:UntagResource", Keyless::KeysRequired("tagKeys")),
    (
        "storagegateway:RemoveTagsFromResource",
        Keyless::KeysRequired("TagKeys"),
    ),
    ("tag:UntagResources", Keyless::KeysRequired("TagKeys")),
    ("timestream:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("transfer:UntagResource", Keyless::KeysRequired("TagKeys")),
    (
        "vpc-lattice:UntagResource",
        Keyless::KeysRequired("tagKeys"),
    ),
    ("wafv2:UntagResource", Keyless::KeysRequired("TagKeys")),
    ("workspaces:DeleteTags", Keyless::KeysRequired("TagKeys")),
];

/// What `untag_action` does given no key, if it is listed.
pub fn untag_without_keys(untag_action: &str) -> Option<Keyless> {
    UNTAG_WITHOUT_KEYS
        .iter()
        .find(|(action, _)| *action == untag_action)
        .map(|(_, keyless)| *keyless)
}

/// Tag and untag actions on resources whose tag keys AWS compares ignoring case, so that
/// tagging `OWNER` replaces `owner`: IAM users and roles. "Tag key values for IAM users and
/// roles are not case sensitive, but case is preserved [...] If you have tagged a user with the
/// Department=finance tag and you add the department=hr tag, it replaces the first tag. [...]
/// For other IAM resource types, tag key values are case sensitive"
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating>).
/// Elsewhere AWS documents tag keys as case-sensitive (EC2's `Tag`: "Tag keys are
/// case-sensitive", <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html>),
/// where `Owner` is another team's key, not the stamp; there the SCP compares keys exactly.
pub const CASE_INSENSITIVE_KEY_ACTIONS: &[&str] = &[
    "iam:TagRole",
    "iam:TagUser",
    "iam:UntagRole",
    "iam:UntagUser",
];

/// The IAM facts of `resource_type`.
pub fn resource_type(resource_type: &str) -> Option<&'static ResourceTypeIam> {
    RESOURCE_TYPES
        .iter()
        .find(|t| t.resource_type == resource_type)
}

/// The actions a route needs that take no resource scope (EC2's describe calls and the
/// tagging API's), beyond each resource type's own actions.
pub fn route_actions(route: Route) -> &'static [&'static str] {
    match route {
        Route::Ec2 => &["ec2:DescribeInstances", "ec2:DescribeTags"],
        Route::TaggingApi => &["tag:GetResources", "tag:TagResources"],
        // Also how the hub finds the group, and its owner, behind an instance it launched.
        Route::AutoScaling => &[
            "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeTags",
        ],
        // The status of an account being created names the account to tag.
        Route::Organizations => &["organizations:DescribeCreateAccountStatus"],
        // Roles Anywhere authorises reading tags on no resource type.
        Route::RolesAnywhere => &["rolesanywhere:ListTagsForResource"],
        // Cloud Map authorises these on no resource type; an operation names the namespace.
        Route::CloudMap => &[
            "servicediscovery:GetOperation",
            "servicediscovery:ListTagsForResource",
        ],
        Route::S3Bucket
        | Route::Dax
        | Route::CloudWatch
        | Route::ApiGateway
        | Route::IamRole
        | Route::IamUser
        | Route::IamPolicy
        | Route::IamInstanceProfile
        | Route::IamMfaDevice
        | Route::Ecr
        | Route::Ledger
        | Route::Untaggable => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::ROWS;
    use std::collections::BTreeSet;

    #[test]
    fn every_registry_resource_type_has_iam_facts() {
        for row in ROWS {
            for spec in row.resources {
                let facts = resource_type(spec.resource_type)
                    .unwrap_or_else(|| panic!("no IAM facts for `{}`", spec.resource_type));
                let service = spec.resource_type.split(':').next().unwrap();
                assert!(
                    facts.arn_pattern.starts_with(&format!("arn:*:{service}:")),
                    "{}",
                    facts.arn_pattern
                );
                assert!(
                    facts
                        .tag_actions
                        .iter()
                        .all(|a| a.starts_with(&format!("{service}:")))
                );
            }
        }
    }

    #[test]
    fn every_conditionable_untag_action_says_what_it_does_without_keys() {
        let untag: BTreeSet<&str> = RESOURCE_TYPES
            .iter()
            .filter(|f| f.tag_keys_condition)
            .flat_map(|f| f.untag_actions.iter().copied())
            .chain(["tag:UntagResources"])
            .collect();
        let listed: BTreeSet<&str> = UNTAG_WITHOUT_KEYS.iter().map(|(a, _)| *a).collect();
        assert_eq!(
            listed.len(),
            UNTAG_WITHOUT_KEYS.len(),
            "an action listed twice"
        );
        assert_eq!(listed, untag);
        let removes_every_tag: Vec<&str> = UNTAG_WITHOUT_KEYS
            .iter()
            .filter(|(_, k)| *k == Keyless::RemovesEveryTag)
            .map(|(a, _)| *a)
            .collect();
        assert_eq!(removes_every_tag, ["ec2:DeleteTags"]);
        assert_eq!(
            untag_without_keys("iam:UntagRole"),
            Some(Keyless::KeysRequired("TagKeys"))
        );
        assert_eq!(untag_without_keys("s3:DeleteBucketTagging"), None);
    }

    #[test]
    fn case_insensitive_actions_are_conditionable_tag_actions() {
        for action in CASE_INSENSITIVE_KEY_ACTIONS {
            assert!(
                RESOURCE_TYPES.iter().any(|f| f.tag_keys_condition
                    && (f.tag_actions.contains(action) || f.untag_actions.contains(action))),
                "{action}"
            );
        }
    }
}
