/**
 * The read-only EC2 calls of the post step of teardown-at-job-end: what the job record names, by
 * ID, in the record's Region and VPC; and for a create in flight when the record was last saved,
 * what this run made, found by its run tag, never by name alone.
 */
import type { RunContext } from '../context.js'
import { describeAddresses, findRunAddresses } from '../ec2/addresses.js'
import { describeNatGateways, findManagedNatGateways } from '../ec2/nat-gateways.js'
import { describeRouteTables } from '../ec2/route-tables.js'
import { findVpcEndpoints } from '../ec2/vpc-endpoints.js'
import { LIVE_STATES } from '../model/gateway-states.js'
import { GATEWAY_TAG_KEY, OWNER_TAG, RUN_TAG_KEY } from '../model/identity.js'
import type { CreateKind, JobRecord } from '../model/job-record.js'
import type { JobEndWorld } from '../model/world.js'

const byId = <T>(items: T[], id: (item: T) => string): T[] => [
  ...new Map(items.map(item => [id(item), item])).values()
]

export async function observeJobEnd({ ec2 }: RunContext, record: JobRecord): Promise<JobEndWorld> {
  const { vpcId, name, run } = record
  // Without a run tag (outside GitHub Actions) there is nothing to search by.
  const searchFor = (kind: CreateKind) => run !== undefined && record.inFlight.includes(kind)
  const none = Promise.resolve([])
  const [
    recordedGateways,
    runGateways,
    routeTables,
    recordedAddresses,
    runAddresses,
    endpoints,
    runEndpoints
  ] = await Promise.all([
    describeNatGateways(
      ec2,
      record.natGateways.map(g => g.natGatewayId)
    ),
    searchFor('nat-gateway')
      ? findManagedNatGateways(ec2, vpcId, [...LIVE_STATES, 'deleting'])
      : none,
    describeRouteTables(ec2, [...new Set(record.routes.map(r => r.routeTableId))]),
    describeAddresses(ec2, record.allocatedAddresses),
    searchFor('address') && run ? findRunAddresses(ec2, { gatewayName: name, vpcId, run }) : none,
    findVpcEndpoints(ec2, vpcId, { ids: record.gatewayEndpoints.map(e => e.vpcEndpointId) }),
    searchFor('gateway-endpoint') && run
      ? findVpcEndpoints(ec2, vpcId, {
          tags: { [OWNER_TAG.key]: OWNER_TAG.value, [GATEWAY_TAG_KEY]: name, [RUN_TAG_KEY]: run }
        })
      : none
  ])
  return {
    natGateways: byId([...recordedGateways, ...runGateways], g => g.NatGatewayId),
    routeTables,
    addresses: byId([...recordedAddresses, ...runAddresses], a => a.AllocationId),
    gatewayEndpoints: byId([...endpoints, ...runEndpoints], e => e.VpcEndpointId)
  }
}
