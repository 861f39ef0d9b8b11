#!/usr/bin/env node
'use strict';
// Runs the TypeScript CLI through tsx (a runtime dependency), so `npx nightline …` works without a build.
const path = require('node:path');
require('tsx/cjs/api').register();
const { main } = require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));

main();
