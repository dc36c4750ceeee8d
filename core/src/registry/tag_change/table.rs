//! The tag-change events, one row per `(eventSource, eventName)`: where each call names the
//! resources and the tags it changes, and what it does to the tag set. Data, with the small
//! builders that keep a row to one line.

use super::{ChangeKind, TagChangeRow, TagsAt, Target};
use crate::registry::{Locator, Transform};

const fn at(path: &'static str, template: &'static str) -> Target {
    Target::At(Locator {
        path,
        transform: Transform::AsIs,
        arn: template,
    })
}

/// An ARN, or a value no template can make one of: refused as an invalid ARN.
const ID: &str = "{id}";

/// Where services that tag by ARN name it; the casing varies (`resourceArn`, `ResourceARN`...)
/// and paths match ignoring case.
const BY_ARN: &[Target] = &[
    at("requestParameters.resourceArn", ID),
    at("requestParameters.resource", ID),
    at("requestParameters.resourceName", ID),
    at("requestParameters.arn", ID),
    at("requestParameters.resourceArns[]", ID),
    at("requestParameters.resource-arn", ID),
];

/// The request fields, in order, where a row that tags by ARN looks for it.
pub fn arn_paths() -> Vec<&'static str> {
    BY_ARN
        .iter()
        .map(|target| match target {
            Target::At(locator) => locator.path,
            Target::ByPrefix { path, .. } => path,
        })
        .collect()
}

/// Where services that tag by ARN put the tags written: a map or a list of `{key, value}`.
const TAGS: &[TagsAt] = &[
    TagsAt::List("requestParameters.tags.items"),
    TagsAt::Map("requestParameters.tagResourceInput.tags"),
    TagsAt::Either("requestParameters.tags"),
    TagsAt::Either("requestParameters.tagList"),
    TagsAt::Either("requestParameters.tagsList"),
    TagsAt::Map("requestParameters.tagsToAdd"),
];

/// Where services that tag by ARN put the keys removed.
const KEYS: &[&str] = &[
    "requestParameters.tagKeys.items[]",
    "requestParameters.tagKeys[]",
    "requestParameters.tagKeyList[]",
    "requestParameters.keys[]",
    "requestParameters.tagsToRemove[]",
    "requestParameters.tags[].key",
    "requestParameters.tagsList[].key",
];

/// A call that writes tags on resources named by ARN.
const fn tag(event_source: &'static str, event_name: &'static str) -> TagChangeRow {
    TagChangeRow {
        event_source,
        event_name,
        kind: ChangeKind::Set,
        targets: BY_ARN,
        tags: TAGS,
        keys: &[],
        case_insensitive: false,
    }
}

/// A call that removes tag keys from resources named by ARN.
const fn untag(event_source: &'static str, event_name: &'static str) -> TagChangeRow {
    TagChangeRow {
        kind: ChangeKind::Remove,
        tags: &[],
        keys: KEYS,
        ..tag(event_source, event_name)
    }
}

impl TagChangeRow {
    /// The row, naming its resources at `targets`.
    const fn on(self, targets: &'static [Target]) -> Self {
        Self { targets, ..self }
    }

    /// The row, of a service that compares keys ignoring case.
    const fn keys_ignore_case(self) -> Self {
        Self {
            case_insensitive: true,
            ..self
        }
    }
}

/// EC2 id prefixes and the ARNs the registry gives their resources.
pub(super) const EC2_IDS: &[(&str, &str)] = &[
    (
        "tgw-attach-",
        "arn:{partition}:ec2:{region}:{account}:transit-gateway-attachment/{id}",
    ),
    (
        "tgw-rtb-",
        "arn:{partition}:ec2:{region}:{account}:transit-gateway-route-table/{id}",
    ),
    (
        "tgw-mcast-domain-",
        "arn:{partition}:ec2:{region}:{account}:transit-gateway-multicast-domain/{id}",
    ),
    (
        "tgw-",
        "arn:{partition}:ec2:{region}:{account}:transit-gateway/{id}",
    ),
    (
        "ipam-pool-",
        "arn:{partition}:ec2:{region}:{account}:ipam-pool/{id}",
    ),
    ("ipam-", "arn:{partition}:ec2:{region}:{account}:ipam/{id}"),
    (
        "cvpn-endpoint-",
        "arn:{partition}:ec2:{region}:{account}:client-vpn-endpoint/{id}",
    ),
    (
        "import-ami-",
        "arn:{partition}:ec2:{region}:{account}:import-image-task/{id}",
    ),
    (
        "import-snap-",
        "arn:{partition}:ec2:{region}:{account}:import-snapshot-task/{id}",
    ),
    (
        "eipalloc-",
        "arn:{partition}:ec2:{region}:{account}:elastic-ip/{id}",
    ),
    ("i-", "arn:{partition}:ec2:{region}:{account}:instance/{id}"),
    ("vol-", "arn:{partition}:ec2:{region}:{account}:volume/{id}"),
    ("snap-", "arn:{partition}:ec2:{region}::snapshot/{id}"),
    ("ami-", "arn:{partition}:ec2:{region}::image/{id}"),
    (
        "sg-",
        "arn:{partition}:ec2:{region}:{account}:security-group/{id}",
    ),
    ("vpc-", "arn:{partition}:ec2:{region}:{account}:vpc/{id}"),
    (
        "vpce-",
        "arn:{partition}:ec2:{region}:{account}:vpc-endpoint/{id}",
    ),
    (
        "pcx-",
        "arn:{partition}:ec2:{region}:{account}:vpc-peering-connection/{id}",
    ),
    (
        "subnet-",
        "arn:{partition}:ec2:{region}:{account}:subnet/{id}",
    ),
    (
        "eni-",
        "arn:{partition}:ec2:{region}:{account}:network-interface/{id}",
    ),
    (
        "igw-",
        "arn:{partition}:ec2:{region}:{account}:internet-gateway/{id}",
    ),
    (
        "eigw-",
        "arn:{partition}:ec2:{region}:{account}:egress-only-internet-gateway/{id}",
    ),
    (
        "nat-",
        "arn:{partition}:ec2:{region}:{account}:natgateway/{id}",
    ),
    (
        "rtb-",
        "arn:{partition}:ec2:{region}:{account}:route-table/{id}",
    ),
    (
        "acl-",
        "arn:{partition}:ec2:{region}:{account}:network-acl/{id}",
    ),
    (
        "dopt-",
        "arn:{partition}:ec2:{region}:{account}:dhcp-options/{id}",
    ),
    (
        "cgw-",
        "arn:{partition}:ec2:{region}:{account}:customer-gateway/{id}",
    ),
    (
        "cagw-",
        "arn:{partition}:ec2:{region}:{account}:carrier-gateway/{id}",
    ),
    (
        "vgw-",
        "arn:{partition}:ec2:{region}:{account}:vpn-gateway/{id}",
    ),
    (
        "vpn-",
        "arn:{partition}:ec2:{region}:{account}:vpn-connection/{id}",
    ),
    (
        "fl-",
        "arn:{partition}:ec2:{region}:{account}:vpc-flow-log/{id}",
    ),
    (
        "lt-",
        "arn:{partition}:ec2:{region}:{account}:launch-template/{id}",
    ),
    (
        "key-",
        "arn:{partition}:ec2:{region}:{account}:key-pair/{id}",
    ),
    (
        "pg-",
        "arn:{partition}:ec2:{region}:{account}:placement-group/{id}",
    ),
    (
        "pl-",
        "arn:{partition}:ec2:{region}:{account}:prefix-list/{id}",
    ),
    (
        "cr-",
        "arn:{partition}:ec2:{region}:{account}:capacity-reservation/{id}",
    ),
    (
        "fleet-",
        "arn:{partition}:ec2:{region}:{account}:fleet/{id}",
    ),
    (
        "sir-",
        "arn:{partition}:ec2:{region}:{account}:spot-instances-request/{id}",
    ),
    (
        "iew-",
        "arn:{partition}:ec2:{region}:{account}:instance-event-window/{id}",
    ),
    (
        "nip-",
        "arn:{partition}:ec2:{region}:{account}:network-insights-path/{id}",
    ),
    (
        "tmf-",
        "arn:{partition}:ec2:{region}:{account}:traffic-mirror-filter/{id}",
    ),
    (
        "tms-",
        "arn:{partition}:ec2:{region}:{account}:traffic-mirror-session/{id}",
    ),
    (
        "tmt-",
        "arn:{partition}:ec2:{region}:{account}:traffic-mirror-target/{id}",
    ),
    (
        "vai-",
        "arn:{partition}:ec2:{region}:{account}:verified-access-instance/{id}",
    ),
];

const EC2: &[Target] = &[Target::ByPrefix {
    path: "requestParameters.resourcesSet.items[].resourceId",
    prefixes: EC2_IDS,
}];

const EC2_TAGS: &[TagsAt] = &[TagsAt::List("requestParameters.tagSet.items")];

const S3_BUCKET: &[Target] = &[at(
    "requestParameters.bucketName",
    "arn:{partition}:s3:::{id}",
)];

const AUTO_SCALING_GROUPS: &[Target] = &[at(
    "requestParameters.tags[].resourceId",
    "arn:{partition}:autoscaling:{region}:{account}:autoScalingGroup:*:autoScalingGroupName/{id}",
)];

const TAGGING_API: &[Target] = &[at("requestParameters.resourceARNList[]", ID)];

const IAM_ROLE: &[Target] = &[at(
    "requestParameters.roleName",
    "arn:{partition}:iam::{account}:role/{id}",
)];
const IAM_USER: &[Target] = &[at(
    "requestParameters.userName",
    "arn:{partition}:iam::{account}:user/{id}",
)];
const IAM_POLICY: &[Target] = &[at("requestParameters.policyArn", ID)];
const IAM_INSTANCE_PROFILE: &[Target] = &[at(
    "requestParameters.instanceProfileName",
    "arn:{partition}:iam::{account}:instance-profile/{id}",
)];
const IAM_MFA: &[Target] = &[at(
    "requestParameters.serialNumber",
    "arn:{partition}:iam::{account}:mfa/{id}",
)];
const IAM_OIDC: &[Target] = &[at("requestParameters.openIDConnectProviderArn", ID)];
const IAM_SAML: &[Target] = &[at("requestParameters.sAMLProviderArn", ID)];
const IAM_SERVER_CERTIFICATE: &[Target] = &[at(
    "requestParameters.serverCertificateName",
    "arn:{partition}:iam::{account}:server-certificate/{id}",
)];

/// Organizations names accounts by number and the rest by prefixed id; the registry names an
/// account `account/{id}` in the management account. An OU's, root's or policy's real ARN also
/// holds the organization's id, which the request does not name: the ARNs built here lack it, so
/// a ledger holding the full ARN can find them only by their last segment.
const ORGANIZATIONS: &[Target] = &[Target::ByPrefix {
    path: "requestParameters.resourceId",
    prefixes: &[
        ("ou-", "arn:{partition}:organizations::{account}:ou/{id}"),
        ("r-", "arn:{partition}:organizations::{account}:root/{id}"),
        ("p-", "arn:{partition}:organizations::{account}:policy/{id}"),
        ("", "arn:{partition}:organizations::{account}:account/{id}"),
    ],
}];

const fn by(path: &'static str, template: &'static str) -> [Target; 1] {
    [at(path, template)]
}

const ACM: &[Target] = &by("requestParameters.certificateArn", ID);
const ACM_PCA: &[Target] = &by("requestParameters.certificateAuthorityArn", ID);
const CLOUDHSM: &[Target] = &by(
    "requestParameters.resourceId",
    "arn:{partition}:cloudhsm:{region}:{account}:cluster/{id}",
);
const CLOUDTRAIL: &[Target] = &by("requestParameters.resourceId", ID);
const DATAPIPELINE: &[Target] = &by(
    "requestParameters.pipelineId",
    "arn:{partition}:datapipeline:{region}:{account}:pipeline/{id}",
);
const DS: &[Target] = &by(
    "requestParameters.resourceId",
    "arn:{partition}:ds:{region}:{account}:directory/{id}",
);
const EFS: &[Target] = &[
    at(
        "requestParameters.fileSystemId",
        "arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{id}",
    ),
    Target::ByPrefix {
        path: "requestParameters.resourceId",
        prefixes: &[
            (
                "fs-",
                "arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{id}",
            ),
            (
                "fsap-",
                "arn:{partition}:elasticfilesystem:{region}:{account}:access-point/{id}",
            ),
        ],
    },
];
const EMR: &[Target] = &by(
    "requestParameters.resourceId",
    "arn:{partition}:elasticmapreduce:{region}:{account}:cluster/{id}",
);
const FIREHOSE: &[Target] = &by(
    "requestParameters.deliveryStreamName",
    "arn:{partition}:firehose:{region}:{account}:deliverystream/{id}",
);
const GLACIER: &[Target] = &by(
    "requestParameters.vaultName",
    "arn:{partition}:glacier:{region}:{account}:vaults/{id}",
);
const KINESIS: &[Target] = &[
    at("requestParameters.streamARN", ID),
    at(
        "requestParameters.streamName",
        "arn:{partition}:kinesis:{region}:{account}:stream/{id}",
    ),
];
const KINESIS_VIDEO: &[Target] = &[
    at("requestParameters.streamARN", ID),
    at("requestParameters.resourceARN", ID),
    at(
        "requestParameters.streamName",
        "arn:{partition}:kinesisvideo:{region}:{account}:stream/{id}",
    ),
];
const KMS: &[Target] = &by(
    "requestParameters.keyId",
    "arn:{partition}:kms:{region}:{account}:key/{id}",
);
const LOG_GROUP: &[Target] = &by(
    "requestParameters.logGroupName",
    "arn:{partition}:logs:{region}:{account}:log-group:{id}",
);
const RAM: &[Target] = &[
    at("requestParameters.resourceShareArn", ID),
    at("requestParameters.resourceArn", ID),
];
/// A secret named by name, not ARN, gets an ARN without the suffix Secrets Manager adds: the
/// hub's ledger, which holds the full ARN, can find it only by prefix.
const SECRET: &[Target] = &by(
    "requestParameters.secretId",
    "arn:{partition}:secretsmanager:{region}:{account}:secret:{id}",
);
const SQS_QUEUE: &[Target] = &[Target::At(Locator {
    path: "requestParameters.queueUrl",
    transform: Transform::LastPathSegment,
    arn: "arn:{partition}:sqs:{region}:{account}:{id}",
})];
/// SSM names documents and parameters by name, which says nothing of the type; those by id
/// carry their type in the prefix.
const SSM: &[Target] = &[Target::ByPrefix {
    path: "requestParameters.resourceId",
    prefixes: &[
        (
            "mw-",
            "arn:{partition}:ssm:{region}:{account}:maintenancewindow/{id}",
        ),
        ("oi-", "arn:{partition}:ssm:{region}:{account}:opsitem/{id}"),
        (
            "pb-",
            "arn:{partition}:ssm:{region}:{account}:patchbaseline/{id}",
        ),
    ],
}];
const WORKSPACES: &[Target] = &[Target::ByPrefix {
    path: "requestParameters.resourceId",
    prefixes: &[(
        "ws-",
        "arn:{partition}:workspaces:{region}:{account}:workspace/{id}",
    )],
}];

/// Every tag-change event of the services the registry stamps, and the Resource Groups Tagging
/// API's. Kept sorted by source, then name; a test checks that no key repeats.
pub static TABLE: &[TagChangeRow] = &[
    tag("acm-pca.amazonaws.com", "TagCertificateAuthority").on(ACM_PCA),
    untag("acm-pca.amazonaws.com", "UntagCertificateAuthority").on(ACM_PCA),
    tag("acm.amazonaws.com", "AddTagsToCertificate").on(ACM),
    untag("acm.amazonaws.com", "RemoveTagsFromCertificate").on(ACM),
    tag("aoss.amazonaws.com", "TagResource"),
    untag("aoss.amazonaws.com", "UntagResource"),
    tag("apigateway.amazonaws.com", "TagResource"),
    untag("apigateway.amazonaws.com", "UntagResource"),
    tag("appconfig.amazonaws.com", "TagResource"),
    untag("appconfig.amazonaws.com", "UntagResource"),
    tag("appmesh.amazonaws.com", "TagResource"),
    untag("appmesh.amazonaws.com", "UntagResource"),
    tag("appstream.amazonaws.com", "TagResource"),
    untag("appstream.amazonaws.com", "UntagResource"),
    tag("appsync.amazonaws.com", "TagResource"),
    untag("appsync.amazonaws.com", "UntagResource"),
    tag("athena.amazonaws.com", "TagResource"),
    untag("athena.amazonaws.com", "UntagResource"),
    TagChangeRow {
        kind: ChangeKind::Set,
        ..tag("autoscaling.amazonaws.com", "CreateOrUpdateTags")
    }
    .on(AUTO_SCALING_GROUPS),
    untag("autoscaling.amazonaws.com", "DeleteTags").on(AUTO_SCALING_GROUPS),
    tag("backup.amazonaws.com", "TagResource"),
    untag("backup.amazonaws.com", "UntagResource"),
    tag("batch.amazonaws.com", "TagResource"),
    untag("batch.amazonaws.com", "UntagResource"),
    tag("bedrock-agentcore.amazonaws.com", "TagResource"),
    untag("bedrock-agentcore.amazonaws.com", "UntagResource"),
    tag("bedrock.amazonaws.com", "TagResource"),
    untag("bedrock.amazonaws.com", "UntagResource"),
    tag("cassandra.amazonaws.com", "TagResource"),
    untag("cassandra.amazonaws.com", "UntagResource"),
    tag("cloudfront.amazonaws.com", "TagResource"),
    untag("cloudfront.amazonaws.com", "UntagResource"),
    tag("cloudhsm.amazonaws.com", "TagResource").on(CLOUDHSM),
    untag("cloudhsm.amazonaws.com", "UntagResource").on(CLOUDHSM),
    tag("cloudtrail.amazonaws.com", "AddTags").on(CLOUDTRAIL),
    untag("cloudtrail.amazonaws.com", "RemoveTags").on(CLOUDTRAIL),
    tag("codecommit.amazonaws.com", "TagResource"),
    untag("codecommit.amazonaws.com", "UntagResource"),
    tag("codedeploy.amazonaws.com", "TagResource"),
    untag("codedeploy.amazonaws.com", "UntagResource"),
    tag("codepipeline.amazonaws.com", "TagResource"),
    untag("codepipeline.amazonaws.com", "UntagResource"),
    tag("cognito-identity.amazonaws.com", "TagResource"),
    untag("cognito-identity.amazonaws.com", "UntagResource"),
    tag("cognito-idp.amazonaws.com", "TagResource"),
    untag("cognito-idp.amazonaws.com", "UntagResource"),
    tag("comprehend.amazonaws.com", "TagResource"),
    untag("comprehend.amazonaws.com", "UntagResource"),
    tag("connect.amazonaws.com", "TagResource"),
    untag("connect.amazonaws.com", "UntagResource"),
    tag("databrew.amazonaws.com", "TagResource"),
    untag("databrew.amazonaws.com", "UntagResource"),
    tag("datapipeline.amazonaws.com", "AddTags").on(DATAPIPELINE),
    untag("datapipeline.amazonaws.com", "RemoveTags").on(DATAPIPELINE),
    tag("datasync.amazonaws.com", "TagResource"),
    untag("datasync.amazonaws.com", "UntagResource"),
    tag("dax.amazonaws.com", "TagResource"),
    untag("dax.amazonaws.com", "UntagResource"),
    tag("deadline.amazonaws.com", "TagResource"),
    untag("deadline.amazonaws.com", "UntagResource"),
    tag("directconnect.amazonaws.com", "TagResource"),
    untag("directconnect.amazonaws.com", "UntagResource"),
    tag("dms.amazonaws.com", "AddTagsToResource"),
    untag("dms.amazonaws.com", "RemoveTagsFromResource"),
    tag("ds.amazonaws.com", "AddTagsToResource").on(DS),
    untag("ds.amazonaws.com", "RemoveTagsFromResource").on(DS),
    tag("dsql.amazonaws.com", "TagResource"),
    untag("dsql.amazonaws.com", "UntagResource"),
    tag("dynamodb.amazonaws.com", "TagResource"),
    untag("dynamodb.amazonaws.com", "UntagResource"),
    TagChangeRow {
        tags: EC2_TAGS,
        ..tag("ec2.amazonaws.com", "CreateTags")
    }
    .on(EC2),
    // Without a tag set, `DeleteTags` deletes every tag of the resources.
    TagChangeRow {
        kind: ChangeKind::RemoveOrAll,
        keys: &["requestParameters.tagSet.items[].key"],
        ..untag("ec2.amazonaws.com", "DeleteTags")
    }
    .on(EC2),
    tag("ecr.amazonaws.com", "TagResource"),
    untag("ecr.amazonaws.com", "UntagResource"),
    tag("ecs.amazonaws.com", "TagResource"),
    untag("ecs.amazonaws.com", "UntagResource"),
    tag("eks.amazonaws.com", "TagResource"),
    untag("eks.amazonaws.com", "UntagResource"),
    tag("elasticache.amazonaws.com", "AddTagsToResource"),
    untag("elasticache.amazonaws.com", "RemoveTagsFromResource"),
    // EFS's older calls name the file system; the newer ones take its id or ARN.
    tag("elasticfilesystem.amazonaws.com", "CreateTags").on(EFS),
    untag("elasticfilesystem.amazonaws.com", "DeleteTags").on(EFS),
    tag("elasticfilesystem.amazonaws.com", "TagResource").on(EFS),
    untag("elasticfilesystem.amazonaws.com", "UntagResource").on(EFS),
    tag("elasticloadbalancing.amazonaws.com", "AddTags"),
    untag("elasticloadbalancing.amazonaws.com", "RemoveTags"),
    tag("elasticmapreduce.amazonaws.com", "AddTags").on(EMR),
    untag("elasticmapreduce.amazonaws.com", "RemoveTags").on(EMR),
    tag("emr-serverless.amazonaws.com", "TagResource"),
    untag("emr-serverless.amazonaws.com", "UntagResource"),
    tag("es.amazonaws.com", "AddTags"),
    untag("es.amazonaws.com", "RemoveTags"),
    tag("events.amazonaws.com", "TagResource"),
    untag("events.amazonaws.com", "UntagResource"),
    tag("firehose.amazonaws.com", "TagDeliveryStream").on(FIREHOSE),
    untag("firehose.amazonaws.com", "UntagDeliveryStream").on(FIREHOSE),
    tag("fsx.amazonaws.com", "TagResource"),
    untag("fsx.amazonaws.com", "UntagResource"),
    tag("gamelift.amazonaws.com", "TagResource"),
    untag("gamelift.amazonaws.com", "UntagResource"),
    tag("glacier.amazonaws.com", "AddTagsToVault").on(GLACIER),
    untag("glacier.amazonaws.com", "RemoveTagsFromVault").on(GLACIER),
    tag("globalaccelerator.amazonaws.com", "TagResource"),
    untag("globalaccelerator.amazonaws.com", "UntagResource"),
    tag("glue.amazonaws.com", "TagResource"),
    untag("glue.amazonaws.com", "UntagResource"),
    tag("guardduty.amazonaws.com", "TagResource"),
    untag("guardduty.amazonaws.com", "UntagResource"),
    tag("healthlake.amazonaws.com", "TagResource"),
    untag("healthlake.amazonaws.com", "UntagResource"),
    tag("iam.amazonaws.com", "TagInstanceProfile")
        .on(IAM_INSTANCE_PROFILE)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagMFADevice")
        .on(IAM_MFA)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagOpenIDConnectProvider")
        .on(IAM_OIDC)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagPolicy")
        .on(IAM_POLICY)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagRole")
        .on(IAM_ROLE)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagSAMLProvider")
        .on(IAM_SAML)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagServerCertificate")
        .on(IAM_SERVER_CERTIFICATE)
        .keys_ignore_case(),
    tag("iam.amazonaws.com", "TagUser")
        .on(IAM_USER)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagInstanceProfile")
        .on(IAM_INSTANCE_PROFILE)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagMFADevice")
        .on(IAM_MFA)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagOpenIDConnectProvider")
        .on(IAM_OIDC)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagPolicy")
        .on(IAM_POLICY)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagRole")
        .on(IAM_ROLE)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagSAMLProvider")
        .on(IAM_SAML)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagServerCertificate")
        .on(IAM_SERVER_CERTIFICATE)
        .keys_ignore_case(),
    untag("iam.amazonaws.com", "UntagUser")
        .on(IAM_USER)
        .keys_ignore_case(),
    tag("internetmonitor.amazonaws.com", "TagResource"),
    untag("internetmonitor.amazonaws.com", "UntagResource"),
    tag("iot.amazonaws.com", "TagResource"),
    untag("iot.amazonaws.com", "UntagResource"),
    tag("iotsitewise.amazonaws.com", "TagResource"),
    untag("iotsitewise.amazonaws.com", "UntagResource"),
    tag("kafka.amazonaws.com", "TagResource"),
    untag("kafka.amazonaws.com", "UntagResource"),
    tag("kendra.amazonaws.com", "TagResource"),
    untag("kendra.amazonaws.com", "UntagResource"),
    tag("kinesis.amazonaws.com", "AddTagsToStream").on(KINESIS),
    untag("kinesis.amazonaws.com", "RemoveTagsFromStream").on(KINESIS),
    tag("kinesis.amazonaws.com", "TagResource"),
    untag("kinesis.amazonaws.com", "UntagResource"),
    tag("kinesisanalytics.amazonaws.com", "TagResource"),
    untag("kinesisanalytics.amazonaws.com", "UntagResource"),
    tag("kinesisvideo.amazonaws.com", "TagResource"),
    tag("kinesisvideo.amazonaws.com", "TagStream").on(KINESIS_VIDEO),
    untag("kinesisvideo.amazonaws.com", "UntagResource"),
    untag("kinesisvideo.amazonaws.com", "UntagStream").on(KINESIS_VIDEO),
    tag("kms.amazonaws.com", "TagResource").on(KMS),
    untag("kms.amazonaws.com", "UntagResource").on(KMS),
    tag("lambda.amazonaws.com", "TagResource20170331v2"),
    untag("lambda.amazonaws.com", "UntagResource20170331v2"),
    // `UntagLogGroup` lists the keys it removes under `tags`.
    tag("logs.amazonaws.com", "TagLogGroup").on(LOG_GROUP),
    tag("logs.amazonaws.com", "TagResource"),
    TagChangeRow {
        keys: &["requestParameters.tags[]"],
        ..untag("logs.amazonaws.com", "UntagLogGroup")
    }
    .on(LOG_GROUP),
    untag("logs.amazonaws.com", "UntagResource"),
    tag("m2.amazonaws.com", "TagResource"),
    untag("m2.amazonaws.com", "UntagResource"),
    tag("medialive.amazonaws.com", "CreateTags"),
    untag("medialive.amazonaws.com", "DeleteTags"),
    tag("mediapackage.amazonaws.com", "TagResource"),
    untag("mediapackage.amazonaws.com", "UntagResource"),
    tag("medical-imaging.amazonaws.com", "TagResource"),
    untag("medical-imaging.amazonaws.com", "UntagResource"),
    tag("memorydb.amazonaws.com", "TagResource"),
    untag("memorydb.amazonaws.com", "UntagResource"),
    tag("monitoring.amazonaws.com", "TagResource"),
    untag("monitoring.amazonaws.com", "UntagResource"),
    tag("mq.amazonaws.com", "CreateTags"),
    untag("mq.amazonaws.com", "DeleteTags"),
    tag("network-firewall.amazonaws.com", "TagResource"),
    untag("network-firewall.amazonaws.com", "UntagResource"),
    tag("networkmanager.amazonaws.com", "TagResource"),
    untag("networkmanager.amazonaws.com", "UntagResource"),
    tag("omics.amazonaws.com", "TagResource"),
    untag("omics.amazonaws.com", "UntagResource"),
    tag("organizations.amazonaws.com", "TagResource").on(ORGANIZATIONS),
    untag("organizations.amazonaws.com", "UntagResource").on(ORGANIZATIONS),
    tag("payment-cryptography.amazonaws.com", "TagResource"),
    untag("payment-cryptography.amazonaws.com", "UntagResource"),
    tag("quicksight.amazonaws.com", "TagResource"),
    untag("quicksight.amazonaws.com", "UntagResource"),
    tag("ram.amazonaws.com", "TagResource").on(RAM),
    untag("ram.amazonaws.com", "UntagResource").on(RAM),
    tag("rds.amazonaws.com", "AddTagsToResource"),
    untag("rds.amazonaws.com", "RemoveTagsFromResource"),
    tag("redshift-serverless.amazonaws.com", "TagResource"),
    untag("redshift-serverless.amazonaws.com", "UntagResource"),
    tag("redshift.amazonaws.com", "CreateTags"),
    untag("redshift.amazonaws.com", "DeleteTags"),
    tag("resiliencehub.amazonaws.com", "TagResource"),
    untag("resiliencehub.amazonaws.com", "UntagResource"),
    tag("rolesanywhere.amazonaws.com", "TagResource"),
    untag("rolesanywhere.amazonaws.com", "UntagResource"),
    // `DeleteBucketTagging` removes the whole set; `PutBucketTagging` replaces it.
    TagChangeRow {
        kind: ChangeKind::RemoveAll,
        ..untag("s3.amazonaws.com", "DeleteBucketTagging")
    }
    .on(S3_BUCKET),
    TagChangeRow {
        kind: ChangeKind::Replace,
        tags: &[TagsAt::List("requestParameters.Tagging.TagSet.Tag")],
        ..tag("s3.amazonaws.com", "PutBucketTagging")
    }
    .on(S3_BUCKET),
    tag("sagemaker.amazonaws.com", "AddTags"),
    untag("sagemaker.amazonaws.com", "DeleteTags"),
    tag("scheduler.amazonaws.com", "TagResource"),
    untag("scheduler.amazonaws.com", "UntagResource"),
    tag("secretsmanager.amazonaws.com", "TagResource").on(SECRET),
    untag("secretsmanager.amazonaws.com", "UntagResource").on(SECRET),
    tag("securityhub.amazonaws.com", "TagResource"),
    untag("securityhub.amazonaws.com", "UntagResource"),
    tag("servicediscovery.amazonaws.com", "TagResource"),
    untag("servicediscovery.amazonaws.com", "UntagResource"),
    tag("sns.amazonaws.com", "TagResource"),
    untag("sns.amazonaws.com", "UntagResource"),
    tag("sqs.amazonaws.com", "TagQueue").on(SQS_QUEUE),
    untag("sqs.amazonaws.com", "UntagQueue").on(SQS_QUEUE),
    tag("ssm.amazonaws.com", "AddTagsToResource").on(SSM),
    untag("ssm.amazonaws.com", "RemoveTagsFromResource").on(SSM),
    tag("states.amazonaws.com", "TagResource"),
    untag("states.amazonaws.com", "UntagResource"),
    tag("storagegateway.amazonaws.com", "AddTagsToResource"),
    untag("storagegateway.amazonaws.com", "RemoveTagsFromResource"),
    TagChangeRow {
        tags: &[TagsAt::Map("requestParameters.tags")],
        ..tag("tagging.amazonaws.com", "TagResources")
    }
    .on(TAGGING_API),
    untag("tagging.amazonaws.com", "UntagResources").on(TAGGING_API),
    tag("timestream.amazonaws.com", "TagResource"),
    untag("timestream.amazonaws.com", "UntagResource"),
    tag("transfer.amazonaws.com", "TagResource"),
    untag("transfer.amazonaws.com", "UntagResource"),
    tag("vpc-lattice.amazonaws.com", "TagResource"),
    untag("vpc-lattice.amazonaws.com", "UntagResource"),
    tag("wafv2.amazonaws.com", "TagResource"),
    untag("wafv2.amazonaws.com", "UntagResource"),
    tag("workspaces.amazonaws.com", "CreateTags").on(WORKSPACES),
    untag("workspaces.amazonaws.com", "DeleteTags").on(WORKSPACES),
];

/// Event sources the registry stamps that have no row here, and why.
pub const NOT_COVERED: &[(&str, &str)] = &[
    (
        "elasticbeanstalk.amazonaws.com",
        "its one tag call, `UpdateTagsForResource`, adds and removes in the same request, which \
         no single `Change` describes",
    ),
    (
        "route53.amazonaws.com",
        "its one tag call, `ChangeTagsForResource`, adds and removes in the same request, which \
         no single `Change` describes",
    ),
];
