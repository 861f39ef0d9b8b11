/** Times in the viewer's zone, with the zone named, so nobody has to guess. */
const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function fmt(iso: string | null | undefined, zone = viewerZone): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: zone, timeZoneName: 'short' }).format(new Date(iso));
}

export const viewerTimeZone = viewerZone;
