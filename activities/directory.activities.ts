import type { EscalationTarget } from '../src/domain/escalation.types';
import type { ResolvedTargets } from './activity.types';
import type { Person, TargetDirectory } from './ports';

/** Resolves a level's targets at one instant into the people to page (each person once). */
export function createDirectoryActivities(directory: TargetDirectory) {
  return {
    async resolveTargets(targets: EscalationTarget[], at: string): Promise<ResolvedTargets> {
      const people: Person[] = [];
      const gaps: ResolvedTargets['gaps'] = [];
      const add = (p: Person) => {
        if (!people.some((q) => q.id === p.id)) people.push(p);
      };
      for (const target of targets) {
        if (target.type === 'user') {
          const user = await directory.getUser(target.id);
          if (user) add(user);
          else gaps.push({ target, reason: `unknown user ${target.id}` });
          continue;
        }
        const { person, reason } = await directory.onCallForSchedule(target.id, new Date(at));
        if (person) add(person);
        else gaps.push({ target, reason: reason ?? `nobody on call for schedule ${target.id}` });
      }
      return { people, gaps };
    },
  };
}
