/** The EC2 client's retry settings: our defaults, and the user's environment over them. */
import { describe, expect, it } from '@jest/globals'
import { createEc2Client, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_MODE } from '../../src/ec2/client.js'

async function retrySettings(env: NodeJS.ProcessEnv) {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  try {
    const client = createEc2Client('eu-west-1', env)
    const settings = {
      maxAttempts: await client.config.maxAttempts(),
      // The SDK's type of the strategy does not show its mode; both strategies carry one.
      retryMode: ((await client.config.retryStrategy()) as { mode?: string }).mode
    }
    client.destroy()
    return settings
  } finally {
    for (const key of Object.keys(env)) delete process.env[key]
    Object.assign(process.env, saved)
  }
}

describe('createEc2Client', () => {
  it('is more patient than the SDK by default, and rate-limits itself once throttled', async () => {
    expect(await retrySettings({})).toEqual({
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      retryMode: DEFAULT_RETRY_MODE
    })
    expect(DEFAULT_MAX_ATTEMPTS).toBeGreaterThan(3)
    expect(DEFAULT_RETRY_MODE).toBe('adaptive')
  })

  it('honours AWS_MAX_ATTEMPTS and AWS_RETRY_MODE', async () => {
    expect(await retrySettings({ AWS_MAX_ATTEMPTS: '4', AWS_RETRY_MODE: 'standard' })).toEqual({
      maxAttempts: 4,
      retryMode: 'standard'
    })
  })
})
