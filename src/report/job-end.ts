/** The post step's log lines and job summary: what it removed, what it left and why. */
import type { JobEndOutcome, LeftResource } from '../model/job-end.js'
import type { JobRecord } from '../model/job-record.js'
import { escapeMarkdown, preformatted } from './markdown.js'

function table(heading: string, rows: { resource: string; text: string }[]): string[] {
  if (rows.length === 0) return []
  return [
    `| ${heading} | |`,
    '| --- | --- |',
    ...rows.map(r => `| ${escapeMarkdown(r.resource)} | ${escapeMarkdown(r.text)} |`),
    ''
  ]
}

const why = (items: LeftResource[]) => items.map(i => ({ resource: i.resource, text: i.reason }))

export function jobEndSummaryMarkdown(record: JobRecord, outcome: JobEndOutcome): string {
  const name = escapeMarkdown(record.name)
  const where = `${escapeMarkdown(record.vpcId)} in ${escapeMarkdown(record.region)}`
  const { removed, left, remaining } = outcome
  const heading =
    remaining.length > 0
      ? `## NAT gateway "${name}" at job end: not everything this job made could be removed`
      : removed.length === 0
        ? `## NAT gateway "${name}" at job end: nothing to remove`
        : left.length === 0
          ? `## NAT gateway "${name}" torn down at job end`
          : `## NAT gateway "${name}" at job end: this job's changes undone, what it found left`
  return [
    heading,
    '',
    `The post step undid what this job created and wrote in ${where}, by ID, and nothing it found.`,
    '',
    ...table(
      'Removed',
      removed.map(r => ({ resource: r.resource, text: r.note ?? 'removed' }))
    ),
    ...table('Left, and why', why(left)),
    ...table('Still there (this job made it; the step fails)', why(remaining)),
    ...(outcome.foundByRunTag.length > 0
      ? [
          `Found by this run's tag (created just before the main step stopped, not yet in its record): ${outcome.foundByRunTag.map(escapeMarkdown).join(', ')}.`,
          ''
        ]
      : []),
    // A blank line ends the last table: the run's link follows.
    ''
  ].join('\n')
}

/** The error of a post step that could not remove everything: each thing left, with why. */
export function jobEndFailureMessage(outcome: JobEndOutcome): string {
  return [
    `teardown-at-job-end: ${outcome.remaining.length} thing(s) this job made are still there:`,
    ...outcome.remaining.map(r => `  - ${r.resource}: ${r.reason}`)
  ].join('\n')
}

/** The log of the plan: one line per thing left on purpose. */
export function describeLeft(outcome: Pick<JobEndOutcome, 'left'>): string[] {
  return outcome.left.map(r => `Leaving ${r.resource}: ${r.reason}.`)
}

/** A post step that could not start: its record unreadable, or its inputs refused. */
export function jobEndErrorMarkdown(message: string): string {
  return ['## teardown-at-job-end: failed before any write', '', preformatted(message), ''].join(
    '\n'
  )
}
