// Wall-clock times in an IANA time zone ↔ UTC instants, with the browser's Intl API only (no time-zone
// database is shipped). Used by the debate form: a phase's start and end are typed as local times
// (<input type="datetime-local">) in the debate's time zone and sent as ISO instants with their offset.

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the browser knows this IANA time zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Milliseconds of a wall time read as if it were UTC (works for years below 100 too). */
function wallMs(w: WallTime): number {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, 0);
  return d.getTime();
}

/** The wall time shown by a clock in `timeZone` at this instant (seconds precision). */
export function wallTimeAt(epochMs: number, timeZone: string): WallTime {
  const parts = formatter(timeZone).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  const hour = get('hour');
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    // some engines wrote midnight as "24" before hourCycle was honoured
    hour: hour === 24 ? 0 : hour,
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of the zone from UTC at this instant, in minutes (east positive): 60 for Paris in winter. */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const whole = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return Math.round((wallMs(wallTimeAt(whole, timeZone)) - whole) / MINUTE);
}

/** Parses the value of an <input type="datetime-local">: "YYYY-MM-DDTHH:mm" (optionally ":ss"). */
export function parseLocalDateTime(value: string): WallTime | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value.trim());
  if (!m) return null;
  const w: WallTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: m[6] ? Number(m[6]) : 0,
  };
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 59) return null;
  const check = new Date(wallMs(w));
  if (check.getUTCDate() !== w.day || check.getUTCMonth() !== w.month - 1) return null; // e.g. 31 April
  return w;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** "+02:00", "-03:30", "+00:00". */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "UTC+2", "UTC+5:30", "UTC−3", "UTC" (for labels). */
export function formatUtcOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes < 0 ? '−' : '+';
  const abs = Math.abs(offsetMinutes);
  const minutes = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${minutes ? `:${pad(minutes)}` : ''}`;
}

function formatWall(w: WallTime, withSeconds: boolean): string {
  const year = w.year < 0 ? `-${pad(w.year, 6)}` : w.year > 9999 ? `+${pad(w.year, 6)}` : pad(w.year, 4);
  const date = `${year}-${pad(w.month)}-${pad(w.day)}`;
  const time = `${pad(w.hour)}:${pad(w.minute)}${withSeconds ? `:${pad(w.second)}` : ''}`;
  return `${date}T${time}`;
}

export interface ZonedInstant {
  /** Milliseconds since the epoch. */
  epochMs: number;
  /** The zone's offset at that instant, in minutes east of UTC. */
  offsetMinutes: number;
  /** ISO 8601 with the offset, as the API wants it: "2027-03-28T03:30:00+02:00". */
  iso: string;
  /** The same instant in UTC: "2027-03-28T01:30:00.000Z". */
  utc: string;
  /** The local wall time, as an <input type="datetime-local"> value: "2027-03-28T03:30". */
  local: string;
}

/** The instant as seen in `timeZone`. */
export function zonedInstant(epochMs: number, timeZone: string): ZonedInstant {
  const offsetMinutes = zoneOffsetMinutes(epochMs, timeZone);
  const wall = wallTimeAt(epochMs, timeZone);
  return {
    epochMs,
    offsetMinutes,
    iso: `${formatWall(wall, true)}${formatOffset(offsetMinutes)}`,
    utc: new Date(epochMs).toISOString(),
    local: formatWall(wall, false),
  };
}

export type WallToUtc =
  /** One instant has this wall time. */
  | { status: 'ok'; instant: ZonedInstant }
  /** Clocks went back: the wall time happened twice. `instant` is the earlier one, `later` the second. */
  | { status: 'ambiguous'; instant: ZonedInstant; later: ZonedInstant }
  /** Clocks went forward: the wall time never happened. `instant` is the same time read with the offset in
   *  force before the change, i.e. shifted forward by the gap (02:30 → 03:30 in Paris), like Temporal's
   *  "compatible" disambiguation; callers should ask the person to choose a real time instead. */
  | { status: 'nonexistent'; instant: ZonedInstant }
  /** Not a date and time, or an unknown time zone. */
  | { status: 'invalid' };

/**
 * Converts a wall-clock time in an IANA time zone to the UTC instant(s) with that wall time.
 * The offsets in force a day before and a day after are the candidates (time zones change their offset at
 * most once within two days); each candidate offset that maps back onto itself is a solution.
 */
export function wallTimeToUtc(local: string, timeZone: string): WallToUtc {
  const wall = parseLocalDateTime(local);
  if (!wall || !isValidTimeZone(timeZone)) return { status: 'invalid' };
  const w = wallMs(wall);
  const candidates = new Set([
    zoneOffsetMinutes(w - DAY, timeZone),
    zoneOffsetMinutes(w, timeZone),
    zoneOffsetMinutes(w + DAY, timeZone),
  ]);
  const solutions = [...new Set([...candidates].map((o) => w - o * MINUTE))]
    .filter((t) => zoneOffsetMinutes(t, timeZone) === Math.round((w - t) / MINUTE))
    .sort((a, b) => a - b);
  if (solutions.length === 1) return { status: 'ok', instant: zonedInstant(solutions[0], timeZone) };
  if (solutions.length >= 2) {
    return {
      status: 'ambiguous',
      instant: zonedInstant(solutions[0], timeZone),
      later: zonedInstant(solutions[solutions.length - 1], timeZone),
    };
  }
  const before = zoneOffsetMinutes(w - DAY, timeZone);
  return { status: 'nonexistent', instant: zonedInstant(w - before * MINUTE, timeZone) };
}

/** An ISO instant as an <input type="datetime-local"> value in `timeZone` ("" if it cannot be read). */
export function utcToLocalInput(iso: string, timeZone: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t) || !isValidTimeZone(timeZone)) return '';
  return zonedInstant(t, timeZone).local;
}

/** Time zones offered in the debate form (the browser's unknown ones are dropped). */
export const COMMON_TIME_ZONES: readonly string[] = [
  'Europe/Paris',
  'Europe/Amsterdam',
  'Europe/Athens',
  'Europe/Berlin',
  'Europe/Brussels',
  'Europe/Dublin',
  'Europe/Helsinki',
  'Europe/Lisbon',
  'Europe/London',
  'Europe/Luxembourg',
  'Europe/Madrid',
  'Europe/Monaco',
  'Europe/Rome',
  'Europe/Stockholm',
  'Europe/Vienna',
  'Europe/Warsaw',
  'Europe/Zurich',
  'Africa/Abidjan',
  'Africa/Algiers',
  'Africa/Casablanca',
  'Africa/Dakar',
  'Africa/Johannesburg',
  'Africa/Kinshasa',
  'Africa/Nairobi',
  'Africa/Tunis',
  'America/Cayenne',
  'America/Chicago',
  'America/Guadeloupe',
  'America/Los_Angeles',
  'America/Martinique',
  'America/Mexico_City',
  'America/Miquelon',
  'America/New_York',
  'America/Sao_Paulo',
  'America/Toronto',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Singapore',
  'Asia/Taipei',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Indian/Mayotte',
  'Indian/Reunion',
  'Pacific/Auckland',
  'Pacific/Noumea',
  'Pacific/Tahiti',
  'UTC',
];
