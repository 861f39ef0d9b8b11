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

export const interceptors = (): WorkflowInterceptors => ({ outbound: [new TimerLateness()] });
