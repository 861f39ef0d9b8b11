import { Router } from 'express';
import { TEST_CALL_WORDS } from '../routes/contact-test.routes';
import { sayAndHangUp, sendTwiml } from './twiml';

/** What a person hears when they answer "send me a test call" (POST /api/v1/users/:id/test-call). */
export function testCallRoutes(): Router {
  const r = Router();
  r.post('/voice/test-call', (_req, res) => sendTwiml(res, sayAndHangUp(TEST_CALL_WORDS)));
  return r;
}
