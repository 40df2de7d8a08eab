/** EC2 and network errors in words a user can act on, and each SDK retry in the log. */
import { describe, expect, it } from '@jest/globals'
import { DescribeNatGatewaysCommand } from '@aws-sdk/client-ec2'
import { createEc2Client } from '../../src/ec2/client.js'
import { hasErrorCode } from '../../src/ec2/errors.js'
import { type Call, Ec2CallError, resourceOf } from '../../src/ec2/failures.js'

const call = (fields: Partial<Call> = {}): Call => ({
  operation: 'CreateNatGateway',
  input: { VpcId: 'vpc-1', AvailabilityMode: 'regional' },
  region: 'eu-west-1',
  ...fields
})

/** An error as the SDK throws it: EC2's code as its name. */
function ec2Error(code: string, message: string, attempts = 1): Error {
  return Object.assign(new Error(message), { name: code, $metadata: { attempts } })
}

describe('resourceOf', () => {
  it.each([
    [{ RouteTableId: 'rtb-1', NatGatewayId: 'nat-1' }, 'rtb-1'],
    [{ NatGatewayIds: ['nat-1', 'nat-2'] }, 'nat-1, nat-2'],
    [
      {
        Filter: [
          { Name: 'vpc-id', Values: ['vpc-1'] },
          { Name: 'state', Values: ['x'] }
        ]
      },
      'vpc-1'
    ],
    [{ Filters: [{ Name: 'state', Values: ['available'] }] }, undefined]
  ])('finds the resource of %j', (input, resource) => {
    expect(resourceOf(input)).toBe(resource)
  })
})

describe('Ec2CallError', () => {
  it('keeps the EC2 error code as its name, for the code that acts on codes', () => {
    const error = new Ec2CallError(call(), ec2Error('InvalidRoute.NotFound', 'no route'))
    expect(hasErrorCode(error, 'InvalidRoute.NotFound')).toBe(true)
  })

  it.each<[string, Call, Error, RegExp]>([
    [
      'no credentials',
      call({
        operation: 'DescribeNatGateways',
        input: { Filter: [{ Name: 'vpc-id', Values: ['vpc-1'] }] }
      }),
      ec2Error('CredentialsProviderError', 'Could not load credentials from any providers'),
      /^DescribeNatGateways \(vpc-1\) failed: CredentialsProviderError: Could not load credentials from any providers\. No AWS credentials were found\. Run aws-actions\/configure-aws-credentials .*`permissions: id-token: write`/
    ],
    [
      'UnauthorizedOperation, with the statements that grant the action and the encoded message',
      call(),
      ec2Error(
        'UnauthorizedOperation',
        'You are not authorized to perform this operation. Encoded authorization failure message: abc123'
      ),
      /^CreateNatGateway \(vpc-1\) failed: UnauthorizedOperation: You are not authorized .* abc123\. The role the step runs as may not call ec2:CreateNatGateway: the statements "CreateGatewayOnlyTaggedAsOurs", "WhatTheGatewayUses", "TagOnlyWhileCreating" of the documented IAM policy \(docs\/iam-policy\.json\) grant it\. The first regional NAT gateway of an account also needs iam:CreateServiceLinkedRole \(statement "CreateTheNatGatewayServiceRole"\)\. To see .*aws sts decode-authorization-message/
    ],
    [
      'an endpoint nobody listens on',
      call({
        operation: 'DescribeRouteTables',
        input: { Filters: [{ Name: 'route-table-id', Values: ['rtb-1'] }] },
        endpoint: 'http://127.0.0.1:9/',
        endpointOverride: 'http://127.0.0.1:9'
      }),
      Object.assign(ec2Error('Error', 'connect ECONNREFUSED 127.0.0.1:9', 10), {
        code: 'ECONNREFUSED'
      }),
      /^DescribeRouteTables \(rtb-1\) failed after 10 attempts: connect ECONNREFUSED 127\.0\.0\.1:9\. The EC2 endpoint http:\/\/127\.0\.0\.1:9\/ could not be reached \(ECONNREFUSED\)\. AWS_ENDPOINT_URL_EC2 is set to http:\/\/127\.0\.0\.1:9: check that something listens there/
    ],
    [
      'an unknown Region',
      call({ region: 'eu-nowhere-9', endpoint: 'https://ec2.eu-nowhere-9.amazonaws.com/' }),
      Object.assign(ec2Error('Error', 'getaddrinfo ENOTFOUND ec2.eu-nowhere-9.amazonaws.com'), {
        code: 'ENOTFOUND'
      }),
      /could not be reached \(ENOTFOUND\)\. Check the Region "eu-nowhere-9" \(region input, AWS_REGION\)/
    ],
    [
      'expired credentials',
      call(),
      ec2Error('RequestExpired', 'Request has expired.'),
      /RequestExpired: Request has expired\. The credentials have expired: give aws-actions\/configure-aws-credentials a longer role-duration-seconds/
    ]
  ])('explains %s in one line', (_, c, error, expected) => {
    const message = new Ec2CallError(c, error).message
    expect(message).toMatch(expected)
    expect(message).not.toContain('\n')
  })
})

describe('createEc2Client', () => {
  it('logs each retry with the operation, the resource and why, then fails with the context', async () => {
    const lines: string[] = []
    const env = {
      AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '3',
      AWS_RETRY_MODE: 'standard'
    }
    const saved = { ...process.env }
    Object.assign(process.env, env, { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'x' })
    const client = createEc2Client('eu-west-1', env, {
      info: line => lines.push(line),
      warning: line => lines.push(line)
    })
    // Nobody listens: every attempt fails as Node's socket does.
    client.config.requestHandler = {
      handle: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })
      }
    } as unknown as typeof client.config.requestHandler
    try {
      const sent = client.send(new DescribeNatGatewaysCommand({ NatGatewayIds: ['nat-1'] }))
      await expect(sent).rejects.toThrow(
        /^DescribeNatGateways \(nat-1\) failed after 3 attempts: connect ECONNREFUSED .*AWS_ENDPOINT_URL_EC2 is set to/
      )
      expect(lines).toEqual([
        expect.stringMatching(
          /^DescribeNatGateways \(nat-1\): ECONNREFUSED \(connect ECONNREFUSED [^)]+\); retrying after \d+\.\d s \(attempt 2 of 3\)\.$/
        ),
        expect.stringMatching(/\(attempt 3 of 3\)\.$/)
      ])
    } finally {
      client.destroy()
      process.env = saved
    }
  })
})
