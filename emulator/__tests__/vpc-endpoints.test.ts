// Gateway VPC endpoints, parsed by the real SDK: what s3-gateway-endpoint reads and writes.
import { describe, expect, it } from '@jest/globals'
import {
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcEndpointCommand
} from '@aws-sdk/client-ec2'
import { rejection, useSampleEmulator } from './test-helpers.ts'

const S3 = 'com.amazonaws.eu-west-1.s3'
const sample = useSampleEmulator()

const create = (routeTableIds: string[]) =>
  sample.ec2.send(
    new CreateVpcEndpointCommand({
      VpcEndpointType: 'Gateway',
      VpcId: sample.ids.vpcId,
      ServiceName: S3,
      RouteTableIds: routeTableIds,
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: 's3' }] }]
    })
  )

describe('gateway VPC endpoints', () => {
  it('creates one and describes it with the fields the action reads', async () => {
    const created = await create([sample.ids.privateRouteTableIds.a])
    expect(created.VpcEndpoint?.VpcEndpointId).toMatch(/^vpce-/)
    const described = await sample.ec2.send(
      new DescribeVpcEndpointsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [sample.ids.vpcId] },
          { Name: 'service-name', Values: [S3] },
          { Name: 'vpc-endpoint-type', Values: ['Gateway'] }
        ]
      })
    )
    expect(described.VpcEndpoints).toEqual([
      expect.objectContaining({
        VpcEndpointId: created.VpcEndpoint?.VpcEndpointId,
        VpcEndpointType: 'Gateway',
        VpcId: sample.ids.vpcId,
        ServiceName: S3,
        State: 'available',
        RouteTableIds: [sample.ids.privateRouteTableIds.a],
        Tags: [{ Key: 'Name', Value: 's3' }]
      })
    ])
  })

  it('answers a repeated ClientToken with the endpoint it made, as a retry after a lost answer needs', async () => {
    const request = () =>
      sample.ec2.send(
        new CreateVpcEndpointCommand({
          VpcEndpointType: 'Gateway',
          VpcId: sample.ids.vpcId,
          ServiceName: S3,
          RouteTableIds: [sample.ids.privateRouteTableIds.a],
          ClientToken: 'token-1'
        })
      )
    const first = await request()
    const again = await request()
    expect(again.VpcEndpoint?.VpcEndpointId).toBe(first.VpcEndpoint?.VpcEndpointId)
    expect(sample.emu.world.vpcEndpoints.size).toBe(1)
  })

  it('adds tables, and refuses a table already served by another S3 endpoint', async () => {
    const first = (await create([sample.ids.privateRouteTableIds.a])).VpcEndpoint
      ?.VpcEndpointId as string
    const error = await rejection(create([sample.ids.privateRouteTableIds.a]))
    expect(error.name).toBe('RouteAlreadyExists')
    await sample.ec2.send(
      new ModifyVpcEndpointCommand({
        VpcEndpointId: first,
        AddRouteTableIds: [sample.ids.privateRouteTableIds.b]
      })
    )
    const [endpoint] =
      (await sample.ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [first] })))
        .VpcEndpoints ?? []
    expect(endpoint?.RouteTableIds).toEqual([
      sample.ids.privateRouteTableIds.a,
      sample.ids.privateRouteTableIds.b
    ])
  })

  it('deletes, and lists an unknown ID as unsuccessful', async () => {
    const id = (await create([])).VpcEndpoint?.VpcEndpointId as string
    const answer = await sample.ec2.send(
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
    const left = await sample.ec2.send(
      new DescribeVpcEndpointsCommand({
        Filters: [{ Name: 'vpc-endpoint-state', Values: ['available'] }]
      })
    )
    expect(left.VpcEndpoints).toEqual([])
  })
})
