import { describe, expect, it } from '@jest/globals'
import { DescribeVpcsCommand, DeleteNatGatewayCommand } from '@aws-sdk/client-ec2'
import { rejection, useSampleEmulator } from './test-helpers.ts'

const sample = useSampleEmulator()

describe('fault: unauthorized', () => {
  it('answers the listed actions with UnauthorizedOperation (403) and an encoded message; others work', async () => {
    sample.emu.setFaults({ unauthorized: { actions: ['DeleteNatGateway'] } })
    const err = await rejection(
      sample.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: 'nat-0123456789abcdef0' }))
    )
    expect(err.name).toBe('UnauthorizedOperation')
    expect(err.$metadata?.httpStatusCode).toBe(403)
    expect(err.message).toMatch(
      /not authorized to perform: ec2:DeleteNatGateway\. Encoded authorization failure message: \S+$/
    )
    const ok = await sample.ec2.send(new DescribeVpcsCommand({}))
    expect(ok.Vpcs?.[0]?.VpcId).toBe(sample.ids.vpcId)
    expect(sample.emu.calls.map(c => [c.action, c.status, c.fault])).toEqual([
      ['DeleteNatGateway', 403, 'unauthorized'],
      ['DescribeVpcs', 200, undefined]
    ])
  })
})
