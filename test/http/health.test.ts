import { Client, Connection as TemporalConnection } from '@temporalio/client';
import request from 'supertest';
import { readinessChecks } from '../../src/readiness';
import { buildTestApp, type TestApp } from '../fixtures/app';

function temporalClient(address: string): Client {
  return new Client({ connection: TemporalConnection.lazy({ address }), namespace: 'default' });
}

describe('health and readiness', () => {
  let t: TestApp;
  let live: Client;
  let dead: Client;

  beforeAll(async () => {
    t = await buildTestApp();
    live = temporalClient(process.env.TEMPORAL_ADDRESS!);
    dead = temporalClient('127.0.0.1:1');
  });
  afterAll(async () => {
    await t.close();
    await live.connection.close().catch(() => undefined);
    await dead.connection.close().catch(() => undefined);
  });

  it('healthz answers while the process lives, without a token', async () => {
    const res = await request(t.app).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('an anonymous caller of readyz learns only ok or not ok, never which check failed or why', async () => {
    const { app } = await buildTestApp({ conn: t.conn, deps: { checks: readinessChecks(t.conn, dead) } });
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body).toEqual({ status: 'unavailable' });
  });

  it('readyz reports Mongo and Temporal as ok when both really answer', async () => {
    const { app } = await buildTestApp({ conn: t.conn, deps: { checks: readinessChecks(t.conn, live) } });
    const res = await request(app).get('/readyz').set('Authorization', `Bearer ${t.token}`).expect(200);
    expect(res.body).toEqual({ status: 'ok', failing: [], checks: { mongo: { status: 'ok' }, temporal: { status: 'ok' } } });
  });

  it('when Temporal is unreachable, readyz answers 503 and names it', async () => {
    const { app } = await buildTestApp({ conn: t.conn, deps: { checks: readinessChecks(t.conn, dead) } });
    const res = await request(app).get('/readyz').set('Authorization', `Bearer ${t.token}`).expect(503);
    expect(res.body.failing).toEqual(['temporal']);
    expect(res.body.checks.mongo).toEqual({ status: 'ok' });
    expect(res.body.checks.temporal.status).toBe('failing');
    expect(res.body.checks.temporal.error).toEqual(expect.any(String));
  });

  it('when the Mongo connection is gone, readyz answers 503 and names mongo', async () => {
    const other = await buildTestApp();
    await other.conn.close();
    const { app } = await buildTestApp({ conn: other.conn, deps: { checks: readinessChecks(other.conn, live) } });
    const res = await request(app).get('/readyz').set('Authorization', `Bearer ${t.token}`).expect(503);
    expect(res.body.failing).toEqual(['mongo']);
    expect(res.body.checks.temporal).toEqual({ status: 'ok' });
  });
});
