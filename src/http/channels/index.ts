import { Router } from 'express';
import { SlackWebProvider } from '../../channels/slack-web.provider';
import { emailActionRoutes, type EmailActionDeps } from './email-actions.routes';
import { slackRoutes } from './slack.routes';

/**
 * Public channel endpoints (no admin token: each carries its own credential): one-click email links at
 * /channels/email, and Slack's interactions and slash commands at /slack when Slack is configured.
 */
export function channelsRoutes(deps: EmailActionDeps): Router {
  const r = Router();
  r.use('/channels/email', emailActionRoutes(deps));
  const { SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: apiUrl } = deps.config;
  if (token && signingSecret) r.use('/slack', slackRoutes({ ...deps, signingSecret, slack: new SlackWebProvider({ token, apiUrl }) }));
  return r;
}
