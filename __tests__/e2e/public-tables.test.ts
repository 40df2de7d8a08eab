/**
 * A public route table (its destination goes to an internet gateway) is never routed through the
 * NAT gateway, whatever route-conflict says: the run fails before any write, names the internet
 * gateway, and leaves a job summary with the problem and its fix, dry run or not.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand
} from '@aws-sdk/client-ec2'
import { type Emulator, startEmulator } from '../../emulator/server.ts'
import { type SampleVpc, seedSampleVpc } from '../../emulator/seed.ts'
import { errorText, runAction } from './harness.js'
import { createNetwork, describeWithMoto } from './moto.js'

const REGION = 'eu-west-1'

describe('a public route table, against the emulator', () => {
  let emu: Emulator
  let s: SampleVpc
  const env = () => ({ AWS_ENDPOINT_URL_EC2: emu.endpoint, AWS_REGION: REGION })
  const defaultRouteOf = (table: string) =>
    emu.world.routeTables.get(table)?.routes.find(r => r.destinationCidrBlock === '0.0.0.0/0')

  beforeAll(async () => {
    emu = await startEmulator({ region: REGION, provisioningMs: 200, seed: seedSampleVpc })
  })
  afterAll(async () => emu?.close())
  beforeEach(() => {
    emu.reset()
    s = emu.seed as SampleVpc
  })

  /** A second public table, routing private-b to the internet gateway: no gateway's own subnet. */
  const addPublicTable = () =>
    emu.world.addRouteTable(s.vpcId, {
      subnetIds: [s.privateSubnetIds.b],
      routes: [{ destination: '0.0.0.0/0', gatewayId: s.internetGatewayId }]
    })
  const zonal = () => ({ 'availability-mode': 'zonal', 'subnet-id': s.publicSubnetIds.a })

  it.each<[string, () => string, () => Record<string, string>]>([
    [
      'regional, route-conflict: fail',
      () => s.publicRouteTableId,
      () => ({ 'route-conflict': 'fail' })
    ],
    [
      'regional, route-conflict: replace',
      () => s.publicRouteTableId,
      () => ({ 'route-conflict': 'replace' })
    ],
    [
      'regional dry run, route-conflict: replace',
      () => s.publicRouteTableId,
      () => ({ 'route-conflict': 'replace', 'dry-run': 'true' })
    ],
    [
      'zonal, route-conflict: replace',
      addPublicTable,
      () => ({ 'route-conflict': 'replace', ...zonal() })
    ]
  ])(
    'fails before any write (%s), naming the internet gateway, with a job summary',
    async (_, tableOf, extra) => {
      const table = tableOf()
      const inputs: Record<string, string> = {
        'vpc-id': s.vpcId,
        'route-table-ids': `${s.privateRouteTableIds.a}, ${table}`,
        ...extra()
      }
      const run = await runAction(inputs, env())
      expect(run.exitCode).toBe(1)
      const error = errorText(run)
      expect(error).toContain(
        `${table}: is a public route table: its 0.0.0.0/0 route goes to the internet gateway ${s.internetGatewayId}.`
      )
      expect(error).toContain(
        `delete its route to ${s.internetGatewayId} first (aws ec2 delete-route --route-table-id ${table} --destination-cidr-block 0.0.0.0/0)`
      )
      expect(error).not.toContain('Set route-conflict: replace')
      expect(emu.writes()).toEqual([])
      expect(defaultRouteOf(table)?.gatewayId).toBe(s.internetGatewayId)
      expect(run.summary).toContain(
        inputs['dry-run'] ? '## Dry run of NAT gateway' : '## NAT gateway'
      )
      expect(run.summary).toContain(`**${table}**`)
      expect(run.summary).toContain('Fix: Name the route tables of the private subnets only')
    }
  )

  it("gives a private zonal gateway's own subnet table the private gateway's reason", async () => {
    const run = await runAction(
      {
        'vpc-id': s.vpcId,
        'route-table-ids': s.privateRouteTableIds.a,
        'availability-mode': 'zonal',
        'subnet-id': s.privateSubnetIds.a,
        'connectivity-type': 'private'
      },
      env()
    )
    expect(run.exitCode).toBe(1)
    expect(errorText(run)).toContain(
      `${s.privateRouteTableIds.a}: routes ${s.privateSubnetIds.a}, the subnet that hosts the NAT gateway; sending its 0.0.0.0/0 traffic to the gateway would send the gateway's own traffic back to itself`
    )
    expect(emu.writes()).toEqual([])
  })
})

describeWithMoto('a public route table, against moto (zonal)', moto => {
  it('fails before any write with route-conflict: replace, naming the internet gateway', async () => {
    const net = await createNetwork(moto.ec2)
    const igw = (await moto.ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway
      ?.InternetGatewayId as string
    const [table] = net.privateRouteTableIds as [string]
    await moto.ec2.send(
      new CreateRouteCommand({
        RouteTableId: table,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: igw
      })
    )
    const addressesBefore = (await moto.ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []
    const run = await runAction(
      {
        'vpc-id': net.vpcId,
        'route-table-ids': table,
        'availability-mode': 'zonal',
        'subnet-id': net.publicSubnetId,
        'route-conflict': 'replace'
      },
      { AWS_ENDPOINT_URL_EC2: moto.endpoint, AWS_REGION: REGION }
    )
    expect(run.exitCode).toBe(1)
    expect(errorText(run)).toContain(
      `${table}: is a public route table: its 0.0.0.0/0 route goes to the internet gateway ${igw}.`
    )
    expect(run.summary).toContain(`**${table}**`)
    // Nothing was written: no gateway, no address, the route still goes to the internet gateway.
    const gateways = await moto.ec2.send(
      new DescribeNatGatewaysCommand({ Filter: [{ Name: 'vpc-id', Values: [net.vpcId] }] })
    )
    expect(gateways.NatGateways ?? []).toEqual([])
    const addresses = (await moto.ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []
    expect(addresses.length).toBe(addressesBefore.length)
    const tables = await moto.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [table] }))
    const route = tables.RouteTables?.[0]?.Routes?.find(r => r.DestinationCidrBlock === '0.0.0.0/0')
    expect(route?.GatewayId).toBe(igw)
  })
})
