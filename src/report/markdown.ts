/**
 * Text in the job summary and the pull-request comment, which GitHub renders as Markdown with
 * inline HTML. Every value there is someone's text, not markup: a `name` or tag from the inputs,
 * an ID, a zone or an error message from EC2, a value of `expected-plan`. `escapeMarkdown` is the
 * one helper every renderer in report/ passes them through; Mermaid labels, which GitHub renders
 * apart, have theirs in diagram.ts.
 */
import { INPUTS } from '../config/inputs.js'

/**
 * Every character that could start HTML, a table cell, a link, a code span or emphasis is written
 * as an entity, so `<b>x</b> | y` shows as typed; a line break would end a list item or a table
 * row, so it becomes a space.
 */
export function escapeMarkdown(text: string): string {
  return text
    .split(/(`[\w .:=/-]+`)/)
    .map((part, i) =>
      i % 2 === 1 && isInputSpan(part)
        ? part
        : part.replace(/[&<>"'|`*_[\]\\#~]/g, c => `&#${c.charCodeAt(0)};`)
    )
    .join('')
    .replace(/\r?\n/g, ' ')
}

/**
 * An input of this action in backticks, alone or with a value (`name`, `route-conflict: replace`),
 * as the problems' fixes write them: it stays a code span, as meant. Only the action's own input
 * names qualify, so a value that happens to hold backticks still shows as typed.
 */
function isInputSpan(span: string): boolean {
  const input = span.slice(1, -1).split(':')[0] ?? ''
  return Object.hasOwn(INPUTS, input)
}

/** Text that keeps its lines, shown as preformatted: only HTML has to be escaped in <pre>. */
export function preformatted(text: string): string {
  const html = text.replace(/[&<>]/g, c => `&#${c.charCodeAt(0)};`)
  return `<pre>${html}</pre>`
}

/** A list of values, each escaped; `none` when empty. */
export function escapedList(values: readonly string[], empty = 'none'): string {
  return values.length > 0 ? values.map(escapeMarkdown).join(', ') : empty
}

/**
 * A link whose text and address come from the runner's variables: the text escaped, and in the
 * address every character that could end it or the Markdown around it percent-encoded.
 */
export function markdownLink(text: string, url: string): string {
  const address = url.replace(
    // Control characters and space too: a URL from the environment is not trusted to be one.
    // eslint-disable-next-line no-control-regex
    /[\x00-\x20()<>"'`[\]\\|]/g,
    c => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`
  )
  return `[${escapeMarkdown(text)}](${address})`
}

/**
 * A line of a Mermaid label, as text. Labels are quoted, and GitHub renders them as HTML: a quote
 * would end the label, `<` start a tag, a backtick end the code block; each such character is
 * written as Mermaid's entity (`#60;`), `#` included, so no entity of the value's own survives.
 */
export const mermaidText = (text: string): string =>
  text.replace(/[&<>"'#`\\{}[\]()|*_~]/g, c => `#${c.charCodeAt(0)};`).replace(/\r?\n/g, ' ')
