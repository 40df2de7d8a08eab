// Describe* filters and pagination shared by every handler.
// API reference: "Filter" data type (values: OR, filters: AND, `*` and `?` wildcards, tag:<key>).
import { Buffer } from 'node:buffer'
import { Ec2Error, filters as parseFilters, int, str } from './protocol.ts'
import type { ParamMap, Tag } from './protocol.ts'

/** The values an item has for a filter name (a filter matches if any of them matches). */
export type FieldFn<T> = (item: T) => (string | undefined)[]

function wildcard(pattern: string): RegExp {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${re}$`)
}

/** Applies `Filter.N` from the request; unknown filter names are an error, as in EC2. */
export function applyFilters<T extends { tags: Tag[] }>(
  items: T[],
  params: ParamMap,
  fields: Record<string, FieldFn<T>>
): T[] {
  let out = items
  for (const f of parseFilters(params)) {
    let field: FieldFn<T> | undefined = fields[f.name]
    if (f.name.startsWith('tag:')) {
      const key = f.name.slice(4)
      field = item => item.tags.filter(t => t.Key === key).map(t => t.Value)
    } else if (f.name === 'tag-key') {
      field = item => item.tags.map(t => t.Key)
    } else if (f.name === 'tag-value') {
      field = item => item.tags.map(t => t.Value)
    }
    if (!field) throw new Ec2Error('InvalidParameterValue', `The filter '${f.name}' is invalid`)
    const get = field
    const patterns = f.values.map(wildcard)
    out = out.filter(item => get(item).some(v => v !== undefined && patterns.some(p => p.test(v))))
  }
  return out
}

/** Finds every requested ID or throws `code` naming the missing ones, as EC2 does. */
export function byIds<T>(
  ids: string[],
  lookup: (id: string) => T | undefined,
  code: string,
  message: (missing: string) => string
): T[] {
  const found: T[] = []
  const missing: string[] = []
  for (const id of ids) {
    const item = lookup(id)
    if (item === undefined) missing.push(id)
    else found.push(item)
  }
  if (missing.length > 0) throw new Ec2Error(code, message(missing.join(', ')))
  return found
}

export interface Page<T> {
  items: T[]
  nextToken: string | undefined
}

/** MaxResults / NextToken; the token is an opaque offset. */
// API reference: "Pagination" (MaxResults outside the allowed range → InvalidParameterValue)
export function paginate<T>(items: T[], params: ParamMap, min = 5, max = 1000): Page<T> {
  const maxResults = int(params, 'MaxResults')
  if (maxResults !== undefined && (maxResults < min || maxResults > max)) {
    throw new Ec2Error(
      'InvalidParameterValue',
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Parameter must be between ${min} and ${max}.`
    )
  }
  const token = str(params, 'NextToken')
  let offset = 0
  if (token) {
    const decoded = Number(
      Buffer.from(token, 'base64url')
        .toString('utf8')
        .replace(/^offset:/, '')
    )
    if (!Number.isInteger(decoded) || decoded < 0) {
      throw new Ec2Error('InvalidPaginationToken', `Invalid pagination token: ${token}`)
    }
    offset = decoded
  }
  const size = maxResults ?? max
  const page = items.slice(offset, offset + size)
  const next = offset + size < items.length ? offset + size : undefined
  return {
    items: page,
    nextToken:
      next === undefined ? undefined : Buffer.from(`offset:${next}`, 'utf8').toString('base64url')
  }
}
