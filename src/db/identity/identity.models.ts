import { auditModel, loginFailureModel } from './audit.model';
import { apiTokenModel, credentialModel, oneTimeLinkModel, sessionModel } from './credential.model';
import { oidcFlowModel } from './oidc-flow.model';
import { membershipModel, teamModel, teamResourceModel } from './team.model';

/** Every identity collection, so initModels builds their unique indexes before the first request. */
export const IDENTITY_MODELS = [
  teamModel,
  membershipModel,
  teamResourceModel,
  credentialModel,
  sessionModel,
  apiTokenModel,
  oneTimeLinkModel,
  auditModel,
  loginFailureModel,
  oidcFlowModel,
] as const;
