/**
 * The bounds of the tests that start a process or a server (the action, moto_server, the
 * emulator). CI machines are shared and busy: a bound is there to stop a hung test, never to
 * measure speed, so it is many times what the slowest test takes on an idle machine.
 */

/** Every test and hook, of every layer: set once for all by __tests__/setup.ts. */
export const TEST_TIMEOUT_MS = 300_000

/**
 * One step inside such a test (a run of the action, a server's start, a poll until a state): a
 * third of the test's bound, so that a hung step fails with its own message rather than jest's.
 */
export const STEP_TIMEOUT_MS = TEST_TIMEOUT_MS / 3
