import type { RequestHandler } from 'express';
import { isValidTwilioSignature, type WebhookParams } from '../../telephony/signature';
import { AppError } from '../errors';

/**
 * Rejects any /twilio request whose X-Twilio-Signature does not match. The signed URL is the public one
 * Twilio requested (PUBLIC_URL + the original path and query), never the one a proxy forwarded to us;
 * the signed parameters are the form body (none for GET, whose parameters are in the query).
 *
 * `limitUnsigned` (the per-address rate limit) counts only the requests that fail the check: an address that
 * keeps sending them gets 429 instead of 403. Signed requests are never limited. Twilio's own callbacks
 * (each call's answer, keypresses and status changes, each text's status) come faster than any fixed limit
 * in a storm, all from a few addresses (one, behind a proxy). A callback refused there would leave a call
 * unanswered, or its bundle joinable after it ended.
 */
export function requireTwilioSignature(authToken: string, publicUrl: string, limitUnsigned?: RequestHandler): RequestHandler {
  const base = publicUrl.replace(/\/+$/, '');
  return (req, res, next) => {
    const url = `${base}${req.originalUrl}`;
    const params: WebhookParams = req.method === 'POST' && isForm(req.body) ? req.body : {};
    if (isValidTwilioSignature(authToken, req.get('x-twilio-signature'), url, params)) return next();
    const refuse = (err?: unknown) => next(err ?? new AppError('forbidden', 'missing or invalid X-Twilio-Signature', 403));
    if (limitUnsigned) return void limitUnsigned(req, res, refuse);
    refuse();
  };
}

function isForm(body: unknown): body is WebhookParams {
  return !!body && typeof body === 'object' && !Array.isArray(body);
}
