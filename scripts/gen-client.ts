/**
 * Regenerates src/client/nightline-api.types.ts from the OpenAPI document (built from the route docs and their
 * zod schemas, no server needed). `npm run gen:client`; with `--stdout` it prints instead of writing, which
 * test/client/generated-types.test.ts uses to fail when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateClientTypes } from './gen-client-types';

const target = join(__dirname, '..', 'src', 'client', 'nightline-api.types.ts');

generateClientTypes().then(
  (text) => {
    if (process.argv.includes('--stdout')) return void process.stdout.write(text);
    writeFileSync(target, text);
    console.log(`wrote ${target}`);
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
