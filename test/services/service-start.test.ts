import { OutputTail } from '../../scripts/services/run-command';
import { ExitedBeforeReady, onceMore } from '../../scripts/services/readiness';
import { mongoJvmFlags } from '../../scripts/services/start-services';

/** How the local servers' launcher reports and survives a server that dies at start-up. */

describe('a server that exits before it is ready', () => {
  test('is started once more, and the log says why, with its output', async () => {
    const lines: string[] = [];
    let tries = 0;
    const started = await onceMore('Temporal dev server', (l) => lines.push(l), async () => {
      tries += 1;
      if (tries === 1) throw new ExitedBeforeReady('temporal dev server exited with code 2 before ...\npanic: listen tcp 127.0.0.1:7233: bind: address already in use');
      return 'ready on the second port';
    });
    expect(started).toBe('ready on the second port');
    expect(tries).toBe(2);
    expect(lines.join('\n')).toMatch(/Temporal dev server exited before it was ready; starting it once more[\s\S]*address already in use/);
  });

  test('is not started a third time: the second exit is reported as it is', async () => {
    let tries = 0;
    const start = () => {
      tries += 1;
      return Promise.reject(new ExitedBeforeReady(`exit ${tries}`));
    };
    await expect(onceMore('Mongo-wire server', () => undefined, start)).rejects.toThrow('exit 2');
    expect(tries).toBe(2);
  });

  test('a server that never answers (a timeout, not an exit) is not retried', async () => {
    let tries = 0;
    const start = () => {
      tries += 1;
      return Promise.reject(new Error('Mongo-wire server did not become ready within 60 s'));
    };
    await expect(onceMore('Mongo-wire server', () => undefined, start)).rejects.toThrow('within 60 s');
    expect(tries).toBe(1);
  });
});

describe("a server's output kept for the error", () => {
  test('keeps the head, where a Go panic names its cause, and the tail of a long stack', () => {
    const out = new OutputTail(200, 60);
    out.push('panic: listen tcp 127.0.0.1:7233: bind: address already in use\n');
    for (let i = 0; i < 100; i++) out.push(`goroutine frame ${i}\n`);
    const text = out.toString();
    expect(text.startsWith('panic: listen tcp 127.0.0.1:7233: bind: address alread')).toBe(true);
    expect(text).toContain('[…]');
    expect(text.endsWith('goroutine frame 99')).toBe(true);
    expect(text.length).toBeLessThan(280);
  });

  test('a short output is kept whole, without a gap mark', () => {
    const out = new OutputTail(200, 60);
    out.push('listening on 127.0.0.1:27017\n');
    out.push('ready\n');
    expect(out.toString()).toBe('listening on 127.0.0.1:27017\nready');
  });
});

describe("the Mongo-wire server's JIT", () => {
  test('a server a test starts compiles with C1 only; one that runs long (dev, services, benches) gets the full JIT', () => {
    expect(mongoJvmFlags({})).toContain('-XX:TieredStopAtLevel=1');
    expect(mongoJvmFlags({ runsLong: true }).some((f) => f.startsWith('-XX:TieredStopAtLevel'))).toBe(false);
    // The caller's flags come last, so they win (a bench's -Xmx6g over the default -Xmx512m).
    expect(mongoJvmFlags({ runsLong: true, mongoJvmFlags: ['-Xmx6g'] }).at(-1)).toBe('-Xmx6g');
  });
});
