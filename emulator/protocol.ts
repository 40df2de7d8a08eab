// EC2 Query protocol: request parsing, XML responses and error documents.
// API reference: "Making API requests using the Query format" and "Error codes for the Amazon EC2 API".

export const XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/'

/** A parsed query parameter: a string, a structure, or a list (from `Name.1`, `Name.2`, ...). */
export type Param = string | ParamMap | Param[]
export interface ParamMap {
  [key: string]: Param
}

/** An EC2 API error: `code` goes to `<Code>`, `status` is the HTTP status. */
export class Ec2Error extends Error {
  code: string
  status: number
  constructor(code: string, message: string, status = 400) {
    super(message)
    this.name = code
    this.code = code
    this.status = status
  }
}

/**
 * Parses a form-encoded EC2 Query body into a tree: `Filter.1.Value.2=x` becomes
 * `{ Filter: [{ Value: [, 'x'] }] }` (lists are 1-based on the wire, dense arrays here).
 */
export function parseQuery(body: string): ParamMap {
  const root: ParamMap = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.split('.')
    let node: ParamMap = root
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] as string
      const next = node[part]
      if (next === undefined || typeof next === 'string' || Array.isArray(next)) {
        const child: ParamMap = {}
        node[part] = child
        node = child
      } else {
        node = next
      }
    }
    node[parts[parts.length - 1] as string] = value
  }
  return listify(root) as ParamMap
}

function listify(node: Param): Param {
  if (typeof node === 'string' || Array.isArray(node)) return node
  const keys = Object.keys(node)
  if (keys.length > 0 && keys.every(k => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map(k => listify(node[String(k)] as Param))
  }
  const out: ParamMap = {}
  for (const k of keys) out[k] = listify(node[k] as Param)
  return out
}

/** A scalar parameter, or undefined. */
export function str(p: ParamMap, name: string): string | undefined {
  const v = p[name]
  return typeof v === 'string' ? v : undefined
}

/** A list of scalars (`Name.1`, `Name.2`, ...); a single `Name` also counts as one element. */
export function strList(p: ParamMap, name: string): string[] {
  const v = p[name]
  if (v === undefined) return []
  if (typeof v === 'string') return [v]
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string')
  return []
}

/** A list of structures (`Name.1.Field`, ...). */
export function structList(p: ParamMap, name: string): ParamMap[] {
  const v = p[name]
  if (!Array.isArray(v)) return v && typeof v === 'object' ? [v] : []
  return v.filter((x): x is ParamMap => typeof x === 'object' && !Array.isArray(x))
}

export function int(p: ParamMap, name: string): number | undefined {
  const v = str(p, name)
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n)) {
    throw new Ec2Error('InvalidParameterValue', `Invalid value '${v}' for ${name}`)
  }
  return n
}

export function bool(p: ParamMap, name: string): boolean | undefined {
  const v = str(p, name)
  return v === undefined ? undefined : v.toLowerCase() === 'true'
}

export interface Filter {
  name: string
  values: string[]
}

/** `Filter.N.Name` / `Filter.N.Value.M`. */
export function filters(p: ParamMap): Filter[] {
  return structList(p, 'Filter').map(f => ({
    name: str(f, 'Name') ?? '',
    values: strList(f, 'Value')
  }))
}

export interface Tag {
  Key: string
  Value: string
}

/** Tags of `TagSpecification.N` for one resource type; any other resource type is an error. */
// API reference: TagSpecification, "ResourceType"
export function tagSpecs(p: ParamMap, resourceType: string): Tag[] {
  const tags: Tag[] = []
  for (const spec of structList(p, 'TagSpecification')) {
    const type = str(spec, 'ResourceType')
    if (type !== resourceType) {
      throw new Ec2Error(
        'InvalidParameterValue',
        `'${type ?? ''}' is not a valid taggable resource type for this operation.`
      )
    }
    for (const t of structList(spec, 'Tag')) {
      tags.push({ Key: str(t, 'Key') ?? '', Value: str(t, 'Value') ?? '' })
    }
  }
  return tags
}

// ---- XML writing ----

/** A value the XML writer knows: arrays become `<name><item>..</item></name>` (EC2 lists). */
export type XmlValue =
  string | number | boolean | Date | undefined | null | XmlValue[] | { [key: string]: XmlValue }

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

export function toXml(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) return `<${name}>${value.map(v => toXml('item', v)).join('')}</${name}>`
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => toXml(k, v))
      .join('')
    return `<${name}>${inner}</${name}>`
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

/** `<ActionResponse xmlns=...><requestId>..</requestId>...</ActionResponse>` */
export function responseXml(
  action: string,
  requestId: string,
  body: Record<string, XmlValue>
): string {
  const inner = Object.entries(body)
    .map(([k, v]) => toXml(k, v))
    .join('')
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${XMLNS}">` +
    `<requestId>${requestId}</requestId>${inner}</${action}Response>`
  )
}

// API reference: "Error codes for the Amazon EC2 API", "Error message format"
export function errorXml(code: string, message: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error></Errors>` +
    `<RequestID>${requestId}</RequestID></Response>`
  )
}
