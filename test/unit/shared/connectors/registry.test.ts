import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { resolveConnectors, type ConnectorLoader } from '../../../../shared/connectors/registry.js';
import { connectorSettings } from '../../../../shared/connectors/settings.js';
import { ConfigError } from '../../../../shared/errors.js';

function fakeModule(type: string) {
  return { type, settings: connectorSettings({ data_types: z.array(z.string()).default(['things']), depth: z.number().int().max(3).optional() }), create: vi.fn() };
}

function loaders(): Record<string, ConnectorLoader & ReturnType<typeof vi.fn>> {
  return { alpha: vi.fn(async () => fakeModule('alpha')), beta: vi.fn(async () => fakeModule('beta')) };
}

describe('resolveConnectors', () => {
  it('loads and validates only the enabled connectors', async () => {
    const l = loaders();
    const resolved = await resolveConnectors({ alpha: { base_url: 'http://127.0.0.1:1' }, beta: { enabled: false } }, l);
    expect(resolved.enabled.map((e) => [e.name, e.type, e.settings.lookback])).toEqual([['alpha', 'alpha', 86_400_000]]);
    expect(resolved.disabled).toEqual(['beta']);
    expect(l.alpha).toHaveBeenCalledTimes(1);
    expect(l.beta).not.toHaveBeenCalled();
  });

  it('accepts several instances of one type under their own names', async () => {
    const resolved = await resolveConnectors({ alpha: { base_url: 'http://127.0.0.1:1' }, alpha_eu: { type: 'alpha', base_url: 'http://127.0.0.1:2' } }, loaders());
    expect(resolved.enabled.map((e) => [e.name, e.type])).toEqual([
      ['alpha', 'alpha'],
      ['alpha_eu', 'alpha'],
    ]);
  });

  it.each([
    [{ gamma: {} }, 'invalid config at connectors.gamma: unknown connector "gamma" (known: alpha, beta)'],
    [{ x: { type: 'gamma' } }, 'invalid config at connectors.x.type: unknown connector "gamma" (known: alpha, beta)'],
    [{ alpha: 'yes' }, 'invalid config at connectors.alpha: must be a mapping of settings'],
    [{ Alpha: {} }, 'invalid config at connectors.Alpha: a connector name must be lowercase letters, digits, _ or - (it names cursor and manifest keys)'],
    [{ alpha: { enabled: 'yes' } }, 'invalid config at connectors.alpha.enabled: must be true or false'],
    [{ alpha: { base_url: 'http://127.0.0.1:1', depth: 9 } }, 'invalid config at connectors.alpha.depth: Too big: expected number to be <=3'],
    [{ alpha: { base_url: 'http://127.0.0.1:1', data_types: ['x', 7] } }, 'invalid config at connectors.alpha.data_types[1]: Invalid input: expected string, received number'],
    [{ alpha: { base_url: 'http://127.0.0.1:1', colour: 'red' } }, 'invalid config at connectors.alpha.colour: Unrecognized key: "colour"'],
    [{ alpha: {} }, 'invalid config at connectors.alpha.base_url: Invalid input: expected string, received undefined'],
  ])('refuses %j with a message naming the path', async (section, message) => {
    const err = await resolveConnectors(section, loaders()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(message);
  });

  it('knows the five connectors and imports each from its own module', async () => {
    const resolved = await resolveConnectors({
      dynatrace: { base_url: 'http://127.0.0.1:1', api_token_secret_ref: 'env:A' },
      splunk: { base_url: 'http://127.0.0.1:1', token_secret_ref: 'env:A', searches: { notable: 'index=notable' } },
      servicenow: { base_url: 'http://127.0.0.1:1', username: 'u', password_secret_ref: 'env:A' },
      pagerduty: { base_url: 'http://127.0.0.1:1', token_secret_ref: 'env:A' },
      github: { base_url: 'http://127.0.0.1:1', token_secret_ref: 'env:A', repositories: ['o/r'] },
    });
    expect(resolved.enabled.map((e) => e.module.type)).toEqual(['dynatrace', 'splunk', 'servicenow', 'pagerduty', 'github']);
    expect(resolved.enabled.find((e) => e.name === 'splunk')!.settings).toMatchObject({ data_types: ['notable'] });
  });
});
