import { describe, expect, it } from 'vitest';
import {
  formatOffset,
  formatUtcOffset,
  isValidTimeZone,
  parseLocalDateTime,
  utcToLocalInput,
  wallTimeToUtc,
  zoneOffsetMinutes,
  type WallToUtc,
} from '../src/tz';

function ok(r: WallToUtc) {
  if (r.status !== 'ok') throw new Error(`expected ok, got ${r.status}`);
  return r.instant;
}

describe('zoneOffsetMinutes', () => {
  it('follows daylight saving time in Paris', () => {
    expect(zoneOffsetMinutes(Date.parse('2027-01-10T12:00:00Z'), 'Europe/Paris')).toBe(60);
    expect(zoneOffsetMinutes(Date.parse('2027-07-10T12:00:00Z'), 'Europe/Paris')).toBe(120);
    // the change itself: 01:00 UTC on the last Sunday of March
    expect(zoneOffsetMinutes(Date.parse('2027-03-28T00:59:59Z'), 'Europe/Paris')).toBe(60);
    expect(zoneOffsetMinutes(Date.parse('2027-03-28T01:00:00Z'), 'Europe/Paris')).toBe(120);
  });

  it('handles half-hour, 45-minute and negative offsets', () => {
    expect(zoneOffsetMinutes(Date.parse('2027-01-10T00:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(zoneOffsetMinutes(Date.parse('2027-01-10T00:00:00Z'), 'Pacific/Chatham')).toBe(825);
    expect(zoneOffsetMinutes(Date.parse('2027-01-10T00:00:00Z'), 'America/New_York')).toBe(-300);
    expect(zoneOffsetMinutes(Date.parse('2027-01-10T00:00:00Z'), 'UTC')).toBe(0);
  });
});

describe('wallTimeToUtc', () => {
  it('converts an ordinary local time to an ISO instant with its offset', () => {
    const winter = ok(wallTimeToUtc('2027-01-10T09:00', 'Europe/Paris'));
    expect(winter.iso).toBe('2027-01-10T09:00:00+01:00');
    expect(winter.utc).toBe('2027-01-10T08:00:00.000Z');
    const summer = ok(wallTimeToUtc('2027-07-14T22:30', 'Europe/Paris'));
    expect(summer.iso).toBe('2027-07-14T22:30:00+02:00');
    expect(summer.utc).toBe('2027-07-14T20:30:00.000Z');
    expect(ok(wallTimeToUtc('2027-01-10T09:00', 'America/New_York')).iso).toBe('2027-01-10T09:00:00-05:00');
    expect(ok(wallTimeToUtc('2027-01-10T09:00', 'Asia/Kolkata')).iso).toBe('2027-01-10T09:00:00+05:30');
    expect(ok(wallTimeToUtc('2027-01-10T09:00', 'UTC')).iso).toBe('2027-01-10T09:00:00+00:00');
  });

  it('is right on both sides of the spring change in Paris (28 March 2027)', () => {
    expect(ok(wallTimeToUtc('2027-03-28T01:59', 'Europe/Paris')).iso).toBe('2027-03-28T01:59:00+01:00');
    const after = ok(wallTimeToUtc('2027-03-28T03:00', 'Europe/Paris'));
    expect(after.iso).toBe('2027-03-28T03:00:00+02:00');
    expect(after.utc).toBe('2027-03-28T01:00:00.000Z');
    // the day before and the day after use the offsets of their own date, not today's
    expect(ok(wallTimeToUtc('2027-03-27T12:00', 'Europe/Paris')).utc).toBe('2027-03-27T11:00:00.000Z');
    expect(ok(wallTimeToUtc('2027-03-29T12:00', 'Europe/Paris')).utc).toBe('2027-03-29T10:00:00.000Z');
  });

  it('reports a local time that does not exist (clocks go forward) and suggests the shifted one', () => {
    const r = wallTimeToUtc('2027-03-28T02:30', 'Europe/Paris');
    expect(r.status).toBe('nonexistent');
    if (r.status !== 'nonexistent') return;
    expect(r.instant.iso).toBe('2027-03-28T03:30:00+02:00');
    expect(r.instant.utc).toBe('2027-03-28T01:30:00.000Z');
    expect(r.instant.local).toBe('2027-03-28T03:30');

    const ny = wallTimeToUtc('2027-03-14T02:30', 'America/New_York');
    expect(ny.status).toBe('nonexistent');
    if (ny.status === 'nonexistent') expect(ny.instant.iso).toBe('2027-03-14T03:30:00-04:00');

    // Lord Howe Island moves its clocks by 30 minutes
    const lh = wallTimeToUtc('2027-10-03T02:15', 'Australia/Lord_Howe');
    expect(lh.status).toBe('nonexistent');
    if (lh.status === 'nonexistent') expect(lh.instant.iso).toBe('2027-10-03T02:45:00+11:00');
  });

  it('takes the first of two instants when clocks go back (31 October 2027 in Paris)', () => {
    const r = wallTimeToUtc('2027-10-31T02:30', 'Europe/Paris');
    expect(r.status).toBe('ambiguous');
    if (r.status !== 'ambiguous') return;
    expect(r.instant.iso).toBe('2027-10-31T02:30:00+02:00');
    expect(r.instant.utc).toBe('2027-10-31T00:30:00.000Z');
    expect(r.later.iso).toBe('2027-10-31T02:30:00+01:00');
    expect(r.later.utc).toBe('2027-10-31T01:30:00.000Z');
    expect(ok(wallTimeToUtc('2027-10-31T03:00', 'Europe/Paris')).iso).toBe('2027-10-31T03:00:00+01:00');

    const lh = wallTimeToUtc('2027-04-04T01:45', 'Australia/Lord_Howe');
    expect(lh.status).toBe('ambiguous');
    if (lh.status === 'ambiguous') {
      expect(lh.instant.utc).toBe('2027-04-03T14:45:00.000Z');
      expect(lh.later.utc).toBe('2027-04-03T15:15:00.000Z');
    }
  });

  it('refuses what is not a date and time, and unknown zones', () => {
    expect(wallTimeToUtc('', 'Europe/Paris').status).toBe('invalid');
    expect(wallTimeToUtc('2027-02-30T10:00', 'Europe/Paris').status).toBe('invalid');
    expect(wallTimeToUtc('2027-01-10T24:00', 'Europe/Paris').status).toBe('invalid');
    expect(wallTimeToUtc('10/01/2027 09:00', 'Europe/Paris').status).toBe('invalid');
    expect(wallTimeToUtc('2027-01-10T09:00', 'Mars/Olympus_Mons').status).toBe('invalid');
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('accepts seconds, as some browsers send them', () => {
    expect(parseLocalDateTime('2027-01-10T09:00:30')).toEqual({ year: 2027, month: 1, day: 10, hour: 9, minute: 0, second: 30 });
    expect(ok(wallTimeToUtc('2027-01-10T09:00:30', 'Europe/Paris')).iso).toBe('2027-01-10T09:00:30+01:00');
  });
});

describe('utcToLocalInput', () => {
  it('shows a stored UTC instant as a local time in the debate zone, and round-trips', () => {
    expect(utcToLocalInput('2027-03-28T01:30:00.000Z', 'Europe/Paris')).toBe('2027-03-28T03:30');
    expect(utcToLocalInput('2027-10-31T00:30:00.000Z', 'Europe/Paris')).toBe('2027-10-31T02:30');
    expect(utcToLocalInput('2027-01-10T08:00:00Z', 'America/New_York')).toBe('2027-01-10T03:00');
    for (const iso of ['2027-01-10T08:00:00.000Z', '2027-07-01T21:15:00.000Z', '2027-03-28T01:00:00.000Z']) {
      expect(ok(wallTimeToUtc(utcToLocalInput(iso, 'Europe/Paris'), 'Europe/Paris')).utc).toBe(iso);
    }
    expect(utcToLocalInput('nonsense', 'Europe/Paris')).toBe('');
  });
});

describe('offset formatting', () => {
  it('writes ISO offsets and short labels', () => {
    expect(formatOffset(120)).toBe('+02:00');
    expect(formatOffset(-210)).toBe('-03:30');
    expect(formatOffset(0)).toBe('+00:00');
    expect(formatUtcOffset(60)).toBe('UTC+1');
    expect(formatUtcOffset(330)).toBe('UTC+5:30');
    expect(formatUtcOffset(-300)).toBe('UTC−5');
    expect(formatUtcOffset(0)).toBe('UTC');
  });
});
