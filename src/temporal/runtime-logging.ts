import { Runtime, type LogLevel, type LogMetadata, type Logger as TemporalLogger } from '@temporalio/worker';
import type { Logger } from '../logger';

/** pino's level for each of the SDK's. The SDK's INFO lines (state changes, pollers) go to debug: at info they drown Nightline's own. */
const TO_PINO: Record<LogLevel, 'trace' | 'debug' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'debug',
  WARN: 'warn',
  ERROR: 'error',
};

/** Adds `alertId` to SDK lines about an alert's workflow (`alert:<id>`), so every paging line can be found by alert. */
export function withAlertId(meta: LogMetadata | undefined): Record<string, unknown> {
  const m: Record<string, unknown> = { ...meta };
  const wf = m.workflowId;
  if (m.alertId === undefined && typeof wf === 'string' && wf.startsWith('alert:'))
    m.alertId = wf.slice('alert:'.length);
  return m;
}

/** The Temporal SDK's logger interface, writing into a pino logger (component `temporal`). */
export function temporalLogger(log: Logger): TemporalLogger {
  const child = log.child({ component: 'temporal' });
  const write = (level: LogLevel, message: string, meta?: LogMetadata) =>
    child[TO_PINO[level]](withAlertId(meta), message);
  return {
    log: write,
    trace: (m, meta) => write('TRACE', m, meta),
    debug: (m, meta) => write('DEBUG', m, meta),
    info: (m, meta) => write('INFO', m, meta),
    warn: (m, meta) => write('WARN', m, meta),
    error: (m, meta) => write('ERROR', m, meta),
  };
}

const CORE_FILTER: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG' };

/**
 * Process entry points call this once, before any worker or connection exists: the SDK's own lines, workflow
 * and activity logs, and the native core's (forwarded) all go into the process's pino stream.
 */
export function installTemporalLogging(log: Logger): void {
  const level = CORE_FILTER[log.level] ?? 'WARN';
  Runtime.install({
    logger: temporalLogger(log),
    telemetryOptions: { logging: { filter: { core: level, other: level }, forward: {} } },
  });
}
