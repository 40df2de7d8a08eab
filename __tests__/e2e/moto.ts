/** Starts moto_server on a free loopback port for a test file, and stops it afterwards. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { freePort } from './harness.js'

export const MOTO_INSTALL_HINT =
  'moto_server is not on PATH, so the moto end-to-end tests are skipped. Install it with ' +
  '`pip install "moto[server]"` to run them (CI requires it).'

export function motoAvailable(): boolean {
  return spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0
}

export interface Moto {
  endpoint: string
  reset(): Promise<void>
  stop(): Promise<void>
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort()
  const endpoint = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore'
  })
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      const answer = await fetch(`${endpoint}/moto-api/`)
      if (answer.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill()
      throw new Error(`moto_server did not start on ${endpoint}`)
    }
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  return {
    endpoint,
    reset: async () => void (await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' })),
    stop: async () => {
      child.kill('SIGTERM')
      if (child.exitCode === null) await new Promise(resolve => child.once('exit', resolve))
    }
  }
}
