import { describe, expect, it } from 'vitest';
import { hotSpots } from '../../../../scripts/bench/profile.js';

const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber, columnNumber: 0 });

describe('the profile summary', () => {
  it('ranks self time by function, line and file, in milliseconds and shares of the whole', () => {
    const profile = {
      startTime: 0,
      endTime: 100_000, // 100 ms
      samples: new Array<number>(100).fill(0),
      nodes: [
        { id: 1, callFrame: frame('(root)', '', -1), hitCount: 0, children: [2, 3] },
        { id: 2, callFrame: frame('scan', 'file:///work/x/a.js', 9), hitCount: 60, positionTicks: [{ line: 12, ticks: 45 }, { line: 11, ticks: 15 }] },
        { id: 3, callFrame: frame('(garbage collector)', '', -1), hitCount: 40 },
      ],
    };
    const spots = hotSpots(profile, undefined, 'file:///work/x/bundle.mjs');
    expect(spots.totalMs).toBe(100);
    expect(spots.functions[0]).toMatchObject({ fn: 'scan', ms: 60, share: 0.6 });
    expect(spots.lines[0]!.where).toMatch(/a\.js:12$/);
    expect(spots.lines[0]!.ms).toBe(45);
    expect(spots.files.map((f) => Math.round(f.ms))).toEqual([60, 40]);
  });
});
