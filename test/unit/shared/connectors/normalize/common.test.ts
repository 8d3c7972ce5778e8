import { describe, expect, it } from 'vitest';
import { contentId, eventId, severityFromWord, toIso } from '../../../../../shared/connectors/normalize/common.js';

describe('toIso', () => {
  it.each([
    [1795608000000, '2026-11-25T12:00:00.000Z'],
    [1795608000, '2026-11-25T12:00:00.000Z'],
    ['1795608000.250', '2026-11-25T12:00:00.250Z'],
    ['2026-11-25T13:00:00.000+01:00', '2026-11-25T12:00:00.000Z'],
    ['2026-11-25T12:00:00Z', '2026-11-25T12:00:00.000Z'],
    ['2026-11-25 12:00:00', '2026-11-25T12:00:00.000Z'],
    ['yesterday', ''],
    ['', ''],
    [null, ''],
    [Number.NaN, ''],
    [8.64e20, ''],
  ])('%s → %s', (value, expected) => {
    expect(toIso(value)).toBe(expected);
  });
});

describe('eventId', () => {
  it('joins parts and marks missing ones', () => {
    expect(eventId(['github', 'release', 'o/r', undefined])).toBe('github:release:o/r:-');
  });
  it('hashes an id that would pass 256 characters', () => {
    const id = eventId(['splunk', 'x'.repeat(300)]);
    expect(id).toMatch(/^splunk:sha256:[0-9a-f]{64}$/);
    expect(eventId(['splunk', 'x'.repeat(300)])).toBe(id);
  });
});

describe('contentId', () => {
  it('is stable for the same content and differs for different content', () => {
    expect(contentId('splunk', 'event', { a: 1 })).toBe(contentId('splunk', 'event', { a: 1 }));
    expect(contentId('splunk', 'event', { a: 1 })).not.toBe(contentId('splunk', 'event', { a: 2 }));
  });
});

describe('severityFromWord', () => {
  it.each([
    ['Critical', 'CRITICAL'],
    ['high', 'HIGH'],
    ['moderate', 'MEDIUM'],
    ['low', 'LOW'],
    ['informational', 'INFO'],
    ['banana', 'MEDIUM'],
    [undefined, 'MEDIUM'],
  ])('%s → %s', (word, expected) => {
    expect(severityFromWord(word, 'MEDIUM')).toBe(expected);
  });
});
