/** Times in the viewer's zone, with the zone named, so nobody has to guess. */
const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function fmt(iso: string | null | undefined, zone = viewerZone): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone, timeZoneName: 'short' }).format(new Date(iso));
}

export const viewerTimeZone = viewerZone;
