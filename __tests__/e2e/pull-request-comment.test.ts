/**
 * comment-on-pull-request through dist/index.js, against the emulator and a local server that
 * answers as the GitHub REST API does (reached through GITHUB_API_URL): one comment per gateway
 * identity, updated in place; a comment that cannot be written is a warning, not a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { type FakeGitHub, startFakeGitHub } from './github-api.js'
import { errorText, runAction } from './harness.js'
import { runMainAndPost } from './post-step.js'

const TOKEN = 'ghs_testTokenForTheLocalApi0123456789'
const sample = useSampleEmulator({ provisioningMs: 300, deletingMs: 300 })
let github: FakeGitHub
let eventPath: string

beforeAll(async () => {
  github = await startFakeGitHub(TOKEN)
  eventPath = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json')
  writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', pull_request: { number: 17 } }))
})
afterAll(async () => github?.close())

const env = (extra: Record<string, string> = {}) => ({
  AWS_ENDPOINT_URL_EC2: sample.emu.endpoint,
  AWS_REGION: 'eu-west-1',
  GITHUB_API_URL: github.url,
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo-org/infra',
  GITHUB_RUN_ID: '555',
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_EVENT_PATH: eventPath,
  ...extra
})
const inputs = (extra: Record<string, string> = {}) => ({
  'vpc-id': sample.ids.vpcId,
  'route-table-ids': sample.ids.privateRouteTableIds.a,
  name: 'preview-pr-17',
  'comment-on-pull-request': 'true',
  'github-token': TOKEN,
  ...extra
})

describe('comment-on-pull-request', () => {
  it('two runs on the same pull request leave exactly one comment, updated', async () => {
    github.comments.length = 0
    // Someone else's comment on the pull request is left alone.
    github.comments.push({ id: 1, body: 'LGTM', issueNumber: 17, repository: 'octo-org/infra' })
    const plan = await runAction(inputs({ 'dry-run': 'true' }), env())
    expect([plan.exitCode, errorText(plan)]).toEqual([0, ''])
    const ours = () => github.comments.filter(c => c.id !== 1)
    expect(ours()).toHaveLength(1)
    const [comment] = ours()
    expect(comment?.body).toContain(
      `<!-- ensure-nat-gateway: eu-west-1/${sample.ids.vpcId}/preview-pr-17 -->`
    )
    expect(comment?.body).toContain('## Dry run: nothing was changed')
    expect(comment?.body).toContain('https://github.com/octo-org/infra/actions/runs/555')
    expect(plan.stdout).toContain('Pull request #17: created the comment')

    const apply = await runAction(inputs(), env({ GITHUB_RUN_ID: '556' }))
    expect([apply.exitCode, errorText(apply)]).toEqual([0, ''])
    expect(ours()).toHaveLength(1)
    expect(ours()[0]?.id).toBe(comment?.id)
    expect(ours()[0]?.body).toContain(`## NAT gateway ${apply.outputs['nat-gateway-id']}`)
    expect(ours()[0]?.body).toContain('actions/runs/556')
    expect(apply.stdout).toContain('Pull request #17: updated the comment')
    expect(github.comments.find(c => c.id === 1)?.body).toBe('LGTM')
    expect(github.requests.filter(r => r.startsWith('PATCH'))).toHaveLength(1)
  })

  it('with teardown-at-job-end, the post step updates the same comment to say so', async () => {
    github.comments.length = 0
    const { main, post } = await runMainAndPost(inputs({ 'teardown-at-job-end': 'true' }), env())
    expect([main.exitCode, post.exitCode, errorText(post)]).toEqual([0, 0, ''])
    expect(github.comments).toHaveLength(1)
    expect(github.comments[0]?.body).toContain(
      '## NAT gateway "preview-pr-17" torn down at job end'
    )
    expect(post.stdout).toContain('Pull request #17: updated the comment')
  })

  it('a failed run comments its problems', async () => {
    github.comments.length = 0
    // A table whose destination goes to a virtual private gateway: a route conflict.
    const theirs = sample.emu.world.addRouteTable(sample.ids.vpcId, {
      routes: [{ destination: '0.0.0.0/0', gatewayId: 'vgw-0fff1234def567890' }]
    })
    const run = await runAction(inputs({ 'route-table-ids': theirs }), env())
    expect(run.exitCode).toBe(1)
    expect(github.comments).toHaveLength(1)
    expect(github.comments[0]?.body).toContain('1 problem')
    expect(github.comments[0]?.body).toContain(`**${theirs}**: already routes 0.0.0.0/0`)
  })

  it('without pull-requests: write, warns and names the permission; the provisioning stands', async () => {
    github.comments.length = 0
    github.readOnly = true
    try {
      const run = await runAction(inputs(), env())
      expect([run.exitCode, errorText(run)]).toEqual([0, ''])
      expect(run.outputs.created).toBe('true')
      const warning = run.stdout.split('\n').find(l => l.includes('could not be written')) ?? ''
      expect(warning).toMatch(/^::warning::/)
      expect(warning).toContain('pull-requests: write')
      expect(github.comments).toEqual([])
    } finally {
      github.readOnly = false
    }
  })

  it('outside a pull request, says so and calls no API', async () => {
    github.requests.length = 0
    const run = await runAction(inputs(), env({ GITHUB_EVENT_NAME: 'push' }))
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('this run is not for a pull request (event push)')
    expect(github.requests).toEqual([])
  })
})
