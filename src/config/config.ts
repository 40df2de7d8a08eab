/**
 * Inputs → Config. Pure: every check that can be made without AWS is made here, and every
 * problem is collected so that one failed run lists all of them. Each group of inputs has its
 * own module; this one reads them in order and checks the rules between groups.
 */
import type { Config } from '../model/config.js'
import { exampleId } from '../model/ids.js'
import { ProblemsError } from '../model/problems.js'
import { parseExpectedPlan, parseGatewayEndpoints, parseGithubToken } from './features.js'
import { defaultName, parseGateway } from './gateway.js'
import { type InputReader, withDefaults } from './inputs.js'
import { LIMITS } from './limits.js'
import { withoutComments } from './lists.js'
import { checkIds, oneOf, parseBoolean, parseSeconds, Problems } from './problems.js'
import { parseRegion } from './region.js'
import { checkIpv6Destinations, parseDestination, parseRouteTableIds } from './routes.js'
import { parseTags } from './tags.js'

/** Reads and validates every input; throws a ProblemsError listing every problem found. */
export function parseConfig(
  readRawInput: InputReader,
  env: NodeJS.ProcessEnv = process.env
): Config {
  const problems = new Problems()
  const readInput = withDefaults(readRawInput)

  const vpcId = readInput('vpc-id')
  if (vpcId === '') {
    problems.add('vpc-id', 'is required.', `Example: vpc-id: ${exampleId('vpc')}`)
  } else {
    checkIds('vpc-id', [vpcId], 'vpc', 'a VPC ID', problems)
  }

  const routeTableIds = parseRouteTableIds(withoutComments(readInput('route-table-ids')), problems)

  const region = parseRegion(readInput, env, problems)
  const parsed = parseGateway(readInput, region, problems)
  const { gateway } = parsed

  const name = readInput('name') || defaultName(vpcId, parsed)
  if (name.length > LIMITS.tagValueLength) {
    problems.add(
      'name',
      `has ${name.length} characters; a tag value takes at most ${LIMITS.tagValueLength}.`,
      'Example: name: egress-production'
    )
  }

  const config: Config = {
    region,
    vpcId,
    state: oneOf('state', readInput('state'), ['present', 'absent'], problems),
    dryRun: parseBoolean('dry-run', readInput('dry-run'), problems),
    routeTableIds,
    gateway,
    name,
    tags: parseTags(withoutComments(readInput('tags')), problems),
    destination: parseDestination(readInput('destination-cidr'), problems),
    routeConflict: oneOf(
      'route-conflict',
      readInput('route-conflict'),
      ['fail', 'replace'],
      problems
    ),
    nat64: parseBoolean('nat64', readInput('nat64'), problems),
    ipv6Egress: oneOf(
      'ipv6-egress',
      readInput('ipv6-egress'),
      ['none', 'egress-only-internet-gateway'],
      problems
    ),
    waitTimeoutSeconds: parseSeconds(
      'wait-timeout-seconds',
      readInput('wait-timeout-seconds'),
      LIMITS.waitTimeoutSeconds,
      problems
    ),
    maxDrainDurationSeconds: parseSeconds(
      'max-drain-duration-seconds',
      readInput('max-drain-duration-seconds'),
      LIMITS.maxDrainDurationSeconds,
      problems
    ),
    gatewayEndpoints: parseGatewayEndpoints(
      readInput('gateway-endpoints'),
      parseBoolean('s3-gateway-endpoint', readInput('s3-gateway-endpoint'), problems),
      problems
    ),
    waitForZoneAddresses: parseBoolean(
      'wait-for-zone-addresses',
      readInput('wait-for-zone-addresses'),
      problems
    ),
    teardownAtJobEnd: parseBoolean(
      'teardown-at-job-end',
      readInput('teardown-at-job-end'),
      problems
    ),
    commentOnPullRequest: parseBoolean(
      'comment-on-pull-request',
      readInput('comment-on-pull-request'),
      problems
    ),
    githubToken: parseGithubToken(readInput('github-token'), env),
    ...(parsed.perZone && { perZone: parsed.perZone })
  }
  const expectedPlan = parseExpectedPlan(readInput('expected-plan'), problems)
  if (expectedPlan) config.expectedPlan = expectedPlan
  if (config.teardownAtJobEnd && config.state === 'absent') {
    problems.add(
      'teardown-at-job-end',
      'applies to state: present only; a teardown has nothing to tear down at job end.',
      'Remove it, or set state: present.'
    )
  }
  if (
    config.waitForZoneAddresses &&
    !(gateway.mode === 'regional' && gateway.elasticIps.allocation === 'automatic')
  ) {
    problems.add(
      'wait-for-zone-addresses',
      'applies to a regional gateway with automatic Elastic IPs only; other gateways have their addresses when they are available.',
      'Remove it, or leave eip-allocation-ids empty with availability-mode: regional.'
    )
  }
  checkIpv6Destinations(config, problems)
  if (problems.list.length > 0) {
    throw new ProblemsError('The inputs are not valid; nothing was changed.', problems.list)
  }
  return config
}
