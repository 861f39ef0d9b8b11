import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';

/**
 * A mutation whose 400 field errors come back keyed by field (`name`, `levels.0.delayMinutes`) for the form to
 * show beside its inputs, and whose other failures come back as one sentence.
 */
export function useApiMutation<TIn, TOut>(fn: (input: TIn) => Promise<TOut>, invalidate: string[][], onSuccess?: (out: TOut) => void) {
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: fn,
    onSuccess: async (out) => {
      await Promise.all(invalidate.map((queryKey) => qc.invalidateQueries({ queryKey })));
      onSuccess?.(out);
    },
  });
  const err = m.error;
  const fields = err instanceof ApiError ? err.fieldErrors() : {};
  const general = err == null ? null : err instanceof ApiError ? (Object.keys(fields).length ? null : err.explain()) : 'The server cannot be reached.';
  return { ...m, fieldError: (name: string) => fields[name], general };
}
