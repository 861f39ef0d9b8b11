import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { pingMongo } from './db/connect';
import type { Check } from './http/health.routes';

/** What /readyz asks for real: a Mongo ping and a Temporal round trip. */
export function readinessChecks(conn: Connection, temporal: Client): Record<string, Check> {
  return {
    mongo: () => pingMongo(conn),
    temporal: async () => {
      await temporal.connection.ensureConnected();
      await temporal.workflowService.getSystemInfo({});
    },
  };
}
