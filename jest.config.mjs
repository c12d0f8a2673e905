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
  // In ESM mode a worker keeps every test file's module graph: by the end of a run each held 2.2–2.4 GB, and
  // although its event loop was empty at once (it reached 'exit' 2 ms after Jest told it to end, no handle
  // left), tearing down that heap took longer than the 500 ms Jest waits before it force-exits the worker
  // ("A worker process has failed to exit gracefully"). A worker past this size after a file is replaced.
  workerIdleMemoryLimit: '768MB',
};
