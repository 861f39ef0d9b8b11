import { startStack, type Stack, type StackUser } from '../fixtures/stack';

jest.setTimeout(120_000);

/** Twilio's default limit: one call a second. Pages queue in the pacers, which grant slots critical first. */
let s: Stack;
beforeAll(async () => {
  s = await startStack({ env: { TWILIO_CALLS_PER_SECOND: '1' } });
});
afterAll(async () => {
  await s?.stop();
});

async function onCall(name: string): Promise<{ person: StackUser; policyId: string }> {
  const person = await s.aUser(name);
  s.sim.phone(person.phone).answers({ pressDigits: ['1'] });
  const policy = await s.aPolicy([[{ type: 'user', id: person.id }]]);
  return { person, policyId: policy.id };
}

it('with a limit of 1 call per second, a critical page queued behind high ones is called next, then the rest by time', async () => {
  const highs = await Promise.all(['H1', 'H2', 'H3', 'H4', 'H5', 'H6'].map(onCall));
  const crit = await onCall('Crit');
  // The high pages, in order: the first is dialled at once and takes this second's slot, the others queue behind
  // the limit. (Fired together, two alerts' workflows may reach the pacer in either order; queued, they go by time.)
  await s.trigger(highs[0]!.policyId, { title: `${highs[0]!.person.name} slow`, severity: 'high' });
  await s.sim.records.waitFor(() => s.callsTo(highs[0]!.person.phone)[0], 15_000, 'the first call');
  for (const h of highs.slice(1)) await s.trigger(h.policyId, { title: `${h.person.name} slow`, severity: 'high' });
  const critTriggeredAt = Date.now();
  await s.trigger(crit.policyId, { title: 'Database down', severity: 'critical' });

  const everyone = [...highs, crit];
  await s.sim.records.waitFor(() => everyone.every((p) => s.callsTo(p.person.phone).length > 0), 60_000, 'a call to everyone');
  const order = [...s.sim.records.calls].sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime()).map((c) => everyone.find((p) => p.person.phone === c.to)!.person.name);
  const critCall = s.callsTo(crit.person.phone)[0]!.dateCreated.getTime();
  const highsAfter = highs.filter((h) => s.callsTo(h.person.phone)[0]!.dateCreated.getTime() > critCall);
  const highsBetween = highs.filter((h) => {
    const t = s.callsTo(h.person.phone)[0]!.dateCreated.getTime();
    return t > critTriggeredAt && t < critCall;
  });
  // Only a high page already granted its slot when the critical one reached the pacer may go before it.
  expect(highsBetween.length).toBeLessThanOrEqual(1);
  expect(highsAfter.length).toBeGreaterThanOrEqual(2);
  expect(order.filter((n) => n !== 'Crit')).toEqual(highs.map((h) => h.person.name));
  const at = s.sim.records.calls.map((c) => c.dateCreated.getTime()).sort((a, b) => a - b);
  for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(980);
});
