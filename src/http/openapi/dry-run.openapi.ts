import { z } from 'zod';
import { dryRunBody } from '../routes/escalation-dry-run.routes';
import { docGroup } from './registry';

const step = z.looseObject({
  at: z.string(),
  round: z.number(),
  level: z.number(),
  attempt: z.number(),
  label: z.string(),
  people: z.array(z.looseObject({ userId: z.string(), name: z.string(), deliver: z.array(z.string()), deferUntil: z.string().nullable(), later: z.looseObject({ channels: z.array(z.string()), at: z.string() }).nullable().meta({ description: 'High alerts in quiet hours: email and Slack wait until `at`' }), note: z.string().nullable() })),
  gaps: z.array(z.looseObject({ reason: z.string() })),
});
const dryRun = z
  .looseObject({ policyId: z.string(), at: z.string(), severity: z.string(), exhaustedAt: z.string(), steps: z.array(step) })
  .meta({ id: 'EscalationDryRun' });

export const dryRunDocs = docGroup({
  tag: 'Escalation policies',
  description: 'Inbound escalation ladders.',
  auth: 'bearer',
  operations: [
    {
      method: 'post',
      path: '/api/v1/escalation-policies/{id}/dry-run',
      operationId: 'dryRunEscalationPolicy',
      summary: 'If an alert fired at `at` (default now) and nobody acknowledged: who is paged when, on which channels, and what quiet hours change',
      body: { schema: dryRunBody, example: { at: '2026-12-24T22:00:00Z', severity: 'high' } },
      responses: { 200: { description: 'OK', schema: dryRun } },
    },
  ],
});
