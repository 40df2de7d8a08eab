/** Builders of EC2 shapes for tests: only the fields the action reads, with sensible defaults. */
import type { Address, NatGateway, Route, RouteTable } from '../src/model/resources.js'
import { parseConfig } from '../src/config/config.js'
import type { Config } from '../src/model/config.js'
import { gatewayTags } from '../src/model/identity.js'

export const VPC = 'vpc-0abc1234def567890'
export const OTHER_VPC = 'vpc-0fff1234def567890'
export const PUBLIC_SUBNET = 'subnet-0aaa1234def567890'
export const RTB_A = 'rtb-0aaaaaaaaaaaaaaaa'
export const RTB_B = 'rtb-0bbbbbbbbbbbbbbbb'
export const PUBLIC_RTB = 'rtb-0cccccccccccccccc'
export const IGW = 'igw-0abc1234def567890'
export const NAT = 'nat-0abc1234def567890'
export const EIP_1 = 'eipalloc-01111111111111111'
export const EIP_2 = 'eipalloc-02222222222222222'

export function config(inputs: Record<string, string> = {}): Config {
  const all: Record<string, string> = {
    'vpc-id': VPC,
    'route-table-ids': `${RTB_A},${RTB_B}`,
    ...inputs
  }
  return parseConfig(name => all[name] ?? '', { AWS_REGION: 'eu-west-1' })
}

export function zonalConfig(inputs: Record<string, string> = {}): Config {
  return config({ 'availability-mode': 'zonal', 'subnet-id': PUBLIC_SUBNET, ...inputs })
}

/** Our gateway for the Config, available, with one address per allocation ID. */
export function ownGateway(cfg: Config, fields: Partial<NatGateway> = {}): NatGateway {
  const zonal = cfg.gateway.mode === 'zonal'
  return {
    NatGatewayId: NAT,
    State: 'available',
    VpcId: cfg.vpcId,
    ...(zonal && { SubnetId: PUBLIC_SUBNET }),
    AvailabilityMode: cfg.gateway.mode,
    ConnectivityType: cfg.gateway.connectivity,
    NatGatewayAddresses: [
      {
        AllocationId: EIP_1,
        PublicIp: '203.0.113.10',
        PrivateIp: '10.0.0.10',
        IsPrimary: true,
        Status: 'succeeded',
        AvailabilityZone: 'eu-west-1a'
      }
    ],
    Tags: gatewayTags(cfg.name, {}),
    ...fields
  }
}

export function route(fields: Partial<Route>): Route {
  return { DestinationCidrBlock: '0.0.0.0/0', State: 'active', Origin: 'CreateRoute', ...fields }
}

export function routeTable(
  id: string,
  routes: Route[] = [],
  fields: Partial<RouteTable> = {}
): RouteTable {
  return {
    RouteTableId: id,
    VpcId: VPC,
    Routes: [
      {
        DestinationCidrBlock: '10.0.0.0/16',
        GatewayId: 'local',
        State: 'active',
        Origin: 'CreateRouteTable'
      },
      ...routes
    ],
    Associations: [],
    ...fields
  }
}

export function address(allocationId: string, fields: Partial<Address> = {}): Address {
  return { AllocationId: allocationId, PublicIp: '198.51.100.7', Domain: 'vpc', ...fields }
}

export const publicRouteTable = routeTable(PUBLIC_RTB, [route({ GatewayId: IGW })], {
  Associations: [{ SubnetId: PUBLIC_SUBNET, Main: false }]
})
