import type { Response } from 'express';

type End = Response['end'];

/**
 * Runs `work` after the handler has chosen its answer but before the first byte goes out, so whatever it
 * records (team ownership, the audit entry) is visible to the caller's very next request. `body` is what
 * the handler passed to res.json, if anything.
 */
export function beforeSend(res: Response, work: (body: unknown) => Promise<void>, onError: (err: unknown) => void): void {
  let body: unknown;
  const json = res.json.bind(res);
  res.json = ((b: unknown) => {
    body = b;
    return json(b);
  }) as Response['json'];
  const end = res.end.bind(res) as (...a: unknown[]) => Response;
  let done = false;
  res.end = ((...args: unknown[]) => {
    if (done) return end(...args);
    done = true;
    work(body).then(
      () => end(...args),
      (err: unknown) => (onError(err), end(...args)),
    );
    return res;
  }) as End;
}
