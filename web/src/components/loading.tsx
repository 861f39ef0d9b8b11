import { Loader } from '@mantine/core';

/**
 * A spinner that screen readers announce by name. Mantine's Loader is a bare span, which may not carry
 * aria-label on its own (axe: aria-prohibited-attr); role="status" makes the label valid and polite.
 */
export function Loading({ label }: { label: string }) {
  return <Loader role="status" aria-label={label} />;
}
