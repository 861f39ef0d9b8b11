import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { notFound } from '../errors';
import { isoInstant } from '../validation/common';
import { parseInput } from '../validation/parse';
import { SEVERITIES } from '../../db/alert.model';
import { createTargetDirectory } from '../../db/directory';
import { getPolicy, toSnapshot } from '../../db/escalation-policy.repository';
import { createDirectoryActivities } from '../../../activities/directory.activities';
import { attemptCount, attemptOffsetMs, escalateOffsetMs, levelLabel, nextPosition } from '../../domain/escalation-plan';
import { chooseChannels } from '../../domain/notification-channels';

export const dryRunBody = z.strictObject({
  /** When the alert would fire; default now. */
  at: isoInstant.optional(),
  severity: z.enum(SEVERITIES).default('critical'),
});

/** Most steps listed: a policy has at most 20 levels x 21 attempts x 11 passes; this keeps the answer readable. */
const MAX_STEPS = 200;

/**
 * POST /escalation-policies/:id/dry-run: "if this fired at `at`, who is paged when, on which channel, and what do
 * quiet hours change?" Uses the workflow's own pieces: the ladder timing of domain/escalation-plan, the target
 * lookup activity (resolveTargets) and domain/notification-channels' chooseChannels. It assumes nobody
 * acknowledges, and reads the schedules as they are now (later edits are not foreseen).
 */
export function escalationDryRunRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router({ mergeParams: true });
  const directory = createDirectoryActivities(createTargetDirectory(conn));
  r.post('/:id/dry-run', async (req, res) => {
    const { at, severity } = parseInput(dryRunBody, req.body);
    const dto = await getPolicy(conn, req.params.id);
    if (!dto) throw notFound('escalation policy', req.params.id);
    const policy = toSnapshot(dto);
    const start = at ?? new Date();
    const steps = [];
    let pos: ReturnType<typeof nextPosition> = policy.levels.length ? { round: 0, level: 0 } : 'exhausted';
    let levelStart = start.getTime();
    while (pos !== 'exhausted' && steps.length < MAX_STEPS) {
      const level = policy.levels[pos.level]!;
      for (let attempt = 0; attempt < attemptCount(level); attempt++) {
        const when = new Date(levelStart + attemptOffsetMs(level, attempt));
        const { people, gaps } = await directory.resolveTargets(level.targets, when.toISOString());
        steps.push({
          at: when.toISOString(),
          round: pos.round,
          level: pos.level,
          label: `${levelLabel(pos.level)}, attempt ${attempt + 1} of ${attemptCount(level)}`,
          attempt,
          people: people.map((p) => {
            const plan = chooseChannels({ severity, prefs: p.notificationPrefs, timezone: p.timezone, now: when });
            return { userId: p.id, name: p.name, deliver: plan.deliver, skipped: plan.skipped, deferUntil: plan.deferUntil?.toISOString() ?? null, later: plan.later ? { channels: plan.later.channels, at: plan.later.at.toISOString() } : null, note: plan.note ?? null };
          }),
          gaps: gaps.map((g) => ({ target: g.target, reason: g.reason })),
        });
      }
      levelStart += escalateOffsetMs(level);
      pos = nextPosition(policy, pos.round, pos.level);
    }
    res.json({ policyId: dto.id, at: start.toISOString(), severity, exhaustedAt: new Date(levelStart).toISOString(), steps });
  });
  return r;
}
