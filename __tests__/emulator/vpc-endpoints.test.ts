// Gateway VPC endpoints, parsed by the real SDK: what s3-gateway-endpoint reads and writes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
  ModifyVpcEndpointCommand
} from '@aws-sdk/client-ec2'
import { type Emulator, startEmulator } from './server.ts'
import { type SampleVpc, seedSampleVpc } from './seed.ts'
import { client, rejection } from './test-helpers.ts'

const S3 = 'com.amazonaws.eu-west-1.s3'
let emu: Emulator
let ec2: EC2Client
let ids: SampleVpc

beforeAll(async () => {
  emu = await startEmulator({ seed: seedSampleVpc })
  ec2 = client(emu)
})
afterAll(async () => {
  ec2.destroy()
  await emu.close()
})
beforeEach(() => {
  emu.reset()
  ids = emu.seed as SampleVpc
})

const create = (routeTableIds: string[]) =>
  ec2.send(
    new CreateVpcEndpointCommand({
      VpcEndpointType: 'Gateway',
      VpcId: ids.vpcId,
      ServiceName: S3,
      RouteTableIds: routeTableIds,
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: 's3' }] }]
    })
  )

describe('gateway VPC endpoints', () => {
  it('creates one and describes it with the fields the action reads', async () => {
    const created = await create([ids.privateRouteTableIds.a])
    expect(created.VpcEndpoint?.VpcEndpointId).toMatch(/^vpce-/)
    const described = await ec2.send(
      new DescribeVpcEndpointsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [ids.vpcId] },
          { Name: 'service-name', Values: [S3] },
          { Name: 'vpc-endpoint-type', Values: ['Gateway'] }
        ]
      })
    )
    expect(described.VpcEndpoints).toEqual([
      expect.objectContaining({
        VpcEndpointId: created.VpcEndpoint?.VpcEndpointId,
        VpcEndpointType: 'Gateway',
        VpcId: ids.vpcId,
        ServiceName: S3,
        State: 'available',
        RouteTableIds: [ids.privateRouteTableIds.a],
        Tags: [{ Key: 'Name', Value: 's3' }]
      })
    ])
  })

  it('adds tables, and refuses a table already served by another S3 endpoint', async () => {
    const first = (await create([ids.privateRouteTableIds.a])).VpcEndpoint?.VpcEndpointId as string
    const error = await rejection(create([ids.privateRouteTableIds.a]))
    expect(error.name).toBe('RouteAlreadyExists')
    await ec2.send(
      new ModifyVpcEndpointCommand({
        VpcEndpointId: first,
        AddRouteTableIds: [ids.privateRouteTableIds.b]
      })
    )
    const [endpoint] =
      (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [first] }))).VpcEndpoints ??
      []
    expect(endpoint?.RouteTableIds).toEqual([
      ids.privateRouteTableIds.a,
      ids.privateRouteTableIds.b
    ])
  })

  it('deletes, and lists an unknown ID as unsuccessful', async () => {
    const id = (await create([])).VpcEndpoint?.VpcEndpointId as string
    const answer = await ec2.send(
      new DeleteVpcEndpointsCommand({ VpcEndpointIds: [id, 'vpce-0000000000000000f'] })
    )
    expect(answer.Unsuccessful).toEqual([
      {
        ResourceId: 'vpce-0000000000000000f',
        Error: {
          Code: 'InvalidVpcEndpoint.NotFound',
          Message: expect.stringContaining('does not exist')
        }
      }
    ])
    const left = await ec2.send(
      new DescribeVpcEndpointsCommand({
        Filters: [{ Name: 'vpc-endpoint-state', Values: ['available'] }]
      })
    )
    expect(left.VpcEndpoints).toEqual([])
  })
})
