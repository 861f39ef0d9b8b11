import { z } from 'zod';
import { pdEvent } from '../ingest/pagerduty.schemas';
import { amNotification } from '../ingest/alertmanager.routes';
import { docGroup } from './registry';
import * as R from './responses.openapi';

/** Docs for the routes outside /api/v1: health, metrics, this document, ingestion and the Twilio webhooks. */

const readiness = z
  .looseObject({
    status: z.enum(['ok', 'unavailable']),
    failing: z.array(z.string()),
    checks: z.record(z.string(), z.looseObject({ status: z.enum(['ok', 'failing']) })),
  })
  .meta({ id: 'Readiness' });
const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' as const } },
};

export const operationsDocs = docGroup({
  tag: 'Operations',
  description: 'Probes, metrics and this document.',
  auth: 'none',
  operations: [
    {
      method: 'get',
      path: '/healthz',
      operationId: 'healthz',
      summary: 'Liveness: the process answers',
      responses: { 200: { description: 'Alive', schema: z.looseObject({ status: z.literal('ok') }) } },
    },
    {
      method: 'get',
      path: '/readyz',
      operationId: 'readyz',
      summary: 'Readiness: MongoDB and Temporal answer',
      responses: {
        200: { description: 'Ready', schema: readiness },
        503: { description: 'A dependency is failing', schema: readiness },
      },
    },
    {
      method: 'get',
      path: '/metrics',
      operationId: 'metrics',
      summary: 'Prometheus metrics',
      auth: 'bearer',
      responses: {
        200: { description: 'Prometheus text format', contentType: 'text/plain', schema: z.string() },
      },
    },
    {
      method: 'get',
      path: '/docs',
      operationId: 'docsPage',
      summary: 'Interactive API docs (Swagger UI, served locally)',
      responses: { 200: { description: 'HTML page', contentType: 'text/html', schema: z.string() } },
    },
    {
      method: 'get',
      path: '/docs/init.js',
      operationId: 'docsScript',
      summary: 'Script that points the docs page at /openapi.json',
      responses: {
        200: { description: 'JavaScript', contentType: 'application/javascript', schema: z.string() },
      },
    },
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'openapi',
      summary: 'This OpenAPI 3.1 document',
      responses: { 200: { description: 'The document', schema: R.anyObject } },
    },
  ],
});

const pdAccepted = z.looseObject({
  status: z.literal('success'),
  message: z.string(),
  dedup_key: z.string(),
});
const pdError = z
  .looseObject({ status: z.string(), message: z.string(), errors: z.array(z.string()) })
  .meta({ id: 'EventsApiError' });

export const ingestDocs = docGroup({
  tag: 'Ingestion',
  description:
    'Drop-in endpoints for monitoring systems. The service routing key is the credential; no bearer token.',
  auth: 'routingKey',
  operations: [
    {
      method: 'post',
      path: '/v2/enqueue',
      operationId: 'enqueueEvent',
      summary: 'PagerDuty Events API v2: trigger, acknowledge or resolve by dedup key',
      body: {
        schema: pdEvent,
        example: {
          routing_key: '0123456789abcdef0123456789abcdef',
          event_action: 'trigger',
          dedup_key: 'checkout-5xx',
          payload: { summary: 'Checkout 5xx above 5%', source: 'prometheus', severity: 'critical' },
        },
      },
      responses: {
        202: { description: 'Accepted: written to MongoDB (a repeat of an open alert is folded into it); paging starts at once', schema: pdAccepted },
        400: { description: 'Invalid event (unknown routing key included)', schema: pdError },
        413: { description: 'Body over 512 KB', schema: pdError },
        429: { description: 'Rate limited for this routing key', schema: pdError, headers: retryAfter },
        503: { description: 'Workflow engine unavailable for an acknowledge or resolve (triggers are accepted without it); retry', schema: pdError },
      },
    },
    {
      method: 'post',
      path: '/integrations/alertmanager/{routingKey}',
      operationId: 'alertmanagerWebhook',
      summary: 'Prometheus Alertmanager webhook receiver (version 4 payloads)',
      body: {
        schema: amNotification,
        example: {
          version: '4',
          status: 'firing',
          alerts: [
            {
              status: 'firing',
              labels: { alertname: 'HighLatency', severity: 'critical' },
              annotations: { summary: 'p99 above 2 s' },
              fingerprint: 'a1b2c3',
            },
          ],
        },
      },
      responses: {
        200: {
          description: 'Each alert applied',
          schema: z.looseObject({
            status: z.literal('success'),
            service: z.string(),
            results: z.array(R.anyObject),
          }),
        },
      },
      errors: [429, 503],
    },
  ],
});

/** Twilio posts form fields; those Nightline reads are listed, any others are accepted. */
const twilioForm = z
  .looseObject({
    CallSid: z.string().optional(),
    From: z.string().optional(),
    To: z.string().optional(),
    Digits: z.string().optional(),
    CallStatus: z.string().optional(),
    AnsweredBy: z.string().optional(),
    MessageSid: z.string().optional(),
    MessageStatus: z.string().optional(),
    Body: z.string().optional(),
  })
  .meta({ id: 'TwilioWebhookForm' });

const twiml = { 200: { description: 'TwiML', contentType: 'text/xml', schema: z.string() } };
const form = { schema: twilioForm, contentType: 'application/x-www-form-urlencoded' };
const twilioRoutes: [string, string, string][] = [
  ['/voice/page', 'twilioPageAnswered', 'A paged person answered: read the alert and gather a key press'],
  ['/voice/page/digits', 'twilioPageDigits', 'The key the paged person pressed (1 acknowledge, 2 escalate)'],
  ['/voice/bundle/digits', 'twilioBundleDigits', 'A key pressed on a call carrying several alerts (1 acknowledge all or the one just heard, 2 one by one / next)'],
  ['/voice/status', 'twilioVoiceStatus', 'Status callback of a page call'],
  ['/sms/status', 'twilioSmsStatus', 'Status callback of a page SMS'],
  ['/sms/incoming', 'twilioSmsIncoming', 'An SMS reply (acknowledge/resolve codes, STOP/START)'],
  ['/voice/incoming', 'twilioInboundCall', 'A call to a phone line'],
  ['/voice/incoming/emergency', 'twilioInboundEmergency', 'Caller chose emergency or voicemail'],
  ['/voice/incoming/reason-prompt', 'twilioInboundReasonPrompt', 'Ask the caller for the reason'],
  ['/voice/incoming/reason', 'twilioInboundReason', 'The recorded reason'],
  ['/voice/incoming/runbook-menu', 'twilioInboundRunbookMenu', "Ask for the reason from the line's NightDesk runbook (keys or speech)"],
  ['/voice/incoming/runbook-reason', 'twilioInboundRunbookReason', 'The reason given (SpeechResult or Digits): a matching rule pages its target'],
  ['/voice/incoming/ring', 'twilioInboundRing', 'Ring the next person on call'],
  ['/voice/incoming/dialed', 'twilioInboundDialed', 'Outcome of ringing one person'],
  ['/voice/incoming/screen', 'twilioInboundScreen', 'Whisper to the person answering'],
  ['/voice/incoming/screen-choice', 'twilioInboundScreenChoice', 'The answering person accepts or declines'],
  ['/voice/incoming/voicemail', 'twilioInboundVoicemail', 'A voicemail was recorded'],
  ['/voice/incoming/no-message', 'twilioInboundNoMessage', 'The caller left no message'],
  ['/voice/incoming/transcription', 'twilioInboundTranscription', 'Transcription of a voicemail'],
  ['/voice/incoming/status', 'twilioInboundStatus', 'Status callback of an inbound call'],
  ['/voice/test-call', 'twilioTestCallAnswered', 'A person answered their "send me a test call": say so and hang up'],
];

export const twilioDocs = docGroup({
  tag: 'Twilio webhooks',
  description: 'Called by Twilio only: each request must carry X-Twilio-Signature for PUBLIC_URL + path.',
  auth: 'twilio',
  operations: twilioRoutes.map(([path, operationId, summary]) => ({
    method: 'post' as const,
    path: `/twilio${path}`,
    operationId,
    summary,
    body: form,
    responses: twiml,
    errors: [429],
  })),
});
