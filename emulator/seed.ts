// A sample world: one VPC with an internet gateway, public subnets in zones a and b routed to it,
// private subnets in a and b with their own route tables (no default route), three free Elastic IPs.
import type { World } from './state.ts'

export interface SampleVpc {
  vpcId: string
  internetGatewayId: string
  mainRouteTableId: string
  zones: { name: string; id: string }[]
  publicSubnetIds: { a: string; b: string }
  publicRouteTableId: string
  privateSubnetIds: { a: string; b: string }
  privateRouteTableIds: { a: string; b: string }
  allocationIds: string[]
  publicIps: string[]
}

export function seedSampleVpc(world: World): SampleVpc {
  const { vpcId, mainRouteTableId, internetGatewayId } = world.addVpc({
    cidr: '10.0.0.0/16',
    withInternetGateway: true,
    tags: [{ Key: 'Name', Value: 'sample' }]
  })
  const igw = internetGatewayId as string
  const name = (Value: string): { tags: { Key: string; Value: string }[] } => ({
    tags: [{ Key: 'Name', Value }]
  })
  const publicA = world.addSubnet(vpcId, 'a', { public: true, ...name('public-a') })
  const publicB = world.addSubnet(vpcId, 'b', { public: true, ...name('public-b') })
  const privateA = world.addSubnet(vpcId, 'a', name('private-a'))
  const privateB = world.addSubnet(vpcId, 'b', name('private-b'))
  const publicRouteTableId = world.addRouteTable(vpcId, {
    subnetIds: [publicA, publicB],
    routes: [{ destination: '0.0.0.0/0', gatewayId: igw }],
    ...name('public')
  })
  const rtA = world.addRouteTable(vpcId, { subnetIds: [privateA], ...name('private-a') })
  const rtB = world.addRouteTable(vpcId, { subnetIds: [privateB], ...name('private-b') })
  const allocationIds = [1, 2, 3].map(i =>
    world.addAddress({ tags: [{ Key: 'Name', Value: `eip-${i}` }] })
  )
  return {
    vpcId,
    internetGatewayId: igw,
    mainRouteTableId,
    zones: world.zones.map(z => ({ name: z.name, id: z.id })),
    publicSubnetIds: { a: publicA, b: publicB },
    publicRouteTableId,
    privateSubnetIds: { a: privateA, b: privateB },
    privateRouteTableIds: { a: rtA, b: rtB },
    allocationIds,
    publicIps: allocationIds.map(id => world.addresses.get(id)?.publicIp ?? '')
  }
}
