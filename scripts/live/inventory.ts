/**
 * What carries the live-test tag: every kind of resource a run makes, found by one tag filter
 * (`tag:<key>` for one run, `tag-key` for all runs). NAT gateways already deleted are left out:
 * EC2 shows them for a while after deletion, and there is nothing more to do with them.
 */
import {
  DescribeAddressesCommand,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeRouteTables,
  paginateDescribeSubnets,
  paginateDescribeVpcs
} from '@aws-sdk/client-ec2'
import type {
  Address,
  EC2Client,
  Filter,
  InternetGateway,
  NatGateway,
  RouteTable,
  Subnet,
  Tag,
  Vpc
} from '@aws-sdk/client-ec2'
import { RUN_TAG } from './aws.ts'

export interface Inventory {
  natGateways: NatGateway[]
  addresses: Address[]
  routeTables: RouteTable[]
  subnets: Subnet[]
  internetGateways: InternetGateway[]
  vpcs: Vpc[]
}

export const NOT_DELETED = ['pending', 'available', 'failed', 'deleting']

/** Filter for one run's resources. */
export function ofRun(runId: string): Filter {
  return { Name: `tag:${RUN_TAG}`, Values: [runId] }
}

/** Filter for every run's resources. */
export const ofAnyRun: Filter = { Name: 'tag-key', Values: [RUN_TAG] }

async function all<Page, Item>(
  pages: AsyncIterable<Page>,
  pick: (page: Page) => Item[] | undefined
) {
  const items: Item[] = []
  for await (const page of pages) items.push(...(pick(page) ?? []))
  return items
}

export async function findTagged(ec2: EC2Client, filter: Filter): Promise<Inventory> {
  const client = { client: ec2 }
  const Filters = [filter]
  const [natGateways, addresses, routeTables, subnets, internetGateways, vpcs] = await Promise.all([
    all(
      paginateDescribeNatGateways(client, {
        Filter: [...Filters, { Name: 'state', Values: NOT_DELETED }]
      }),
      p => p.NatGateways
    ),
    ec2.send(new DescribeAddressesCommand({ Filters })).then(out => out.Addresses ?? []),
    all(paginateDescribeRouteTables(client, { Filters }), p => p.RouteTables),
    all(paginateDescribeSubnets(client, { Filters }), p => p.Subnets),
    all(paginateDescribeInternetGateways(client, { Filters }), p => p.InternetGateways),
    all(paginateDescribeVpcs(client, { Filters }), p => p.Vpcs)
  ])
  return { natGateways, addresses, routeTables, subnets, internetGateways, vpcs }
}

/** The inventory reduced to the resources whose tags (or, for a gateway, itself) pass `keep`. */
export function select(
  inventory: Inventory,
  keep: (tags: Tag[] | undefined, createdAt?: Date) => boolean
): Inventory {
  return {
    natGateways: inventory.natGateways.filter(g => keep(g.Tags, g.CreateTime)),
    addresses: inventory.addresses.filter(a => keep(a.Tags)),
    routeTables: inventory.routeTables.filter(t => keep(t.Tags)),
    subnets: inventory.subnets.filter(s => keep(s.Tags)),
    internetGateways: inventory.internetGateways.filter(g => keep(g.Tags)),
    vpcs: inventory.vpcs.filter(v => keep(v.Tags))
  }
}

/** `kind id` of every resource in the inventory, for logs and for checks that nothing is left. */
export function describeInventory(inventory: Inventory): string[] {
  return [
    ...inventory.natGateways.map(g => `NAT gateway ${g.NatGatewayId} (${g.State})`),
    ...inventory.addresses.map(a => `Elastic IP ${a.AllocationId} (${a.PublicIp})`),
    ...inventory.routeTables.map(t => `route table ${t.RouteTableId}`),
    ...inventory.subnets.map(s => `subnet ${s.SubnetId}`),
    ...inventory.internetGateways.map(g => `internet gateway ${g.InternetGatewayId}`),
    ...inventory.vpcs.map(v => `VPC ${v.VpcId}`)
  ]
}
