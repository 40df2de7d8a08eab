/**
 * `npm run chaos -- --schedules N [--seed S]`: the seeded fault campaign of
 * __tests__/component/chaos.test.ts with more schedules than `npm test` runs (200 from seed 1):
 * N schedules from seed S (default 1), each a write path under throttling, 5xx, dropped
 * connections, lost answers, eventual consistency and a crash, rerun until it converges, then
 * held to every invariant. A failing schedule prints its seed and the command that replays it
 * (`--schedules 1 --seed <seed>`). Runs Jest on that one file, in process, on the emulator's clock.
 */
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: { schedules: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' } }
})
const usage = 'usage: npm run chaos -- --schedules N [--seed S] (N ≥ 1, S ≥ 0, whole numbers)'
const schedules = Number(values.schedules)
const seed = Number(values.seed)
if (!Number.isInteger(schedules) || schedules < 1 || !Number.isInteger(seed) || seed < 0) {
  process.stderr.write(`${usage}\n`)
  process.exit(2)
}

const result = spawnSync(
  'npx',
  [
    'jest',
    '__tests__/component/chaos.test.ts',
    '--selectProjects',
    'component',
    '--testNamePattern',
    'seeded fault schedules'
  ],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: '--experimental-vm-modules',
      NODE_NO_WARNINGS: '1',
      CHAOS_SCHEDULES: String(schedules),
      CHAOS_SEED: String(seed)
    }
  }
)
process.exit(result.status ?? 1)
