import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('the generated client types', () => {
  it('when the API changes without `npm run gen:client`, the committed types no longer match and this fails', () => {
    const committed = readFileSync(join(root, 'src', 'client', 'nightline-api.types.ts'), 'utf8');
    // openapi-typescript is ESM-only inside: generate in a tsx child process rather than under jest.
    const fresh = execFileSync(
      join(root, 'node_modules', '.bin', 'tsx'),
      ['scripts/gen-client.ts', '--stdout'],
      { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(committed === fresh ? 'up to date' : 'stale: run npm run gen:client').toBe('up to date');
  });
});
