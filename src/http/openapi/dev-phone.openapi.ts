import { z } from 'zod';
import { devCallBody, devSmsBody, nextCallBody } from '../routes/dev-phone.routes';
import { docGroup } from './registry';

/** Docs for the console's dev phone: a proxy to the loopback Twilio simulator (404 against real Twilio). */

const base = '/api/v1/dev-phone';
const entry = z.looseObject({ sid: z.string(), to: z.string(), from: z.string(), direction: z.string(), status: z.string(), at: z.string() });
const call = entry.extend({ answeredBy: z.string().nullable() });
const message = entry.extend({ body: z.string() });
const state = z
  .looseObject({
    enabled: z.boolean(),
    nightlineNumber: z.string().optional(),
    nextCallChoices: z.array(nextCallBody.shape.nextCall).optional(),
    phones: z
      .array(z.looseObject({ number: z.string(), name: z.string(), calls: z.array(call), messages: z.array(message) }))
      .optional(),
  })
  .meta({ id: 'DevPhoneState' });
const simAnswer = z.looseObject({}).meta({ id: 'DevPhoneSimulatorAnswer' });

export const devPhoneDocs = docGroup({
  tag: 'Dev phone',
  description: 'Simulated phones of the built-in Twilio simulator (only while it runs on loopback).',
  auth: 'bearer',
  operations: [
    {
      method: 'get',
      path: base,
      operationId: 'getDevPhone',
      summary: "Every person's simulated phone with its recent calls and texts (enabled: false without the simulator)",
      responses: { 200: { description: 'OK', schema: state } },
    },
    {
      method: 'post',
      path: `${base}/phones/{number}/next-call`,
      operationId: 'setDevPhoneNextCall',
      summary: 'What this phone does when Nightline next calls it',
      body: { schema: nextCallBody, example: { nextCall: 'answer-press-1' } },
      responses: { 200: { description: 'OK', schema: z.looseObject({ number: z.string(), nextCall: z.string() }) } },
      errors: [502, 503],
    },
    {
      method: 'post',
      path: `${base}/sms`,
      operationId: 'sendDevPhoneSms',
      summary: "Text Nightline's number (or `to`) from a simulated phone",
      body: { schema: devSmsBody, example: { from: '+15551230001', body: 'ACK' } },
      responses: { 201: { description: 'Sent', schema: simAnswer } },
      errors: [404, 409, 502, 503],
    },
    {
      method: 'post',
      path: `${base}/calls`,
      operationId: 'placeDevPhoneCall',
      summary: 'Place a call from a simulated phone to a number Nightline owns (a phone line)',
      body: { schema: devCallBody, example: { from: '+15551230001', to: '+15005550006' } },
      responses: { 201: { description: 'Ringing', schema: simAnswer } },
      errors: [404, 409, 502, 503],
    },
  ],
});
