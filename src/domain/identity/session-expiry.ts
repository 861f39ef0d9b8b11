/** Session lifetime: an idle timeout and an absolute one, whichever comes first. */
export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export function sessionExpired(s: SessionTimes, now: Date, limits: SessionLimits): 'idle' | 'absolute' | null {
  if (now.getTime() - s.createdAt.getTime() >= limits.absoluteMs) return 'absolute';
  if (now.getTime() - s.lastSeenAt.getTime() >= limits.idleMs) return 'idle';
  return null;
}
