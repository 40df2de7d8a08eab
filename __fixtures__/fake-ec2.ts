/**
 * A small world behind aws-sdk-client-mock for component tests of run(): it answers the reads
 * from the state given, records the writes, and plays the gateway's states after a create.
 * The behaviour of EC2 itself is tested against the emulator and moto; this only feeds run().
 */
import {
  type Address,
  AllocateAddressCommand,
  AssignPrivateNatGatewayAddressCommand,
  AssociateNatGatewayAddressCommand,
  type AvailabilityZone,
  CreateEgressOnlyInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateVpcEndpointCommand,
  DeleteEgressOnlyInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DeleteRouteCommand,
  DeleteVpcEndpointsCommand,
  DescribeAddressesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  DisassociateNatGatewayAddressCommand,
  EC2Client,
  type EgressOnlyInternetGateway,
  type Filter,
  type NatGateway,
  ModifyVpcEndpointCommand,
  ReleaseAddressCommand,
  ReplaceRouteCommand,
  type RouteTable,
  type Subnet,
  UnassignPrivateNatGatewayAddressCommand,
  type Vpc,
  type VpcEndpoint
} from '@aws-sdk/client-ec2'
import { mockClient } from 'aws-sdk-client-mock'
import { GATEWAY_TAG_KEY, isManaged, tagValue } from '../src/model/identity.js'
import { IGW, NAT, PUBLIC_SUBNET, publicRouteTable, VPC } from './ec2.js'

export const NEW_ENDPOINT = 'vpce-0eeeeeeeeeeeeeeee'

export const NEW_EIP = 'eipalloc-0eeeeeeeeeeeeeeee'

export const NEW_EIGW = 'eigw-0eeeeeeeeeeeeeeee'

export interface FakeWorld {
  gateways: NatGateway[]
  routeTables: RouteTable[]
  addresses?: Address[]
  zones?: AvailabilityZone[]
  /** What DescribeNatGateways by ID answers after CreateNatGateway, one entry per poll; the last repeats. */
  afterCreate?: NatGateway[]
  withoutInternetGateway?: boolean
  /** The VPC does not exist: DescribeVpcs answers none. */
  withoutVpc?: boolean
  subnets?: Subnet[]
  s3Endpoints?: VpcEndpoint[]
  /** What DescribeNatGateways by ID answers after DeleteNatGateway; default: deleted. */
  afterDelete?: NatGateway[]
  /** What DescribeNatGateways by ID answers after AssociateNatGatewayAddress, per poll. */
  afterAssociate?: NatGateway[]
  /** What DescribeNatGateways by ID answers after DisassociateNatGatewayAddress, per poll. */
  afterDisassociate?: NatGateway[]
  /**
   * AssignPrivateNatGatewayAddress: the private IPs it answers with (`assigning`), and what
   * DescribeNatGateways by ID answers after it, per poll.
   */
  assigned?: string[]
  afterAssign?: NatGateway[]
  /** What DescribeNatGateways by ID answers after UnassignPrivateNatGatewayAddress, per poll. */
  afterUnassign?: NatGateway[]
  /** What DescribeNatGateways by ID answers before any write (a wait for settling addresses). */
  polls?: NatGateway[]
  /** The error AssociateNatGatewayAddress answers, if any. */
  associateError?: Error
  /** What DescribeVpcs answers; default: the VPC, IPv4 only. */
  vpc?: Vpc
  /** Egress-only internet gateways of the account (DescribeEgressOnlyInternetGateways). */
  egressOnlyGateways?: EgressOnlyInternetGateway[]
}

const valuesOf = (filters: Filter[] | undefined, name: string): string[] | undefined =>
  filters?.find(f => f.Name === name)?.Values

export function fakeEc2(world: FakeWorld) {
  const ec2 = mockClient(EC2Client)
  let polls = [...(world.afterCreate ?? world.polls ?? [])]
  ec2.on(AssociateNatGatewayAddressCommand).callsFake(input => {
    if (world.associateError) throw world.associateError
    polls = [...(world.afterAssociate ?? [])]
    return { NatGatewayId: input.NatGatewayId }
  })
  ec2.on(DisassociateNatGatewayAddressCommand).callsFake(input => {
    polls = [...(world.afterDisassociate ?? [])]
    return { NatGatewayId: input.NatGatewayId }
  })
  ec2.on(AssignPrivateNatGatewayAddressCommand).callsFake(input => {
    polls = [...(world.afterAssign ?? [])]
    const addresses = (world.assigned ?? []).map(PrivateIp => ({ PrivateIp, Status: 'assigning' }))
    return { NatGatewayId: input.NatGatewayId, NatGatewayAddresses: addresses }
  })
  ec2.on(UnassignPrivateNatGatewayAddressCommand).callsFake(input => {
    polls = [...(world.afterUnassign ?? [])]
    return { NatGatewayId: input.NatGatewayId }
  })
  ec2.on(DeleteNatGatewayCommand).callsFake(input => {
    polls = world.afterDelete ?? [{ NatGatewayId: input.NatGatewayId, State: 'deleted' }]
    return { NatGatewayId: input.NatGatewayId }
  })
  ec2.on(DescribeNatGatewaysCommand).callsFake(input => {
    if (input.NatGatewayIds) {
      const next = polls.length > 1 ? polls.shift() : polls[0]
      return { NatGateways: next ? [next] : [] }
    }
    return { NatGateways: world.gateways }
  })
  ec2.on(DescribeRouteTablesCommand).callsFake(input => {
    const ids = valuesOf(input.Filters, 'route-table-id')
    if (ids)
      return { RouteTables: world.routeTables.filter(t => ids.includes(t.RouteTableId ?? '')) }
    const subnetIds = valuesOf(input.Filters, 'association.subnet-id')
    if (subnetIds) {
      const all = [publicRouteTable, ...world.routeTables]
      const explicit = all.filter(t =>
        t.Associations?.some(a => subnetIds.includes(a.SubnetId ?? ''))
      )
      return { RouteTables: explicit.slice(0, 1) }
    }
    if (valuesOf(input.Filters, 'association.main')) {
      return { RouteTables: world.routeTables.filter(t => t.Associations?.some(a => a.Main)) }
    }
    if (valuesOf(input.Filters, 'vpc-id')) return { RouteTables: world.routeTables }
    return { RouteTables: [] }
  })
  ec2
    .on(DescribeVpcsCommand)
    .resolves({ Vpcs: world.withoutVpc ? [] : [world.vpc ?? { VpcId: VPC }] })
  ec2.on(DescribeEgressOnlyInternetGatewaysCommand).callsFake(() => ({
    EgressOnlyInternetGateways: world.egressOnlyGateways ?? []
  }))
  ec2.on(CreateEgressOnlyInternetGatewayCommand).resolves({
    EgressOnlyInternetGateway: {
      EgressOnlyInternetGatewayId: NEW_EIGW,
      Attachments: [{ VpcId: VPC, State: 'attached' }]
    }
  })
  ec2.on(DeleteEgressOnlyInternetGatewayCommand).resolves({ ReturnCode: true })
  ec2.on(DescribeInternetGatewaysCommand).resolves({
    InternetGateways: world.withoutInternetGateway
      ? []
      : [{ InternetGatewayId: IGW, Attachments: [{ VpcId: VPC, State: 'attached' }] }]
  })
  ec2.on(DescribeSubnetsCommand).callsFake(input => {
    const ids = valuesOf(input.Filters, 'subnet-id')
    const all = [
      { SubnetId: PUBLIC_SUBNET, VpcId: VPC, AvailabilityZone: 'eu-west-1a' },
      ...(world.subnets ?? [])
    ]
    if (!ids && valuesOf(input.Filters, 'vpc-id')) return { Subnets: all }
    return { Subnets: all.filter(s => (ids ?? []).includes(s.SubnetId ?? '')) }
  })
  ec2.on(DescribeAddressesCommand).callsFake(input => {
    const ids = valuesOf(input.Filters, 'allocation-id')
    const gateway = valuesOf(input.Filters, `tag:${GATEWAY_TAG_KEY}`)?.[0]
    const all = world.addresses ?? []
    if (ids) return { Addresses: all.filter(a => ids.includes(a.AllocationId ?? '')) }
    return {
      Addresses: all.filter(a => isManaged(a.Tags) && tagValue(a.Tags, GATEWAY_TAG_KEY) === gateway)
    }
  })
  ec2.on(DescribeVpcEndpointsCommand).callsFake(() => ({ VpcEndpoints: world.s3Endpoints ?? [] }))
  ec2.on(CreateVpcEndpointCommand).resolves({ VpcEndpoint: { VpcEndpointId: NEW_ENDPOINT } })
  ec2.on(ModifyVpcEndpointCommand).resolves({ Return: true })
  ec2.on(DeleteVpcEndpointsCommand).resolves({ Unsuccessful: [] })
  ec2.on(DeleteRouteCommand).resolves({})
  ec2.on(DescribeAvailabilityZonesCommand).resolves({
    AvailabilityZones: world.zones ?? [
      { ZoneName: 'eu-west-1a', ZoneId: 'euw1-az1' },
      { ZoneName: 'eu-west-1b', ZoneId: 'euw1-az2' }
    ]
  })
  ec2.on(AllocateAddressCommand).resolves({ AllocationId: NEW_EIP, PublicIp: '198.51.100.99' })
  ec2.on(CreateNatGatewayCommand).resolves({ NatGateway: { NatGatewayId: NAT, State: 'pending' } })
  ec2.on(CreateRouteCommand).resolves({ Return: true })
  ec2.on(ReplaceRouteCommand).resolves({})
  ec2.on(ReleaseAddressCommand).resolves({})
  return ec2
}

export type FakeEc2 = ReturnType<typeof fakeEc2>

/** Calls by operation, e.g. { DescribeNatGateways: 1, DescribeRouteTables: 1 }. */
export function callCounts(ec2: FakeEc2): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const call of ec2.calls()) {
    const operation = (call.args[0] as object).constructor.name.replace(/Command$/, '')
    counts[operation] = (counts[operation] ?? 0) + 1
  }
  return counts
}

export function writeCalls(ec2: FakeEc2): string[] {
  return Object.keys(callCounts(ec2)).filter(operation => !operation.startsWith('Describe'))
}

/** A clock whose sleeps pass at once, and advance its time. */
export function instantClock() {
  let now = 0
  return { now: () => now, sleep: async (ms: number) => void (now += ms) }
}
