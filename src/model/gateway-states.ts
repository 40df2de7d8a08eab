/** The lifecycle states of a NAT gateway, as the action groups them. */

/** A gateway in these states exists; failed and deleted ones stay listed for about an hour. */
export const LIVE_STATES = ['pending', 'available']
/** Gone or going: still listed for about an hour, and still holding their ClientToken. */
export const RETIRED_STATES = ['failed', 'deleting', 'deleted']

export function isLive(state: string | undefined): boolean {
  return LIVE_STATES.includes(state ?? '')
}
