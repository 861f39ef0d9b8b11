import { amdSeconds, detectedAs } from '../amd';
import { CallInterrupted, type CallRun } from '../call-run';
import { runTwiml } from '../interpreter';
import { attr, type TwimlNode } from '../twiml';
import type { AnsweredBy } from '../types';
import { asMethod, resolveUrl } from '../util';

export type ScreenVerdict = 'accepted' | 'declined';

/**
 * `<Number url>` call screening: once the callee picks up, and before the calls are bridged, Twilio runs
 * the url's TwiML on the callee's leg while the caller keeps hearing ringing. The callee accepts when
 * that TwiML runs to its end; `<Hangup/>`/`<Reject/>`, the callee hanging up, or TwiML that cannot be
 * fetched declines it, and the parent's <Dial> then reports that nobody answered.
 * Returns the verdict and the simulated seconds the screening took.
 */
export async function screenCallee(
  leg: CallRun,
  noun: TwimlNode,
  docUrl: string | null,
): Promise<{ verdict: ScreenVerdict; seconds: number }> {
  const start = leg.elapsed;
  const url = resolveUrl(attr(noun, 'url') ?? '', docUrl);
  leg.screening = true;
  try {
    const mode = attr(noun, 'machineDetection');
    if (mode) {
      const answeredBy = detectedAs((leg.party.answer ?? 'human') as AnsweredBy, mode);
      await leg.wait(amdSeconds(answeredBy));
      leg.call.answeredBy = answeredBy;
      leg.log({ type: 'amd', answeredBy });
    }
    if (!url) {
      leg.log({ type: 'error', code: 21205, message: `<Number url="${attr(noun, 'url')}"> is not a URL` });
      return { verdict: 'declined', seconds: leg.elapsed - start };
    }
    const ending = await runTwiml(leg, { url, method: asMethod(attr(noun, 'method')) });
    return { verdict: ending === 'ended' ? 'accepted' : 'declined', seconds: leg.elapsed - start };
  } catch (err) {
    if (!(err instanceof CallInterrupted && err.reason.kind === 'party-hangup')) throw err;
    leg.log({ type: 'hangup', by: 'party' });
    return { verdict: 'declined', seconds: leg.elapsed - start };
  } finally {
    leg.screening = false;
  }
}
