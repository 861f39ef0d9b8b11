/** The least a Temporal-based page can be (see temporal-floor.bench.ts): one update, one activity on its own queue. */
import { defineUpdate, setHandler, condition, proxyActivities } from '@temporalio/workflow';
export const trigger = defineUpdate<string, [string]>('trigger');
const { page } = proxyActivities<{ page(id: string): Promise<string> }>({ taskQueue: 'floor-calls', startToCloseTimeout: '10s' });
export async function floor(id: string): Promise<void> {
  setHandler(trigger, (x: string) => x);
  await page(id);
  await condition(() => false, '30 minutes');
}
