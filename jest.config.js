// ESM end to end: tests run as ES modules (node --experimental-vm-modules, see the
// "jest" script), transformed by ts-jest with the pinned TypeScript.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }]
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  reporters: ['default', '<rootDir>/test/closing-line-reporter.js'],
  testTimeout: 30000,
  verbose: false
}
