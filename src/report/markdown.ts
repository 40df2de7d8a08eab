/**
 * Text in the job summary, which GitHub renders as Markdown with inline HTML. A `name`, a tag or
 * an error message is the user's or EC2's text, not markup: every character that could start
 * HTML, a table cell or emphasis is written as an entity, so `<b>x</b> | y` shows as typed.
 */
export function escapeMarkdown(text: string): string {
  // An input or a value in backticks (`name`, `route-conflict: replace`, as the fixes write them)
  // stays a code span, as meant: with only these characters inside, it can carry no markup.
  return text
    .split(/(`[\w .:=/-]+`)/)
    .map((part, i) =>
      i % 2 === 1 ? part : part.replace(/[&<>"'|`*_[\]\\#~]/g, c => `&#${c.charCodeAt(0)};`)
    )
    .join('')
    .replace(/\r?\n/g, ' ')
}

/** Text that keeps its lines, shown as preformatted: only HTML has to be escaped in <pre>. */
export function preformatted(text: string): string {
  const html = text.replace(/[&<>]/g, c => `&#${c.charCodeAt(0)};`)
  return `<pre>${html}</pre>`
}
