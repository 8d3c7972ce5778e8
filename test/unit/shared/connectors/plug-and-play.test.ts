import { describe, expect, it } from 'vitest';
import { CONNECTOR_LOADERS, resolveConnectors } from '../../../../shared/connectors/registry.js';

const SECTIONS: Record<string, Record<string, unknown>> = {
  kubernetes: { cluster_id: 'prod-eu', auth: 'token', base_url: 'http://127.0.0.1:1', token_secret_ref: 'env:K8S_TOKEN' },
  github: { base_url: 'http://127.0.0.1:1', token_secret_ref: 'env:GH', repositories: ['octo-org/checkout'] },
  postgres: { connection_secret_ref: 'env:PG_URL' },
};

describe('plug-and-play (seed 003 FR-001, FR-006)', () => {
  it.each(Object.keys(SECTIONS))('enabling only %s imports only its module, which has capabilities and healthCheck', async (name) => {
    const loaded: string[] = [];
    const loaders = Object.fromEntries(Object.entries(CONNECTOR_LOADERS).map(([type, load]) => [type, () => (loaded.push(type), load())]));
    const others = Object.fromEntries(Object.keys(SECTIONS).filter((n) => n !== name).map((n) => [n, { ...SECTIONS[n], enabled: false }]));
    const { enabled, disabled } = await resolveConnectors({ [name]: SECTIONS[name], ...others }, loaders);
    expect(loaded).toEqual([name]);
    expect(disabled.sort()).toEqual(Object.keys(others).sort());
    const connector = enabled[0]!.module.create(enabled[0]!.settings, {
      name,
      secrets: { get: async () => 'x' },
      fetch,
      clock: () => 0,
      sleep: async () => undefined,
      random: () => 0.5,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    expect(typeof connector.healthCheck).toBe('function');
    expect(connector.capabilities().source).toBe(name);
  });
});
