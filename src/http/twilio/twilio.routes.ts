import express, { Router } from 'express';
import { createTwilioContext, type TwilioDeps } from './context';
import { inboundLineRoutes } from './inbound-line.routes';
import { pageBundleRoutes } from './page-bundle.routes';
import { pageCallRoutes } from './page-call.routes';
import { inboundRunbookRoutes } from './inbound-runbook.routes';
import { requireTwilioSignature } from './signature.middleware';
import { smsRoutes } from './sms.routes';
import { statusRoutes } from './status.routes';
import { testCallRoutes } from './test-call.routes';

/** Twilio parameters are few and short; anything bigger is not Twilio. */
const FORM_LIMIT = '64kb';

/**
 * Everything Twilio calls: mounted at /twilio. Every request must carry a valid X-Twilio-Signature for
 * PUBLIC_URL + its path; handlers answer fast and leave the slow work to Temporal.
 */
export function twilioRoutes(deps: TwilioDeps): Router {
  const ctx = createTwilioContext(deps);
  const r = Router();
  r.use(express.urlencoded({ extended: false, limit: FORM_LIMIT }));
  r.use(requireTwilioSignature(deps.config.TWILIO_AUTH_TOKEN, deps.config.PUBLIC_URL, deps.rateLimit));
  r.use(pageCallRoutes(ctx));
  r.use(pageBundleRoutes(ctx));
  r.use(statusRoutes(ctx));
  r.use(smsRoutes(ctx));
  r.use(inboundLineRoutes(ctx));
  r.use(inboundRunbookRoutes(ctx));
  r.use(testCallRoutes());
  return r;
}
