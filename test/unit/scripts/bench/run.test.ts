import { describe, expect, it } from 'vitest';
import { settingsFrom } from '../../../../scripts/bench/run.js';

describe('bench settings', () => {
  it('runs at least 50 MiB per shape and 5 runs by default', () => {
    expect(settingsFrom([], {}, 2)).toMatchObject({ quick: false, mbPerShape: 50, runs: 5, importRuns: 9, s3MemoryBytes: 256 * 1024 * 1024, slots: 1 });
  });

  it('makes a smoke run with --quick', () => {
    expect(settingsFrom(['--quick'], {}, 2)).toMatchObject({ quick: true, mbPerShape: 5, runs: 3, importRuns: 7 });
  });

  it('takes the data size from BENCH_MB and refuses nonsense', () => {
    expect(settingsFrom([], { BENCH_MB: '12' }, 1)).toMatchObject({ mbPerShape: 12, slots: 1 });
    expect(settingsFrom([], { BENCH_PARALLEL: '2' }, 2)).toMatchObject({ slots: 2 });
    expect(settingsFrom([], { BENCH_PARALLEL: '4' }, 2)).toMatchObject({ slots: 2 });
    expect(() => settingsFrom([], { BENCH_MB: 'lots' })).toThrow(/BENCH_MB/);
  });
});

