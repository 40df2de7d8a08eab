// What every handler receives, and small rendering helpers shared by handlers.
import type { FaultEngine } from '../faults.ts'
import type { ParamMap, Tag, XmlValue } from '../protocol.ts'
import type { World } from '../state.ts'

export interface Context {
  world: World
  params: ParamMap
  /** Wall-clock ms of the request. */
  now: number
  faults: FaultEngine
}

/** Returns the response body fields (below `requestId`). */
export type Handler = (ctx: Context) => Record<string, XmlValue>
export type HandlerMap = Record<string, Handler>

export function tagSet(tags: Tag[]): XmlValue {
  return tags.map(t => ({ key: t.Key, value: t.Value }))
}

/** Eventual consistency: hidden until the server's call counter passes `hiddenUntilCall`. */
export function visible(world: World, item: { hiddenUntilCall?: number }): boolean {
  return item.hiddenUntilCall === undefined || world.callSeq > item.hiddenUntilCall
}
