import {
  alertsDocs,
  phoneLinesDocs,
  policiesDocs,
  runbooksDocs,
  servicesDocs,
  usersDocs,
} from './admin.openapi';
import { buildOpenApiDocument } from './document';
import { ingestDocs, operationsDocs, twilioDocs } from './public.openapi';
import type { DocGroup } from './registry';
import { schedulesDocs } from './schedules.openapi';
import { devPhoneDocs } from './dev-phone.openapi';
import { dryRunDocs } from './dry-run.openapi';
import { authDocs } from './auth.openapi';
import { emailActionDocs, identityDocs, serviceChannelDocs } from './identity.openapi';

export type { DocGroup, OperationDoc } from './registry';
export { docGroup } from './registry';

/**
 * Every documented route group. A router added to createApp registers its group here (Slack webhooks: add a
 * `slackDocs` group with `auth: 'slack'`), and test/http/openapi-coverage.test.ts checks the two agree.
 */
export const docGroups: DocGroup[] = [
  operationsDocs,
  ingestDocs,
  usersDocs,
  schedulesDocs,
  policiesDocs,
  servicesDocs,
  phoneLinesDocs,
  alertsDocs,
  runbooksDocs,
  twilioDocs,
  devPhoneDocs,
  dryRunDocs,
  authDocs,
  identityDocs,
  serviceChannelDocs,
  emailActionDocs,
];

let cached: Record<string, unknown> | undefined;

/** The document served at /openapi.json (built once: the schemas do not change at run time). */
export function openApiDocument(): Record<string, unknown> {
  cached ??= buildOpenApiDocument({ groups: docGroups });
  return cached;
}
