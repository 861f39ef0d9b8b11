/** A table that scrolls sideways on a phone; focusable so a keyboard can scroll it too (axe scrollable-region-focusable). */
export function ScrollTable({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <div style={{ minWidth: 560 }}>{children}</div>
    </div>
  );
}
