/** How list inputs are written: items separated by commas, spaces or new lines; `#` comments. */

/**
 * The text of a list input without its comments: as in a YAML block scalar, a `#` at the start
 * of a line or after a space starts a comment that runs to the end of the line
 * (`rtb-0abc… # app`). A `#` inside a word (a tag value `a#b`) is kept.
 */
export function withoutComments(raw: string): string {
  return raw
    .split('\n')
    .map(line => line.replace(/(^|\s)#.*$/, '').trimEnd())
    .join('\n')
    .trim()
}

/** Splits a list given with commas, spaces or new lines. */
export function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter(item => item !== '')
}
