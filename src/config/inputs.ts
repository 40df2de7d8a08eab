/**
 * Every input of the action, defined once: its name, whether it is required, and its default.
 * action.yml declares the same (a test keeps the two equal); config.ts parses each. The runner
 * passes action.yml's defaults, but run() is also driven directly (tests, local runs), so the
 * defaults are applied here too.
 */
export interface InputDefinition {
  /** The runner does not enforce `required`; config.ts checks it and says how to fix it. */
  required: boolean
  default: string
}

const optional = (value: string): InputDefinition => ({ required: false, default: value })
const required: InputDefinition = { required: true, default: '' }

export const INPUTS = {
  'vpc-id': required,
  'route-table-ids': required,
  'availability-mode': optional('regional'),
  'subnet-id': optional(''),
  'subnet-ids': optional(''),
  'connectivity-type': optional('public'),
  'eip-allocation-ids': optional(''),
  'secondary-private-ip-count': optional('0'),
  name: optional(''),
  tags: optional(''),
  'destination-cidr': optional('0.0.0.0/0'),
  'route-conflict': optional('fail'),
  nat64: optional('false'),
  'ipv6-egress': optional('none'),
  'wait-timeout-seconds': optional('600'),
  'max-drain-duration-seconds': optional('350'),
  region: optional(''),
  state: optional('present'),
  'dry-run': optional('false'),
  's3-gateway-endpoint': optional('false'),
  'wait-for-zone-addresses': optional('false'),
  'gateway-endpoints': optional(''),
  'expected-plan': optional(''),
  'teardown-at-job-end': optional('false'),
  'comment-on-pull-request': optional('false'),
  // The runner expands the expression; run() driven directly falls back to GITHUB_TOKEN.
  'github-token': optional('${{ github.token }}')
} as const satisfies Record<string, InputDefinition>

export type InputName = keyof typeof INPUTS

/** Reads one input as the runner gives it, trimmed; '' when it is not set. */
export type InputReader = (name: InputName) => string

/** The reader with each input's default applied when it is empty. */
export function withDefaults(read: InputReader): InputReader {
  return name => read(name) || INPUTS[name].default
}
