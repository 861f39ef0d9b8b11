import { WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcServiceError, type Client } from '@temporalio/client';

/** Temporal could not be reached (or did not answer in time): the API maps this to 503. */
export class TemporalUnavailableError extends Error {
  constructor(message = 'Temporal unavailable', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemporalUnavailableError';
  }
}

/** No alert with this ID (the API maps this to 404). */
export class AlertNotFoundError extends Error {
  constructor(readonly alertId: string) {
    super(`alert ${alertId} not found`);
    this.name = 'AlertNotFoundError';
  }
}

const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;
const GRPC_CANCELLED = 1;

/** True for failures that mean "the server is not there or too slow", as opposed to a bug or a refusal. */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e) && [GRPC_DEADLINE_EXCEEDED, GRPC_UNAVAILABLE, GRPC_CANCELLED].includes(e.code)) return true;
    if (e instanceof Error && /ECONNREFUSED|UNAVAILABLE|DEADLINE_EXCEEDED|failed to connect/i.test(e.message)) return true;
  }
  return false;
}

/** Runs Temporal calls under one deadline; "not there or too slow" becomes TemporalUnavailableError (503). */
export function boundedBy(client: Client, deadlineMs: number) {
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await client.withDeadline(Date.now() + deadlineMs, fn);
    } catch (err) {
      if (isUnavailable(err)) throw new TemporalUnavailableError('Temporal unavailable', { cause: err });
      throw err;
    }
  };
}
