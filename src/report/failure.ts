/**
 * The job summary of a run that failed: the problems found in its inputs or before any write (each
 * with its fix), an error before any write, or, for a run that failed while writing, what was done
 * and what is left. Pure; runner.ts writes it.
 */
import type { Config } from '../model/config.js'
import type { PlanStep } from '../model/plan.js'
import type { Problem } from '../model/problems.js'
import { escapeMarkdown, preformatted } from './markdown.js'

function title(config: Config | undefined): string {
  if (!config) return '## ensure-nat-gateway'
  const gateway = `NAT gateway "${escapeMarkdown(config.name)}"`
  const run = config.state === 'absent' ? `the teardown of ${gateway}` : gateway
  return config.dryRun ? `## Dry run of ${run}` : `## ${run.replace(/^the t/, 'T')}`
}

function problemLines(problems: Problem[]): string[] {
  return problems.flatMap(p => [
    `- **${escapeMarkdown(p.subject)}**: ${escapeMarkdown(p.message)}`,
    ...(p.fix ? [`  <br/>Fix: ${escapeMarkdown(p.fix)}`] : [])
  ])
}

/**
 * Problems found before any write: the run (or the dry run) stopped, nothing was changed. Without
 * a Config, the inputs themselves were refused, before anything was read from AWS.
 */
export function problemsSummaryMarkdown(config: Config | undefined, problems: Problem[]): string {
  const stopped = !config
    ? 'The inputs were refused, before anything was read from AWS. Nothing was changed.'
    : config.dryRun
      ? 'The dry run found problems that would stop the real run. Nothing was changed.'
      : 'The run stopped before any write. Nothing was changed.'
  return [
    `${title(config)}: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}`,
    '',
    stopped,
    '',
    ...problemLines(problems),
    ''
  ].join('\n')
}

/** An error before any write (reading the world failed): nothing was changed. */
export function errorSummaryMarkdown(config: Config | undefined, message: string): string {
  return [
    `${title(config)}: failed before any write`,
    '',
    'Nothing was changed.',
    '',
    preformatted(message),
    ''
  ].join('\n')
}

/** A run that failed while writing: what it did, what is left, and the error. */
export function failedWriteSummaryMarkdown(
  config: Config,
  steps: PlanStep[],
  done: ReadonlySet<string>,
  message: string
): string {
  const list = (items: PlanStep[]) =>
    items.length > 0 ? items.map(step => `- ${escapeMarkdown(step.line)}`) : ['- nothing']
  return [
    `${title(config)}: failed while writing`,
    '',
    '### Done before the failure',
    '',
    ...list(steps.filter(step => done.has(step.key))),
    '',
    '### Left to do',
    '',
    ...list(steps.filter(step => !done.has(step.key))),
    '',
    '### Error',
    '',
    preformatted(message),
    '',
    'A rerun with the same inputs adopts what exists and does what is left.',
    ''
  ].join('\n')
}
