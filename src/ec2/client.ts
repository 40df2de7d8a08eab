import http from 'node:http'
import https from 'node:https'
import { EC2Client } from '@aws-sdk/client-ec2'
import type { Logger } from '../context.js'
import { type Call, Ec2CallError, resourceOf, retryReason } from './failures.js'

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

type RetryStrategy = Awaited<ReturnType<EC2Client['config']['retryStrategy']>>
/** The SDK's retry strategy, as the retry middleware drives it: one token per call. */
type TokenStrategy = Extract<RetryStrategy, { refreshRetryTokenForRetry: unknown }>
type RetryToken = Awaited<ReturnType<TokenStrategy['acquireInitialRetryToken']>>

/** The operation and resource of an attempt, keyed by the error it failed with. */
type Attempts = WeakMap<object, string>

/**
 * The SDK's own strategy, which decides whether and when to retry, telling the log each time it
 * does: without this, an unreachable endpoint means seconds of silence before the error.
 */
function loggingStrategy(
  base: TokenStrategy,
  maxAttempts: number,
  attempts: Attempts,
  log: Logger
): TokenStrategy {
  return {
    ...('mode' in base && { mode: base.mode }),
    acquireInitialRetryToken: scope => base.acquireInitialRetryToken(scope),
    recordSuccess: token => base.recordSuccess(token),
    async refreshRetryTokenForRetry(token, info) {
      const started = Date.now()
      const next: RetryToken = await base.refreshRetryTokenForRetry(token, info)
      // A strategy may wait before it answers, or leave the wait to the middleware: both count.
      const wait = ((Date.now() - started + next.getRetryDelay()) / 1000).toFixed(1)
      const what = attempts.get(info.error as object) ?? 'An EC2 call'
      log.info(
        `${what}: ${retryReason(info.error)}; retrying after ${wait} s (attempt ${next.getRetryCount() + 1} of ${maxAttempts}).`
      )
      return next
    }
  }
}

/** The operation and resource of a request, as messages name them. */
function describeCall(commandName: string | undefined, input: object): string {
  const operation = (commandName ?? 'EC2').replace(/Command$/, '')
  const resource = resourceOf(input)
  return resource ? `${operation} (${resource})` : operation
}

/**
 * Errors with context (failures.ts), and a log line for each retry. The outer middleware sees
 * the last error of a call, after the SDK's retries; the inner one, after the retry middleware,
 * sees each attempt and remembers what it was for the strategy's log line.
 */
function explainFailures(client: EC2Client, region: string, env: NodeJS.ProcessEnv, log?: Logger) {
  const attempts: Attempts = new WeakMap()
  client.middlewareStack.add(
    (next, context) => async args => {
      try {
        return await next(args)
      } catch (error) {
        const endpoint = (context.endpointV2 as { url?: URL } | undefined)?.url?.href
        const call: Call = {
          operation: (context.commandName ?? 'EC2').replace(/Command$/, ''),
          input: args.input,
          region,
          ...(endpoint && { endpoint }),
          ...(env.AWS_ENDPOINT_URL_EC2 && { endpointOverride: env.AWS_ENDPOINT_URL_EC2 })
        }
        throw new Ec2CallError(call, error)
      }
    },
    { step: 'initialize', name: 'ensureNatGatewayErrorContext' }
  )
  if (!log) return
  client.middlewareStack.add(
    (next, context) => async args => {
      try {
        return await next(args)
      } catch (error) {
        if (typeof error === 'object' && error !== null) {
          attempts.set(error, describeCall(context.commandName, args.input))
        }
        throw error
      }
    },
    // After the retry middleware (high priority in the same step): inside its loop.
    { step: 'finalizeRequest', priority: 'low', name: 'ensureNatGatewayAttempt' }
  )
  const resolve = client.config.retryStrategy
  let strategy: Promise<RetryStrategy> | undefined
  client.config.retryStrategy = () =>
    (strategy ??= (async () => {
      const base = await resolve()
      if (!('refreshRetryTokenForRetry' in base)) return base
      return loggingStrategy(base, await client.config.maxAttempts(), attempts, log)
    })())
}

/**
 * The EC2 client for the run. Credentials come from the SDK's default chain (the environment set
 * by aws-actions/configure-aws-credentials); the endpoint may be overridden by
 * AWS_ENDPOINT_URL_EC2, which the SDK reads itself, as it reads AWS_MAX_ATTEMPTS and
 * AWS_RETRY_MODE: our default applies only when the user set none. Its errors name the operation,
 * the resource and the usual fix; with a logger, each retry is logged.
 */
export function createEc2Client(
  region: string,
  env: NodeJS.ProcessEnv = process.env,
  log?: Logger
): EC2Client {
  const client = new EC2Client({
    region,
    ...(env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: DEFAULT_MAX_ATTEMPTS }),
    ...(env.AWS_RETRY_MODE ? {} : { retryMode: DEFAULT_RETRY_MODE }),
    // Every request has its own bound, so that a dead connection cannot hang the job.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000, ...proxyAgents(env) }
  })
  explainFailures(client, region, env, log)
  return client
}
