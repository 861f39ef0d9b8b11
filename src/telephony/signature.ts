import twilio from 'twilio';

export type WebhookParams = Record<string, string | string[] | undefined>;

function definedOnly(params: WebhookParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Checks `X-Twilio-Signature`. `url` must be the public URL Twilio requested (PUBLIC_URL + path + query),
 * `params` the parsed form body of a POST ({} for GET).
 */
export function isValidTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: WebhookParams,
): boolean {
  if (!signature) return false;
  try {
    return twilio.validateRequest(authToken, signature, url, definedOnly(params));
  } catch {
    // validateRequest throws on URLs it cannot parse; such a request cannot be genuine.
    return false;
  }
}

/** The signature Twilio would send for this URL and form body (used by the simulator and tests). */
export function signTwilioRequest(authToken: string, url: string, params: WebhookParams): string {
  return twilio.getExpectedTwilioSignature(authToken, url, definedOnly(params));
}
