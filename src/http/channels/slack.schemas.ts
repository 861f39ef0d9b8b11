import { z } from 'zod';

/** Slack's block_actions payload, as much of it as Nightline reads (the rest passes). */
export const slackInteractionPayload = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1).max(40) }),
  actions: z
    .array(z.object({ action_id: z.string().max(255), value: z.string().max(2000).optional() }))
    .min(1)
    .max(5),
});

/** Form fields of a slash command. */
export const slackCommandForm = z.object({
  command: z.string().min(1).max(40),
  text: z.string().max(500).default(''),
  user_id: z.string().min(1).max(40),
});

/** `<alertId>` or, for Escalate, `<alertId>:<level the presser saw>`. */
export const buttonValue = z.string().regex(/^[0-9a-f]{24}(:\d{1,3})?$/i);
