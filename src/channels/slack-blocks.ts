import type { SlackBlock } from './channels';

/** What a Slack message about an alert shows; rendered again on every change (chat.update). */
export interface AlertCard {
  alertId: string;
  title: string;
  severity: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  /** 0-based current level. */
  level: number;
  /** The last change, e.g. "acknowledged by Alice via slack". */
  lastChange?: string;
}

export const SLACK_ACTIONS = { acknowledge: 'nightline_acknowledge', resolve: 'nightline_resolve', escalate: 'nightline_escalate' } as const;

const ICON: Record<AlertCard['status'], string> = { triggered: ':rotating_light:', acknowledged: ':eyes:', resolved: ':white_check_mark:' };

export function alertCardText(card: AlertCard): string {
  return `${card.severity.toUpperCase()} ${card.status}: ${card.title}`;
}

/** Block Kit for an alert: a summary, its state, and the buttons that still make sense. */
export function alertCardBlocks(card: AlertCard): SlackBlock[] {
  const blocks: SlackBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${ICON[card.status]} *${escapeMrkdwn(card.title)}*` } },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `*${card.severity}* · status *${card.status}* · level ${card.level + 1}${card.lastChange ? ` · ${escapeMrkdwn(card.lastChange)}` : ''}` },
      ],
    },
  ];
  const button = (text: string, action: string, value: string, style?: 'primary' | 'danger') => ({
    type: 'button',
    text: { type: 'plain_text', text },
    action_id: action,
    value,
    ...(style ? { style } : {}),
  });
  const buttons = [];
  if (card.status === 'triggered') buttons.push(button('Acknowledge', SLACK_ACTIONS.acknowledge, card.alertId, 'primary'));
  if (card.status !== 'resolved') buttons.push(button('Resolve', SLACK_ACTIONS.resolve, card.alertId));
  if (card.status === 'triggered') buttons.push(button('Escalate', SLACK_ACTIONS.escalate, `${card.alertId}:${card.level}`, 'danger'));
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: `alert:${card.alertId}`, elements: buttons });
  return blocks;
}

function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
