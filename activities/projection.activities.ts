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

    /** One batch of the workflow's projector, in order: open, alert changes, attempt outcomes. */
    async project(req: ProjectRequest): Promise<void> {
      if (req.open) await alerts.open(req.open.alert, req.open.workflowId, req.open.first);
      if (req.entries.length > 0 || Object.keys(req.patch).length > 0) await alerts.project(req.alertId, req.patch, req.entries);
      for (const o of req.outcomes ?? []) await attempts.recordOutcome(o.key, o.status, o.providerId);
    },

    async recordAttemptOutcome(key: string, outcome: AttemptStatus, providerId?: string): Promise<void> {
      await attempts.recordOutcome(key, outcome, providerId);
    },
  };
}
