/**
 * Who took an alert action: a bare name (an integration, or a caller the REST API audits itself), or a Nightline
 * user known by ID (a keypress, an SMS reply, a Slack button, an email link), whom the audit log then names by ID.
 */
export type ActionBy = string | { name: string; userId: string };

/** The name the alert's timeline and the action's answer show. */
export const actionByName = (by: ActionBy): string => (typeof by === 'string' ? by : by.name);

/** The user the audit log records for the action (null: not a Nightline user). */
export const actionByUserId = (by: ActionBy): string | null => (typeof by === 'string' ? null : by.userId);
