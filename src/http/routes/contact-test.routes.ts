import { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppDeps } from '../app';
import { AppError, conflict, notFound } from '../errors';
import { hookUrl } from '../twilio/twiml';
import { getUser } from '../../db/user.repository';
import { createSmsOptOutRepository } from '../../db/sms-opt-out.repository';
import { TwilioProvider } from '../../telephony/twilio-provider';
import { TelephonyError, type TelephonyProvider } from '../../telephony/telephony';

/** A person checks their own phone a few times while setting it up; more than this is a prank or a loop. */
export const CONTACT_TESTS_PER_WINDOW = 3;
const WINDOW_MS = 10 * 60_000;

export const TEST_CALL_WORDS = 'This is a test call from Nightline. Your phone is ready to receive pages. Goodbye.';
export const TEST_SMS_TEXT = 'Nightline test message: your phone is ready to receive pages. No reply needed.';

/**
 * POST /api/v1/users/:id/test-call and /test-sms: "send me a test call / SMS", through the same Twilio
 * provider pages use (the loopback simulator in dev). Who may: the person themself or an admin (route-rules);
 * each is audited, and limited per person and channel so nobody can ring a colleague's phone in a loop.
 */
export function contactTestRoutes({ config, conn }: Pick<AppDeps, 'config' | 'conn'>, telephony?: TelephonyProvider): Router {
  const r = Router();
  const phone =
    telephony ??
    new TwilioProvider({
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      fromNumber: config.TWILIO_FROM_NUMBER,
      apiBaseUrl: config.TWILIO_API_BASE_URL,
    });
  const optOuts = createSmsOptOutRepository(conn);
  const limit = rateLimit({
    windowMs: WINDOW_MS,
    limit: CONTACT_TESTS_PER_WINDOW,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    validate: false,
    keyGenerator: (req: Request) => `${String(req.params.id)}:${req.path.endsWith('sms') ? 'sms' : 'call'}`,
    handler: (_req, _res, next) => next(new AppError('rate_limited', `at most ${CONTACT_TESTS_PER_WINDOW} tests per person and channel every 10 minutes`, 429)),
  });

  const person = async (id: string) => {
    const user = await getUser(conn, id);
    if (!user) throw notFound('user', id);
    return user;
  };
  const viaProvider = async <T>(what: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (err) {
      if (err instanceof TelephonyError && err.kind === 'permanent') throw new AppError('telephony_refused', `${what}: ${err.message}`, 422);
      throw new AppError('unavailable', `${what}: the telephony provider did not answer; try again`, 503);
    }
  };

  r.post('/:id/test-call', limit, async (req, res) => {
    const user = await person(String(req.params.id));
    const placed = await viaProvider('test call', () =>
      phone.placeCall({
        to: user.phone,
        url: hookUrl(config.PUBLIC_URL, '/voice/test-call', {}),
        // The page-status hook ignores a call that belongs to no notification attempt.
        statusCallback: hookUrl(config.PUBLIC_URL, '/voice/status', {}),
        timeoutSeconds: 30,
      }),
    );
    res.status(202).json({ channel: 'phone_call', to: user.phone, sid: placed.sid, status: placed.status });
  });

  r.post('/:id/test-sms', limit, async (req, res) => {
    const user = await person(String(req.params.id));
    if ((await optOuts.optedOutAmong([user.phone])).has(user.phone)) {
      throw conflict(`${user.phone} replied STOP; it must text START to Nightline's number before SMS can reach it`);
    }
    const sent = await viaProvider('test SMS', () => phone.sendSms({ to: user.phone, body: TEST_SMS_TEXT }));
    res.status(202).json({ channel: 'sms', to: user.phone, sid: sent.sid, status: sent.status });
  });
  return r;
}
