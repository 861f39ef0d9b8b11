import { Badge } from '@mantine/core';
import type { AlertStatus, Severity } from '../api/types';

export const SEVERITY_ORDER: Severity[] = ['critical', 'error', 'warning', 'info'];
const SEV_COLOR: Record<Severity, string> = { critical: 'red.9', error: 'orange.9', warning: 'yellow.9', info: 'blue.9' };
const STATUS_COLOR: Record<AlertStatus, string> = { triggered: 'red.9', acknowledged: 'yellow.9', resolved: 'green.9' };

/** Colour plus the word itself, so meaning never rests on colour alone. */
export const SeverityBadge = ({ severity }: { severity: Severity }) => (
  <Badge color={SEV_COLOR[severity]} variant="filled">
    {severity}
  </Badge>
);

export const StatusBadge = ({ status }: { status: AlertStatus }) => (
  <Badge color={STATUS_COLOR[status]} variant="filled">
    {status}
  </Badge>
);
