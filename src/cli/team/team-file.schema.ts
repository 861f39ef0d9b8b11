import { z } from 'zod';

/**
 * `team.yaml`: Nightline's configuration under stable names instead of ids. Users are named by email,
 * phone lines by number, everything else by name; references use those names. Fields the server owns
 * (ids, timestamps, calendar feeds, routing keys) are left out, so the file can live in git.
 */
const userRef = z.string().min(1);
const memberRef = z.strictObject({ user: userRef });

export const fileUser = z.looseObject({
  email: z.string().min(1),
  name: z.string().min(1),
  phone: z.string().min(1),
});

const rotation = z.looseObject({ members: z.array(memberRef).min(1) });
/** The team that owns a schedule, policy, service or phone line (absent: the default team). */
const ownerTeam = z.string().min(1).optional();
export const fileSchedule = z.looseObject({
  name: z.string().min(1),
  team: ownerTeam,
  timezone: z.string().min(1),
  members: z.array(memberRef).min(1),
  layers: z.array(rotation).optional(),
  holidayRotation: z
    .strictObject({ members: z.array(memberRef) })
    .nullable()
    .optional(),
});

const target = z.union([
  z.strictObject({ type: z.literal('user'), user: userRef }),
  z.strictObject({ type: z.literal('schedule'), schedule: z.string().min(1) }),
]);
export const filePolicy = z.looseObject({
  name: z.string().min(1),
  team: ownerTeam,
  owner: userRef.nullable().optional(),
  levels: z.array(z.looseObject({ targets: z.array(target).min(1) })).min(1),
});

export const fileService = z.looseObject({
  name: z.string().min(1),
  team: ownerTeam,
  escalationPolicy: z.string().min(1),
});

export const filePhoneLine = z.looseObject({
  number: z.string().min(1),
  team: ownerTeam,
  name: z.string().min(1),
  schedule: z.string().min(1).nullable().optional(),
  escalationPolicy: z.string().min(1).nullable().optional(),
});

export const ROLES = ['admin', 'manager', 'responder', 'viewer'] as const;
export const fileTeam = z.strictObject({
  name: z.string().min(1),
  members: z.array(z.strictObject({ user: userRef, role: z.enum(ROLES) })).default([]),
});

export const teamFile = z.strictObject({
  version: z.literal(1),
  users: z.array(fileUser).default([]),
  teams: z.array(fileTeam).default([]),
  schedules: z.array(fileSchedule).default([]),
  escalationPolicies: z.array(filePolicy).default([]),
  services: z.array(fileService).default([]),
  phoneLines: z.array(filePhoneLine).default([]),
});

export type TeamFile = z.output<typeof teamFile>;
export type Section = Exclude<keyof TeamFile, 'version'>;
export type Item = Record<string, unknown>;

/** Creation order: each section refers only to sections before it. Deletions run the other way. */
export const SECTIONS: readonly Section[] = [
  'users',
  'teams',
  'schedules',
  'escalationPolicies',
  'services',
  'phoneLines',
];

/** The field that names an item of each section. */
export const KEY: Record<Section, string> = {
  users: 'email',
  teams: 'name',
  schedules: 'name',
  escalationPolicies: 'name',
  services: 'name',
  phoneLines: 'number',
};
