import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { Router, type Request } from 'express';

/** Where `npm run build` writes the console (vite's outDir in web/vite.config.ts). */
export const WEB_DIST_DIR = resolve(__dirname, '../../web/dist');

/** Paths that belong to the API, webhooks and probes: a miss there stays a JSON 404, never the SPA. */
const NOT_CONSOLE = /^\/(api|twilio|slack|channels|v2|integrations|metrics|healthz|readyz|openapi)(\/|\.|$)/;

const wantsHtml = (req: Request) => req.method === 'GET' && !NOT_CONSOLE.test(req.path) && (req.accepts(['html', 'json']) === 'html');

/**
 * Serves the built web console on the API's own origin (no CORS, one port). Hashed assets are cached for a
 * year; index.html never, so a new build is picked up on reload. Client routes (/schedules/123) get index.html.
 */
export function webConsoleRoutes(distDir = WEB_DIST_DIR): Router {
  const r = Router();
  const index = resolve(distDir, 'index.html');
  r.use('/assets', express.static(resolve(distDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: true }));
  r.use(express.static(distDir, { index: false, maxAge: 0 }));
  r.use((req, res, next) => {
    if (!wantsHtml(req)) return next();
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The web console is not built yet: run `npm run build` (npm run dev builds it for you).\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return r;
}
