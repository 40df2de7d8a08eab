/**
 * dist/index.js with a gateway per zone (`subnet-ids`) against moto: several zonal NAT gateways
 * in one VPC, built by an implementation nobody here wrote. Where moto differs from AWS the test
 * says so.
 */
import { expect, it } from '@jest/globals'
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  type EC2Client
} from '@aws-sdk/client-ec2'
import { runAction } from './harness.js'
import { createNetwork, describeWithMoto } from './moto.js'

const REGION = 'eu-west-1'

/**
 * The network of the other moto tests (a public subnet and two private tables in zone a), plus
 * a public subnet in zone b on the same public table and a private subnet with its table there.
 */
async function twoZones(ec2: EC2Client) {
  const net = await createNetwork(ec2)
  const subnet = async (cidr: string) =>
    (
      await ec2.send(
        new CreateSubnetCommand({
          VpcId: net.vpcId,
          CidrBlock: cidr,
          AvailabilityZone: `${REGION}b`
        })
      )
    ).Subnet?.SubnetId ?? ''
  const publicB = await subnet('10.0.100.0/24')
  await ec2.send(
    new AssociateRouteTableCommand({ RouteTableId: net.publicRouteTableId, SubnetId: publicB })
  )
  const privateB = await subnet('10.0.101.0/24')
  const tableB =
    (await ec2.send(new CreateRouteTableCommand({ VpcId: net.vpcId }))).RouteTable?.RouteTableId ??
    ''
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableB, SubnetId: privateB }))
  return {
    vpcId: net.vpcId,
    publicSubnetIds: [net.publicSubnetId, publicB],
    tables: [...net.privateRouteTableIds, tableB],
    privateSubnetA: net.privateSubnetIds[0] ?? ''
  }
}

describeWithMoto('dist/index.js against moto: a gateway per zone', moto => {
  const env = () => ({ AWS_ENDPOINT_URL_EC2: moto.endpoint, AWS_REGION: REGION })
  type Net = Awaited<ReturnType<typeof twoZones>>
  const inputs = (net: Net, extra: Record<string, string> = {}) => ({
    'vpc-id': net.vpcId,
    'route-table-ids': net.tables.join('\n'),
    'availability-mode': 'zonal',
    'subnet-ids': net.publicSubnetIds.join(', '),
    ...extra
  })

  async function targets(tables: string[]): Promise<(string | undefined)[]> {
    const answer = await moto.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: tables }))
    return tables.map(id => {
      const table = answer.RouteTables?.find(t => t.RouteTableId === id)
      return table?.Routes?.find(r => r.DestinationCidrBlock === '0.0.0.0/0')?.NatGatewayId
    })
  }

  it('two zones, three tables: two gateways, each table to its zone’s; rerun writes nothing; absent removes all', async () => {
    const net = await twoZones(moto.ec2)
    const first = await runAction(inputs(net), env())
    expect(first.stderr).toBe('')
    expect(first.exitCode).toBe(0)
    const [natA, natB] = (first.outputs['nat-gateway-ids'] ?? '').split(',')
    expect(natA).toMatch(/^nat-/)
    expect(natB).toMatch(/^nat-/)
    expect(await targets(net.tables)).toEqual([natA, natA, natB])
    // moto keeps several NAT gateways in one VPC, each in its subnet.
    const listed = await moto.ec2.send(
      new DescribeNatGatewaysCommand({ NatGatewayIds: [natA ?? '', natB ?? ''] })
    )
    expect(listed.NatGateways?.map(g => g.SubnetId).sort()).toEqual([...net.publicSubnetIds].sort())
    const allocated = (first.outputs['allocation-ids'] ?? '').split(',')
    expect(allocated).toHaveLength(2)

    const again = await runAction(inputs(net), env())
    expect(again.exitCode).toBe(0)
    expect(again.outputs).toMatchObject({
      'nat-gateway-ids': first.outputs['nat-gateway-ids'],
      created: 'false',
      changed: 'false'
    })

    const absent = await runAction(inputs(net, { state: 'absent' }), env())
    expect(absent.stderr).toBe('')
    expect(absent.exitCode).toBe(0)
    expect(absent.outputs['nat-gateway-id']?.split(',').sort()).toEqual([natA, natB].sort())
    expect(await targets(net.tables)).toEqual([undefined, undefined, undefined])
    const left = await moto.ec2.send(
      new DescribeAddressesCommand({ Filters: [{ Name: 'allocation-id', Values: allocated }] })
    )
    expect(left.Addresses).toEqual([])
  })

  it('zone lines put each zone’s address on its gateway', async () => {
    const net = await twoZones(moto.ec2)
    const allocate = async () =>
      (await moto.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId ?? ''
    const [eipA, eipB] = [await allocate(), await allocate()]
    const run = await runAction(
      inputs(net, { 'eip-allocation-ids': `${REGION}b: ${eipB}\n${REGION}a: ${eipA}` }),
      env()
    )
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    const records = JSON.parse(run.outputs['nat-gateways-json'] ?? '') as {
      zone: string
      allocationIds: string[]
    }[]
    expect(records.map(r => [r.zone, r.allocationIds])).toEqual([
      [`${REGION}a`, [eipA]],
      [`${REGION}b`, [eipB]]
    ])
  })

  it('refuses a table across two zones and one in a zone without a listed subnet, before any write', async () => {
    const net = await twoZones(moto.ec2)
    const subnet = async (cidr: string, zone: string) =>
      (
        await moto.ec2.send(
          new CreateSubnetCommand({ VpcId: net.vpcId, CidrBlock: cidr, AvailabilityZone: zone })
        )
      ).Subnet?.SubnetId ?? ''
    const table = async (...subnetIds: string[]) => {
      const id =
        (await moto.ec2.send(new CreateRouteTableCommand({ VpcId: net.vpcId }))).RouteTable
          ?.RouteTableId ?? ''
      for (const SubnetId of subnetIds) {
        await moto.ec2.send(new AssociateRouteTableCommand({ RouteTableId: id, SubnetId }))
      }
      return id
    }
    const across = await table(
      await subnet('10.0.110.0/24', `${REGION}a`),
      await subnet('10.0.111.0/24', `${REGION}b`)
    )
    const zoneC = await table(await subnet('10.0.120.0/24', `${REGION}c`))
    const run = await runAction(inputs(net, { 'route-table-ids': `${across}, ${zoneC}` }), env())
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(
      new RegExp(`${across}: serves subnets in 2 zones: ${REGION}a .*${REGION}b`)
    )
    expect(run.stdout).toMatch(
      new RegExp(`${zoneC}: serves subnets in ${REGION}c, which has no subnet in subnet-ids`)
    )
    const gateways = await moto.ec2.send(
      new DescribeNatGatewaysCommand({ Filter: [{ Name: 'vpc-id', Values: [net.vpcId] }] })
    )
    expect(gateways.NatGateways).toEqual([])
  })
})
