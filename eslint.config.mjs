import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'events', 'stream', 'url', 'util', 'worker_threads', 'dns', 'timers'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'web-shots/', 'data/', 'coverage/', 'bin/', 'tmp-*/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Workflow code is replayed by Temporal: it must stay deterministic, so no I/O libraries.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((n) => [n, `node:${n}`]).map((name) => ({ name, message: 'workflows must be deterministic' })),
            { name: 'mongoose', message: 'workflows must be deterministic: use an activity' },
            { name: 'twilio', message: 'workflows must be deterministic: use an activity' },
            { name: 'express', message: 'workflows must be deterministic' },
            { name: 'luxon', message: 'use src/domain helpers and workflow time' },
          ],
          patterns: [
            { group: ['../activities/*', '../src/db/*', '../src/http/*', '../src/telephony/*', '../src/temporal/*'], allowTypeImports: true, message: 'import activity types only' },
          ],
        },
      ],
    },
  },
);
