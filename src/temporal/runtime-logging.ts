import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

const LEVELS: Record<string, LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'WARN', // the SDK's INFO lines (state changes, pollers) drown Nightline's own at info
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

/** Process entry points call this once, before any worker or connection exists. */
export function installTemporalLogging(level: string): void {
  Runtime.install({ logger: new DefaultLogger(LEVELS[level] ?? 'WARN') });
}
