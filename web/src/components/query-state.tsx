import { Alert } from '@mantine/core';
import { Loading } from './loading';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiError } from '../api/client';

/** Loading and error states for a query: never a blank page or a stack trace. */
export function QueryState<T>({ q, children }: { q: UseQueryResult<T>; children: (data: T) => React.ReactNode }) {
  if (q.isPending) return <Loading label="Loading" />;
  if (q.isError) {
    const msg = q.error instanceof ApiError ? q.error.explain() : 'Waiting for the server…';
    return (
      <Alert color="red" title="Could not load">
        {msg}
      </Alert>
    );
  }
  return <>{children(q.data)}</>;
}

export const errorText = (err: unknown): string | null =>
  err == null ? null : err instanceof ApiError ? err.explain() : err instanceof Error ? err.message : String(err);
