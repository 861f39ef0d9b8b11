/**
 * Validates an OpenAPI document with @apidevtools/swagger-parser (the official 3.1 JSON schema, every $ref
 * resolved): `tsx scripts/validate-openapi.ts <file-or-url>`. Exit 0 and "valid" when it passes.
 * Run as a child process because the validator is ESM-only and the tests run under jest's CommonJS.
 */
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';

async function main(where: string): Promise<void> {
  const text = /^https?:/.test(where) ? await (await fetch(where)).text() : readFileSync(where, 'utf8');
  await SwaggerParser.validate(JSON.parse(text) as never);
  console.log('valid');
}

const where = process.argv[2];
if (!where) {
  console.error('usage: tsx scripts/validate-openapi.ts <file-or-url>');
  process.exit(2);
}
main(where).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
