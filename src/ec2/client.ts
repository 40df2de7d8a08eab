import http from 'node:http'
import https from 'node:https'
import { EC2Client } from '@aws-sdk/client-ec2'

/**
 * EC2's throttling buckets are shared by every tool in the account; a deploy step should wait its
 * turn rather than fail, so it gets more attempts than the SDK's default of 3.
 */
export const DEFAULT_MAX_ATTEMPTS = 10
/**
 * Adaptive mode adds a client-side rate limiter that slows down once EC2 throttles. The standard
 * mode's retry budget (500 tokens, 5 per throttled retry) runs dry after about 100 throttles, so
 * writing 200 routes against EC2's route bucket (50, then 5 per second) failed tables in 3 of 11
 * benchmark runs; adaptive mode wrote all 200 in 6 of 6, at 1.02 times the bucket's minimum.
 */
export const DEFAULT_RETRY_MODE = 'adaptive'

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']

/**
 * Self-hosted runners behind a proxy set HTTPS_PROXY / HTTP_PROXY / NO_PROXY, which the SDK does
 * not read. Node 24's own Agents do with `proxyEnv` (NO_PROXY and the lower-case names included),
 * so they are given to the SDK only when a proxy is set; otherwise the SDK keeps its defaults.
 */
export function proxyAgents(
  env: NodeJS.ProcessEnv
): { httpAgent: http.Agent; httpsAgent: https.Agent } | undefined {
  if (!PROXY_VARIABLES.some(name => env[name])) return undefined
  return {
    httpAgent: new http.Agent({ proxyEnv: env, keepAlive: true }),
    httpsAgent: new https.Agent({ proxyEnv: env, keepAlive: true })
  }
}

/**
 * The EC2 client for the run. Credentials come from the SDK's default chain (the environment set
 * by aws-actions/configure-aws-credentials); the endpoint may be overridden by
 * AWS_ENDPOINT_URL_EC2, which the SDK reads itself, as it reads AWS_MAX_ATTEMPTS and
 * AWS_RETRY_MODE: our default applies only when the user set none.
 */
export function createEc2Client(region: string, env: NodeJS.ProcessEnv = process.env): EC2Client {
  return new EC2Client({
    region,
    ...(env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: DEFAULT_MAX_ATTEMPTS }),
    ...(env.AWS_RETRY_MODE ? {} : { retryMode: DEFAULT_RETRY_MODE }),
    // Every request has its own bound, so that a dead connection cannot hang the job.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000, ...proxyAgents(env) }
  })
}
