/**
 * docs/iam-policy.json against the code and the Service Authorization Reference for Amazon EC2:
 * exactly the calls the code makes, every ARN in every partition, no statement whose resource or
 * condition can never match, and the statements an UnauthorizedOperation names exist.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GATEWAY_ENDPOINT_SERVICES, gatewayServiceName } from '../../src/model/gateway-endpoints.js'
import { GRANTING_STATEMENTS, SERVICE_LINKED_ROLE_STATEMENT } from '../../src/ec2/permissions.js'
import { operationsInCode } from '../ec2-operations.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * What EC2 authorizes besides the calls themselves: CreateTags when a create carries
 * TagSpecifications, and the NAT gateway's service-linked role the first regional create makes.
 */
const IMPLIED_ACTIONS = ['ec2:CreateTags', 'iam:CreateServiceLinkedRole']

/**
 * The resource types each action the policy names authorizes against, as far as the action
 * uses them (Service Authorization Reference, "Actions, resources, and condition keys for
 * Amazon EC2").
 */
const RESOURCE_TYPES: Record<string, string[]> = {
  'ec2:AllocateAddress': ['elastic-ip'],
  'ec2:CreateNatGateway': ['natgateway', 'elastic-ip', 'subnet', 'vpc'],
  'ec2:CreateVpcEndpoint': ['vpc-endpoint', 'vpc', 'route-table'],
  'ec2:ModifyVpcEndpoint': ['vpc-endpoint', 'route-table'],
  'ec2:DeleteVpcEndpoints': ['vpc-endpoint'],
  'ec2:CreateEgressOnlyInternetGateway': ['egress-only-internet-gateway', 'vpc'],
  'ec2:DeleteEgressOnlyInternetGateway': ['egress-only-internet-gateway'],
  'ec2:DeleteNatGateway': ['natgateway'],
  'ec2:ReleaseAddress': ['elastic-ip'],
  'ec2:AssociateNatGatewayAddress': ['natgateway', 'elastic-ip'],
  'ec2:DisassociateNatGatewayAddress': ['natgateway', 'elastic-ip'],
  'ec2:AssignPrivateNatGatewayAddress': ['natgateway'],
  'ec2:UnassignPrivateNatGatewayAddress': ['natgateway'],
  'ec2:CreateRoute': ['route-table'],
  'ec2:ReplaceRoute': ['route-table'],
  'ec2:DeleteRoute': ['route-table'],
  'ec2:CreateTags': ['elastic-ip', 'natgateway', 'vpc-endpoint', 'egress-only-internet-gateway']
}
/** The resource each create makes: the only one an aws:RequestTag condition can match on. */
const CREATED: Record<string, string> = {
  'ec2:AllocateAddress': 'elastic-ip',
  'ec2:CreateNatGateway': 'natgateway',
  'ec2:CreateVpcEndpoint': 'vpc-endpoint',
  'ec2:CreateEgressOnlyInternetGateway': 'egress-only-internet-gateway'
}
/** Condition keys that apply to one resource type only. */
const KEY_RESOURCE: Record<string, string> = {
  'ec2:VpceServiceName': 'vpc-endpoint',
  'ec2:Vpc': 'route-table'
}

interface Statement {
  Sid: string
  Effect: string
  Action: string | string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}
interface Policy {
  Statement: Statement[]
}
const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value])
const actions = (s: Statement) => (s.Effect === 'Allow' ? list(s.Action) : [])
const resourceType = (arn: string) => /^arn:[^:]*:ec2:[^:]*:[^:]*:([a-z-]+)\//.exec(arn)?.[1]
const conditionKeys = (s: Statement) =>
  Object.values(s.Condition ?? {}).flatMap(operator => Object.keys(operator))

/** Every way the policy breaks the rules, as sentences; none for a good policy. */
function policyFindings(policy: Policy): string[] {
  const findings: string[] = []
  const allowed = new Set([...operationsInCode(), ...IMPLIED_ACTIONS])
  const inPolicy = new Set(policy.Statement.flatMap(actions))
  for (const action of allowed) {
    if (!inPolicy.has(action)) findings.push(`${action} is not granted`)
  }
  for (const s of policy.Statement) {
    for (const action of actions(s)) {
      if (!allowed.has(action)) findings.push(`${s.Sid}: ${action} is outside the code's calls`)
    }
    for (const arn of list(s.Resource)) {
      if (arn !== '*' && !arn.startsWith('arn:*:')) {
        findings.push(`${s.Sid}: ${arn} works in one partition only; write arn:*:`)
      }
    }
    for (const value of Object.values(s.Condition ?? {}).flatMap(o => Object.values(o).flat())) {
      if (value.startsWith('arn:') && !value.startsWith('arn:*:')) {
        findings.push(`${s.Sid}: the condition value ${value} works in one partition only`)
      }
    }
    const writes = actions(s).filter(a => !a.startsWith('ec2:Describe'))
    if (list(s.Resource).includes('*') && writes.length > 0) {
      const linkedRoleOnly =
        writes.every(a => a === 'iam:CreateServiceLinkedRole') &&
        conditionKeys(s).includes('iam:AWSServiceName')
      if (!linkedRoleOnly) findings.push(`${s.Sid}: allows ${writes.join(', ')} on *`)
    }
    for (const action of writes.filter(a => a.startsWith('ec2:'))) {
      const types = RESOURCE_TYPES[action] ?? []
      for (const arn of list(s.Resource)) {
        const type = resourceType(arn)
        if (type && !types.includes(type)) {
          findings.push(`${s.Sid}: ${action} never authorizes on ${type}`)
        }
        if (type && conditionKeys(s).some(k => k.startsWith('aws:RequestTag/'))) {
          if (CREATED[action] !== type) {
            findings.push(`${s.Sid}: aws:RequestTag can never match ${action} on ${type}`)
          }
        }
        for (const key of conditionKeys(s)) {
          if (type && KEY_RESOURCE[key] && KEY_RESOURCE[key] !== type) {
            findings.push(`${s.Sid}: ${key} can never match ${action} on ${type}`)
          }
        }
      }
    }
  }
  return findings
}

const documented = JSON.parse(readFileSync(join(ROOT, 'docs', 'iam-policy.json'), 'utf8')) as Policy

/** The documented policy with one statement changed by `change`. */
function withStatement(sid: string, change: (s: Statement) => Statement): Policy {
  return {
    Statement: documented.Statement.map(s => (s.Sid === sid ? change(structuredClone(s)) : s))
  }
}

describe('docs/iam-policy.json', () => {
  it('grants exactly what the code calls, in every partition, with no dead statement', () => {
    expect(policyFindings(documented)).toEqual([])
  })

  it.each<[string, Policy, RegExp]>([
    [
      'a hard-coded arn:aws:',
      withStatement('DeleteOnlyOurGateways', s => ({
        ...s,
        Resource: 'arn:aws:ec2:*:*:natgateway/*'
      })),
      /DeleteOnlyOurGateways: arn:aws:ec2:\*:\*:natgateway\/\* works in one partition only/
    ],
    [
      'a statement outside the code\u2019s call set',
      {
        Statement: [
          ...documented.Statement,
          {
            Sid: 'Extra',
            Effect: 'Allow',
            Action: 'ec2:TerminateInstances',
            Resource: 'arn:*:ec2:*:*:instance/*'
          }
        ]
      },
      /Extra: ec2:TerminateInstances is outside the code's calls/
    ],
    [
      'an aws:RequestTag on a resource the create does not make',
      withStatement('CreateGatewayOnlyTaggedAsOurs', s => ({
        ...s,
        Resource: ['arn:*:ec2:*:*:natgateway/*', 'arn:*:ec2:*:*:elastic-ip/*']
      })),
      /aws:RequestTag can never match ec2:CreateNatGateway on elastic-ip/
    ],
    [
      'a resource the action never authorizes on',
      withStatement('WhatTheGatewayUses', s => ({
        ...s,
        Resource: [...list(s.Resource), 'arn:*:ec2:*:*:route-table/*']
      })),
      /WhatTheGatewayUses: ec2:CreateNatGateway never authorizes on route-table/
    ],
    [
      'a write on * without a condition',
      withStatement('CreateTheNatGatewayServiceRole', s => ({ ...s, Condition: {} })),
      /CreateTheNatGatewayServiceRole: allows iam:CreateServiceLinkedRole on \*/
    ]
  ])('fails a policy with %s', (_, policy, finding) => {
    expect(policyFindings(policy)).toContainEqual(expect.stringMatching(finding))
  })

  it('lets creates, deletes and releases act only on resources tagged as ours', () => {
    const conditionOn = (action: string, resource: string) =>
      documented.Statement.filter(
        s => actions(s).includes(action) && list(s.Resource).some(r => r.includes(`:${resource}/`))
      ).map(s => s.Condition)
    const requestTag = { 'aws:RequestTag/ensure-nat-gateway:managed': 'true' }
    const resourceTag = { StringEquals: { 'aws:ResourceTag/ensure-nat-gateway:managed': 'true' } }
    expect(conditionOn('ec2:CreateNatGateway', 'natgateway')).toEqual([
      { StringEquals: requestTag }
    ])
    expect(conditionOn('ec2:AllocateAddress', 'elastic-ip')).toEqual([{ StringEquals: requestTag }])
    expect(conditionOn('ec2:CreateVpcEndpoint', 'vpc-endpoint')).toEqual([
      expect.objectContaining({ StringEquals: requestTag })
    ])
    expect(conditionOn('ec2:ReleaseAddress', 'elastic-ip')).toEqual([resourceTag])
    expect(conditionOn('ec2:DeleteNatGateway', 'natgateway')).toEqual([resourceTag])
    expect(conditionOn('ec2:DeleteVpcEndpoints', 'vpc-endpoint')).toEqual([resourceTag])
    expect(conditionOn('ec2:AssociateNatGatewayAddress', 'natgateway')).toEqual([resourceTag])
    expect(conditionOn('ec2:DisassociateNatGatewayAddress', 'natgateway')).toEqual([resourceTag])
    const tagging = documented.Statement.filter(s => actions(s).includes('ec2:CreateTags'))
    expect(tagging.map(s => Object.keys(s.Condition?.StringEquals ?? {}))).toEqual([
      ['ec2:CreateAction']
    ])
  })

  it('creates only gateway endpoints of the services the action makes, one line per service', () => {
    const [endpoint] = documented.Statement.filter(
      s => s.Sid === 'CreateGatewayEndpointOnlyTaggedAsOurs'
    )
    const services = list(endpoint?.Condition?.StringLike?.['ec2:VpceServiceName'] ?? [])
    const matches = (name: string) =>
      services.some(pattern =>
        new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`).test(name)
      )
    // Every service the action makes endpoints for, in a commercial and a China Region.
    for (const service of GATEWAY_ENDPOINT_SERVICES) {
      expect(matches(gatewayServiceName('eu-west-1', service))).toBe(true)
      expect(matches(gatewayServiceName('cn-north-1', service))).toBe(true)
    }
    expect(matches('com.amazonaws.eu-west-1.ec2')).toBe(false)
  })

  it('scopes route writes to the VPC, and lets only the NAT gateway service have its role made', () => {
    const routes = documented.Statement.filter(s => actions(s).includes('ec2:CreateRoute'))
    expect(routes.map(s => Object.keys(s.Condition?.ArnLike ?? {}))).toEqual([['ec2:Vpc']])
    const role = documented.Statement.filter(s =>
      actions(s).includes('iam:CreateServiceLinkedRole')
    )
    expect(role.map(s => s.Condition)).toEqual([
      // "Using service-linked roles for VPC": AWSServiceRoleForNATGateway trusts this principal.
      { StringEquals: { 'iam:AWSServiceName': 'ec2-nat-gateway.amazonaws.com' } }
    ])
  })

  it('has every statement an UnauthorizedOperation names, granting that operation', () => {
    const bySid = new Map(documented.Statement.map(s => [s.Sid, actions(s)]))
    for (const [operation, sids] of Object.entries(GRANTING_STATEMENTS)) {
      for (const sid of sids) {
        const granted = bySid.get(sid) ?? []
        const action = sid === 'TagOnlyWhileCreating' ? 'ec2:CreateTags' : `ec2:${operation}`
        expect({ operation, sid, granted: granted.includes(action) }).toEqual({
          operation,
          sid,
          granted: true
        })
      }
    }
    expect(bySid.get(SERVICE_LINKED_ROLE_STATEMENT)).toEqual(['iam:CreateServiceLinkedRole'])
    expect(
      Object.keys(GRANTING_STATEMENTS)
        .map(o => `ec2:${o}`)
        .sort()
    ).toEqual([...operationsInCode()].sort())
  })
})
