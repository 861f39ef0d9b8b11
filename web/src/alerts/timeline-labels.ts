/** Words for the alert timeline's action codes; anything unlisted reads as its code with spaces ("call_ended" → "Call ended"). */
const LABELS: Record<string, string> = {
  triggered: 'Alert triggered',
  trigger: 'Alert triggered',
  deduplicated: 'Same alert fired again',
  targets_resolved: 'Worked out whom to page',
  level_started: 'Escalation level started',
  nobody_to_page: 'Nobody to page at this level',
  notification_failed: 'Notification failed',
  notification_skipped: 'Notification skipped',
  owner_not_notified: 'Owner not notified',
  sms_fallback: 'Sent an SMS instead',
  deferred: 'Held back by quiet hours',
  acknowledge: 'Acknowledged',
  acknowledged: 'Acknowledged',
  escalated: 'Escalated to the next level',
  exhausted: 'Every level tried, nobody acknowledged',
  resolve: 'Resolved',
  resolved: 'Resolved',
  notification_answered: 'Answered',
  notification_delivered: 'SMS delivered',
  notification_no_answer: 'No answer',
  notification_busy: 'Line busy',
  notification_voicemail: 'Voicemail picked up',
  notification_undelivered: 'SMS not delivered',
  notification_canceled: 'Call cancelled',
  calls_cancelled: 'Ringing calls cancelled',
  calls_not_cancelled: 'Could not cancel ringing calls',
  call_received: 'Call received',
  call_ringing: 'Ringing the on-call person',
  call_screening: 'Waiting for the answerer to accept',
  call_screen_accepted: 'Answerer accepted the call',
  call_screen_declined: 'Answerer declined the call',
  call_connected: 'Caller connected',
  call_not_answered: 'Not answered',
  call_voicemail_offered: 'Caller offered voicemail',
  call_routed_to_admins: 'Call routed to the admins',
  call_ended: 'Call ended',
  voicemail_left: 'Voicemail left',
  voicemail_transcribed: 'Voicemail transcribed',
  no_voicemail: 'Caller left no message',
  caller_reason_given: 'Caller gave a reason',
  caller_reason_recorded: 'Caller recorded a reason',
  caller_urgency: 'Caller said how urgent it is',
};

export function timelineLabel(action: string): string {
  const known = LABELS[action];
  if (known) return known;
  const words = action.replace(/[_.-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
