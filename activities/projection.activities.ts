import type { AlertRepository } from '../src/db/alert.repository';
import type { NotificationAttemptRepository } from '../src/db/notification-attempt.repository';
import type { AttemptStatus } from '../src/db/notification-attempt.model';
import type { AlertEventInput, AlertEventPlan } from './alert-events.activities';
import type { OpenAlertRequest, ProjectRequest, ProjectResult } from './activity.types';

/** Plans a batch's alert events (planAlertEvents in alert-events.activities.ts). */
export type EventPlanner = (events: AlertEventInput[]) => Promise<AlertEventPlan[]>;

/** Keeps Mongo's projection of the alert (what the REST API reads) in step with the workflow. */
export function createProjectionActivities(alerts: AlertRepository, attempts: NotificationAttemptRepository, planEvents?: EventPlanner) {
  return {
    async openAlert(req: OpenAlertRequest): Promise<void> {
      await alerts.open(req.alert, req.workflowId, req.first);
    },

    /**
     * One batch of the workflow's projector: open (if asked), alert changes, attempt outcomes. The API has
     * nearly always created the alert already, so the changes are written first and the alert is opened
     * only when they found nothing: usually one write instead of three. The batch's events are planned
     * meanwhile; a failed plan never fails the writes (the workflow then hands every event over).
     */
    async project(req: ProjectRequest): Promise<ProjectResult> {
      const events = req.events ?? [];
      const planning = planEvents && events.length > 0 ? planEvents(events).catch(() => undefined) : undefined;
      const changes = req.entries.length > 0 || Object.keys(req.patch).length > 0;
      const found = changes && (await alerts.project(req.alertId, req.patch, req.entries));
      if (req.open && !found) {
        await alerts.open(req.open.alert, req.open.workflowId, req.open.first);
        if (changes) await alerts.project(req.alertId, req.patch, req.entries);
      }
      for (const o of req.outcomes ?? []) await attempts.recordOutcome(o.key, o.status, o.providerId);
      const plans = await planning;
      return plans ? { plans } : {};
    },

    async recordAttemptOutcome(key: string, outcome: AttemptStatus, providerId?: string): Promise<void> {
      await attempts.recordOutcome(key, outcome, providerId);
    },
  };
}
