/**
 * Every value in the job summary and the pull-request comment is text: a `name` or tag from the
 * inputs, an ID, zone or message from EC2, a value of `expected-plan`. Each renderer is fed HTML
 * and Markdown metacharacters in every value it shows, and none may come out as markup.
 */
import { describe, expect, it } from '@jest/globals'
import { config, zonalConfig } from '../../__fixtures__/ec2.js'
import type { Config } from '../../src/model/config.js'
import type { Outcome, TeardownOutcome } from '../../src/model/outcome.js'
import { pullRequestCommentMarkdown } from '../../src/report/comment.js'
import { mermaidDiagram } from '../../src/report/diagram.js'
import {
  errorSummaryMarkdown,
  failedWriteSummaryMarkdown,
  problemsSummaryMarkdown
} from '../../src/report/failure.js'
import { escapeMarkdown } from '../../src/report/markdown.js'
import { describeDifferences } from '../../src/report/plan.js'
import {
  dryRunSummaryMarkdown,
  planMismatchSummaryMarkdown,
  runLinkMarkdown,
  summaryMarkdown,
  teardownSummaryMarkdown
} from '../../src/report/summary.js'

/** Starts HTML, a table cell, emphasis, a link, a code span, a heading, an entity. */
const EVIL = '<img src=x onerror=alert(1)>|**b**_i_[l](https://x.test)`c`#h~s~&amp;'

/**
 * The Markdown outside the parts that are text by construction, each checked on the way: the
 * comment's marker (an HTML comment nothing ends early), <pre>
 * (HTML escaped, no tag inside), a fenced block (only its own two fences), a link's address
 * (nothing that could end it).
 */
function prose(markdown: string): string {
  return markdown
    .replace(/<!--([^]*?)-->/g, (_, inner: string) => {
      expect(inner).not.toMatch(/--|[<>]/)
      return ''
    })
    .replace(/<pre>([^]*?)<\/pre>/g, (_, inner: string) => {
      expect(inner).not.toMatch(/[<>]/)
      return ''
    })
    .replace(/^```\w*\n([^]*?)^```$/gm, (_, inner: string) => {
      expect(inner).not.toMatch(/^ {0,3}```/m)
      return ''
    })
    .replace(/\]\(([^)]*)\)/g, (_, address: string) => {
      expect(address).not.toMatch(/[\s<>"'`()[\]|]/)
      return ']'
    })
}

/** What must never appear in rendered output: the value as markup. */
function expectInert(rendered: string): void {
  const markdown = prose(rendered)
  expect(markdown).not.toContain('<img')
  expect(markdown).not.toContain('**b**')
  expect(markdown).not.toContain('](https://x.test)')
  expect(markdown).not.toContain('`c`')
  expect(markdown).not.toContain('|**')
  expect(markdown).not.toContain('&amp;')
}

const hostile = (base: Config = config()): Config => ({
  ...base,
  name: EVIL,
  vpcId: EVIL,
  destination: { cidr: EVIL, family: 'ipv4' }
})

const outcome: Outcome = {
  natGateway: {
    NatGatewayId: EVIL,
    State: EVIL as 'available',
    AvailabilityMode: 'regional',
    ConnectivityType: EVIL as 'public',
    RouteTableId: EVIL,
    AutoProvisionZones: EVIL as 'enabled',
    NatGatewayAddresses: [
      {
        AllocationId: EVIL,
        PublicIp: EVIL,
        PrivateIp: EVIL,
        AvailabilityZone: EVIL,
        Status: 'succeeded',
        IsPrimary: true
      },
      {
        AllocationId: `${EVIL}-2`,
        PublicIp: EVIL,
        Status: 'failed',
        FailureMessage: EVIL
      }
    ]
  },
  created: true,
  routes: [
    { routeTableId: EVIL, result: 'replaced', previousTarget: EVIL },
    { routeTableId: `${EVIL}-2`, result: 'created' }
  ],
  gatewayEndpoints: [{ service: 's3', vpcEndpointIds: [EVIL], addedRouteTableIds: [EVIL] }],
  addressChanges: {
    add: [{ zone: EVIL, allocationIds: [EVIL] }],
    remove: [{ allocationId: EVIL, associationId: EVIL }],
    release: [EVIL]
  }
}

const teardown: TeardownOutcome = {
  deletedNatGatewayIds: [EVIL],
  routeTableIds: [EVIL],
  releasedAllocationIds: [EVIL],
  deletedGatewayEndpoints: [{ service: 's3', vpcEndpointId: EVIL }]
}

const planJson = JSON.stringify({ name: EVIL })

describe('every renderer of the summary and the comment writes values as text', () => {
  it.each<[string, () => string]>([
    ['summaryMarkdown', () => summaryMarkdown(hostile(), outcome)],
    ['summaryMarkdown (zonal)', () => summaryMarkdown(hostile(zonalConfig()), outcome)],
    ['teardownSummaryMarkdown', () => teardownSummaryMarkdown(hostile(), teardown)],
    [
      'teardownSummaryMarkdown (nothing)',
      () =>
        teardownSummaryMarkdown(hostile(), {
          deletedNatGatewayIds: [],
          routeTableIds: [],
          releasedAllocationIds: [],
          deletedGatewayEndpoints: []
        })
    ],
    ['dryRunSummaryMarkdown', () => dryRunSummaryMarkdown([EVIL], planJson)],
    [
      'planMismatchSummaryMarkdown of describeDifferences',
      () =>
        planMismatchSummaryMarkdown(
          describeDifferences([{ path: `name.${EVIL}`, expected: EVIL, actual: 'nat' }]),
          planJson
        )
    ],
    [
      'problemsSummaryMarkdown',
      () => problemsSummaryMarkdown(hostile(), [{ subject: EVIL, message: EVIL, fix: EVIL }])
    ],
    ['errorSummaryMarkdown', () => errorSummaryMarkdown(hostile(), EVIL)],
    [
      'failedWriteSummaryMarkdown',
      () => failedWriteSummaryMarkdown(hostile(), [{ key: 'a', line: EVIL }], new Set(), EVIL)
    ],
    [
      'runLinkMarkdown',
      () => runLinkMarkdown({ repository: EVIL, url: `https://github.com/${EVIL}/runs/1` })
    ],
    [
      'pullRequestCommentMarkdown',
      () =>
        pullRequestCommentMarkdown(EVIL, summaryMarkdown(hostile(), outcome), {
          repository: EVIL,
          url: `https://github.com/${EVIL}/runs/1`
        })
    ]
  ])('%s', (_, render) => {
    const markdown = render()
    expectInert(markdown)
    // The value is shown, as text: not dropped.
    expect(markdown).toMatch(/&#60;img src=x onerror=alert\(1\)&#62;|&lt;img/)
  })

  it('an expected-plan value that holds HTML shows escaped in the plan-difference lines', () => {
    const [line = ''] = describeDifferences([
      { path: 'name', expected: '<img src=x onerror=alert(1)>', actual: 'nat' }
    ])
    const summary = planMismatchSummaryMarkdown([line], planJson)
    expect(summary).toContain(`- ${escapeMarkdown(line)}`)
    expectInert(summary)
  })

  it('the Mermaid diagram: labels keep their quotes and code block, values show as text', () => {
    const diagram = mermaidDiagram(hostile(), outcome)
    for (const markup of ['<img', '**b**', '](https', '`c`', '&amp;', '"<']) {
      expect(diagram).not.toContain(markup)
    }
    // Only the fences of the block itself: a backtick in a value would end it.
    expect(diagram.match(/```/g)).toHaveLength(2)
    for (const line of diagram.split('\n').filter(l => l.includes('['))) {
      // Every label is one quoted string: no quote inside it.
      expect(line).toMatch(/^\s+\w+\["[^"]*"\]/)
    }
  })
})
