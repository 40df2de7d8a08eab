/**
 * .env.example works as written against `npm run emulator -- --port 4566 --seed sample`: its
 * inputs parse, and name the sample VPC and its private route tables (the same IDs at every
 * start), and it points the SDK at that port with the emulator's test credentials.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { seedSampleVpc } from '../../emulator/seed.ts'
import { World } from '../../emulator/state.ts'
import { parseConfig } from '../../src/config/config.js'

const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')
const env: Record<string, string> = Object.fromEntries(
  text
    .split('\n')
    .filter(line => line.trim() !== '' && !line.startsWith('#'))
    .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
)
const sample = seedSampleVpc(new World({ region: 'eu-west-1' }))

/** The inputs action.yml declares: the keys two spaces deep under `inputs:`. */
const metadata = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')
const declared = [
  ...(metadata.split(/^inputs:\n/m)[1]?.split(/^\S/m)[0] ?? '').matchAll(/^ {2}([\w-]+):/gm)
].map(([, name]) => `INPUT_${(name as string).toUpperCase()}`)

describe('.env.example', () => {
  it('sets only inputs that action.yml declares', () => {
    const inputs = Object.keys(env).filter(key => key.startsWith('INPUT_'))
    expect(inputs.length).toBeGreaterThan(2)
    expect(declared).toEqual(expect.arrayContaining(inputs))
  })

  it("names the emulator's sample VPC and private route tables, and parses as the runner reads it", () => {
    // As @actions/core reads an input: INPUT_<NAME>, trimmed.
    const config = parseConfig(name => (env[`INPUT_${name.toUpperCase()}`] ?? '').trim(), env)
    expect(config).toMatchObject({
      region: 'eu-west-1',
      vpcId: sample.vpcId,
      routeTableIds: [sample.privateRouteTableIds.a, sample.privateRouteTableIds.b]
    })
  })

  it('writes the job summary to a file git ignores, and lets `npm run local:post` tear down', () => {
    // local-action writes no job summary without GITHUB_STEP_SUMMARY; the post step tears down
    // only with teardown-at-job-end.
    expect(env).toMatchObject({
      GITHUB_STEP_SUMMARY: 'job-summary.md',
      'INPUT_TEARDOWN-AT-JOB-END': 'true'
    })
    const ignored = readFileSync(new URL('../../.gitignore', import.meta.url), 'utf8').split('\n')
    expect(ignored).toContain(env.GITHUB_STEP_SUMMARY)
  })

  it('points the SDK at the emulator on port 4566 with its test credentials', () => {
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:4566',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test'
    })
  })
})
