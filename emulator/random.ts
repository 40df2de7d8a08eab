// Seeded pseudo-random numbers (mulberry32), so IDs and injected faults repeat run to run.

export type Rng = () => number

export function makeRng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `prefix-` + 17 hex digits, as EC2 IDs look. */
export function hexId(rng: Rng, prefix: string): string {
  let hex = ''
  for (let i = 0; i < 17; i++) hex += Math.floor(rng() * 16).toString(16)
  return `${prefix}-${hex}`
}
