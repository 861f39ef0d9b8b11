import {
  proxySinks,
  type Next,
  type Sinks,
  type TimerInput,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/** What workflow code reports to the worker process (sinks are skipped on replay, so nothing counts twice). */
export interface MetricsSinks extends Sinks {
  metrics: { timerFired(lateMs: number): void };
}

const { metrics } = proxySinks<MetricsSinks>();

/**
 * Escalation waits are timers (sleep, and condition with a timeout). A timer that fires late delays the
 * next page, so its lateness is measured: workflow time when it was handled minus when it was due.
 */
class TimerLateness implements WorkflowOutboundCallsInterceptor {
  async startTimer(
    input: TimerInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startTimer'>,
  ): Promise<void> {
    const due = Date.now() + input.durationMs;
    await next(input);
    metrics.timerFired(Math.max(0, Date.now() - due));
  }
}

/**
 * Metrics, and the alert id on every workflow log line: a deduplicating alert's workflow id names its
 * dedup key, not the alert, so the id is taken from the workflow's input.
 */
export const interceptors = (): WorkflowInterceptors => {
  const ids: { alertId?: string } = {};
  return {
    inbound: [
      {
        async execute(input, next) {
          const alertId = (input.args[0] as { alert?: { alertId?: unknown } } | undefined)?.alert?.alertId;
          if (typeof alertId === 'string') ids.alertId = alertId;
          return next(input);
        },
      },
    ],
    outbound: [new TimerLateness(), { getLogAttributes: (input, next) => next({ ...ids, ...input }) }],
  };
};
