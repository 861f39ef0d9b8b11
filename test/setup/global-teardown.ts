import { takeRunningServices } from './running-services';

export default async function globalTeardown(): Promise<void> {
  await takeRunningServices()?.stop();
}
