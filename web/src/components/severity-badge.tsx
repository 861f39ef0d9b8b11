import { Badge } from '@mantine/core';
import type { AlertStatus, Severity } from '../api/types';

export const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low'];
// Dark shades: white text on them passes WCAG AA (4.5:1) contrast.
const SEV_COLOR: Record<Severity, string> = { critical: '#a51111', high: '#9c3d00', medium: '#6b4e00', low: '#1c4f9c' };
const STATUS_COLOR: Record<AlertStatus, string> = { triggered: '#a51111', acknowledged: '#6b4e00', resolved: '#1b5e20' };

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
