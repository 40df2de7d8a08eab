// Run before every test file of every layer (jest.config.js, setupFilesAfterEnv): one bound for
// every test and hook, generous for a busy machine (see timeouts.ts), instead of Jest's 5 s.
import { jest } from '@jest/globals'
import { TEST_TIMEOUT_MS } from './timeouts.js'

jest.setTimeout(TEST_TIMEOUT_MS)
