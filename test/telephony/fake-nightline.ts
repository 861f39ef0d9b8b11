import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { isValidTwilioSignature } from '../../src/telephony/signature';

export interface Hit {
  method: string;
  path: string;
  params: Record<string, string>;
  signatureValid: boolean;
}

type Handler = (params: Record<string, string>) => string;

/**
 * Plays Nightline's webhook side on loopback: checks every request's X-Twilio-Signature with
 * signature.ts (403 when forged), records it, and answers with TwiML registered per path.
 */
export interface FakeNightline {
  readonly baseUrl: string;
  readonly hits: Hit[];
  url(path: string): string;
  /** Answer POSTs/GETs to `path` with this TwiML. */
  twiml(path: string, handler: Handler | string): void;
  hitsTo(path: string): Hit[];
  waitForHit(path: string, match?: (h: Hit) => boolean, timeoutMs?: number): Promise<Hit>;
  stop(): Promise<void>;
}

export async function startFakeNightline(authToken: string): Promise<FakeNightline> {
  const hits: Hit[] = [];
  const handlers = new Map<string, Handler>();
  let baseUrl = '';
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use((req, res) => {
    const params = (req.method === 'POST' ? (req.body ?? {}) : {}) as Record<string, string>;
    const signatureValid = isValidTwilioSignature(
      authToken,
      req.header('X-Twilio-Signature'),
      baseUrl + req.originalUrl,
      params,
    );
    const recorded = req.method === 'POST' ? params : (req.query as Record<string, string>);
    hits.push({ method: req.method, path: req.path, params: recorded, signatureValid });
    if (!signatureValid) return void res.status(403).send('invalid signature');
    const handler = handlers.get(req.path);
    if (handler) res.type('text/xml').send(handler(recorded));
    else res.status(204).end();
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const hitsTo = (path: string) => hits.filter((h) => h.path === path);
  return {
    baseUrl,
    hits,
    url: (path) => baseUrl + path,
    twiml: (path, handler) => void handlers.set(path, typeof handler === 'string' ? () => handler : handler),
    hitsTo,
    async waitForHit(path, match = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = hitsTo(path).find(match);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no matching request to ${path} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const ACCOUNT_SID = `AC${'ab'.repeat(16)}`;
export const AUTH_TOKEN = 'test-auth-token-1234';
export const NIGHTLINE_NUMBER = '+15550000000';
