/**
 * dist/index.js against moto, an EC2 emulator nobody here wrote: the zonal paths (moto has no
 * regional mode). Where moto differs from AWS (docs/ec2-behaviour.md) the test says so.
 */
import { expect, it } from '@jest/globals'
import {
  AllocateAddressCommand,
  CreateRouteCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand
} from '@aws-sdk/client-ec2'
import { OWNER_TAG } from '../../src/model/identity.js'
import { runAction } from './harness.js'
import { createNetwork, describeWithMoto, zonalInputs } from './moto.js'

const REGION = 'eu-west-1'

describeWithMoto('dist/index.js against moto (zonal)', moto => {
  const network = () => createNetwork(moto.ec2)

  const env = () => ({ AWS_ENDPOINT_URL_EC2: moto.endpoint, AWS_REGION: REGION })
  const zonal = zonalInputs

  async function defaultRoutes(tables: string[]): Promise<(string | undefined)[]> {
    const answer = await moto.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: tables }))
    return tables.map(id => {
      const table = answer.RouteTables?.find(t => t.RouteTableId === id)
      const route = table?.Routes?.find(r => r.DestinationCidrBlock === '0.0.0.0/0')
      return route?.NatGatewayId ?? route?.GatewayId
    })
  }

  async function gatewaysIn(vpcId: string) {
    const answer = await moto.ec2.send(
      new DescribeNatGatewaysCommand({ Filter: [{ Name: 'vpc-id', Values: [vpcId] }] })
    )
    return answer.NatGateways ?? []
  }

  it('zonal automatic: creates the gateway and its Elastic IP, routes the tables; the rerun changes nothing', async () => {
    const net = await network()
    const first = await runAction(zonal(net), env())
    expect(first.stderr).toBe('')
    expect(first.exitCode).toBe(0)
    const natId = first.outputs['nat-gateway-id']
    expect(natId).toMatch(/^nat-/)
    expect(first.outputs).toMatchObject({
      created: 'true',
      changed: 'true',
      'route-table-ids': net.privateRouteTableIds.join(',')
    })
    expect(first.outputs['public-ips']).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
    expect(JSON.parse(first.outputs['public-ips-json'] ?? '')).toEqual([
      first.outputs['public-ips']
    ])
    expect(await defaultRoutes(net.privateRouteTableIds)).toEqual([natId, natId])
    expect(first.summary).toContain(`## NAT gateway ${natId}`)

    // The Elastic IP it allocated carries our tag from its allocation.
    const [allocated] =
      (
        await moto.ec2.send(
          new DescribeAddressesCommand({ AllocationIds: [first.outputs['allocation-ids'] ?? ''] })
        )
      ).Addresses ?? []
    expect(allocated?.Tags).toContainEqual({ Key: OWNER_TAG.key, Value: OWNER_TAG.value })

    const second = await runAction(zonal(net), env())
    expect(second.exitCode).toBe(0)
    expect(second.outputs).toMatchObject({
      'nat-gateway-id': natId,
      'public-ips': first.outputs['public-ips'],
      created: 'false',
      changed: 'false'
    })
    expect(await gatewaysIn(net.vpcId)).toHaveLength(1)
  })

  it('zonal manual: uses the Elastic IPs given, the first as primary', async () => {
    const net = await network()
    const allocate = async () => moto.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))
    const [primary, secondary] = [await allocate(), await allocate()]
    const run = await runAction(
      zonal(net, { 'eip-allocation-ids': `${primary.AllocationId}, ${secondary.AllocationId}` }),
      env()
    )
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    // moto keeps only the primary address of a zonal gateway (no SecondaryAllocationIds); AWS
    // lists both. The primary must come first either way.
    expect(run.outputs['public-ips']?.split(',')[0]).toBe(primary.PublicIp)
    expect(run.outputs['allocation-ids']?.split(',')[0]).toBe(primary.AllocationId)
  })

  it('private zonal: no Elastic IP', async () => {
    const net = await network()
    const run = await runAction(zonal(net, { 'connectivity-type': 'private' }), env())
    expect(run.exitCode).toBe(0)
    expect(run.outputs['public-ips']).toBe('')
    const [gateway] = await gatewaysIn(net.vpcId)
    expect(gateway?.ConnectivityType).toBe('private')
  })

  it('teardown: removes our routes, deletes the gateway and releases the address it allocated', async () => {
    const net = await network()
    const up = await runAction(zonal(net), env())
    expect(up.exitCode).toBe(0)
    const allocated = up.outputs['allocation-ids'] ?? ''
    const down = await runAction(zonal(net, { state: 'absent' }), env())
    expect(down.stderr).toBe('')
    expect(down.exitCode).toBe(0)
    expect(down.outputs).toMatchObject({
      'nat-gateway-id': up.outputs['nat-gateway-id'],
      'released-allocation-ids': allocated,
      deleted: 'true'
    })
    expect(await defaultRoutes(net.privateRouteTableIds)).toEqual([undefined, undefined])
    // moto lists a deleted gateway as `deleted` at once; AWS goes through `deleting`.
    expect((await gatewaysIn(net.vpcId)).map(g => g.State)).toEqual(['deleted'])
    const left = await moto.ec2.send(
      new DescribeAddressesCommand({ Filters: [{ Name: 'allocation-id', Values: [allocated] }] })
    )
    expect(left.Addresses).toEqual([])
    const again = await runAction(zonal(net, { state: 'absent' }), env())
    expect(again.exitCode).toBe(0)
    expect(again.stdout).toContain('Nothing to tear down')
  })

  it('route-table-ids: auto routes the private tables and leaves the public one', async () => {
    const net = await network()
    const run = await runAction(zonal(net, { 'route-table-ids': 'auto' }), env())
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    const natId = run.outputs['nat-gateway-id']
    expect(await defaultRoutes(net.privateRouteTableIds)).toEqual([natId, natId])
    expect(run.stdout).toMatch(
      /left out by route-table-ids: auto, public: it routes to the internet gateway/
    )
  })

  it('a route to an internet gateway (a public table): fails before any write, naming the table and the internet gateway', async () => {
    const net = await network()
    const [conflicted] = net.privateRouteTableIds
    await moto.ec2.send(
      new CreateRouteCommand({
        RouteTableId: conflicted,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: net.internetGatewayId
      })
    )
    const run = await runAction(zonal(net), env())
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      `${conflicted}: is a public route table: its 0.0.0.0/0 route goes to the internet gateway ${net.internetGatewayId}.`
    )
    expect(await gatewaysIn(net.vpcId)).toHaveLength(0)
    expect(await defaultRoutes(net.privateRouteTableIds)).toEqual([
      net.internetGatewayId,
      undefined
    ])
  })

  it('a route table of another VPC and a subnet that is not public: all reported, nothing created', async () => {
    const net = await network()
    const other = await network()
    const run = await runAction(
      zonal(net, {
        'route-table-ids': `${net.privateRouteTableIds[0]}, ${other.privateRouteTableIds[0]}`,
        'subnet-id': other.publicSubnetId
      }),
      env()
    )
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(`${other.privateRouteTableIds[0]}: belongs to ${other.vpcId}`)
    expect(run.stdout).toContain(`subnet-id: ${other.publicSubnetId} belongs to ${other.vpcId}`)
    expect(await gatewaysIn(net.vpcId)).toHaveLength(0)
  })
})
