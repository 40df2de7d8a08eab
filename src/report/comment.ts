/** The pull-request comment's text: one per gateway identity, found again by a hidden marker. */
import type { Config } from '../model/config.js'
import type { WorkflowRun } from '../model/identity.js'
import { runLinkMarkdown } from './summary.js'

/** GitHub takes comments of at most 65,536 characters; a summary is cut well before. */
const MAX_SUMMARY_LENGTH = 60_000

/** The identity of the gateway: the same name in another VPC or Region is another gateway. */
export function gatewayIdentity(config: Config): string {
  return `${config.region}/${config.vpcId}/${config.name}`
}

/**
 * An HTML comment that names the identity; `--` would end it early, so it is spaced out, and an
 * angle bracket is written as an entity, so not even a tag-like text is in it.
 */
export function commentMarker(identity: string): string {
  const text = identity.replace(/-(?=-)/g, '- ').replace(/[<>]/g, c => `&#${c.charCodeAt(0)};`)
  return `<!-- ensure-nat-gateway: ${text} -->`
}

/** The comment: the marker, the job summary of this run (plan, outcome or problems), the run. */
export function pullRequestCommentMarkdown(
  identity: string,
  summary: string,
  run: WorkflowRun | undefined
): string {
  const text =
    summary.length > MAX_SUMMARY_LENGTH
      ? `${summary.slice(0, MAX_SUMMARY_LENGTH)}\n\n… (cut; the job summary has it all)\n`
      : summary
  return [commentMarker(identity), text.trimEnd(), '', runLinkMarkdown(run)].join('\n')
}
