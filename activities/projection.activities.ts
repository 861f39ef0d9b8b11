import type { AlertRepository } from '../src/db/alert.repository';
import type { NotificationAttemptRepository } from '../src/db/notification-attempt.repository';
import type { AttemptStatus } from '../src/db/notification-attempt.model';
import type { OpenAlertRequest, ProjectRequest } from './activity.types';

/** Keeps Mongo's projection of the alert (what the REST API reads) in step with the workflow. */
export function createProjectionActivities(alerts: AlertRepository, attempts: NotificationAttemptRepository) {
  return {
    async openAlert(req: OpenAlertRequest): Promise<void> {
      await alerts.open(req.alert, req.workflowId, req.first);
    },

    async project(req: ProjectRequest): Promise<void> {
      await alerts.project(req.alertId, req.patch, req.entries);
    },

    async recordAttemptOutcome(key: string, outcome: AttemptStatus, providerId?: string): Promise<void> {
      await attempts.recordOutcome(key, outcome, providerId);
    },
  };
}
