// ESM TypeScript through ts-jest; run with --experimental-vm-modules (see package.json).
// ts-jest only transpiles (isolatedModules in tsconfig.base.json): `npm run lint` type-checks.
// One Jest project per layer, so a layer runs alone: `npm test -- --selectProjects unit`.
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }]
  }
}

const layer = (name, testMatch) => ({
  ...shared,
  displayName: name,
  testMatch,
  // The bound of every test: TEST_TIMEOUT_MS from __tests__/timeouts.ts.
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts']
})

export default {
  projects: [
    layer('unit', ['<rootDir>/__tests__/unit/**/*.test.ts']),
    layer('component', ['<rootDir>/__tests__/component/**/*.test.ts']),
    layer('emulator', ['<rootDir>/emulator/__tests__/**/*.test.ts']),
    layer('e2e', ['<rootDir>/__tests__/e2e/**/*.test.ts'])
  ],
  // The end-to-end tests mostly wait (on child processes, polls and emulated provisioning), so two
  // test files per core, not Jest's default of one less than the cores.
  maxWorkers: '200%',
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary', 'lcov'],
  verbose: true
}
