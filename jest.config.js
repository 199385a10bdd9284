/** Jest runs unit specs beside the code and the pack/API suites under test/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/server/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // NestJS 12, pg-boss and PGlite ship as ES modules: jest's CommonJS runtime needs them compiled too
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|pg-boss|@electric-sql|serialize-error|non-error|rrule-temporal)/)'],
  transform: {
    '^.+\\.(ts|js|mjs)$': ['@swc/jest', {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    }],
  },
  testTimeout: 60000,
};
