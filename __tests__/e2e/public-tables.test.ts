/**
 * A public route table (its destination goes to an internet gateway) is never routed through the
 * NAT gateway, whatever route-conflict says: the run fails before any write, names the internet
 * gateway, and leaves a job summary with the problem and its fix, dry run or not.
 */
import { describe, expect, it } from '@jest/globals'
import {
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand
} from '@aws-sdk/client-ec2'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { errorText, runAction } from './harness.js'
import { createNetwork, describeWithMoto } from './moto.js'

const REGION = 'eu-west-1'

describe('a public route table, against the emulator', () => {
  const sample = useSampleEmulator({ provisioningMs: 200 })
  const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: REGION })
  const defaultRouteOf = (table: string) =>
    sample.emu.world.routeTables
      .get(table)
      ?.routes.find(r => r.destinationCidrBlock === '0.0.0.0/0')

  /** A second public table, routing private-b to the internet gateway: no gateway's own subnet. */
  const addPublicTable = () =>
    sample.emu.world.addRouteTable(sample.ids.vpcId, {
      subnetIds: [sample.ids.privateSubnetIds.b],
      routes: [{ destination: '0.0.0.0/0', gatewayId: sample.ids.internetGatewayId }]
    })
  const zonal = () => ({ 'availability-mode': 'zonal', 'subnet-id': sample.ids.publicSubnetIds.a })

  it.each<[string, () => string, () => Record<string, string>]>([
    [
      'regional, route-conflict: fail',
      () => sample.ids.publicRouteTableId,
      () => ({ 'route-conflict': 'fail' })
    ],
    [
      'regional, route-conflict: replace',
      () => sample.ids.publicRouteTableId,
      () => ({ 'route-conflict': 'replace' })
    ],
    [
      'regional dry run, route-conflict: replace',
      () => sample.ids.publicRouteTableId,
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
        'vpc-id': sample.ids.vpcId,
        'route-table-ids': `${sample.ids.privateRouteTableIds.a}, ${table}`,
        ...extra()
      }
      const run = await runAction(inputs, env())
      expect(run.exitCode).toBe(1)
      const error = errorText(run)
      expect(error).toContain(
        `${table}: is a public route table: its 0.0.0.0/0 route goes to the internet gateway ${sample.ids.internetGatewayId}.`
      )
      expect(error).toContain(
        `delete its route to ${sample.ids.internetGatewayId} first (aws ec2 delete-route --route-table-id ${table} --destination-cidr-block 0.0.0.0/0)`
      )
      expect(error).not.toContain('Set route-conflict: replace')
      expect(sample.emu.writes()).toEqual([])
      expect(defaultRouteOf(table)?.gatewayId).toBe(sample.ids.internetGatewayId)
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
        'vpc-id': sample.ids.vpcId,
        'route-table-ids': sample.ids.privateRouteTableIds.a,
        'availability-mode': 'zonal',
        'subnet-id': sample.ids.privateSubnetIds.a,
        'connectivity-type': 'private'
      },
      env()
    )
    expect(run.exitCode).toBe(1)
    expect(errorText(run)).toContain(
      `${sample.ids.privateRouteTableIds.a}: routes ${sample.ids.privateSubnetIds.a}, the subnet that hosts the NAT gateway; sending its 0.0.0.0/0 traffic to the gateway would send the gateway's own traffic back to itself`
    )
    expect(sample.emu.writes()).toEqual([])
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
