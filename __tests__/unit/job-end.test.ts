/**
 * The job record of teardown-at-job-end (read back and refused when it cannot be read), the post
 * step's pure plan from it, and which Elastic IPs a teardown releases now that they carry their VPC.
 */
import { describe, expect, it } from '@jest/globals'
import {
  address,
  EIP_1,
  EIP_2,
  NAT,
  OTHER_VPC,
  ownGateway,
  route,
  RTB_A,
  RTB_B,
  routeTable,
  VPC,
  zonalConfig
} from '../../__fixtures__/ec2.js'
import { companionTags, GATEWAY_TAG_KEY, OWNER_TAG, VPC_TAG_KEY } from '../../src/model/identity.js'
import {
  type JobRecord,
  newJobRecord,
  parseJobRecord,
  type RouteRecord,
  serializeJobRecord
} from '../../src/model/job-record.js'
import type { Address, NatGateway, Tag } from '../../src/model/resources.js'
import type { JobEndWorld } from '../../src/model/world.js'
import { planJobEnd } from '../../src/plan/job-end-plan.js'
import { planTeardown } from '../../src/plan/teardown-plan.js'
import type { JobEndOutcome } from '../../src/model/job-end.js'
import { jobEndSummaryMarkdown } from '../../src/report/job-end.js'

const NAME = 'egress'
const RUN_URL = 'https://github.com/octo/infra/actions/runs/1'
const OTHER_NAT = 'nat-0fff1234def567890'
const ENI = 'eni-0aaa1234def567890'
const DEST = { cidr: '0.0.0.0/0', family: 'ipv4' } as const

const record = (fields: Partial<JobRecord> = {}): JobRecord => ({
  ...newJobRecord({ region: 'eu-west-1', vpcId: VPC, name: NAME, run: RUN_URL }),
  ...fields
})
const routeRecord = (fields: Partial<RouteRecord> = {}): RouteRecord => ({
  routeTableId: RTB_A,
  destination: DEST,
  targetId: NAT,
  change: 'created',
  written: true,
  ...fields
})
const world = (fields: Partial<JobEndWorld> = {}): JobEndWorld => ({
  natGateways: [],
  routeTables: [],
  addresses: [],
  gatewayEndpoints: [],
  ...fields
})
const gateway = (fields: Partial<NatGateway> = {}): NatGateway =>
  ownGateway(zonalConfig({ name: NAME }), {
    NatGatewayAddresses: [{ AllocationId: EIP_1, NetworkInterfaceId: ENI }],
    ...fields
  })
const tableTo = (id: string, target: Partial<Parameters<typeof route>[0]>) =>
  routeTable(id, [route(target)])
const runTags = (run: string): Tag[] => [
  ...companionTags(NAME, {}),
  { Key: VPC_TAG_KEY, Value: VPC },
  { Key: 'ensure-nat-gateway:run', Value: run }
]

describe('the job record', () => {
  it('reads back what the main step saved', () => {
    const saved = record({
      natGateways: [{ natGatewayId: NAT, created: true }],
      allocatedAddresses: [EIP_1],
      routes: [
        routeRecord({ change: 'replaced', previous: { target: OTHER_NAT, blackhole: false } })
      ],
      gatewayEndpoints: [
        { service: 's3', vpcEndpointId: 'vpce-1', created: true, addedRouteTableIds: [RTB_A] }
      ],
      inFlight: ['address']
    })
    expect(parseJobRecord(serializeJobRecord(saved))).toEqual(saved)
  })

  it.each([
    ['not JSON', '{', /it is not JSON/],
    ['another version', JSON.stringify({ ...record(), version: 2 }), /its version is 2/],
    ['no Region', JSON.stringify({ ...record(), region: '' }), /"region" is missing/],
    [
      'a route without its destination',
      JSON.stringify({ ...record(), routes: [{ ...routeRecord(), destination: '0.0.0.0/0' }] }),
      /"routes" is not a list of valid entries/
    ],
    [
      'an unknown create in flight',
      JSON.stringify({ ...record(), inFlight: ['instance'] }),
      /"inFlight"/
    ]
  ])('refuses %s', (_, text, message) => {
    expect(() => parseJobRecord(text)).toThrow(message)
    expect(() => parseJobRecord(text)).toThrow(/cannot be read/)
  })
})

describe('planJobEnd: only what the job made, by ID', () => {
  it('leaves a gateway the job adopted, with its addresses, and the routes it found in place', () => {
    const plan = planJobEnd(
      record({
        natGateways: [{ natGatewayId: NAT, created: false }],
        routes: [routeRecord({ change: 'kept' })]
      }),
      world({ natGateways: [gateway()], routeTables: [tableTo(RTB_A, { NatGatewayId: NAT })] })
    )
    expect(plan).toMatchObject({ routes: [], natGateways: [], releaseAllocationIds: [] })
    expect(plan.left.map(l => l.resource)).toEqual([
      `route 0.0.0.0/0 in ${RTB_A}`,
      `NAT gateway ${NAT}`
    ])
  })

  it('deletes a gateway the job created and releases the address it allocated for it', () => {
    const plan = planJobEnd(
      record({ natGateways: [{ natGatewayId: NAT, created: true }], allocatedAddresses: [EIP_1] }),
      world({
        natGateways: [gateway()],
        addresses: [address(EIP_1, { NetworkInterfaceId: ENI, AssociationId: 'eipassoc-1' })]
      })
    )
    expect(plan.natGateways.map(g => g.NatGatewayId)).toEqual([NAT])
    expect(plan.releaseAllocationIds).toEqual([EIP_1])
    expect(plan.remaining).toEqual([])
  })

  it('does not delete a gateway already deleted or failed', () => {
    const plan = planJobEnd(
      record({ natGateways: [{ natGatewayId: NAT, created: true }] }),
      world({ natGateways: [gateway({ State: 'deleted' })] })
    )
    expect(plan.natGateways).toEqual([])
  })

  it.each<[string, RouteRecord, Parameters<typeof route>[0] | undefined, unknown]>([
    ['created, still to the gateway: deleted', routeRecord(), { NatGatewayId: NAT }, 'delete'],
    [
      'replaced: put back',
      routeRecord({ change: 'replaced', previous: { target: OTHER_NAT, blackhole: false } }),
      { NatGatewayId: NAT },
      'restore'
    ],
    [
      'replaced a blackhole: deleted',
      routeRecord({ change: 'replaced', previous: { target: OTHER_NAT, blackhole: true } }),
      { NatGatewayId: NAT },
      'delete'
    ],
    [
      'replaced a target of an unknown kind: deleted',
      routeRecord({ change: 'replaced', previous: { target: 'xyz-1', blackhole: false } }),
      { NatGatewayId: NAT },
      'delete'
    ],
    ['pointed elsewhere since: left', routeRecord(), { NatGatewayId: OTHER_NAT }, 'left'],
    [
      'never written (the write was under way): nothing',
      routeRecord({ written: false }),
      { NatGatewayId: OTHER_NAT },
      'nothing'
    ],
    ['gone since: nothing', routeRecord(), undefined, 'nothing']
  ])('a route %s', (_, entry, now, expected) => {
    const tables = now ? [tableTo(RTB_A, now)] : [routeTable(RTB_A)]
    const plan = planJobEnd(record({ routes: [entry] }), world({ routeTables: tables }))
    const got = plan.routes[0]?.action ?? (plan.left.length > 0 ? 'left' : 'nothing')
    expect(got).toBe(expected)
  })

  it('an address the job allocated that is used by something else since remains: the step fails', () => {
    const plan = planJobEnd(
      record({ allocatedAddresses: [EIP_2] }),
      world({
        addresses: [address(EIP_2, { NetworkInterfaceId: 'eni-0other', InstanceId: 'i-1' })]
      })
    )
    expect(plan.releaseAllocationIds).toEqual([])
    expect(plan.remaining).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('associated with i-1') })
    ])
  })

  it('with a create in flight, takes what carries this run’s tag and name, nothing else', () => {
    const mine = gateway({
      Tags: [...gatewayTagsOf(NAME), { Key: 'ensure-nat-gateway:run', Value: RUN_URL }]
    })
    const another = gateway({
      NatGatewayId: OTHER_NAT,
      Tags: [...gatewayTagsOf(NAME), { Key: 'ensure-nat-gateway:run', Value: `${RUN_URL}0` }]
    })
    const addresses: Address[] = [
      address(EIP_1, { Tags: runTags(RUN_URL) }),
      address(EIP_2, { Tags: runTags(`${RUN_URL}0`) })
    ]
    const inFlight = record({ inFlight: ['nat-gateway', 'address'] })
    const plan = planJobEnd(inFlight, world({ natGateways: [mine, another], addresses }))
    expect(plan.natGateways.map(g => g.NatGatewayId)).toEqual([NAT])
    expect(plan.releaseAllocationIds).toEqual([EIP_1])
    expect(plan.foundByRunTag).toEqual([`NAT gateway ${NAT}`, `Elastic IP ${EIP_1}`])
    // Without a create in flight, the run's tag alone takes nothing.
    const settled = planJobEnd(record(), world({ natGateways: [mine], addresses }))
    expect([settled.natGateways, settled.releaseAllocationIds]).toEqual([[], []])
  })

  it('deletes an endpoint the job created; takes off one it found only the tables it added', () => {
    const plan = planJobEnd(
      record({
        gatewayEndpoints: [
          { service: 's3', vpcEndpointId: 'vpce-s3', created: true, addedRouteTableIds: [RTB_A] },
          {
            service: 'dynamodb',
            vpcEndpointId: 'vpce-ddb',
            created: false,
            addedRouteTableIds: [RTB_A, RTB_B]
          }
        ]
      }),
      world({
        gatewayEndpoints: [
          { VpcEndpointId: 'vpce-s3', VpcId: VPC, RouteTableIds: [RTB_A] },
          // RTB_B was taken off by someone since.
          { VpcEndpointId: 'vpce-ddb', VpcId: VPC, RouteTableIds: ['rtb-0theirs', RTB_A] }
        ]
      })
    )
    expect(plan.deleteGatewayEndpoints).toEqual([{ service: 's3', vpcEndpointId: 'vpce-s3' }])
    expect(plan.detachRouteTables).toEqual([
      { service: 'dynamodb', vpcEndpointId: 'vpce-ddb', routeTableIds: [RTB_A] }
    ])
  })
})

function gatewayTagsOf(name: string): Tag[] {
  return [
    { Key: 'Name', Value: name },
    { Key: OWNER_TAG.key, Value: OWNER_TAG.value }
  ]
}

describe('planTeardown: Elastic IPs of this VPC only', () => {
  const cfg = zonalConfig({ name: NAME, 'route-table-ids': RTB_A, state: 'absent' })
  const ours = (vpcId?: string): Tag[] => [
    ...companionTags(NAME, {}),
    ...(vpcId ? [{ Key: VPC_TAG_KEY, Value: vpcId }] : [])
  ]
  it.each<[string, boolean, Address]>([
    ['of this VPC, free', true, address(EIP_2, { Tags: ours(VPC) })],
    [
      'of this VPC, on the gateway',
      true,
      address(EIP_2, { Tags: ours(VPC), NetworkInterfaceId: ENI })
    ],
    ['of another VPC, free', false, address(EIP_2, { Tags: ours(OTHER_VPC) })],
    ['of an earlier version (no VPC), free', false, address(EIP_2, { Tags: ours() })],
    [
      'of an earlier version (no VPC), on the gateway torn down',
      true,
      address(EIP_2, { Tags: ours(), NetworkInterfaceId: ENI })
    ],
    [
      'of another gateway name',
      false,
      address(EIP_2, {
        Tags: [
          { Key: OWNER_TAG.key, Value: 'true' },
          { Key: GATEWAY_TAG_KEY, Value: 'other' },
          { Key: VPC_TAG_KEY, Value: VPC }
        ]
      })
    ]
  ])('an address %s: released %s', (_, released, addr) => {
    const result = planTeardown(cfg, {
      managedGateways: [
        gateway({ NatGatewayAddresses: [{ AllocationId: EIP_2, NetworkInterfaceId: ENI }] })
      ],
      routeTables: [routeTable(RTB_A)],
      gatewayEndpoints: [],
      addresses: [addr]
    })
    expect(result.plan?.releaseAllocationIds).toEqual(released ? [EIP_2] : [])
  })
})

describe('jobEndSummaryMarkdown', () => {
  const outcome = (fields: Partial<JobEndOutcome> = {}): JobEndOutcome => ({
    removed: [],
    left: [],
    remaining: [],
    foundByRunTag: [],
    ...fields
  })
  const removed = [{ resource: `route 0.0.0.0/0 in ${RTB_A}`, note: 'deleted' }]
  const left = [{ resource: `NAT gateway ${NAT}`, reason: 'this job found it' }]
  const remaining = [{ resource: `Elastic IP ${EIP_1}`, reason: 'in use' }]

  it.each([
    ['nothing removed', outcome(), 'at job end: nothing to remove'],
    ['all removed', outcome({ removed }), 'torn down at job end'],
    ['removed, and left what it found', outcome({ removed, left }), "this job's changes undone"],
    ['something remains', outcome({ removed, remaining }), 'not everything this job made']
  ])('heads a run with %s', (_, result, heading) => {
    expect(jobEndSummaryMarkdown(record(), result).split('\n')[0]).toContain(heading)
  })

  it('writes names and reasons as text, and ends its last table with a blank line', () => {
    const markdown = jobEndSummaryMarkdown(
      record({ name: '<img src=x onerror=alert(1)>' }),
      outcome({ left: [{ resource: 'a | b', reason: '**now** <b>x</b>' }] })
    )
    expect(markdown).not.toMatch(/<img|<b>|\*\*now/)
    expect(markdown).toContain('| a &#124; b |')
    expect(markdown.endsWith('|\n\n')).toBe(true)
  })
})
