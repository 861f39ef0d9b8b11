import { Router, type Request, type Response } from 'express';
import {
  BUNDLE_ALL_HANDLED,
  BUNDLE_ITEM_ACKED,
  BUNDLE_LAST_GOODBYE,
  bundleAckAllText,
  bundleMachineText,
} from '../../domain/page-bundle';
import { GOODBYE, PAGE_GONE, TRY_AGAIN, wrongDigitText } from '../../domain/twiml-voice-text';
import type { TwilioContext } from './context';
import { acknowledgeMembers, answerBundle, fanOut, loadBundle, type BundleCall } from './page-bundle.service';
import { bundleItemTwiml, bundleMenuTwiml, type BundleItem } from './page-bundle.twiml';
import { loadPage, spokenAlert } from './page-call.service';
import { pageMenuTwiml } from './page-call.twiml';
import { field, queryParam, sayAndHangUp, sendTwiml } from './twiml';

const REPEAT_DIGIT = '9';

/**
 * The answer of a call that carries a bundle of more than one alert (`/voice/page?bundle=`): true when it
 * was handled here; false when the bundle holds one alert, which the single-page menu serves as before.
 */
export async function answerBundleCall(ctx: TwilioContext, req: Request, res: Response, machine: boolean): Promise<boolean> {
  const callSid = field(req.body, 'CallSid');
  const call = await answerBundle(ctx, queryParam(req.query, 'bundle'), callSid);
  if (!call) return false;
  if (machine) {
    // A voicemail gets one short message; every alert of the bundle falls back to SMS at once.
    await fanOut(ctx, call.bundle, 'machine', callSid, `voice-machine:${callSid}`, call.personName);
    sendTwiml(res, sayAndHangUp(bundleMachineText(call.personName, call.bundle.members.length)));
    return true;
  }
  await fanOut(ctx, call.bundle, 'answered', callSid, `voice-answered:${callSid}`, call.personName);
  if (call.announced.length === 0) {
    sendTwiml(res, sayAndHangUp(BUNDLE_ALL_HANDLED));
    return true;
  }
  const [only] = call.announced;
  if (call.announced.length === 1 && only) {
    // Everything else was handled meanwhile: the one alert left gets the ordinary page menu.
    const page = await loadPage(ctx, only.key);
    sendTwiml(res, page ? pageMenuTwiml(ctx.publicUrl, only.key, spokenAlert(page), { intro: true }) : sayAndHangUp(PAGE_GONE));
    return true;
  }
  sendTwiml(res, bundleMenuTwiml(ctx.publicUrl, call.bundle._id, call.personName, call.announced, { intro: true }));
  return true;
}

/** Keypresses on a bundle call: 1 acknowledges all (or, one by one, the alert just heard), 2 lists or moves on. */
export function pageBundleRoutes(ctx: TwilioContext): Router {
  const r = Router();

  r.post('/voice/bundle/digits', async (req, res) => {
    const callSid = field(req.body, 'CallSid');
    const digits = field(req.body, 'Digits');
    const b = await ctx.bundles.findById(queryParam(req.query, 'bundle'));
    if (!b || !b.announced || b.announced.length === 0) return sendTwiml(res, sayAndHangUp(PAGE_GONE));
    const call = await loadBundle(ctx, b);
    const item = parseItem(queryParam(req.query, 'item'), call.announced.length);
    if (item === null) return sendTwiml(res, sayAndHangUp(PAGE_GONE));
    const again = (prefix?: string) =>
      item === 'all'
        ? bundleMenuTwiml(ctx.publicUrl, b._id, call.personName, call.announced, { intro: !prefix, ...(prefix ? { prefix } : {}) })
        : bundleItemTwiml(ctx.publicUrl, b._id, call.announced, item, prefix);
    if (digits === REPEAT_DIGIT) return sendTwiml(res, again());
    if (digits !== '1' && digits !== '2') return sendTwiml(res, again(wrongDigitText(digits)));
    const next = item === 'all' ? 0 : item + 1;
    if (digits === '2') {
      return sendTwiml(res, next < call.announced.length ? bundleItemTwiml(ctx.publicUrl, b._id, call.announced, next) : sayAndHangUp(BUNDLE_LAST_GOODBYE));
    }
    try {
      // A replayed keypress (same call, menu and digit) gets the first one's answer and changes nothing.
      const xml = await ctx.receipts.once(
        `voice-bundle:${callSid}:${item}:${digits}`,
        { kind: 'voice-action', callSid },
        () => acknowledge(ctx, call, item, callSid),
        sayAndHangUp(`Your choice is being recorded. ${GOODBYE}`),
      );
      sendTwiml(res, xml);
    } catch (err) {
      ctx.log.warn({ err, callSid }, 'bundle keypress failed');
      sendTwiml(res, again(TRY_AGAIN));
    }
  });

  return r;
}

async function acknowledge(ctx: TwilioContext, call: BundleCall, item: BundleItem, callSid: string): Promise<string> {
  if (item === 'all') {
    const acked = await acknowledgeMembers(ctx, call, call.announced, callSid);
    return sayAndHangUp(bundleAckAllText(acked.length));
  }
  const m = call.announced[item];
  const acked = m ? await acknowledgeMembers(ctx, call, [m], callSid) : [];
  const said = acked.length === 1 ? BUNDLE_ITEM_ACKED : 'Nothing changed: it was already handled.';
  const next = item + 1;
  return next < call.announced.length ? bundleItemTwiml(ctx.publicUrl, call.bundle._id, call.announced, next, said) : sayAndHangUp(said, BUNDLE_LAST_GOODBYE);
}

function parseItem(raw: string, size: number): BundleItem | null {
  if (raw === 'all') return 'all';
  const n = Number(raw);
  return /^\d{1,4}$/.test(raw) && n < size ? n : null;
}
