import { createDirectoryActivities } from '../../activities/directory.activities';
import type { TargetDirectory } from '../../activities/ports';
import type { EscalationPolicySnapshot } from '../domain/escalation.types';
import type { FirstTargets } from '../../workflows/alert-context';

/** A lookup slower than this is left to the workflow, so a slow Mongo never holds up the trigger itself. */
export const PREFETCH_TIMEOUT_MS = 2_000;

/**
 * Who the first level pages, looked up when the alert is accepted, so that the workflow's first task can
 * schedule the calls at once instead of first running the lookup (a local activity and a second activation
 * of the workflow, on the critical path of every page). Best effort: any failure or delay returns
 * undefined and the workflow looks the targets up itself, as it does for every later level.
 */
export async function prefetchFirstTargets(directory: TargetDirectory, policy: EscalationPolicySnapshot, at: string): Promise<FirstTargets | undefined> {
  const first = policy.levels[0];
  if (!first) return undefined;
  const lookup = createDirectoryActivities(directory)
    .resolveTargets(first.targets, at)
    .then((resolved) => ({ at, resolved }));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), PREFETCH_TIMEOUT_MS)));
  try {
    return await Promise.race([lookup.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
