import { IANAZone } from 'luxon';
import { ScheduleError } from './schedule-errors';
// Module-level aliases: inside test runners' vm contexts every global lookup (Math) is slow.
const { floor, max, min, round } = Math;

/**
 * Wall-clock maths for one IANA zone. A "local" value is a floating wall-clock reading encoded as
 * milliseconds (the reading taken as if it were UTC), so local calendar arithmetic is plain addition.
 *
 * DST rules (Luxon's defaults differ: it shifts a nonexistent time forward by the offset change, and it
 * resolves an ambiguous time to the second occurrence, so it is not used for the local -> instant step):
 * - a nonexistent local time (spring forward, or midnight in zones such as America/Santiago) maps to the
 *   first valid instant after it, i.e. the transition instant;
 * - an ambiguous local time (fall back) maps to its first occurrence.
 *
 * Offsets come from the platform's tz data (via Luxon/Intl), sampled daily and bisected to the second,
 * then memoised per 16-day chunk: pure memoisation, no I/O. It assumes a zone changes offset at most once
 * per day and at most once in any 30 hours, which holds for every zone since 1970.
 */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const CHUNK = 16 * DAY;
const MAX_ZONE_OFFSET = 15 * HOUR;

interface Transition {
  at: number;
  offset: number;
}
interface Chunk {
  startOffset: number;
  transitions: Transition[];
}

class ZoneClock {
  /** Chunks from 1970 on live in a (sparse) array, earlier ones in a map. */
  private readonly recent: Chunk[] = [];
  private readonly older = new Map<number, Chunk>();
  // Lookups cluster in time: remembering the last chunk skips most Map lookups.
  private lastIdx = NaN;
  private lastChunk: Chunk | undefined;
  constructor(private readonly zone: IANAZone) {}

  private raw(ms: number): number {
    return round(this.zone.offset(ms) * MINUTE);
  }

  private chunk(idx: number): Chunk {
    if (idx === this.lastIdx) return this.lastChunk!;
    let c = idx >= 0 ? this.recent[idx] : this.older.get(idx);
    if (c) {
      this.lastIdx = idx;
      this.lastChunk = c;
      return c;
    }
    const base = idx * CHUNK;
    const transitions: Transition[] = [];
    let prevAt = base;
    let prevOff = this.raw(base);
    const startOffset = prevOff;
    for (let at = base + DAY; at <= base + CHUNK; at += DAY) {
      const off = this.raw(at);
      if (off !== prevOff) transitions.push(this.bisect(prevAt, at, off));
      prevAt = at;
      prevOff = off;
    }
    c = { startOffset, transitions: transitions.filter((t) => t.at < base + CHUNK) };
    if (idx >= 0) this.recent[idx] = c;
    else this.older.set(idx, c);
    return c;
  }

  /** First instant in (lo, hi] whose offset is `offHi` (to the second). */
  private bisect(lo: number, hi: number, offHi: number): Transition {
    while (hi - lo > SECOND) {
      const mid = lo + floor((hi - lo) / 2 / SECOND) * SECOND;
      if (this.raw(mid) === offHi) hi = mid;
      else lo = mid;
    }
    return { at: hi, offset: offHi };
  }

  offset(ms: number): number {
    const c = this.chunk(floor(ms / CHUNK));
    let off = c.startOffset;
    for (const t of c.transitions) {
      if (t.at > ms) break;
      off = t.offset;
    }
    return off;
  }

  /** First transition instant in (lo, hi], or undefined. */
  transitionIn(lo: number, hi: number): number | undefined {
    for (let idx = floor(lo / CHUNK); idx <= floor(hi / CHUNK); idx++) {
      const start = idx * CHUNK;
      // A transition exactly on a chunk boundary shows only as a changed start offset.
      if (start > lo && start <= hi && this.chunk(idx).startOffset !== this.offset(start - 1)) return start;
      for (const t of this.chunk(idx).transitions) if (t.at > lo && t.at <= hi) return t.at;
    }
    return undefined;
  }

  toLocal(ms: number): number {
    return ms + this.offset(ms);
  }

  fromLocal(local: number): number {
    const idx = floor((local - MAX_ZONE_OFFSET) / CHUNK);
    if (idx === floor((local + MAX_ZONE_OFFSET) / CHUNK)) {
      // Every candidate instant lies in one chunk: without a transition there, the offset is constant.
      const c = this.chunk(idx);
      if (c.transitions.length === 0) return local - c.startOffset;
    }
    const before = this.offset(local - MAX_ZONE_OFFSET);
    const after = this.offset(local + MAX_ZONE_OFFSET);
    // Larger offset = earlier instant: trying it first picks the first occurrence of an ambiguous time.
    const first = max(before, after);
    const second = min(before, after);
    if (this.offset(local - first) === first) return local - first;
    if (this.offset(local - second) === second) return local - second;
    // Nonexistent: the clock jumped from `before` to `after` over this reading.
    const t = this.transitionIn(local - after, local - before);
    if (t === undefined) throw new ScheduleError('tz_data', `cannot resolve local time in ${this.zone.name}`);
    return t;
  }
}

const clocks = new Map<string, ZoneClock>();

export function isValidTimeZone(zone: string): boolean {
  return typeof zone === 'string' && zone.length > 0 && IANAZone.isValidZone(zone);
}

export function zoneClock(zone: string): ZoneClock {
  let c = clocks.get(zone);
  if (!c) {
    if (!isValidTimeZone(zone)) throw new ScheduleError('invalid_timezone', `timezone: unknown IANA zone "${zone}"`);
    c = new ZoneClock(IANAZone.create(zone));
    clocks.set(zone, c);
  }
  return c;
}

export type { ZoneClock };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** 'YYYY-MM-DD' -> local midnight (floating ms); throws on an impossible date. */
export function parseLocalDate(date: string, field = 'date'): number {
  const m = DATE_RE.exec(date);
  // Not Date.UTC: it maps years 0-99 to 1900-1999, so a valid "0000-05-02" would be refused here but not at the edge.
  const ms = m ? new Date(0).setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || formatLocalDate(ms) !== date) throw new ScheduleError('invalid_date', `${field} must be YYYY-MM-DD, got "${date}"`);
  return ms;
}

/** 'HH:mm' -> milliseconds after local midnight. */
export function parseWallTime(time: string, field = 'time'): number {
  const m = TIME_RE.exec(time);
  if (!m) throw new ScheduleError('invalid_time', `${field} must be HH:mm, got "${time}"`);
  return Number(m[1]) * HOUR + Number(m[2]) * MINUTE;
}

export function formatLocalDate(local: number): string {
  return Number.isFinite(local) ? new Date(local).toISOString().slice(0, 10) : 'invalid';
}

export const isLocalDate = (s: string) => DATE_RE.test(s) && formatLocalDate(Date.parse(`${s}T00:00:00Z`)) === s;
export const isWallTime = (s: string) => TIME_RE.test(s);

/** Local midnight of the day containing a floating local value. */
export const localDayStart = (local: number) => floor(local / DAY) * DAY;

/** 0 = Sunday; 1970-01-01 was a Thursday. */
export const localWeekday = (local: number) => (((floor(local / DAY) + 4) % 7) + 7) % 7;
