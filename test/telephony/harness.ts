import { startTwilioSimulator, type TwilioSimulator } from '../../src/telephony/simulator';
import type { SimTiming } from '../../src/telephony/simulator/types';
import { TwilioProvider } from '../../src/telephony/twilio-provider';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  NIGHTLINE_NUMBER,
  startFakeNightline,
  type FakeNightline,
} from './fake-nightline';

export interface Harness {
  sim: TwilioSimulator;
  app: FakeNightline;
  provider: TwilioProvider;
}

/**
 * One simulator and one fake Nightline per test file; every test starts from a clean simulator
 * (no records, scripts or numbers) and a fresh set of recorded webhook hits.
 */
export function useTelephonyHarness(timing?: SimTiming): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    h.sim = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, timing });
    h.app = await startFakeNightline(AUTH_TOKEN);
    h.provider = new TwilioProvider({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      fromNumber: NIGHTLINE_NUMBER,
      apiBaseUrl: h.sim.baseUrl,
    });
  });
  beforeEach(() => {
    h.sim.reset();
    h.app.hits.length = 0;
  });
  afterAll(async () => {
    await h.sim?.stop();
    await h.app?.stop();
  });
  return h;
}

export const ONCALL_PHONE = '+15551230001';
export const SECONDARY_PHONE = '+15551230002';
