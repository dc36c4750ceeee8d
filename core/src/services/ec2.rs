//! `ec2.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/ec2/`.

use crate::services::row::{
    ChangeKind, EventRow, Locator, ResourceSpec, Route, TagChangeRow, TagsAt, Target, Transform,
    at, row, tag, untag, untaggable,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "ec2.amazonaws.com",
        "AllocateAddress",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:elastic-ip",
            locators: &[at(
                "responseElements.allocationId",
                "arn:{partition}:ec2:{region}:{account}:elastic-ip/{id}",
            )],
        }],
    )
    .proven_by("ec2/AllocateAddress-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CopyImage",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:image",
            locators: &[
                Locator {
                    path: "responseElements.imageId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}::image/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CopyImage-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CopySnapshot",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:snapshot",
            locators: &[
                Locator {
                    path: "responseElements.snapshotId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}::snapshot/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CopySnapshot-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateCapacityReservation",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:capacity-reservation",
            locators: &[
                Locator {
                    path: "responseElements.capacityReservation.capacityReservationId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:capacity-reservation/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateCapacityReservation-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateCarrierGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:carrier-gateway",
            locators: &[
                Locator {
                    path: "responseElements.carrierGateway.carrierGatewayId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:carrier-gateway/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateCarrierGateway-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateClientVpnEndpoint",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:client-vpn-endpoint",
            locators: &[
                Locator {
                    path: "responseElements.clientVpnEndpointId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:client-vpn-endpoint/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateClientVpnEndpoint-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateCustomerGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:customer-gateway",
            locators: &[
                Locator {
                    path: "responseElements.customerGateway.customerGatewayId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:customer-gateway/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateCustomerGateway-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateDefaultSubnet",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:subnet",
            locators: &[
                Locator {
                    path: "responseElements.subnet.subnetId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:subnet/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateDefaultSubnet-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateDhcpOptions",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:dhcp-options",
            locators: &[
                Locator {
                    path: "responseElements.dhcpOptions.dhcpOptionsId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:dhcp-options/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateDhcpOptions-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateEgressOnlyInternetGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:egress-only-internet-gateway",
            locators: &[
                Locator {
                    path: "responseElements.egressOnlyInternetGateway.egressOnlyInternetGatewayId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:egress-only-internet-gateway/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateEgressOnlyInternetGateway-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateFleet",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:fleet",
            locators: &[
                Locator {
                    path: "responseElements.fleetId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:fleet/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateFleet-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateFlowLogs",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:vpc-flow-log",
            locators: &[
                at("responseElements.flowLogIdSet.item", "arn:{partition}:ec2:{region}:{account}:vpc-flow-log/{id}"),
                at("responseElements.flowLogIdSet.item[]", "arn:{partition}:ec2:{region}:{account}:vpc-flow-log/{id}"),
            ],
        }],
    )
    .proven_by("ec2/CreateFlowLogs-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateImage",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:image",
            locators: &[at(
                "responseElements.imageId",
                "arn:{partition}:ec2:{region}::image/{id}",
            )],
        }],
    )
    .proven_by("ec2/CreateImage-streamalert-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateInstanceEventWindow",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:instance-event-window",
            locators: &[
                Locator {
                    path: "responseElements.instanceEventWindow.instanceEventWindowId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:instance-event-window/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateInstanceEventWindow-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateInternetGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:internet-gateway",
            locators: &[
                at("responseElements.internetGateway.internetGatewayId", "arn:{partition}:ec2:{region}:{account}:internet-gateway/{id}"),
            ],
        }],
    )
    .proven_by("ec2/CreateInternetGateway-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateIpam",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:ipam",
            locators: &[
                Locator {
                    path: "responseElements.ipam.ipamId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:ipam/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateIpam-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateIpamPool",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:ipam-pool",
            locators: &[
                Locator {
                    path: "responseElements.ipamPool.ipamPoolId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:ipam-pool/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateIpamPool-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateKeyPair",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:key-pair",
            locators: &[at("responseElements.keyPairId", "arn:{partition}:ec2:{region}:{account}:key-pair/{id}")],
        }],
    )
    .proven_by("ec2/CreateKeyPair-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateLaunchTemplate",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:launch-template",
            locators: &[
                Locator {
                    path: "responseElements.CreateLaunchTemplateResponse.launchTemplate.launchTemplateId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:launch-template/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateLaunchTemplate-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateManagedPrefixList",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:prefix-list",
            locators: &[
                Locator {
                    path: "responseElements.prefixList.prefixListId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:prefix-list/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateManagedPrefixList-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateNatGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:natgateway",
            locators: &[
                at("responseElements.natGateway.natGatewayId", "arn:{partition}:ec2:{region}:{account}:natgateway/{id}"),
            ],
        }],
    )
    .proven_by("ec2/CreateNatGateway-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateNetworkAcl",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:network-acl",
            locators: &[
                Locator {
                    path: "responseElements.networkAcl.networkAclId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:network-acl/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateNetworkAcl-constructed-1.json"),
    untaggable(
        "ec2.amazonaws.com",
        "CreateNetworkAclEntry",
        "a network ACL entry is a rule of a network ACL and cannot carry tags; the ACL can",
    )
    .proven_by("ec2/CreateNetworkAclEntry-panther-analysis-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateNetworkInsightsPath",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:network-insights-path",
            locators: &[
                Locator {
                    path: "responseElements.networkInsightsPath.networkInsightsPathId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:network-insights-path/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateNetworkInsightsPath-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateNetworkInterface",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:network-interface",
            locators: &[
                at("responseElements.networkInterface.networkInterfaceId", "arn:{partition}:ec2:{region}:{account}:network-interface/{id}"),
            ],
        }],
    )
    .proven_by("ec2/CreateNetworkInterface-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreatePlacementGroup",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:placement-group",
            locators: &[at("responseElements.placementGroup.groupId", "arn:{partition}:ec2:{region}:{account}:placement-group/{id}")],
        }],
    )
    .proven_by("ec2/CreatePlacementGroup-constructed-1.json"),
    untaggable(
        "ec2.amazonaws.com",
        "CreateRoute",
        "a route is an entry of a route table and cannot carry tags; the route table can",
    )
    .proven_by("ec2/CreateRoute-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateRouteTable",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:route-table",
            locators: &[
                at("responseElements.routeTable.routeTableId", "arn:{partition}:ec2:{region}:{account}:route-table/{id}"),
            ],
        }],
    )
    .proven_by("ec2/CreateRouteTable-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateSecurityGroup",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:security-group",
            locators: &[at(
                "responseElements.groupId",
                "arn:{partition}:ec2:{region}:{account}:security-group/{id}",
            )],
        }],
    )
    .proven_by("ec2/CreateSecurityGroup-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateSnapshot",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:snapshot",
            locators: &[at(
                "responseElements.snapshotId",
                "arn:{partition}:ec2:{region}::snapshot/{id}",
            )],
        }],
    )
    .proven_by("ec2/CreateSnapshot-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateSnapshots",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:snapshot",
            locators: &[
                Locator {
                    path: "responseElements.snapshotSet.items[].snapshotId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}::snapshot/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateSnapshots-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateSubnet",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:subnet",
            locators: &[at(
                "responseElements.subnet.subnetId",
                "arn:{partition}:ec2:{region}:{account}:subnet/{id}",
            )],
        }],
    )
    .proven_by("ec2/CreateSubnet-invictus-aws_dataset-1.json"),
    untaggable(
        "ec2.amazonaws.com",
        "CreateTags",
        "it adds tags to resources that already exist and creates nothing",
    )
    .proven_by("ec2/CreateTags-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTrafficMirrorFilter",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:traffic-mirror-filter",
            locators: &[
                Locator {
                    path: "responseElements.trafficMirrorFilter.trafficMirrorFilterId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:traffic-mirror-filter/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTrafficMirrorFilter-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTrafficMirrorSession",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:traffic-mirror-session",
            locators: &[
                Locator {
                    path: "responseElements.trafficMirrorSession.trafficMirrorSessionId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:traffic-mirror-session/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTrafficMirrorSession-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTrafficMirrorTarget",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:traffic-mirror-target",
            locators: &[
                Locator {
                    path: "responseElements.trafficMirrorTarget.trafficMirrorTargetId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:traffic-mirror-target/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTrafficMirrorTarget-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTransitGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:transit-gateway",
            locators: &[
                Locator {
                    path: "responseElements.transitGateway.transitGatewayId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:transit-gateway/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTransitGateway-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTransitGatewayMulticastDomain",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:transit-gateway-multicast-domain",
            locators: &[
                Locator {
                    path: "responseElements.transitGatewayMulticastDomain.transitGatewayMulticastDomainId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:transit-gateway-multicast-domain/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTransitGatewayMulticastDomain-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTransitGatewayPeeringAttachment",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:transit-gateway-attachment",
            locators: &[
                Locator {
                    path: "responseElements.transitGatewayPeeringAttachment.transitGatewayAttachmentId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:transit-gateway-attachment/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTransitGatewayPeeringAttachment-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTransitGatewayRouteTable",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:transit-gateway-route-table",
            locators: &[
                Locator {
                    path: "responseElements.transitGatewayRouteTable.transitGatewayRouteTableId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:transit-gateway-route-table/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTransitGatewayRouteTable-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTransitGatewayVpcAttachment",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:transit-gateway-attachment",
            locators: &[
                Locator {
                    path: "responseElements.transitGatewayVpcAttachment.transitGatewayAttachmentId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:transit-gateway-attachment/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTransitGatewayVpcAttachment-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVerifiedAccessInstance",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:verified-access-instance",
            locators: &[
                Locator {
                    path: "responseElements.verifiedAccessInstance.verifiedAccessInstanceId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:verified-access-instance/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateVerifiedAccessInstance-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVolume",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:volume",
            locators: &[at(
                "responseElements.volumeId",
                "arn:{partition}:ec2:{region}:{account}:volume/{id}",
            )],
        }],
    )
    .proven_by("ec2/CreateVolume-awsdocs-aws-kms-developer-guide-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVpc",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:vpc",
            locators: &[at(
                "responseElements.vpc.vpcId",
                "arn:{partition}:ec2:{region}:{account}:vpc/{id}",
            )],
        }],
    )
    .proven_by("ec2/CreateVpc-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVpcEndpoint",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:vpc-endpoint",
            locators: &[
                Locator {
                    path: "responseElements.vpcEndpoint.vpcEndpointId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:vpc-endpoint/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateVpcEndpoint-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVpcPeeringConnection",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:vpc-peering-connection",
            locators: &[
                Locator {
                    path: "responseElements.vpcPeeringConnection.vpcPeeringConnectionId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:vpc-peering-connection/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateVpcPeeringConnection-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVpnConnection",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:vpn-connection",
            locators: &[
                Locator {
                    path: "responseElements.vpnConnection.vpnConnectionId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:vpn-connection/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateVpnConnection-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVpnGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:vpn-gateway",
            locators: &[
                Locator {
                    path: "responseElements.vpnGateway.vpnGatewayId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:vpn-gateway/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateVpnGateway-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "ImportImage",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:import-image-task",
            locators: &[
                Locator {
                    path: "responseElements.importTaskId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:import-image-task/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/ImportImage-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "ImportSnapshot",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:import-snapshot-task",
            locators: &[
                Locator {
                    path: "responseElements.importTaskId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:import-snapshot-task/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/ImportSnapshot-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "RegisterImage",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:image",
            locators: &[
                at("responseElements.imageId", "arn:{partition}:ec2:{region}::image/{id}"),
            ],
        }],
    )
    .proven_by("ec2/RegisterImage-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "RequestSpotInstances",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:spot-instances-request",
            locators: &[
                Locator {
                    path: "responseElements.spotInstanceRequestSet.items[].spotInstanceRequestId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:spot-instances-request/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/RequestSpotInstances-constructed-1.json"),
    EventRow {
        tag_attached_volumes: true,
        ..row(
            "ec2.amazonaws.com",
            "RunInstances",
            Route::Ec2,
            &[
                ResourceSpec {
                    resource_type: "ec2:instance",
                    locators: &[at(
                        "responseElements.instancesSet.items[].instanceId",
                        "arn:{partition}:ec2:{region}:{account}:instance/{id}",
                    )],
                },
                ResourceSpec {
                    resource_type: "ec2:network-interface",
                    locators: &[at(
                        "responseElements.instancesSet.items[].networkInterfaceSet.items[].networkInterfaceId",
                        "arn:{partition}:ec2:{region}:{account}:network-interface/{id}",
                    )],
                },
            ],
        )
    }
    .proven_by("ec2/RunInstances-awsdocs-aws-kms-developer-guide-1.json"),
    row(
        "ec2.amazonaws.com",
        "RunScheduledInstances",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:instance",
            locators: &[at("responseElements.instanceIdSet.items[].instanceId", "arn:{partition}:ec2:{region}:{account}:instance/{id}"), at("responseElements.instanceIdSet.items[]", "arn:{partition}:ec2:{region}:{account}:instance/{id}")],
        }],
    )
    .proven_by("ec2/RunScheduledInstances-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
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
    ec2("ec2:internet-gateway", "arn:*:ec2:*:*:internet-gateway/*"),
    ec2("ec2:natgateway", "arn:*:ec2:*:*:natgateway/*"),
    ec2("ec2:route-table", "arn:*:ec2:*:*:route-table/*"),
    ec2("ec2:vpc-flow-log", "arn:*:ec2:*:*:vpc-flow-log/*"),
    ec2("ec2:elastic-ip", "arn:*:ec2:*:*:elastic-ip/*"),
    ec2("ec2:image", "arn:*:ec2:*::image/*"),
    ec2("ec2:instance", "arn:*:ec2:*:*:instance/*"),
    ec2("ec2:network-interface", "arn:*:ec2:*:*:network-interface/*"),
    ec2("ec2:security-group", "arn:*:ec2:*:*:security-group/*"),
    ec2("ec2:snapshot", "arn:*:ec2:*::snapshot/*"),
    ec2("ec2:subnet", "arn:*:ec2:*:*:subnet/*"),
    ec2("ec2:volume", "arn:*:ec2:*:*:volume/*"),
    ec2("ec2:vpc", "arn:*:ec2:*:*:vpc/*"),
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
];

const EC2_TAG: &[&str] = &["ec2:CreateTags"];
const EC2_UNTAG: &[&str] = &["ec2:DeleteTags"];

/// An EC2 resource type: tagged by `ec2:CreateTags`, untagged by `ec2:DeleteTags`, both
/// honouring `aws:TagKeys`.
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

/// EC2 id prefixes and the ARNs the registry gives their resources.
pub const EC2_IDS: &[(&str, &str)] = &[
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

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
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
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[
    // `Tag.N` is optional: "If you omit this parameter, we delete all user-defined tags for the
    // specified resources" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteTags.html).
    ("ec2:DeleteTags", Keyless::RemovesEveryTag),
];
