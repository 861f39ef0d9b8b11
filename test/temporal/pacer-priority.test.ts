import { createPacer } from '../../src/temporal/paced-telephony';

/** Queues tickets at once on a fast pacer and returns the order they were let through. */
async function releaseOrder(tickets: { name: string; priority?: number; queuedAt?: number; signal?: AbortSignal }[]): Promise<string[]> {
  const slot = createPacer(50);
  const order: string[] = ['first'];
  // One page holds the line; the others queue behind it, in the order given.
  const first = await slot({ priority: 3 });
  setTimeout(() => first.done(), 50);
  await Promise.all(
    tickets.map(async (t) => {
      try {
        const s = await slot(t);
        order.push(t.name);
        s.done();
      } catch {
        order.push(`${t.name} (dropped)`);
      }
    }),
  );
  return order;
}

test('queued pages are let through critical first, then oldest first', async () => {
  const order = await releaseOrder([
    { name: 'high late', priority: 1, queuedAt: 300 },
    { name: 'high early', priority: 1, queuedAt: 200 },
    { name: 'critical', priority: 0, queuedAt: 400 },
    { name: 'low', priority: 3, queuedAt: 50 },
  ]);
  expect(order).toEqual(['first', 'critical', 'high early', 'high late', 'low']);
});

test('a page called off while it waits leaves the queue and is never let through', async () => {
  const abort = new AbortController();
  const slot = createPacer(2);
  const first = await slot();
  const queued = slot({ signal: abort.signal });
  abort.abort(new Error('acknowledged'));
  await expect(queued).rejects.toThrow('acknowledged');
  first.done();
  const next = await slot();
  next.done();
  expect(next.at).toBeGreaterThan(first.at);
});
