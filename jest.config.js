/**
 * Tests are TypeScript run as ESM (the runtime deps are ESM-only), in two projects:
 * - unit: pure logic, no server; `npm run test:unit` runs on a machine that has only Node;
 * - integration: real moto, docker-registry and buildah, started once in the global setup.
 * `npm test` runs both. A project's global setup runs only when one of its tests is selected.
 */
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/helpers/fake-aws-env.js'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.js',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.js',
    },
  ],
  testTimeout: 120000,
  maxWorkers: 2,
};
