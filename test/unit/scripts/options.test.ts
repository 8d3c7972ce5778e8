import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../shared/config/index.js';
import { parseDuration, resolveConfigPath, resolveDataDir } from '../../../scripts/cli/options.js';
import { captureIo } from './capture-io.js';

describe('parseDuration', () => {
  it.each([
    ['60s', 60_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1500ms', 1_500],
    ['90', 90_000],
    ['2.5s', 2_500],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '5d', '-1s', '10ms', '0s'])('refuses %j as bad usage', (text) => {
    expect(() => parseDuration(text)).toThrow(expect.objectContaining({ name: 'UsageError' }));
  });
});

describe('where the CLI keeps its data', () => {
  const config = loadConfig({ env: {}, overrides: { store: { path: 'from-config' } } });

  it('takes --data first, then BRIDGE_DATA_DIR, then store.path, then ./.bridge-data', () => {
    const io = captureIo('/work/x', { BRIDGE_DATA_DIR: '/env/dir' });
    expect(resolveDataDir({ data: 'flag' }, io, config)).toBe('/work/x/flag');
    expect(resolveDataDir({}, io, config)).toBe('/env/dir');
    expect(resolveDataDir({}, captureIo('/work/x'), config)).toBe('/work/x/from-config');
    expect(resolveDataDir({}, captureIo('/work/x'))).toBe('/work/x/.bridge-data');
  });

  it('takes the config file from --config, then BRIDGE_CONFIG, else none', () => {
    expect(resolveConfigPath({ config: 'a.yaml' }, captureIo('/w', { BRIDGE_CONFIG: '/b.yaml' }))).toBe('/w/a.yaml');
    expect(resolveConfigPath({}, captureIo('/w', { BRIDGE_CONFIG: '/b.yaml' }))).toBe('/b.yaml');
    expect(resolveConfigPath({}, captureIo('/w', { BRIDGE_CONFIG: '' }))).toBeUndefined();
  });
});
