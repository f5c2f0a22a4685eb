import { describe, expect, it } from 'vitest';
import { parseWallClock } from './time.js';
import { parseTimeCondition } from './time-condition.js';

describe('parseWallClock', () => {
  const at = (v: string, zone: string) => new Date(parseWallClock('t', v, zone)!).toISOString();

  it('reads a wall-clock time in the zone, with the offset of that moment across daylight-saving changes', () => {
    expect(at('2024-03-10 05:00:00', 'America/New_York')).toBe('2024-03-10T09:00:00.000Z');
    expect(at('2024-03-10 01:00:00', 'America/New_York')).toBe('2024-03-10T06:00:00.000Z');
    expect(at('2024-11-03 03:00:00', 'America/New_York')).toBe('2024-11-03T08:00:00.000Z');
    expect(at('2024-03-31 01:30:00', 'Europe/Berlin')).toBe('2024-03-31T00:30:00.000Z');
    expect(at('2024-10-27 03:30:00', 'Europe/Berlin')).toBe('2024-10-27T02:30:00.000Z');
    expect(at('2021-05-13 01:00:00', 'Asia/Shanghai')).toBe('2021-05-12T17:00:00.000Z');
    expect(at('2021-05-13', 'Asia/Shanghai')).toBe('2021-05-12T16:00:00.000Z');
  });

  it('takes RFC 3339 with its own offset, milliseconds kept', () => {
    expect(at('2022-02-22T20:34:01.386+08:00', 'America/New_York')).toBe('2022-02-22T12:34:01.386Z');
    expect(at('2022-02-22T12:34:01Z', 'Asia/Shanghai')).toBe('2022-02-22T12:34:01.000Z');
  });

  it('refuses what is not such a time, or a date or time that does not exist, naming the field', () => {
    for (const v of ['2020-02-30 00:00:00', '2026-13-45 99:99:99', '2024-01-01 24:00:00', 'Jan 1 2024 00:00:00z', 'yesterday', '2024-1-1', 5, true]) {
      expect(() => parseWallClock('condition.start', v, 'UTC'), String(v)).toThrow(/'condition\.start' must be a time/);
    }
    expect(parseWallClock('t', '', 'UTC')).toBeUndefined();
    expect(parseWallClock('t', null, 'UTC')).toBeUndefined();
  });
});

describe('parseTimeCondition', () => {
  it('turns each rule into an inclusive range on its field, all rules together', () => {
    const node = parseTimeCondition(
      'time_condition',
      { oper: 'and', rules: [{ field: 'create_time', start: '2024-01-01 00:00:00', end: '2024-01-02 00:00:00' }, { field: 'last_time', start: '2024-01-01T00:00:00Z', end: '2024-01-01T00:00:00Z' }] },
      'UTC',
    );
    expect(node).toEqual({
      combine: 'and',
      rules: [
        { field: 'create_time', op: 'gte', value: Date.UTC(2024, 0, 1), text: false },
        { field: 'create_time', op: 'lte', value: Date.UTC(2024, 0, 2), text: false },
        { field: 'last_time', op: 'gte', value: Date.UTC(2024, 0, 1), text: false },
        { field: 'last_time', op: 'lte', value: Date.UTC(2024, 0, 1), text: false },
      ],
    });
    expect(parseTimeCondition('time_condition', undefined, 'UTC')).toBeUndefined();
  });

  it('refuses a rule over 20, an unknown field, a missing end, and a start after its end', () => {
    const rule = { field: 'create_time', start: '2024-01-01 00:00:00', end: '2024-01-02 00:00:00' };
    expect(() => parseTimeCondition('tc', { oper: 'and', rules: Array(21).fill(rule) }, 'UTC')).toThrow(/exceed the limit 20/);
    expect(() => parseTimeCondition('tc', { oper: 'and', rules: [{ ...rule, field: 'bk_set_name' }] }, 'UTC')).toThrow(/'tc\.rules\[0\]\.field'/);
    expect(() => parseTimeCondition('tc', { oper: 'and', rules: [{ ...rule, end: undefined }] }, 'UTC')).toThrow(/'tc\.rules\[0\]\.end' unassigned/);
    expect(() => parseTimeCondition('tc', { oper: 'and', rules: [{ ...rule, start: rule.end, end: rule.start }] }, 'UTC')).toThrow(/must not be later than its end/);
  });
});
