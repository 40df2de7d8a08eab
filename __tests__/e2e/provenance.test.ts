/**
 * Provenance through dist/index.js against the emulator: what the action creates carries, from
 * its creation, the repository and the workflow run that created it; a rerun from another run
 * adds or changes no tag, and a tag the user gave wins.
 */
import { describe, expect, it } from '@jest/globals'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { errorText, runAction } from './harness.js'

const sample = useSampleEmulator({ provisioningMs: 300, deletingMs: 300 })
const RUN = {
  GITHUB_REPOSITORY: 'octo-org/infra',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_WORKFLOW: 'preview'
}
const env = (runId: string) => ({
  AWS_ENDPOINT_URL_EC2: sample.emu.endpoint,
  AWS_REGION: 'eu-west-1',
  ...RUN,
  GITHUB_RUN_ID: runId
})
const zonal = (extra: Record<string, string> = {}) => ({
  'vpc-id': sample.ids.vpcId,
  'route-table-ids': sample.ids.privateRouteTableIds.a,
  'availability-mode': 'zonal',
  'subnet-id': sample.ids.publicSubnetIds.a,
  'gateway-endpoints': 'dynamodb',
  ...extra
})

/** Every resource the action made, with its tags as a record. */
function ourResources(): Record<string, Record<string, string>> {
  const world = sample.emu.world
  const all = [
    ...[...world.natGateways.values()].map(g => [g.id, g.tags] as const),
    ...[...world.addresses.values()].map(a => [a.allocationId, a.tags] as const),
    ...[...world.vpcEndpoints.values()].map(e => [e.id, e.tags] as const)
  ]
  return Object.fromEntries(
    all
      .filter(([, tags]) => tags.some(t => t.Key === 'ensure-nat-gateway:managed'))
      .map(([id, tags]) => [id, Object.fromEntries(tags.map(t => [t.Key, t.Value]))])
  )
}

describe('provenance tags', () => {
  it('tags what is created with the repository and the run; a rerun from another run tags nothing', async () => {
    const first = await runAction(zonal(), env('1001'))
    expect([first.exitCode, errorText(first)]).toEqual([0, ''])
    const created = ourResources()
    expect(Object.keys(created)).toHaveLength(3)
    for (const tags of Object.values(created)) {
      expect(tags).toMatchObject({
        'ensure-nat-gateway:repository': 'octo-org/infra',
        'ensure-nat-gateway:run': 'https://github.com/octo-org/infra/actions/runs/1001'
      })
    }
    expect(first.summary).toContain(
      'Workflow run: [octo-org/infra run 1001](https://github.com/octo-org/infra/actions/runs/1001)'
    )

    sample.emu.clearCalls()
    const rerun = await runAction(zonal(), env('2002'))
    expect([rerun.exitCode, errorText(rerun)]).toEqual([0, ''])
    expect(rerun.outputs.changed).toBe('false')
    expect(sample.emu.writes()).toEqual([])
    expect(ourResources()).toEqual(created)
  })

  it('lets a tag the user gave win over a provenance tag', async () => {
    const run = await runAction(
      zonal({ tags: 'ensure-nat-gateway:repository=platform/networking' }),
      env('3003')
    )
    expect(run.exitCode).toBe(0)
    const gateway = Object.entries(ourResources()).find(([id]) => id.startsWith('nat-'))
    expect(gateway?.[1]).toMatchObject({
      'ensure-nat-gateway:repository': 'platform/networking',
      'ensure-nat-gateway:run': 'https://github.com/octo-org/infra/actions/runs/3003'
    })
  })
})
