import { randomBytes } from 'node:crypto';
import type { DrillStack } from './drill-stack';

/** One row of the drill's table: what was broken, and what was lost because of it. */
export interface DrillRow {
  scenario: string;
  did: string;
  pages: number;
  delivered: number;
  lost: number;
  duplicateCalls: number;
  notes: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let phoneSeq = 0;
const newPhone = () => `+1555${String(7_000_000 + Math.floor(Math.random() * 1_000_000) + phoneSeq++).padStart(7, '0')}`;

/** Attempt keys of the pages Twilio accepted (201), from the simulator's request log: `<alertId>:<round>:<level>:...`. */
function accepted(stack: DrillStack, kind: 'call' | 'sms'): Map<string, number> {
  const path = kind === 'call' ? '/Calls.json' : '/Messages.json';
  const out = new Map<string, number>();
  for (const r of stack.sim.records.requests) {
    if (r.method !== 'POST' || r.path !== path || r.status !== 201) continue;
    const hook = String(kind === 'call' ? r.params.Url : r.params.StatusCallback ?? '');
    const params = hook ? new URL(hook).searchParams : null;
    const key = params?.get('attempt');
    // A bundled call or text carried every page of its bundle, not only the one its URL names.
    const bundle = params?.get('bundle');
    const keys = new Set([...(key ? [key] : []), ...(bundle ? stack.bundles.members(bundle) : [])]);
    for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}
const forAlert = (m: Map<string, number>, alertId: string, level?: number) =>
  [...m.entries()].filter(([k]) => k.startsWith(`${alertId}:`) && (level === undefined || k.split(':')[2] === String(level)));
const duplicates = (m: Map<string, number>, alertIds: string[]) =>
  alertIds.reduce((n, id) => n + forAlert(m, id).reduce((d, [, c]) => d + c - 1, 0), 0);

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await Promise.resolve(check()).catch(() => false)) return true;
    await sleep(500);
  }
  return false;
}

async function person(stack: DrillStack, label: string, phone = newPhone()) {
  const id = await stack.created('/users', { name: `Drill ${label}`, email: `drill-${label}-${randomBytes(3).toString('hex')}@example.test`, phone, notificationPrefs: { channels: ['phone_call'] } });
  return { id, phone };
}
async function policy(stack: DrillStack, levels: string[][], delayMinutes = 30) {
  return stack.created('/escalation-policies', {
    name: `Drill ${randomBytes(3).toString('hex')}`,
    levels: levels.map((ids) => ({ targets: ids.map((id) => ({ type: 'user', id })), delayMinutes, repeatCount: 0, retryIntervalMinutes: 0 })),
  });
}
async function trigger(stack: DrillStack, policyId: string, title: string): Promise<string | undefined> {
  const r = await stack.api('POST', '/alerts', { title, severity: 'critical', source: 'drill', escalationPolicyId: policyId });
  return r.status === 202 && typeof r.body.id === 'string' ? r.body.id : undefined;
}
async function timeline(stack: DrillStack, alertId: string): Promise<{ key?: string; action: string; details?: string }[]> {
  const r = await stack.api('GET', `/alerts/${alertId}`);
  return (r.body.timeline as { key?: string; action: string; details?: string }[] | undefined) ?? [];
}

/** 50 escalations while the worker SIGKILLs itself in the crash windows and the drill kills it at random. */
export async function workerKills(stack: DrillStack, n = 50): Promise<DrillRow> {
  const people = await Promise.all([1, 2, 3, 4, 5].map((i) => person(stack, `wk${i}`)));
  const policies = await Promise.all(people.map((p) => policy(stack, [[p.id]])));
  await stack.setWorkerFaults('after-claim:0.05,after-dial:0.05');
  stack.killWorker(); // the next worker starts with the fault hooks
  const deathsBefore = stack.counts.workerDeaths;
  let randomKills = 0;
  let killing = true;
  const killer = (async () => {
    while (killing) {
      while (killing && !stack.workerUp()) await sleep(200);
      await sleep(3_000 + Math.random() * 12_000); // a random moment while it works
      if (!killing) break;
      stack.killWorker();
      randomKills++;
    }
  })();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = await trigger(stack, policies[i % policies.length]!, `worker-kill drill ${i}`);
    if (id) ids.push(id);
    await sleep(300);
  }
  const calls = () => accepted(stack, 'call');
  let lastReport = 0;
  await waitFor(() => {
    const done = ids.filter((id) => forAlert(calls(), id).length > 0).length;
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      process.stderr.write(`[drill] worker: ${done}/${ids.length} paged, ${stack.counts.workerDeaths - deathsBefore} kills\n`);
    }
    return done === ids.length;
  }, 8 * 60_000);
  killing = false;
  await killer;
  await stack.setWorkerFaults('');
  stack.killWorker();
  const lines = (await Promise.all(ids.map((id) => timeline(stack, id)))).flat();
  const reconciled = lines.filter((t) => /reconciled: placed earlier/.test(t.details ?? '')).length;
  const redialled = lines.filter((t) => /re-dialled after a crash/.test(t.details ?? '')).length;
  await stack.bundles.refresh();
  const delivered = ids.filter((id) => forAlert(calls(), id).length > 0).length;
  return {
    scenario: 'worker SIGKILL',
    did: `${n} escalations; worker killed ${stack.counts.workerDeaths - deathsBefore}x (${randomKills} at random times, the rest by fault hooks between claim and dial / dial and record)`,
    pages: ids.length,
    delivered,
    lost: ids.length - delivered,
    duplicateCalls: duplicates(calls(), ids),
    notes: `${reconciled} reconciled (placed earlier), ${redialled} re-dialled after a crash`,
  };
}

/** The API is SIGKILLed the moment it has answered 202. */
export async function apiKills(stack: DrillStack, n = 5): Promise<DrillRow> {
  const p = await person(stack, 'api');
  const pol = await policy(stack, [[p.id]]);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = await trigger(stack, pol, `api-kill drill ${i}`);
    const pid = stack.apiPid();
    if (pid) process.kill(pid, 'SIGKILL');
    if (id) ids.push(id);
    await stack.restartApi();
  }
  const calls = () => accepted(stack, 'call');
  await waitFor(() => ids.every((id) => forAlert(calls(), id).length > 0), 2 * 60_000);
  await stack.bundles.refresh();
  const delivered = ids.filter((id) => forAlert(calls(), id).length > 0).length;
  return { scenario: 'API SIGKILL after 202', did: `${n} alerts, API killed right after each 202 and restarted`, pages: ids.length, delivered, lost: ids.length - delivered, duplicateCalls: duplicates(calls(), ids), notes: `${n - ids.length} triggers not answered 202` };
}

/** The Mongo-wire server stops for a few seconds while escalations page, then comes back with its data. */
export async function mongoRestart(stack: DrillStack, n = 10): Promise<DrillRow> {
  const people = await Promise.all([1, 2].map((i) => person(stack, `mg${i}`)));
  const pol = await policy(stack, [[people[0]!.id, people[1]!.id]]);
  const ids: string[] = [];
  for (let i = 0; i < n / 2; i++) ids.push((await trigger(stack, pol, `mongo drill ${i}`))!);
  const restart = stack.restartMongo(5_000);
  for (let i = n / 2; i < n; i++) {
    const id = await trigger(stack, pol, `mongo drill ${i}`).catch(() => undefined);
    if (id) ids.push(id);
    await sleep(500);
  }
  await restart;
  const calls = () => accepted(stack, 'call');
  await waitFor(() => ids.every((id) => forAlert(calls(), id).length === 2), 3 * 60_000);
  let missingEntries = 0;
  await waitFor(async () => {
    missingEntries = 0;
    for (const id of ids) {
      // The API's timeline carries no keys: one call_placed entry per call that went out.
      const placed = (await timeline(stack, id)).filter((t) => t.action === 'call_placed').length;
      missingEntries += Math.max(0, forAlert(calls(), id).length - placed);
    }
    return missingEntries === 0;
  }, 60_000);
  const pages = ids.length * 2;
  await stack.bundles.refresh();
  const delivered = ids.reduce((s, id) => s + forAlert(calls(), id).length, 0);
  return { scenario: 'Mongo-wire restart', did: `${ids.length} alerts x 2 people; Mongo-wire server down 5 s mid-escalation`, pages, delivered, lost: pages - delivered, duplicateCalls: duplicates(calls(), ids), notes: `${missingEntries} timeline entries missing for calls that went out; ${n - ids.length} triggers refused while it was down` };
}

/** The Temporal dev server (with its database file) restarts between two levels of every escalation. */
export async function temporalRestart(stack: DrillStack, n = 5): Promise<DrillRow> {
  const [a, b] = await Promise.all([person(stack, 'tA'), person(stack, 'tB')]);
  const pol = await policy(stack, [[a!.id], [b!.id]], 1);
  const started = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = await trigger(stack, pol, `temporal drill ${i}`);
    if (id) started.set(id, Date.now());
  }
  const ids = [...started.keys()];
  const calls = () => accepted(stack, 'call');
  await waitFor(() => ids.every((id) => forAlert(calls(), id, 0).length > 0), 60_000);
  await stack.restartTemporal(5_000);
  await waitFor(() => ids.every((id) => forAlert(calls(), id, 1).length > 0), 4 * 60_000);
  const secondLevelAt = new Map<string, number>();
  for (const r of stack.sim.records.requests) {
    if (r.method !== 'POST' || r.path !== '/Calls.json' || r.status !== 201) continue;
    const key = new URL(String(r.params.Url)).searchParams.get('attempt') ?? '';
    const [id, , level] = key.split(':');
    if (level === '1' && id && !secondLevelAt.has(id)) secondLevelAt.set(id, r.at);
  }
  const late = ids.flatMap((id) => (secondLevelAt.has(id) ? [(secondLevelAt.get(id)! - started.get(id)! - 60_000) / 1000] : []));
  await stack.bundles.refresh();
  const delivered = ids.reduce((s, id) => s + Math.min(1, forAlert(calls(), id, 0).length) + Math.min(1, forAlert(calls(), id, 1).length), 0);
  return {
    scenario: 'Temporal restart',
    did: `${n} two-level escalations (1 min apart); dev server down 5 s after level 1, restarted with its db file`,
    pages: n * 2,
    delivered,
    lost: n * 2 - delivered,
    duplicateCalls: duplicates(calls(), ids),
    notes: late.length ? `level 2 rang ${Math.min(...late).toFixed(1)}-${Math.max(...late).toFixed(1)} s after its due time` : 'no level 2 call',
  };
}

/** Twilio answers 500 for 30 s, then hangs for 20 s; one person's calls are refused for good (SMS fallback). */
export async function twilioTrouble(stack: DrillStack, n = 10): Promise<DrillRow> {
  const ok = await person(stack, 'twOk');
  const blocked = await person(stack, 'twBlocked');
  stack.sim.phone(blocked.phone).script({ callApiError: 21215 });
  const [polOk, polBlocked] = await Promise.all([policy(stack, [[ok.id]]), policy(stack, [[blocked.id]])]);
  stack.sim.failRequestsFor(30_000, 500);
  const hang = sleep(30_000).then(() => stack.sim.slowRequestsFor(20_000, 20_000));
  const ids: { id: string; blocked: boolean }[] = [];
  for (let i = 0; i < n; i++) {
    const isBlocked = i % 2 === 1;
    const id = await trigger(stack, isBlocked ? polBlocked : polOk, `twilio drill ${i}`);
    if (id) ids.push({ id, blocked: isBlocked });
    await sleep(1_000);
  }
  await hang;
  const called = (x: { id: string }) => forAlert(accepted(stack, 'call'), x.id).length > 0;
  const texted = (x: { id: string }) => forAlert(accepted(stack, 'sms'), x.id).length > 0;
  // Delivered: the person was reached, by the call or (once the call was given up) by its SMS fallback.
  const got = (x: { id: string; blocked: boolean }) => (x.blocked ? texted(x) : called(x) || texted(x));
  await waitFor(() => ids.every(got), 5 * 60_000);
  await stack.bundles.refresh();
  const delivered = ids.filter(got).length;
  const fallbacks = ids.filter((x) => x.blocked && got(x)).length;
  const gaveUp = ids.filter((x) => !x.blocked && !called(x) && texted(x)).length;
  return {
    scenario: 'Twilio 500 for 30 s, then hangs 20 s',
    did: `${n} alerts during the outage; half to a number whose calls Twilio refuses (SMS fallback)`,
    pages: ids.length,
    delivered,
    lost: ids.length - delivered,
    duplicateCalls: duplicates(accepted(stack, 'call'), ids.map((x) => x.id)),
    notes: `${fallbacks}/${ids.filter((x) => x.blocked).length} SMS fallbacks for refused calls delivered; ${gaveUp} calls given up after 5 tries in the outage, reached by SMS fallback`,
  };
}
