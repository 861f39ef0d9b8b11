/** Unit tests need nothing; integration tests get Mongo and Temporal from the global setup. */
const transform = {
  '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
};
const integrationDirs = ['http', 'workflows', 'activities', 'e2e', 'db', 'integration'];

module.exports = {
  // Only honoured at the top level (a project-level testTimeout is ignored).
  testTimeout: 60000,
  // Test files run in a child process that is replaced once its heap passes this after a file. On 2 cores jest
  // would otherwise run everything in its own process (one worker = in band), where what each file leaves
  // behind (native Temporal runtimes, bundled workflow code) adds up until V8 aborts the whole run.
  workerIdleMemoryLimit: '900MB',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: integrationDirs.map((d) => `<rootDir>/test/${d}/`),
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test'],
      testMatch: integrationDirs.map((d) => `<rootDir>/test/${d}/**/*.test.ts`),
      // openid-client 6 and its dependencies ship ES modules only; swc turns them into CommonJS for jest.
      transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
