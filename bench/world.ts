// Worlds for the benchmark: the emulator's sample VPC, grown to N private route tables.
import type { World } from '../emulator/state.ts'
import { seedSampleVpc } from '../emulator/seed.ts'

export interface BenchWorld {
  vpcId: string
  /** Zonal mode: the public subnet that hosts the gateway. */
  publicSubnetId: string
  /** A gateway per zone: one public subnet in each of the zones a, b and c. */
  publicSubnetIds: string[]
  /** The private route tables, each routing one private subnet. */
  routeTableIds: string[]
}

/** The sample VPC (internet gateway, public subnets, 2 private tables) plus private tables up to `tables`. */
export function seedWorld(world: World, tables: number): BenchWorld {
  const sample = seedSampleVpc(world)
  // The sample VPC has public subnets in zones a and b; a third zone for a gateway per zone.
  const publicC = world.addSubnet(sample.vpcId, 'c', {
    public: true,
    tags: [{ Key: 'Name', Value: 'public-c' }]
  })
  world.associateSubnet(sample.publicRouteTableId, publicC)
  const routeTableIds = [sample.privateRouteTableIds.a, sample.privateRouteTableIds.b]
  const zones = ['a', 'b', 'c']
  for (let i = routeTableIds.length; i < tables; i++) {
    const Value = `private-${i + 1}`
    const subnetId = world.addSubnet(sample.vpcId, zones[i % 3] as string, {
      tags: [{ Key: 'Name', Value }]
    })
    routeTableIds.push(
      world.addRouteTable(sample.vpcId, { subnetIds: [subnetId], tags: [{ Key: 'Name', Value }] })
    )
  }
  return {
    vpcId: sample.vpcId,
    publicSubnetId: sample.publicSubnetIds.a,
    publicSubnetIds: [sample.publicSubnetIds.a, sample.publicSubnetIds.b, publicC],
    routeTableIds: routeTableIds.slice(0, tables)
  }
}

/** How many of the tables route `0.0.0.0/0` to one of the NAT gateways. */
export function routedTables(world: World, w: BenchWorld, natGatewayIds: string[]): number {
  return w.routeTableIds.filter(id =>
    world.routeTables
      .get(id)
      ?.routes.some(
        r => r.destinationCidrBlock === '0.0.0.0/0' && natGatewayIds.includes(r.natGatewayId ?? '')
      )
  ).length
}
