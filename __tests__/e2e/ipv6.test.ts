/**
 * nat64 and ipv6-egress through dist/index.js: on the emulator (regional) and on moto (zonal), a
 * dual-stack VPC gets 64:ff9b::/96 to the NAT gateway and ::/0 to an egress-only internet gateway
 * in each listed table; a rerun writes nothing; state: absent removes what the action made; the
 * user's own egress-only gateway is used and kept; a VPC without IPv6 and a table whose ::/0 goes
 * to an internet gateway are refused before any write.
 */
import { describe, expect, it } from '@jest/globals'
import {
  CreateEgressOnlyInternetGatewayCommand,
  CreateRouteCommand,
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeRouteTablesCommand
} from '@aws-sdk/client-ec2'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { OWNER_TAG } from '../../src/model/identity.js'
import { errorText, runAction } from './harness.js'
import { createNetwork, describeWithMoto, type MotoNetwork, zonalInputs } from './moto.js'

const REGION = 'eu-west-1'
const IPV6_INPUTS = { nat64: 'true', 'ipv6-egress': 'egress-only-internet-gateway' }

describe('nat64 and ipv6-egress, against the emulator (regional)', () => {
  const sample = useSampleEmulator({ provisioningMs: 200, deletingMs: 200 })
  const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: REGION })
  const tables = () => [sample.ids.privateRouteTableIds.a, sample.ids.privateRouteTableIds.b]
  const inputs = (extra: Record<string, string> = {}) => ({
    'vpc-id': sample.ids.vpcId,
    'route-table-ids': tables().join(', '),
    ...IPV6_INPUTS,
    ...extra
  })
  /** Each listed table's IPv6 routes, as `destination → target`. */
  const ipv6Routes = () =>
    tables().map(id =>
      (sample.emu.world.routeTables.get(id)?.routes ?? [])
        .filter(r => r.destinationIpv6CidrBlock && r.gatewayId !== 'local')
        .map(
          r => `${r.destinationIpv6CidrBlock} → ${r.natGatewayId ?? r.egressOnlyInternetGatewayId}`
        )
    )
  const egressOnlyGateways = () => [...sample.emu.world.egressOnlyInternetGateways.values()]

  it('routes both, rerun writes nothing, state: absent removes the routes, the gateway and its egress-only gateway', async () => {
    sample.emu.world.addVpcIpv6Cidr(sample.ids.vpcId)
    sample.emu.world.setDns64(sample.ids.privateSubnetIds.a, true)
    const first = await runAction(inputs(), env())
    expect(first.stderr).toBe('')
    expect(first.exitCode).toBe(0)
    const nat = first.outputs['nat-gateway-id']
    const eigw = first.outputs['egress-only-internet-gateway-id']
    expect(eigw).toMatch(/^eigw-/)
    expect(ipv6Routes()).toEqual([
      [`64:ff9b::/96 → ${nat}`, `::/0 → ${eigw}`],
      [`64:ff9b::/96 → ${nat}`, `::/0 → ${eigw}`]
    ])
    expect(egressOnlyGateways().map(g => g.tags)).toEqual([
      expect.arrayContaining([{ Key: OWNER_TAG.key, Value: OWNER_TAG.value }])
    ])
    // DNS64 is on in private-a only: the warning names private-b and the command.
    expect(first.stdout).toContain(
      `::warning::nat64: DNS64 is off on ${sample.ids.privateSubnetIds.b},`
    )
    expect(first.stdout).toContain(
      `aws ec2 modify-subnet-attribute --subnet-id ${sample.ids.privateSubnetIds.b} --enable-dns64`
    )
    expect(first.summary).toContain(`| ${tables()[0]} | ::/0 → ${eigw} | route ::/0 created |`)

    sample.emu.clearCalls()
    const again = await runAction(inputs(), env())
    expect(again.exitCode).toBe(0)
    expect(again.outputs).toMatchObject({
      changed: 'false',
      'egress-only-internet-gateway-id': eigw
    })
    expect(sample.emu.writes()).toEqual([])

    const down = await runAction(inputs({ state: 'absent' }), env())
    expect(down.stderr).toBe('')
    expect(down.exitCode).toBe(0)
    expect(down.outputs).toMatchObject({ deleted: 'true', 'egress-only-internet-gateway-id': eigw })
    expect(ipv6Routes()).toEqual([[], []])
    expect(egressOnlyGateways()).toEqual([])
    expect(sample.emu.world.natGateways.get(nat ?? '')?.state).toMatch(/^delet/)
  })

  it("uses the VPC's own egress-only gateway and keeps it, with its routes, at teardown", async () => {
    sample.emu.world.addVpcIpv6Cidr(sample.ids.vpcId)
    const own = sample.emu.world.addEgressOnlyInternetGateway(sample.ids.vpcId, {
      tags: [{ Key: 'Name', Value: 'the user’s' }]
    })
    const up = await runAction(
      inputs({ 'ipv6-egress': 'egress-only-internet-gateway', nat64: 'false' }),
      env()
    )
    expect(up.exitCode).toBe(0)
    expect(up.outputs['egress-only-internet-gateway-id']).toBe(own)
    expect(ipv6Routes()).toEqual([[`::/0 → ${own}`], [`::/0 → ${own}`]])
    expect(sample.emu.writes().map(c => c.action)).not.toContain('CreateEgressOnlyInternetGateway')
    const down = await runAction(inputs({ state: 'absent', nat64: 'false' }), env())
    expect(down.exitCode).toBe(0)
    expect(egressOnlyGateways().map(g => g.id)).toEqual([own])
    expect(ipv6Routes()).toEqual([[`::/0 → ${own}`], [`::/0 → ${own}`]])
  })

  it('refuses a VPC without an IPv6 CIDR block before any write, naming the VPC', async () => {
    const run = await runAction(inputs(), env())
    expect(run.exitCode).toBe(1)
    expect(errorText(run)).toContain(`${sample.ids.vpcId}: has no IPv6 CIDR block`)
    expect(sample.emu.writes()).toEqual([])
  })

  it.each(['fail', 'replace'])(
    'refuses a table whose ::/0 goes to an internet gateway (route-conflict: %s), naming it',
    async conflict => {
      sample.emu.world.addVpcIpv6Cidr(sample.ids.vpcId)
      const table = sample.emu.world.addRouteTable(sample.ids.vpcId, {
        subnetIds: [sample.ids.privateSubnetIds.b],
        routes: [{ destination: '::/0', gatewayId: sample.ids.internetGatewayId }]
      })
      const run = await runAction(
        inputs({
          'route-table-ids': `${sample.ids.privateRouteTableIds.a}, ${table}`,
          'route-conflict': conflict
        }),
        env()
      )
      expect(run.exitCode).toBe(1)
      expect(errorText(run)).toContain(
        `${table}: is a public route table: its ::/0 route goes to the internet gateway ${sample.ids.internetGatewayId}.`
      )
      expect(sample.emu.writes()).toEqual([])
    }
  )
})

describeWithMoto('nat64 and ipv6-egress, against moto (zonal)', moto => {
  const env = () => ({ AWS_ENDPOINT_URL_EC2: moto.endpoint, AWS_REGION: REGION })
  const zonal = (net: MotoNetwork, extra: Record<string, string> = {}) =>
    zonalInputs(net, { ...IPV6_INPUTS, ...extra })
  async function ipv6Routes(tables: string[]): Promise<string[][]> {
    const answer = await moto.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: tables }))
    return tables.map(id =>
      (answer.RouteTables?.find(t => t.RouteTableId === id)?.Routes ?? [])
        .filter(r => r.DestinationIpv6CidrBlock && r.GatewayId !== 'local')
        .map(
          r =>
            `${r.DestinationIpv6CidrBlock} → ${r.NatGatewayId ?? r.EgressOnlyInternetGatewayId ?? r.GatewayId}`
        )
        .sort()
    )
  }
  async function egressOnlyGatewaysOf(vpcId: string): Promise<string[]> {
    const answer = await moto.ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({}))
    return (answer.EgressOnlyInternetGateways ?? [])
      .filter(g => g.Attachments?.some(a => a.VpcId === vpcId))
      .map(g => g.EgressOnlyInternetGatewayId ?? '')
  }

  it('routes both in a dual-stack VPC; the rerun changes nothing; state: absent removes it all', async () => {
    const net = await createNetwork(moto.ec2, { ipv6: true })
    const first = await runAction(zonal(net), env())
    expect(first.stderr).toBe('')
    expect(first.exitCode).toBe(0)
    const nat = first.outputs['nat-gateway-id']
    const eigw = first.outputs['egress-only-internet-gateway-id']
    expect(eigw).toMatch(/^eigw-/)
    expect(await ipv6Routes(net.privateRouteTableIds)).toEqual([
      [`64:ff9b::/96 → ${nat}`, `::/0 → ${eigw}`].sort(),
      [`64:ff9b::/96 → ${nat}`, `::/0 → ${eigw}`].sort()
    ])
    const again = await runAction(zonal(net), env())
    expect(again.exitCode).toBe(0)
    expect(again.outputs).toMatchObject({
      changed: 'false',
      'egress-only-internet-gateway-id': eigw
    })
    const down = await runAction(zonal(net, { state: 'absent' }), env())
    expect(down.stderr).toBe('')
    expect(down.exitCode).toBe(0)
    expect(await ipv6Routes(net.privateRouteTableIds)).toEqual([[], []])
    expect(await egressOnlyGatewaysOf(net.vpcId)).toEqual([])
  })

  it("uses the user's egress-only gateway and keeps it at teardown", async () => {
    const net = await createNetwork(moto.ec2, { ipv6: true })
    const own =
      (await moto.ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: net.vpcId })))
        .EgressOnlyInternetGateway?.EgressOnlyInternetGatewayId ?? ''
    const up = await runAction(zonal(net), env())
    expect(up.exitCode).toBe(0)
    expect(up.outputs['egress-only-internet-gateway-id']).toBe(own)
    const down = await runAction(zonal(net, { state: 'absent' }), env())
    expect(down.exitCode).toBe(0)
    expect(await egressOnlyGatewaysOf(net.vpcId)).toEqual([own])
  })

  it('refuses a VPC without IPv6 and a table whose ::/0 goes to an internet gateway, before any write', async () => {
    const v4only = await createNetwork(moto.ec2)
    const refused = await runAction(zonal(v4only), env())
    expect(refused.exitCode).toBe(1)
    expect(errorText(refused)).toContain(`${v4only.vpcId}: has no IPv6 CIDR block`)

    const net = await createNetwork(moto.ec2, { ipv6: true })
    const [publicish] = net.privateRouteTableIds
    await moto.ec2.send(
      new CreateRouteCommand({
        RouteTableId: publicish,
        DestinationIpv6CidrBlock: '::/0',
        GatewayId: net.internetGatewayId
      })
    )
    const run = await runAction(zonal(net, { 'route-conflict': 'replace' }), env())
    expect(run.exitCode).toBe(1)
    expect(errorText(run)).toContain(
      `${publicish}: is a public route table: its ::/0 route goes to the internet gateway`
    )
    expect(await egressOnlyGatewaysOf(net.vpcId)).toEqual([])
    expect(await ipv6Routes(net.privateRouteTableIds)).toEqual([
      [`::/0 → ${net.internetGatewayId}`],
      []
    ])
  })
})
