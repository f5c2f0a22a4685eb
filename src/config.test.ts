import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('TOPOGRAPH_READ_CACHE_MB', () => {
  it('defaults to 64 MiB; 0 turns the cache off', () => {
    expect(loadConfig({}).readCacheBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ TOPOGRAPH_READ_CACHE_MB: '0' }).readCacheBytes).toBe(0);
    expect(loadConfig({ TOPOGRAPH_READ_CACHE_MB: '8' }).readCacheBytes).toBe(8 * 1024 * 1024);
  });

  it('refuses what is not a whole number of MiB, naming the setting', () => {
    for (const bad of ['-1', '1.5', 'lots', '70000']) {
      expect(() => loadConfig({ TOPOGRAPH_READ_CACHE_MB: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ TOPOGRAPH_READ_CACHE_MB: bad })).toThrow(/TOPOGRAPH_READ_CACHE_MB/);
    }
  });
});

describe('TOPOGRAPH_CHECK_WRITES', () => {
  it('is off unless turned on; a value that is not on or off is refused, naming the setting', () => {
    expect(loadConfig({}).checkWrites).toBe(false);
    expect(loadConfig({ TOPOGRAPH_CHECK_WRITES: 'on' }).checkWrites).toBe(true);
    expect(loadConfig({ TOPOGRAPH_CHECK_WRITES: 'off' }).checkWrites).toBe(false);
    expect(() => loadConfig({ TOPOGRAPH_CHECK_WRITES: 'maybe' })).toThrow(/TOPOGRAPH_CHECK_WRITES/);
  });
});
