import { createHash } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { Connection } from 'mongoose';
import type { SlackProvider } from '../../channels/channels';
import { verifySlackRequest } from '../../channels/signatures';
import { SLACK_ACTIONS } from '../../channels/slack-blocks';
import type { Config } from '../../config';
import { consumeNonce } from '../../db/channels/channel-state.model';
import { userModel } from '../../db/user.model';
import type { AlertEngine } from '../../temporal/alert-engine';
import { AppError, badRequest } from '../errors';
import { whoIsOnCall } from './oncall-command';
import { buttonValue, slackCommandForm, slackInteractionPayload } from './slack.schemas';

export interface SlackRouteDeps {
  config: Config;
  conn: Connection;
  engine: AlertEngine;
  slack: SlackProvider;
  signingSecret: string;
}

const FORM_LIMIT = '64kb';

/**
 * POST /slack/interactions (button presses) and /slack/commands (`/oncall`). Every request is verified
 * with the signing secret over the raw body and a 5-minute window; a forged one gets 401, and a replayed
 * one (same signature again) is answered without doing anything.
 */
export function slackRoutes(deps: SlackRouteDeps): Router {
  const r = Router();
  r.use(express.raw({ type: 'application/x-www-form-urlencoded', limit: FORM_LIMIT }));

  /** The raw form, once verified; undefined when the request was a replay (already answered). */
  async function verified(req: Request, res: Response): Promise<URLSearchParams | undefined> {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const signature = req.get('x-slack-signature');
    const check = verifySlackRequest(deps.signingSecret, { timestamp: req.get('x-slack-request-timestamp'), signature }, raw, new Date());
    if (!check.ok) throw new AppError('invalid_signature', `Slack request refused: ${check.reason}`, 401);
    const nonce = `slack:${createHash('sha256').update(signature ?? '').digest('hex')}`;
    if (!(await consumeNonce(deps.conn, nonce, new Date()))) {
      res.status(200).json({ response_type: 'ephemeral', text: 'This request was already handled.' });
      return undefined;
    }
    return new URLSearchParams(raw);
  }

  r.post('/interactions', async (req, res) => {
    const form = await verified(req, res);
    if (!form) return;
    let json: unknown;
    try {
      json = JSON.parse(form.get('payload') ?? '');
    } catch {
      throw badRequest('payload: must be JSON');
    }
    const parsed = slackInteractionPayload.safeParse(json);
    if (!parsed.success) return void res.status(200).end(); // other interaction types: nothing to do
    const payload = parsed.data;
    const action = payload.actions[0]!;
    const value = buttonValue.safeParse(action.value);
    if (!value.success) throw badRequest('actions.0.value: not a Nightline button');
    const [alertId, level] = value.data.split(':') as [string, string | undefined];

    const email = await deps.slack.userEmail(payload.user.id);
    const person = email ? await userModel(deps.conn).findOne({ email: { $eq: email } }).lean() : null;
    if (!person) {
      return void res.json({ response_type: 'ephemeral', text: 'Your Slack account’s email is not a Nightline user, so the press did nothing.' });
    }
    const by = { name: person.name, userId: String(person._id) };
    const result =
      action.action_id === SLACK_ACTIONS.acknowledge
        ? await deps.engine.acknowledge(alertId, by, 'slack')
        : action.action_id === SLACK_ACTIONS.resolve
          ? await deps.engine.resolve(alertId, by, 'slack')
          : action.action_id === SLACK_ACTIONS.escalate
            ? await deps.engine.escalate(alertId, by, Number(level ?? 0), 'slack')
            : undefined;
    if (!result) throw badRequest(`actions.0.action_id: unknown action ${action.action_id}`);
    res.json({ response_type: 'ephemeral', text: result.message });
  });

  r.post('/commands', async (req, res) => {
    const form = await verified(req, res);
    if (!form) return;
    const parsed = slackCommandForm.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw badRequest('not a Slack slash command');
    const { command, text } = parsed.data;
    if (command !== '/oncall') return void res.json({ response_type: 'ephemeral', text: `Nightline does not know ${command}.` });
    res.json({ response_type: 'ephemeral', text: await whoIsOnCall(deps.conn, text.trim(), new Date()) });
  });
  return r;
}
