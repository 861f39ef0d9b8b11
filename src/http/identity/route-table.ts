import type { Express } from 'express';

interface LayerLike {
  rawPath?: string | string[];
  slash?: boolean;
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

export interface RouteEntry {
  method: string;
  path: string;
}

const paths = (p: string | string[] | undefined): string[] => (p === undefined ? [''] : Array.isArray(p) ? p : [p]);
const join = (a: string, b: string) => `${a}${b === '/' ? '' : b}`.replace(/\/{2,}/g, '/') || '/';

function walk(stack: LayerLike[], prefix: string, out: RouteEntry[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const p of paths(layer.route.path)) {
        for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.push({ method: m.toUpperCase(), path: join(prefix, p) });
      }
    } else if (layer.handle?.stack) {
      for (const p of layer.slash ? [''] : paths(layer.rawPath)) walk(layer.handle.stack, join(prefix, p === '/' ? '' : p), out);
    }
  }
}

/** Every route the app serves (method + full pattern), read from express's own router stack. */
export function listRoutes(app: Express): RouteEntry[] {
  const router = (app as unknown as { router?: { stack: LayerLike[] } }).router;
  const out: RouteEntry[] = [];
  walk(router?.stack ?? [], '', out);
  const seen = new Set<string>();
  return out.filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}
