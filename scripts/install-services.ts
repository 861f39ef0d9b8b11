/** `npm run services:install`: installs (or finds in the cache) the Temporal and Mongo-wire binaries and the Schemathesis fuzzer, nothing more. */
import { ensureBinaries, ensureSchemathesis } from './services/binaries';
import { stderrLog } from './services/log';

Promise.all([ensureBinaries(stderrLog), ensureSchemathesis(stderrLog)]).then(
  ([b, st]) => console.log(`binaries ready in ${b.cacheDir} (schemathesis: ${st})`),
  (err: unknown) => {
    console.error('installing the local service binaries failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
