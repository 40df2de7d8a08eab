/** The job summary of failed runs, of teardowns with nothing to do, and escaping in summaries. */
import { describe, expect, it } from '@jest/globals'
import { config, RTB_A, RTB_B, VPC } from '../../__fixtures__/ec2.js'
import { stepKey } from '../../src/model/plan.js'
import {
  errorSummaryMarkdown,
  failedWriteSummaryMarkdown,
  problemsSummaryMarkdown
} from '../../src/report/failure.js'
import { escapeMarkdown } from '../../src/report/markdown.js'
import { dryRunSummaryMarkdown, teardownSummaryMarkdown } from '../../src/report/summary.js'

const problem = {
  subject: RTB_A,
  message: 'is a public route table: its 0.0.0.0/0 route goes to the internet gateway igw-1.',
  fix: 'Name the route tables of the private subnets only.'
}

describe('problemsSummaryMarkdown', () => {
  it.each([
    [
      'a run',
      {},
      `## NAT gateway "nat-regional-${VPC}": 1 problem`,
      'The run stopped before any write'
    ],
    [
      'a dry run',
      { 'dry-run': 'true' },
      `## Dry run of NAT gateway "nat-regional-${VPC}": 1 problem`,
      'The dry run found problems that would stop the real run'
    ],
    [
      'a teardown',
      { state: 'absent' },
      `## Teardown of NAT gateway "nat-regional-${VPC}": 1 problem`,
      'The run stopped before any write'
    ]
  ])('lists each problem with its fix, for %s', (_, inputs, heading, stopped) => {
    const markdown = problemsSummaryMarkdown(config(inputs), [problem])
    expect(markdown.split('\n')).toEqual([
      heading,
      '',
      expect.stringContaining(stopped),
      '',
      `- **${RTB_A}**: is a public route table: its 0.0.0.0/0 route goes to the internet gateway igw-1.`,
      '  <br/>Fix: Name the route tables of the private subnets only.',
      ''
    ])
  })
})

describe('failedWriteSummaryMarkdown', () => {
  it('says what was done before the failure, what is left, and the error', () => {
    const steps = [
      { key: stepKey.gateway, line: 'NAT gateway: create "x", public regional in vpc-1.' },
      { key: stepKey.route(RTB_A), line: `${RTB_A}: create route 0.0.0.0/0.` },
      { key: stepKey.route(RTB_B), line: `${RTB_B}: create route 0.0.0.0/0.` }
    ]
    const done = new Set([stepKey.gateway, stepKey.route(RTB_A)])
    const markdown = failedWriteSummaryMarkdown(config(), steps, done, 'CreateRoute failed: <boom>')
    const [, left] = markdown.split('### Left to do')
    expect(markdown).toContain('failed while writing')
    expect(markdown.split('### Left to do')[0]).toContain(`- ${RTB_A}: create route 0.0.0.0/0.`)
    expect(left).toContain(`- ${RTB_B}: create route 0.0.0.0/0.`)
    expect(left).not.toContain(RTB_A)
    expect(markdown).toContain('<pre>CreateRoute failed: &#60;boom&#62;</pre>')
  })
})

describe('errorSummaryMarkdown', () => {
  it('says nothing was changed and shows the error without its markup', () => {
    const markdown = errorSummaryMarkdown(config(), 'DescribeVpcs failed: <script>')
    expect(markdown).toContain('failed before any write')
    expect(markdown).toContain('Nothing was changed.')
    expect(markdown).not.toContain('<script>')
  })
})

describe('escaping', () => {
  it('writes markup and table pipes in names as entities', () => {
    expect(escapeMarkdown('<img src=x> | *a*')).toBe('&#60;img src=x&#62; &#124; &#42;a&#42;')
  })

  it('keeps an input name in backticks a code span, and escapes any other backtick', () => {
    expect(escapeMarkdown('give the gateway another `name`')).toBe(
      'give the gateway another `name`'
    )
    expect(escapeMarkdown('`route-conflict: replace`')).toBe('`route-conflict: replace`')
    expect(escapeMarkdown('a ` alone, `<b>x</b>`')).toBe(
      'a &#96; alone, &#96;&#60;b&#62;x&#60;/b&#62;&#96;'
    )
  })

  it.each([
    ['a failed run', (name: string) => problemsSummaryMarkdown(config({ name }), [problem])],
    [
      'a dry run',
      (name: string) => dryRunSummaryMarkdown([`NAT gateway: create "${name}".`], '{}')
    ],
    [
      'a teardown',
      (name: string) =>
        teardownSummaryMarkdown(config({ name, state: 'absent' }), {
          deletedNatGatewayIds: ['nat-1'],
          routeTableIds: [],
          releasedAllocationIds: [],
          deletedGatewayEndpoints: []
        })
    ]
  ])('keeps a name with HTML and pipes from injecting markup (%s)', (_, render) => {
    const markdown = render('<b>x</b>|y')
    expect(markdown).not.toContain('<b>')
    expect(markdown).not.toContain('|y')
    expect(markdown).toContain('&#60;b&#62;x&#60;/b&#62;&#124;y')
  })
})

describe('teardownSummaryMarkdown', () => {
  it('titles a teardown with nothing to remove "Nothing to tear down"', () => {
    const markdown = teardownSummaryMarkdown(config({ state: 'absent' }), {
      deletedNatGatewayIds: [],
      routeTableIds: [],
      releasedAllocationIds: [],
      deletedGatewayEndpoints: []
    })
    expect(markdown.split('\n')[0]).toBe('## Nothing to tear down')
    expect(markdown).not.toContain('torn down')
  })
})
