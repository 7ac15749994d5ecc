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
  verbose: false
}
