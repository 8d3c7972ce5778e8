import { describe, expect, it } from 'vitest';
import { BaseConnectorSettings, parseDuration } from '../../../../shared/connectors/settings.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['1.5h', 5_400_000],
    [' 2m ', 120_000],
    ['24', undefined],
    ['h', undefined],
    ['-1h', undefined],
    ['1w', undefined],
  ])('%s → %s', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });
});

describe('BaseConnectorSettings', () => {
  it('fills the defaults and parses durations to milliseconds', () => {
    const s = BaseConnectorSettings.parse({ base_url: 'http://127.0.0.1:8089/', lookback: '2h' });
    expect(s).toMatchObject({ enabled: true, base_url: 'http://127.0.0.1:8089', lookback: 7_200_000, max_window: 86_400_000, lag: 0, timeout: 30_000, max_attempts: 4 });
  });

  it.each(['ftp://x', 'not a url', 'http://'])('refuses the base URL %s', (base_url) => {
    expect(BaseConnectorSettings.safeParse({ base_url }).success).toBe(false);
  });
});
