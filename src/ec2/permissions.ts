/**
 * Which statement of the documented IAM policy (docs/iam-policy.json) grants the IAM action of
 * each EC2 operation the action sends, so that an UnauthorizedOperation names the line to add.
 * A unit test keeps this table and the policy in step.
 */
export const GRANTING_STATEMENTS: Record<string, string[]> = {
  DescribeAddresses: ['ReadTheWorld'],
  DescribeAvailabilityZones: ['ReadTheWorld'],
  DescribeEgressOnlyInternetGateways: ['ReadTheWorld'],
  DescribeInternetGateways: ['ReadTheWorld'],
  DescribeNatGateways: ['ReadTheWorld'],
  DescribeRouteTables: ['ReadTheWorld'],
  DescribeSubnets: ['ReadTheWorld'],
  DescribeVpcEndpoints: ['ReadTheWorld'],
  DescribeVpcs: ['ReadTheWorld'],
  AllocateAddress: ['AllocateOnlyTaggedAsOurs', 'TagOnlyWhileCreating'],
  CreateNatGateway: ['CreateGatewayOnlyTaggedAsOurs', 'WhatTheGatewayUses', 'TagOnlyWhileCreating'],
  CreateVpcEndpoint: [
    'CreateGatewayEndpointOnlyTaggedAsOurs',
    'WhatTheEndpointUses',
    'RouteTheTablesOfTheVpc',
    'TagOnlyWhileCreating'
  ],
  ModifyVpcEndpoint: ['ChangeOrDeleteOnlyOurEndpoints', 'RouteTheTablesOfTheVpc'],
  DeleteVpcEndpoints: ['ChangeOrDeleteOnlyOurEndpoints'],
  CreateEgressOnlyInternetGateway: [
    'CreateEgressOnlyGatewayOnlyTaggedAsOurs',
    'WhatTheEgressOnlyGatewayUses',
    'TagOnlyWhileCreating'
  ],
  DeleteEgressOnlyInternetGateway: ['DeleteOnlyOurEgressOnlyGateways'],
  DeleteNatGateway: ['DeleteOnlyOurGateways'],
  ReleaseAddress: ['ReleaseOnlyOurAddresses'],
  AssociateNatGatewayAddress: ['ChangeTheAddressesOfOurGateways', 'TheElasticIpsTheyTakeOrGive'],
  DisassociateNatGatewayAddress: ['ChangeTheAddressesOfOurGateways', 'TheElasticIpsTheyTakeOrGive'],
  AssignPrivateNatGatewayAddress: ['ChangeTheAddressesOfOurGateways'],
  UnassignPrivateNatGatewayAddress: ['ChangeTheAddressesOfOurGateways'],
  CreateRoute: ['RouteTheTablesOfTheVpc'],
  ReplaceRoute: ['RouteTheTablesOfTheVpc'],
  DeleteRoute: ['RouteTheTablesOfTheVpc']
}

/** The statement that lets a first regional create make the NAT gateway's service-linked role. */
export const SERVICE_LINKED_ROLE_STATEMENT = 'CreateTheNatGatewayServiceRole'
