import { alertSchema } from '../../src/db/alert.model';
import { notificationAttemptSchema } from '../../src/db/notification-attempt.model';
import { choosePlan, type IndexKeys } from '../../bench/index-plan';

const alertIndexes: IndexKeys[] = [{ _id: 1 }, ...alertSchema.indexes().map(([k]) => k as IndexKeys)];
const newestFirst = { createdAt: -1, _id: -1 } as const;

describe('which alert index serves the alert list (the rule bench:history applies where explain() is missing)', () => {
  it('when the list is filtered by service, the service index serves both the filter and the newest-first order', () => {
    expect(choosePlan(alertIndexes, { equality: ['serviceId'], range: [], sort: newestFirst })).toEqual({
      index: 'serviceId_1_createdAt_-1__id_-1',
      bound: ['serviceId'],
      blockingSort: false,
    });
  });

  it('when a status and a time window are given, the status index bounds both and needs no sort', () => {
    expect(choosePlan(alertIndexes, { equality: ['status'], range: ['createdAt'], sort: newestFirst })).toEqual({
      index: 'status_1_createdAt_-1__id_-1',
      bound: ['status', 'createdAt'],
      blockingSort: false,
    });
  });

  it('when an index lacks the _id tie-break, it cannot give the order and the query sorts in memory', () => {
    expect(choosePlan([{ status: 1, createdAt: -1 }], { equality: ['status'], range: [], sort: newestFirst })).toEqual({
      index: null,
      bound: [],
      blockingSort: true,
    });
  });

  it('when the fatigue report reads a month of pages for a schedule, the person-then-time index bounds it', () => {
    const attempts = [{ _id: 1 }, ...notificationAttemptSchema.indexes().map(([k]) => k as IndexKeys)] as IndexKeys[];
    expect(choosePlan(attempts, { equality: ['userId'], range: ['createdAt'], sort: {} }).index).toBe('userId_1_createdAt_1');
  });
});
