import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Logger } from '../../logger';
import { appendAudit } from '../../db/identity/audit.repository';
import type { AuditDoc } from '../../db/identity/audit.model';
import type { AlertEngine } from '../../temporal/alert-engine';
import type { ActionResult } from '../../../workflows/messages';
import { actionByName, actionByUserId, type ActionBy } from '../../domain/action-by';

/** How the audit log names the way an action came in: `phone (bundle b-1a2b, 3 alerts)` is a phone action. */
export function channelOf(via: string): AuditDoc['via'] {
  const word = via.split(/[\s(]/, 1)[0] ?? '';
  if (word === 'phone' || word === 'sms' || word === 'slack' || word === 'email') return word;
  return 'integration';
}

/**
 * Alert actions that arrive outside the REST API (a keypress, an SMS reply, a Slack button, a one-click email
 * link, a monitor's acknowledge or resolve) go into the audit log beside the API's own writes, which their
 * route rules record. Only actions that changed the alert are written; a failure to write is logged and never
 * undoes or blocks the action itself (the alert's timeline holds it too).
 */
export function auditChannelActions(engine: AlertEngine, deps: { conn: Connection; log: Logger }): AlertEngine {
  const record = async (action: string, alertId: string, by: ActionBy, via: string, r: ActionResult) => {
    if (!r.ok) return;
    try {
      await appendAudit(deps.conn, {
        at: new Date(),
        actor: { userId: actionByUserId(by), tokenId: null, name: actionByName(by) },
        via: channelOf(via),
        action: `${action} alert via ${via}`,
        resource: 'alert',
        resourceId: alertId,
        before: null,
        after: { status: r.status, ...(r.currentLevel !== undefined ? { currentLevel: r.currentLevel } : {}) },
        // The webhook's own request is not at hand here: a fresh ID, and the channel for the address.
        requestId: randomUUID(),
        address: channelOf(via),
        status: 200,
      });
    } catch (err) {
      deps.log.error({ err, alertId, action }, 'could not audit an alert action');
    }
  };
  return {
    ...engine,
    async acknowledge(alertId, by, via, known) {
      const r = await engine.acknowledge(alertId, by, via, known);
      await record('acknowledge', alertId, by, via, r);
      return r;
    },
    async resolve(alertId, by, via, note) {
      const r = await engine.resolve(alertId, by, via, note);
      await record('resolve', alertId, by, via, r);
      return r;
    },
    async escalate(alertId, by, level, via = 'api') {
      const r = await engine.escalate(alertId, by, level, via);
      await record('escalate', alertId, by, via, r);
      return r;
    },
  };
}
