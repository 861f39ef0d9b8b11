import { z } from 'zod';
import { devCallBody, devLineCallBody, devSmsBody, nextCallBody } from '../routes/dev-phone.routes';
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
const lineCall = z.looseObject({ sid: z.string(), from: z.string(), to: z.string(), line: z.string() }).meta({ id: 'DevPhoneLineCall' });
const callProgress = z
  .looseObject({
    sid: z.string(),
    from: z.string(),
    to: z.string(),
    status: z.string(),
    heard: z.array(z.string()).meta({ description: 'What the caller was told, in order' }),
    pressed: z.array(z.string()),
    rang: z.array(z.looseObject({ numbers: z.array(z.string()), result: z.string() })),
  })
  .meta({ id: 'DevPhoneCallProgress' });
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
    {
      method: 'post',
      path: `${base}/lines/{id}/call`,
      operationId: 'callPhoneLineFromDevPhone',
      summary: "Call a phone line as a customer would (its number is routed to this service first); keys pressed at each menu",
      body: { schema: devLineCallBody, example: { pressDigits: ['1'] }, required: false },
      responses: { 201: { description: 'Ringing', schema: lineCall } },
      errors: [404, 409, 502, 503],
    },
    {
      method: 'get',
      path: `${base}/calls/{sid}`,
      operationId: 'getDevPhoneCall',
      summary: 'A simulated call as its caller lived it: what they heard, keys pressed, whom the line rang',
      responses: { 200: { description: 'OK', schema: callProgress } },
      errors: [404, 502, 503],
    },
  ],
});
