import type { RequestHandler } from 'express';
import { isValidTwilioSignature, type WebhookParams } from '../../telephony/signature';
import { AppError } from '../errors';

/**
 * Rejects any /twilio request whose X-Twilio-Signature does not match. The signed URL is the public one
 * Twilio requested (PUBLIC_URL + the original path and query), never the one a proxy forwarded to us;
 * the signed parameters are the form body (none for GET, whose parameters are in the query).
 */
export function requireTwilioSignature(authToken: string, publicUrl: string): RequestHandler {
  const base = publicUrl.replace(/\/+$/, '');
  return (req, _res, next) => {
    const url = `${base}${req.originalUrl}`;
    const params: WebhookParams = req.method === 'POST' && isForm(req.body) ? req.body : {};
    if (!isValidTwilioSignature(authToken, req.get('x-twilio-signature'), url, params)) {
      return next(new AppError('forbidden', 'missing or invalid X-Twilio-Signature', 403));
    }
    next();
  };
}

function isForm(body: unknown): body is WebhookParams {
  return !!body && typeof body === 'object' && !Array.isArray(body);
}
