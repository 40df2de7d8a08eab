/**
 * Errors from EC2 or the network, in words a user can act on: one line that names the EC2
 * operation and the resource, what went wrong, and the usual fix. The error keeps EC2's code as
 * its `name`, so code that acts on codes (errors.ts) works on it unchanged.
 */
import { errorCode, errorMessage } from './errors.js'
import { GRANTING_STATEMENTS, SERVICE_LINKED_ROLE_STATEMENT } from './permissions.js'

/** What was being called when the error came. */
export interface Call {
  operation: string
  input: object
  region: string
  /** The endpoint the request went to, when it was resolved. */
  endpoint?: string
  /** AWS_ENDPOINT_URL_EC2, when set. */
  endpointOverride?: string
}

/** The input fields that name the resource an operation is about, most specific first. */
const RESOURCE_FIELDS = [
  'RouteTableId',
  'NatGatewayId',
  'VpcEndpointId',
  'AllocationId',
  'SubnetId',
  'VpcId'
] as const

/** The resource a request is about: an ID field, an ID list, or the values of an ID filter. */
export function resourceOf(input: object): string | undefined {
  const fields = input as Record<string, unknown>
  for (const field of RESOURCE_FIELDS) {
    if (typeof fields[field] === 'string') return fields[field]
  }
  for (const [field, value] of Object.entries(fields)) {
    if (field.endsWith('Ids') && Array.isArray(value) && value.length > 0) return value.join(', ')
  }
  const filters = (fields.Filters ?? fields.Filter) as { Name?: string; Values?: string[] }[]
  const byId = filters?.find(f => f.Name?.endsWith('-id') && f.Values?.length)
  return byId?.Values?.join(', ')
}

const NETWORK_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE'
]
const DENIED_CODES = ['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException']
const EXPIRED_CODES = ['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']
const REJECTED_CREDENTIAL_CODES = [
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch'
]

/** The Node.js system error code of a network failure, if the error is one. */
export function networkCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && NETWORK_CODES.includes(code)) return code
  return errorCode(error) === 'TimeoutError' ? 'a timeout' : undefined
}

function attemptsOf(error: unknown): string {
  const attempts = (error as { $metadata?: { attempts?: number } } | null)?.$metadata?.attempts
  return attempts && attempts > 1 ? ` after ${attempts} attempts` : ''
}

function deniedHint(call: Call, error: unknown): string {
  const statements = GRANTING_STATEMENTS[call.operation] ?? []
  const granted =
    statements.length > 0
      ? `the statement${statements.length > 1 ? 's' : ''} ${statements.map(s => `"${s}"`).join(', ')} of the documented IAM policy (docs/iam-policy.json) grant${statements.length > 1 ? '' : 's'} it`
      : 'docs/iam-policy.json lists what the action needs'
  const regional = (call.input as { AvailabilityMode?: string }).AvailabilityMode === 'regional'
  const role = regional
    ? ` The first regional NAT gateway of an account also needs iam:CreateServiceLinkedRole (statement "${SERVICE_LINKED_ROLE_STATEMENT}").`
    : ''
  const encoded = /Encoded authorization failure message/i.test(errorMessage(error))
    ? ' To see which resource and condition were refused, run `aws sts decode-authorization-message --encoded-message <the encoded message above>` with sts:DecodeAuthorizationMessage.'
    : ''
  return `The role the step runs as may not call ec2:${call.operation}: ${granted}.${role}${encoded}`
}

function networkHint(call: Call, code: string): string {
  const endpoint = `The EC2 endpoint ${call.endpoint ?? `of ${call.region}`}`
  const override = call.endpointOverride
    ? `AWS_ENDPOINT_URL_EC2 is set to ${call.endpointOverride}: check that something listens there, or unset it to use AWS.`
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? `Check the Region "${call.region}" (region input, AWS_REGION): its EC2 endpoint's name does not resolve.`
      : 'Check the network, and HTTPS_PROXY / NO_PROXY on a self-hosted runner.'
  return `${endpoint} could not be reached (${code}). ${override}`
}

/** The advice for an error, or undefined when there is none beyond EC2's message. */
export function hintFor(call: Call, error: unknown): string | undefined {
  const code = errorCode(error) ?? ''
  const message = errorMessage(error)
  if (code === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return (
      'No AWS credentials were found. Run aws-actions/configure-aws-credentials before this step ' +
      '(role-to-assume and aws-region), and give the job `permissions: id-token: write` so it can use OIDC.'
    )
  }
  if (DENIED_CODES.includes(code)) return deniedHint(call, error)
  const network = networkCode(error)
  if (network) return networkHint(call, network)
  if (EXPIRED_CODES.includes(code) || /token (has )?expired|token .* is expired/i.test(message)) {
    return (
      'The credentials have expired: give aws-actions/configure-aws-credentials a longer ' +
      'role-duration-seconds, or run it closer to this step. RequestExpired can also mean the runner clock is off.'
    )
  }
  if (REJECTED_CREDENTIAL_CODES.includes(code)) {
    return 'AWS did not accept the credentials: check that aws-actions/configure-aws-credentials ran in this job, for this account.'
  }
  if (code === 'OptInRequired') {
    return `The Region ${call.region} is not enabled for this account: enable it, or use another Region.`
  }
  return undefined
}

/** An EC2 call that failed, with its context; `name` stays EC2's error code. */
export class Ec2CallError extends Error {
  readonly operation: string

  constructor(call: Call, error: unknown) {
    const resource = resourceOf(call.input)
    const what = resource ? `${call.operation} (${resource})` : call.operation
    const code = errorCode(error)
    const original = errorMessage(error).replace(/\s+/g, ' ').trim()
    const said =
      code && code !== 'Error' && !original.startsWith(code) ? `${code}: ${original}` : original
    const hint = hintFor(call, error)
    const sentence = /[.!?]$/.test(said) ? said : `${said}.`
    super(`${what} failed${attemptsOf(error)}: ${sentence}${hint ? ` ${hint}` : ''}`, {
      cause: error
    })
    this.name = code ?? 'Error'
    this.operation = call.operation
    Object.assign(this, { $metadata: (error as { $metadata?: unknown } | null)?.$metadata })
  }
}

/** Why an attempt failed, in a few words, for the log line of a retry. */
export function retryReason(error: unknown): string {
  const network = networkCode(error)
  if (network) return `${network} (${errorMessage(error)})`
  const code = errorCode(error)
  const message = errorMessage(error)
  return code && code !== 'Error' && !message.startsWith(code) ? `${code}: ${message}` : message
}
