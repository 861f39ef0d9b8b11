import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function runMain(env: Record<string, string>) {
  // Only PATH and HOME from the outside: a developer's own TWILIO_* or MONGODB_URI must not leak in.
  return spawnSync(tsx, ['src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('starting the service with bad configuration', () => {
  it('when nothing is configured, the process stops at once and names every missing variable', () => {
    const r = runMain({});
    expect(r.status).toBe(78);
    for (const name of ['PUBLIC_URL', 'MONGODB_URI', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER', 'ADMIN_API_TOKEN']) {
      expect(r.stderr).toContain(`${name} is required but not set`);
    }
  });

  it('when one value is malformed, the message names that variable and what is wrong', () => {
    const r = runMain({
      PUBLIC_URL: 'https://pager.example.com',
      MONGODB_URI: 'mongodb://127.0.0.1:1/nightline',
      TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32),
      TWILIO_AUTH_TOKEN: 'secret-token',
      TWILIO_FROM_NUMBER: '+15550001111',
      ADMIN_API_TOKEN: 'short',
    });
    expect(r.status).toBe(78);
    expect(r.stderr.trim().split('\n')).toEqual(['Invalid configuration:', '  ADMIN_API_TOKEN must be at least 16 characters']);
  });
});
