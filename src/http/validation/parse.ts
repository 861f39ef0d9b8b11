import type { z } from 'zod';
import { badRequest, fromZod } from '../errors';
import { hasOperatorKeys } from './common';

/** Parses a request part with a zod schema; a failure becomes a 400 whose message names the field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' = 'body'): z.output<S> {
  if (hasOperatorKeys(value)) throw badRequest(`${where}: keys starting with "$" or containing "." are not allowed`);
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw fromZod(r.error, where);
  return r.data;
}
