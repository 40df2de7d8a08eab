import { describe, expect, it } from '@jest/globals'
import { isQuotaError } from '../../src/ec2/errors.js'

const ec2Error = (name: string) => Object.assign(new Error('EC2 said no.'), { name })

describe('isQuotaError', () => {
  it.each([
    ['ResourceLimitExceeded', true],
    ['NatGatewayLimitExceeded', true],
    ['AddressLimitExceeded', true],
    ['RequestLimitExceeded', false],
    ['InvalidParameterValue', false]
  ])('%s → %s (throttling is not a quota)', (code, expected) => {
    expect(isQuotaError(ec2Error(code))).toBe(expected)
  })

  it('is false for something that is not an EC2 error', () => {
    expect(isQuotaError('LimitExceeded')).toBe(false)
  })
})
