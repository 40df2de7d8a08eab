/** The inputs of the features around the gateway: endpoints, the approved plan, the comment. */
import { GATEWAY_ENDPOINT_SERVICES } from '../model/gateway-endpoints.js'
import { type PlanDocument, parsePlanDocument } from '../model/plan-document.js'
import { splitList } from './lists.js'
import type { Problems } from './problems.js'

/**
 * `gateway-endpoints`, with `s3-gateway-endpoint: true` as an alias for its `s3`: the services,
 * in the fixed order of GATEWAY_ENDPOINT_SERVICES, each once.
 */
export function parseGatewayEndpoints(raw: string, s3Alias: boolean, problems: Problems) {
  const input = 'gateway-endpoints'
  const named = new Set<string>(splitList(raw.toLowerCase()))
  for (const service of named) {
    if (!(GATEWAY_ENDPOINT_SERVICES as readonly string[]).includes(service)) {
      problems.add(
        input,
        `"${service}" is not a service with gateway endpoints (${GATEWAY_ENDPOINT_SERVICES.join(', ')}).`,
        'Example: gateway-endpoints: s3, dynamodb'
      )
    }
  }
  if (s3Alias) named.add('s3')
  return GATEWAY_ENDPOINT_SERVICES.filter(service => named.has(service))
}

export function parseExpectedPlan(raw: string, problems: Problems): PlanDocument | undefined {
  if (raw === '') return undefined
  const parsed = parsePlanDocument(raw)
  if ('problem' in parsed) {
    problems.add(
      'expected-plan',
      parsed.problem,
      'Pass the plan-json output of a dry run with the same inputs, e.g. expected-plan: ${{ needs.plan.outputs.plan-json }}'
    )
    return undefined
  }
  return parsed.plan
}

/** An expression the runner did not expand means the step was run some other way. */
export function parseGithubToken(raw: string, env: NodeJS.ProcessEnv): string {
  return raw.startsWith('${{') ? (env.GITHUB_TOKEN?.trim() ?? '') : raw
}
