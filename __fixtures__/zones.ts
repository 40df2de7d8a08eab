/** A VPC with a gateway per zone, for the tests of subnet-ids: two public subnets in zones a and b. */
import { parseConfig } from '../src/config/config.js'
import type { Config } from '../src/model/config.js'
import { gatewayTags } from '../src/model/identity.js'
import type { NatGateway, RouteTable, Subnet } from '../src/model/resources.js'
import type { PerZoneWorld, Surroundings } from '../src/model/world.js'
import { IGW, publicRouteTable, routeTable, VPC } from './ec2.js'

export const SUBNET_A = 'subnet-0aaa0000000000001'
export const SUBNET_B = 'subnet-0bbb0000000000001'
export const PRIVATE_A1 = 'subnet-0aaa0000000000002'
export const PRIVATE_A2 = 'subnet-0aaa0000000000003'
export const PRIVATE_B = 'subnet-0bbb0000000000002'
export const PRIVATE_C = 'subnet-0ccc0000000000002'
export const RTB_A1 = 'rtb-0a100000000000000'
export const RTB_A2 = 'rtb-0a200000000000000'
export const RTB_B = 'rtb-0b000000000000000'
export const RTB_C = 'rtb-0c000000000000000'
export const RTB_MIXED = 'rtb-0ab00000000000000'
export const RTB_MAIN = 'rtb-0f000000000000000'
export const NAT_A = 'nat-0aaaaaaaaaaaaaaaa'
export const NAT_B = 'nat-0bbbbbbbbbbbbbbbb'
export const NAT_OLD = 'nat-0ddddddddddddddd0'
export const EIP_A = 'eipalloc-0aaaaaaaaaaaaaaaa'
export const EIP_B = 'eipalloc-0bbbbbbbbbbbbbbbb'
export const NAME = `nat-zonal-${VPC}`

export const subnet = (id: string, zone: string, zoneId: string): Subnet => ({
  SubnetId: id,
  VpcId: VPC,
  AvailabilityZone: `eu-west-1${zone}`,
  AvailabilityZoneId: `euw1-az${zoneId}`
})
export const SUBNETS = [
  subnet(SUBNET_A, 'a', '1'),
  subnet(SUBNET_B, 'b', '2'),
  subnet(PRIVATE_A1, 'a', '1'),
  subnet(PRIVATE_A2, 'a', '1'),
  subnet(PRIVATE_B, 'b', '2'),
  subnet(PRIVATE_C, 'c', '3')
]
export const serving = (id: string, ...subnetIds: string[]): RouteTable =>
  routeTable(id, [], { Associations: subnetIds.map(SubnetId => ({ SubnetId })) })

export function perZoneConfig(inputs: Record<string, string>): Config {
  const all: Record<string, string> = {
    'vpc-id': VPC,
    'route-table-ids': `${RTB_A1}, ${RTB_A2}, ${RTB_B}`,
    'availability-mode': 'zonal',
    'subnet-ids': `${SUBNET_A}, ${SUBNET_B}`,
    ...inputs
  }
  return parseConfig(name => (all[name] ?? '').trim(), { AWS_REGION: 'eu-west-1' })
}

export const surroundings = (subnetId: string): Surroundings => ({
  vpc: { VpcId: VPC },
  internetGateways: [{ InternetGatewayId: IGW, Attachments: [{ VpcId: VPC, State: 'attached' }] }],
  subnet: SUBNETS.find(s => s.SubnetId === subnetId),
  subnetRouteTable: publicRouteTable,
  addresses: [],
  zones: [],
  reusableAddresses: [],
  vpcSubnets: [],
  vpcRouteTables: []
})

export const ours = (id: string, subnetId: string, name = NAME): NatGateway => ({
  NatGatewayId: id,
  State: 'available',
  VpcId: VPC,
  SubnetId: subnetId,
  ConnectivityType: 'public',
  NatGatewayAddresses: [{ AllocationId: `eipalloc-0${id.slice(-16)}`, PublicIp: '203.0.113.1' }],
  Tags: gatewayTags(name, {})
})

export const TABLES = [
  serving(RTB_A1, PRIVATE_A1),
  serving(RTB_A2, PRIVATE_A2),
  serving(RTB_B, PRIVATE_B)
]

export function perZoneWorld(
  gateways: NatGateway[],
  tables: RouteTable[] = TABLES,
  fields: Partial<PerZoneWorld> = {}
): PerZoneWorld {
  const existing = new Set(
    gateways.filter(g => g.Tags?.some(t => t.Value === NAME)).map(g => g.SubnetId)
  )
  return {
    core: {
      managedGateways: gateways,
      retiredGateways: [],
      routeTables: tables,
      gatewayEndpoints: []
    },
    subnets: SUBNETS,
    zones: [SUBNET_A, SUBNET_B].map(subnetId => {
      const s = SUBNETS.find(x => x.SubnetId === subnetId) as Subnet
      return {
        subnetId,
        zone: s.AvailabilityZone as string,
        zoneId: s.AvailabilityZoneId as string,
        ...(!existing.has(subnetId) && { surroundings: surroundings(subnetId) })
      }
    }),
    ...fields
  }
}
