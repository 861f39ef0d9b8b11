import { Router, type Request } from 'express';

/** A readiness probe for one dependency: resolves when it answers, rejects with the reason otherwise. */
export type Check = () => Promise<void>;

const CHECK_TIMEOUT_MS = 2000;

function withTimeout(check: Check): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    check().then(
      () => (clearTimeout(t), resolve()),
      (e: unknown) => (clearTimeout(t), reject(e)),
    );
  });
}

/**
 * /healthz and /readyz. An anonymous caller learns only ok or not ok; which check failed and why goes to
 * callers with a working credential (`trusted`) and to the log.
 */
export function healthRoutes(
  checks: Record<string, Check>,
  trusted: (req: Request) => Promise<boolean> = async () => true,
  log?: { warn: (o: object, m: string) => void },
): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (req, res) => {
    const names = Object.keys(checks);
    const results = await Promise.allSettled(names.map((n) => withTimeout(checks[n]!)));
    const report: Record<string, { status: 'ok' | 'failing'; error?: string }> = {};
    results.forEach((r, i) => {
      report[names[i]!] =
        r.status === 'fulfilled'
          ? { status: 'ok' }
          : { status: 'failing', error: r.reason instanceof Error ? r.reason.message : String(r.reason) };
    });
    const failing = names.filter((n) => report[n]!.status === 'failing');
    const status = failing.length ? 'unavailable' : 'ok';
    if (failing.length) log?.warn({ checks: report }, 'readiness check failing');
    res.status(failing.length ? 503 : 200);
    if (!(await trusted(req))) return void res.json({ status });
    res.json({ status, failing, checks: report });
  });
  return r;
}
