/** `npm run services:install`: installs (or finds in the cache) the Temporal and Mongo-wire binaries, nothing more. */
import { ensureBinaries } from './services/binaries';
import { stderrLog } from './services/log';

ensureBinaries(stderrLog).then(
  (b) => console.log(`binaries ready in ${b.cacheDir}`),
  (err: unknown) => {
    console.error('installing the local service binaries failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
