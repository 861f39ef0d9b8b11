import { useCan } from '../api/me';
import type { Role } from '../api/me';

/** Renders its children only for a caller holding `role` in some team (or an admin): see api/me.ts. */
export function Can({ role, children }: { role: Role; children: React.ReactNode }) {
  const can = useCan();
  return can(role) ? <>{children}</> : null;
}
