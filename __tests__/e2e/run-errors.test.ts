/**
 * Errors from outside the inputs end the run with one line that names the EC2 operation and the
 * fix, within the retry budget, with each retry in the log; and a job summary, failed or not.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useSampleEmulator } from '../../emulator/__tests__/test-helpers.ts'
import { type ActionRun, errorText, freePort, runAction } from './harness.js'

const REGION = 'eu-west-1'

/** The last line the run printed: the error, on one line, and nothing after it. */
function lastLine(run: ActionRun): string {
  return run.stdout.trimEnd().split('\n').at(-1) ?? ''
}

describe('errors from outside the inputs', () => {
  const sample = useSampleEmulator({ provisioningMs: 200 })
  const env = () => ({ AWS_ENDPOINT_URL_EC2: sample.emu.endpoint, AWS_REGION: REGION })
  const inputs = () => ({
    'vpc-id': sample.ids.vpcId,
    'route-table-ids': `${sample.ids.privateRouteTableIds.a}, ${sample.ids.privateRouteTableIds.b}`
  })

  it('no credentials: names the operation and configure-aws-credentials, sends nothing', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ensure-nat-gateway-home-'))
    const run = await runAction(inputs(), {
      ...env(),
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_CONFIG_FILE: join(home, 'config'),
      HOME: home
    })
    expect(run.exitCode).toBe(1)
    expect(lastLine(run)).toMatch(
      /^::error::Describe\w+ \([^)]+\) failed: CredentialsProviderError: Could not load credentials from any providers\. No AWS credentials were found\. Run aws-actions\/configure-aws-credentials before this step .*`permissions: id-token: write`/
    )
    expect(sample.emu.calls).toEqual([])
    expect(run.summary).toContain('failed before any write')
    expect(run.summary).toContain('configure-aws-credentials')
  })

  it('an unreachable endpoint: logs each retry, then names the endpoint and AWS_ENDPOINT_URL_EC2', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`
    const run = await runAction(inputs(), {
      AWS_ENDPOINT_URL_EC2: endpoint,
      AWS_REGION: REGION,
      AWS_MAX_ATTEMPTS: '3'
    })
    expect(run.exitCode).toBe(1)
    expect(lastLine(run)).toMatch(
      new RegExp(
        `^::error::Describe\\w+ \\([^)]+\\) failed after 3 attempts: connect ECONNREFUSED [\\d.:]+\\. The EC2 endpoint ${endpoint}/ could not be reached \\(ECONNREFUSED\\)\\. AWS_ENDPOINT_URL_EC2 is set to ${endpoint}: check that something listens there`
      )
    )
    const retries = run.stdout.split('\n').filter(line => line.includes('; retrying after'))
    expect(retries).toContainEqual(
      expect.stringMatching(
        /^Describe\w+ \([^)]+\): ECONNREFUSED \(connect ECONNREFUSED [\d.:]+\); retrying after \d+\.\d s \(attempt 2 of 3\)\.$/
      )
    )
    expect(run.summary).toContain('failed before any write')
  })

  it('UnauthorizedOperation: names the IAM action and the statement that grants it, with what was done and what is left', async () => {
    sample.emu.setFaults({ unauthorized: { actions: ['CreateNatGateway'] } })
    const run = await runAction(inputs(), env())
    expect(run.exitCode).toBe(1)
    expect(lastLine(run)).toMatch(
      new RegExp(
        `^::error::CreateNatGateway \\(${sample.ids.vpcId}\\) failed: UnauthorizedOperation: You are not authorized to perform this operation\\..*Encoded authorization failure message: \\S+\\. The role the step runs as may not call ec2:CreateNatGateway: the statements "CreateGatewayOnlyTaggedAsOurs", "WhatTheGatewayUses", "TagOnlyWhileCreating" of the documented IAM policy \\(docs/iam-policy\\.json\\) grant it\\. The first regional NAT gateway of an account also needs iam:CreateServiceLinkedRole`
      )
    )
    // Refused, not retried; nothing else was written.
    expect(sample.emu.writes().map(c => [c.action, c.code])).toEqual([
      ['CreateNatGateway', 'UnauthorizedOperation']
    ])
    expect(run.stdout).not.toContain('; retrying after')
    const [done, left] = run.summary.split('### Left to do')
    expect(run.summary).toContain('failed while writing')
    expect(done).toContain('### Done before the failure\n\n- nothing')
    expect(left).toContain(`- ${sample.ids.privateRouteTableIds.a}: create route 0.0.0.0/0.`)
    expect(left).toContain('NAT gateway: create')
  })

  it('a failure while writing routes: the summary says the gateway was made and which routes are left', async () => {
    sample.emu.setFaults({ unauthorized: { actions: ['CreateRoute'] } })
    const run = await runAction(inputs(), env())
    expect(run.exitCode).toBe(1)
    expect(errorText(run)).toContain('statement "RouteTheTablesOfTheVpc"')
    const [done, left] = run.summary.split('### Left to do')
    expect(done).toContain('NAT gateway: create')
    expect(left).toContain(`- ${sample.ids.privateRouteTableIds.a}: create route 0.0.0.0/0.`)
    expect(left).not.toContain('NAT gateway: create')
    // The gateway is up: its outputs and addresses are there for later steps.
    expect(run.outputs['nat-gateway-id']).toMatch(/^nat-/)
    expect(run.summary).toContain(`## NAT gateway ${run.outputs['nat-gateway-id']}`)
  })

  it('a job summary that cannot be written still ends the step with its error', async () => {
    const unknown = 'rtb-0123456789abcdef0'
    const run = await runAction(
      { ...inputs(), 'route-table-ids': unknown },
      { ...env(), GITHUB_STEP_SUMMARY: join(tmpdir(), 'no-such-directory-4c1e', 'summary') }
    )
    expect(run.exitCode).toBe(1)
    expect(lastLine(run)).toMatch(new RegExp(`^::error::.*${unknown}: was not found`))
    expect(run.stdout).toMatch(/^::warning::The job summary could not be written: /m)
  })

  it('an event payload that cannot be read: the comment is skipped with a warning, the run stands', async () => {
    const run = await runAction(
      { ...inputs(), 'dry-run': 'true', 'comment-on-pull-request': 'true', 'github-token': 'x' },
      {
        ...env(),
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(tmpdir(), 'no-such-directory-4c1e', 'event.json')
      }
    )
    expect([run.exitCode, errorText(run)]).toEqual([0, ''])
    expect(run.stdout).toMatch(
      /^::warning::comment-on-pull-request: the event payload \(GITHUB_EVENT_PATH\) could not be read: .*ENOENT/m
    )
    expect(run.summary).toContain('## Dry run: nothing was changed')
  })

  it('inputs refused: the job summary lists every problem', async () => {
    const run = await runAction(
      { ...inputs(), 'route-table-ids': 'rtb-xyz', 'destination-cidr': '10.0.0.1/8' },
      env()
    )
    expect(run.exitCode).toBe(1)
    expect(run.summary).toContain('## ensure-nat-gateway: 2 problems')
    expect(run.summary).toContain('The inputs were refused')
    expect(run.summary).toContain('- **route-table-ids**: ')
    expect(run.summary).toContain('- **destination-cidr**: ')
    expect(sample.emu.calls).toEqual([])
  })
})
