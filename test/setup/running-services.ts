import type { RunningServices } from '../../scripts/services/start-services';

// globalSetup and globalTeardown run in the same jest process but may load separate module
// instances, so the handle lives on globalThis.
const KEY = Symbol.for('nightline.integration.services');
type Holder = { [KEY]?: RunningServices };

export function setRunningServices(services: RunningServices): void {
  (globalThis as Holder)[KEY] = services;
}

export function takeRunningServices(): RunningServices | undefined {
  const holder = globalThis as Holder;
  const services = holder[KEY];
  delete holder[KEY];
  return services;
}
