#!/usr/bin/env node
'use strict';
// Runs the TypeScript CLI through tsx (a runtime dependency), so `npx nightline …` works without a build.
const path = require('node:path');
require('tsx/cjs/api').register();
const { run } = require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));

run(process.argv.slice(2), {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  now: () => new Date(),
}).then((code) => {
  process.exitCode = code;
});
