import { describe, expect, it } from 'vitest';
import { formatTime } from './time.js';

describe('formatTime', () => {
  it('answers bk-cmdb’s RFC 3339 with milliseconds and the zone offset', () => {
    const ms = Date.UTC(2022, 1, 22, 12, 34, 1, 386);
    expect(formatTime(ms, 'Asia/Shanghai')).toBe('2022-02-22T20:34:01.386+08:00');
    expect(formatTime(ms, 'UTC')).toBe('2022-02-22T12:34:01.386+00:00');
    expect(formatTime(ms, 'America/St_Johns')).toBe('2022-02-22T09:04:01.386-03:30');
  });

  it('follows daylight saving time on both sides of a change', () => {
    // Europe/Paris moved from +01:00 to +02:00 at 2024-03-31 01:00 UTC.
    expect(formatTime(Date.UTC(2024, 2, 31, 0, 59, 59, 999), 'Europe/Paris')).toBe('2024-03-31T01:59:59.999+01:00');
    expect(formatTime(Date.UTC(2024, 2, 31, 1, 0, 0, 0), 'Europe/Paris')).toBe('2024-03-31T03:00:00.000+02:00');
  });
});
