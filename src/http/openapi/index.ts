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
import { onCallNowDocs } from './on-call.openapi';
import { devPhoneDocs } from './dev-phone.openapi';
import { dryRunDocs } from './dry-run.openapi';
import { identityDocs } from './identity.openapi';
import { reportsDocs } from './reports.openapi';
import { channelLinksDocs, serviceChannelsDocs } from '../channels/channels.openapi';

export type { DocGroup, OperationDoc } from './registry';
export { docGroup } from './registry';

/**
 * Every documented route group. A router added to createApp registers its group here, and
 * test/http/openapi-document.test.ts checks the two agree.
 */
export const docGroups: DocGroup[] = [
  operationsDocs,
  ingestDocs,
  identityDocs,
  usersDocs,
  schedulesDocs,
  onCallNowDocs,
  policiesDocs,
  servicesDocs,
  phoneLinesDocs,
  alertsDocs,
  reportsDocs,
  runbooksDocs,
  twilioDocs,
  devPhoneDocs,
  dryRunDocs,
  serviceChannelsDocs,
  channelLinksDocs,
];

let cached: Record<string, unknown> | undefined;

/** The document served at /openapi.json (built once: the schemas do not change at run time). */
export function openApiDocument(): Record<string, unknown> {
  cached ??= buildOpenApiDocument({ groups: docGroups });
  return cached;
}
