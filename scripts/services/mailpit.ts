import { spawnService } from './child-service';
import { LOOPBACK, pickPort } from './free-port';
import { waitUntilReady } from './readiness';

const READY_TIMEOUT_MS = 30_000;

export interface RunningMailpit {
  /** For SMTP_URL: smtp://127.0.0.1:PORT */
  smtpUrl: string;
  /** Web inbox and REST API (/api/v1/messages). */
  webUrl: string;
  stop(): Promise<void>;
}

/** Starts Mailpit on two free loopback ports (SMTP and HTTP), in memory, and waits until its API answers. */
export async function startMailpit(binary: string, opts: { smtpPort?: number; webPort?: number } = {}): Promise<RunningMailpit> {
  const smtpPort = await pickPort(opts.smtpPort);
  const webPort = await pickPort(opts.webPort);
  const webUrl = `http://${LOOPBACK}:${webPort}`;
  const child = spawnService('mailpit', binary, [
    '--smtp',
    `${LOOPBACK}:${smtpPort}`,
    '--listen',
    `${LOOPBACK}:${webPort}`,
    '--disable-version-check',
    '--quiet',
  ]);
  await waitUntilReady(
    child,
    `Mailpit on ${webUrl}`,
    async () => {
      const res = await fetch(`${webUrl}/api/v1/messages?limit=1`, { signal: AbortSignal.timeout(2_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    },
    READY_TIMEOUT_MS,
  );
  return { smtpUrl: `smtp://${LOOPBACK}:${smtpPort}`, webUrl, stop: () => child.stop() };
}
