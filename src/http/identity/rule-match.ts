import { match, type MatchFunction } from 'path-to-regexp';
import { ROUTE_RULES, type RouteRule } from './route-rules';

interface Compiled {
  key: string;
  method: string;
  rule: RouteRule;
  params: number;
  test: MatchFunction<Partial<Record<string, string | string[]>>>;
}

const compiled: Compiled[] = Object.entries(ROUTE_RULES)
  .map(([key, rule]) => {
    const [method, pattern] = key.split(' ') as [string, string];
    return { key, method, rule, params: (pattern.match(/[:*]/g) ?? []).length, test: match(pattern, { decode: false }) };
  })
  // A fixed segment wins over a parameter in the same place (e.g. /alerts/stats before /alerts/:id).
  .sort((a, b) => a.params - b.params);

export interface MatchedRule {
  key: string;
  rule: RouteRule;
  params: Record<string, string>;
}

/** The rule for a request path (HEAD uses GET's rule), with the path parameters it names. */
export function findRule(method: string, path: string): MatchedRule | null {
  const m = method === 'HEAD' ? 'GET' : method;
  for (const c of compiled) {
    if (c.method !== m) continue;
    const hit = c.test(path.length > 1 ? path.replace(/\/+$/, '') : path);
    if (!hit) continue;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(hit.params)) if (v !== undefined) params[k] = Array.isArray(v) ? v.join('/') : String(v);
    return { key: c.key, rule: c.rule, params };
  }
  return null;
}
