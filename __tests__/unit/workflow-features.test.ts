/**
 * The inputs and pure pieces of the workflow features: gateway-endpoints, expected-plan,
 * teardown-at-job-end, comment-on-pull-request, and the provenance tags.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { config, RTB_A, RTB_B, VPC } from '../../__fixtures__/ec2.js'
import { parseConfig } from '../../src/config/config.js'
import { LIMITS } from '../../src/config/limits.js'
import { pullRequestNumber, workflowRun } from '../../src/github/run.js'
import { companionTags, provenanceTags, withProvenance } from '../../src/model/identity.js'
import { ProblemsError } from '../../src/model/problems.js'
import type { VpcEndpoint } from '../../src/model/resources.js'
import { planGatewayEndpoints } from '../../src/plan/gateway-endpoints.js'
import { commentMarker, pullRequestCommentMarkdown } from '../../src/report/comment.js'

const RUN_ENV = {
  GITHUB_REPOSITORY: 'octo-org/infra',
  GITHUB_RUN_ID: '4242',
  GITHUB_SERVER_URL: 'https://github.example.com/'
}

function problemsOf(inputs: Record<string, string>): string[] {
  try {
    config(inputs)
  } catch (error) {
    if (error instanceof ProblemsError) return error.problems.map(p => `${p.subject}: ${p.message}`)
    throw error
  }
  return []
}

describe('gateway-endpoints', () => {
  it('takes s3 and dynamodb in any case and separator, in a fixed order, with the s3 alias', () => {
    expect(config({ 'gateway-endpoints': 'S3,\nDynamoDB s3' }).gatewayEndpoints).toEqual([
      'dynamodb',
      's3'
    ])
    expect(config({ 's3-gateway-endpoint': 'true' }).gatewayEndpoints).toEqual(['s3'])
    expect(
      config({ 's3-gateway-endpoint': 'true', 'gateway-endpoints': 'dynamodb' }).gatewayEndpoints
    ).toEqual(['dynamodb', 's3'])
    expect(config().gatewayEndpoints).toEqual([])
  })

  it('refuses a service without gateway endpoints', () => {
    expect(problemsOf({ 'gateway-endpoints': 's3, sqs' })).toEqual([
      'gateway-endpoints: "sqs" is not a service with gateway endpoints (dynamodb, s3).'
    ])
  })

  const endpoint = (
    id: string,
    service: string,
    tables: string[],
    tags = [] as VpcEndpoint['Tags']
  ) => ({
    VpcEndpointId: id,
    VpcId: VPC,
    ServiceName: `com.amazonaws.eu-west-1.${service}`,
    State: 'Available' as const,
    RouteTableIds: tables,
    Tags: tags
  })

  it('plans each service on its own: keep, add to ours, or create; foreign ones are never changed', () => {
    const cfg = config({ 'gateway-endpoints': 's3 dynamodb' })
    const ours = endpoint('vpce-0ddb', 'dynamodb', [RTB_A], companionTags(cfg.name, {}))
    const foreignS3 = endpoint('vpce-0s3', 's3', [RTB_A])
    expect(planGatewayEndpoints(cfg, [ours, foreignS3], [RTB_A, RTB_B])).toEqual([
      { service: 'dynamodb', action: 'add', vpcEndpointId: 'vpce-0ddb', routeTableIds: [RTB_B] },
      { service: 's3', action: 'create', routeTableIds: [RTB_B] }
    ])
    // An S3 endpoint of ours does not serve DynamoDB.
    const s3Ours = endpoint('vpce-0s3', 's3', [RTB_A, RTB_B], companionTags(cfg.name, {}))
    expect(planGatewayEndpoints(cfg, [s3Ours], [RTB_A, RTB_B])).toEqual([
      { service: 'dynamodb', action: 'create', routeTableIds: [RTB_A, RTB_B] },
      { service: 's3', action: 'keep', vpcEndpointIds: ['vpce-0s3'] }
    ])
  })
})

describe('expected-plan, teardown-at-job-end, comment-on-pull-request', () => {
  it('refuses an expected plan that is not a plan, naming the input', () => {
    expect(problemsOf({ 'expected-plan': 'yes' })).toEqual([
      'expected-plan: is not JSON: it should be the plan-json output of a dry run.'
    ])
  })

  it('refuses teardown-at-job-end on a teardown', () => {
    expect(problemsOf({ 'teardown-at-job-end': 'true', state: 'absent' })).toEqual([
      'teardown-at-job-end: applies to state: present only; a teardown has nothing to tear down at job end.'
    ])
  })

  it('takes the token the runner expanded, or GITHUB_TOKEN when run some other way', () => {
    const read = (token: string) => (name: string) =>
      ({ 'vpc-id': VPC, 'route-table-ids': RTB_A, 'github-token': token })[name] ?? ''
    const env = { AWS_REGION: 'eu-west-1', GITHUB_TOKEN: 'from-env' }
    expect(parseConfig(read('ghs_given'), env).githubToken).toBe('ghs_given')
    expect(parseConfig(read(''), env).githubToken).toBe('from-env')
    expect(parseConfig(read(''), { AWS_REGION: 'eu-west-1' }).githubToken).toBe('')
    expect(config({ 'comment-on-pull-request': 'true' }).commentOnPullRequest).toBe(true)
  })
})

describe('provenance', () => {
  it('names the repository and the run, from what the runner sets', () => {
    const run = workflowRun(RUN_ENV)
    expect(run).toEqual({
      repository: 'octo-org/infra',
      url: 'https://github.example.com/octo-org/infra/actions/runs/4242'
    })
    expect(provenanceTags(run)).toEqual([
      { Key: 'ensure-nat-gateway:repository', Value: 'octo-org/infra' },
      {
        Key: 'ensure-nat-gateway:run',
        Value: 'https://github.example.com/octo-org/infra/actions/runs/4242'
      }
    ])
    expect(provenanceTags(workflowRun({}))).toEqual([])
  })

  it('lets a tag the user gave win, and keeps within EC2 limits', () => {
    const tags = companionTags('egress', { 'ensure-nat-gateway:repository': 'mine', team: 'a' })
    const merged = withProvenance(tags, provenanceTags(workflowRun(RUN_ENV)))
    expect(merged.filter(t => t.Key === 'ensure-nat-gateway:repository')).toEqual([
      { Key: 'ensure-nat-gateway:repository', Value: 'mine' }
    ])
    expect(merged.map(t => t.Key)).toContain('ensure-nat-gateway:run')
    const most = Object.fromEntries(
      Array.from({ length: LIMITS.userTags }, (_, i) => [`k${i}`, 'v'])
    )
    const full = withProvenance(companionTags('egress', most), provenanceTags(workflowRun(RUN_ENV)))
    expect(full.length).toBeLessThanOrEqual(50)
    const long = provenanceTags({ repository: 'o/r', url: `https://x/${'r'.repeat(300)}` })
    expect(long.every(t => (t.Value ?? '').length <= 256)).toBe(true)
  })
})

describe('the pull-request comment', () => {
  it('finds the pull request in the event payload, and only for pull-request events', () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-'))
    const path = join(dir, 'event.json')
    writeFileSync(path, JSON.stringify({ pull_request: { number: 17 } }))
    expect(pullRequestNumber({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path })).toBe(
      17
    )
    expect(
      pullRequestNumber({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: path })
    ).toBeUndefined()
  })

  it('carries a marker per identity that an HTML comment cannot end early, and the run link', () => {
    expect(commentMarker('eu-west-1/vpc-1/pr--17')).toBe(
      '<!-- ensure-nat-gateway: eu-west-1/vpc-1/pr- -17 -->'
    )
    const body = pullRequestCommentMarkdown(
      'eu-west-1/vpc-1/pr-17',
      '## Plan\n',
      workflowRun(RUN_ENV)
    )
    expect(body.split('\n')).toEqual([
      '<!-- ensure-nat-gateway: eu-west-1/vpc-1/pr-17 -->',
      '## Plan',
      '',
      'Workflow run: [octo-org/infra run 4242](https://github.example.com/octo-org/infra/actions/runs/4242)',
      ''
    ])
  })
})
