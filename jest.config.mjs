// ESM mode: @twurple v8 is ESM-only and Jest on Node 20 cannot require() it.
const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': swcTransform },
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/web/src/**/*.spec.ts',
    '<rootDir>/test/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  // The reliability probes record their rows for docs/reliability.md (npm run reliability).
  globalSetup: '<rootDir>/test/reliability/global-setup.ts',
  globalTeardown: '<rootDir>/test/reliability/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
  // A worker accumulates every ESM test file's module graph (2–3.5 GB by the end of a full run) and, with no
  // handle left open, takes 1–1.5 s to tear that down once told to end: past Jest's default 500 ms grace,
  // after which it is reported as "failed to exit gracefully". A worker past 1 GB is replaced between files,
  // and ending may take 5 s; a worker held open by a leaked handle never ends and is still reported
  // (test/support/worker-exit.spec.ts).
  workerIdleMemoryLimit: '1GB',
  workerGracefulExitTimeout: 5000,
};
