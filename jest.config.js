// ESM end to end: tests run as ES modules (node --experimental-vm-modules, see the
// "jest" script), transformed by ts-jest with the pinned TypeScript.
/** GitHub's workflow parser and language service, whose JSON imports lack an attribute. */
const ACTIONS_TOOLS = '@actions/(workflow-parser|languageservice)/dist/'

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }],
    [`${ACTIONS_TOOLS}.+\\.js$`]: '<rootDir>/test/json-import-attributes.js'
  },
  // node_modules is not transformed, but for those two (see test/json-import-attributes.js).
  transformIgnorePatterns: [`/node_modules/(?!${ACTIONS_TOOLS})`],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  reporters: ['default', '<rootDir>/test/closing-line-reporter.js'],
  testTimeout: 30000,
  // One worker per core, not jest's default of one fewer: most of a test's time is spent waiting
  // on a child process (a bundle, moto, make), so two workers on two cores keep both busy.
  maxWorkers: '100%',
  verbose: false
}
