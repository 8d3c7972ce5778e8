import type { TokenCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, SecretError } from '../../../../shared/errors.js';
import { AzureKeyVaultSource } from '../../../../shared/secrets/azure-key-vault.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from './loopback-server.js';
import { describeSecretRotation } from './rotation-scenario.js';

/**
 * A loopback Key Vault: GET /secrets/{name}[/{version}] answers 401 with a bearer challenge
 * until a token is presented (the SDK's challenge flow), then the secret bundle. It also serves
 * an App Service managed-identity token endpoint, so DefaultAzureCredential can run for real.
 * The SDK needs `allowInsecureConnection` and `disableChallengeResourceVerification` for a
 * plain-HTTP 127.0.0.1 vault; that is test wiring only.
 */
interface FakeKeyVault {
  server: LoopbackServer;
  /** name → versions, latest last. */
  secrets: Map<string, Array<{ version: string; value: string }>>;
  failure: { status: number; code: string } | undefined;
  token: string;
}

const challenge = 'Bearer authorization="https://login.microsoftonline.com/tenant-1", resource="https://vault.azure.net"';
const insecureLoopback = { allowInsecureConnection: true, disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } };

async function startFakeKeyVault(): Promise<FakeKeyVault> {
  const fake = { secrets: new Map(), failure: undefined, token: 'kv-token' } as unknown as FakeKeyVault;
  fake.server = await startLoopbackServer((req, res) => {
    const url = new URL(req.url, fake.server.url);
    if (url.pathname === '/msi/token') {
      if (req.headers['x-identity-header'] !== 'identity-header-1') return sendJson(res, 401, { error: 'bad identity header' });
      return sendJson(res, 200, {
        access_token: fake.token,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource: url.searchParams.get('resource'),
        token_type: 'Bearer',
      });
    }
    if (req.headers.authorization !== `Bearer ${fake.token}`) {
      res.writeHead(401, { 'www-authenticate': challenge });
      return void res.end();
    }
    const error = (status: number, code: string): void => sendJson(res, status, { error: { code, message: `${code} for the request` } });
    if (fake.failure) return error(fake.failure.status, fake.failure.code);
    const [, kind, name = '', version] = url.pathname.split('/');
    const versions = kind === 'secrets' ? fake.secrets.get(name) : undefined;
    const found = version ? versions?.find((v) => v.version === version) : versions?.at(-1);
    if (!found) return error(404, 'SecretNotFound');
    sendJson(res, 200, {
      value: found.value,
      id: `${fake.server.url}/secrets/${name}/${found.version}`,
      attributes: { enabled: true, created: 1_700_000_000, updated: 1_700_000_000, recoveryLevel: 'Recoverable' },
    });
  });
  return fake;
}

const staticCredential = (token: string): TokenCredential => ({ getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) });

describe('AzureKeyVaultSource against a loopback Key Vault', () => {
  let fake: FakeKeyVault;
  let source: AzureKeyVaultSource;

  beforeAll(async () => {
    fake = await startFakeKeyVault();
    source = new AzureKeyVaultSource({ client: new SecretClient(fake.server.url, staticCredential(fake.token), insecureLoopback) });
  });
  afterAll(async () => {
    await fake?.server.close();
  });
  beforeEach(() => {
    fake.secrets.clear();
    fake.failure = undefined;
  });

  it('reads the latest version of a secret after answering the bearer challenge', async () => {
    fake.secrets.set('fixops-api-key', [
      { version: 'v1', value: 'old' },
      { version: 'v2', value: 'new' },
    ]);
    fake.server.requests.length = 0;
    expect(
      await new AzureKeyVaultSource({ client: new SecretClient(fake.server.url, staticCredential(fake.token), insecureLoopback) }).get(
        'fixops-api-key',
      ),
    ).toBe('new');
    expect(fake.server.requests.map((r) => r.headers.authorization)).toEqual([undefined, `Bearer ${fake.token}`]);
  });

  it('reads a pinned version with name/version', async () => {
    fake.secrets.set('fixops-api-key', [
      { version: 'v1', value: 'old' },
      { version: 'v2', value: 'new' },
    ]);
    expect(await source.get('fixops-api-key/v1')).toBe('old');
  });

  it('picks one field of a JSON secret with #field', async () => {
    fake.secrets.set('sentinel', [{ version: 'v1', value: JSON.stringify({ client_id: 'id-1' }) }]);
    expect(await source.get('sentinel#client_id')).toBe('id-1');
  });

  it.each(['a/b/c', '/v1', 'name/'])('refuses %j, which is not a Key Vault secret name', async (ref) => {
    await expect(source.get(ref)).rejects.toThrow(`secret ${ref} is not a Key Vault secret name (name or name/version)`);
  });

  it('names the ref when the secret does not exist', async () => {
    const err = await source.get('missing-secret').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretError);
    expect((err as SecretError).message).toBe('secret missing-secret was not found in Key Vault');
  });

  it.each([
    [403, 'Forbidden'],
    [500, 'InternalServerError'],
  ])('wraps a %i %s in SecretError with the SDK error as cause', async (status, code) => {
    fake.failure = { status, code };
    const err = await source.get('fixops-api-key').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretError);
    expect((err as SecretError).message).toBe('secret fixops-api-key could not be read from Key Vault');
    expect((err as SecretError).cause).toMatchObject({ statusCode: status });
  });

  it('refuses to start without a client or a vault URL', () => {
    expect(() => new AzureKeyVaultSource({})).toThrow(ConfigError);
  });

  describe('with no credential given', () => {
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
    beforeEach(() => {
      process.env.IDENTITY_ENDPOINT = `${fake.server.url}/msi/token`;
      process.env.IDENTITY_HEADER = 'identity-header-1';
    });
    afterEach(() => {
      for (const [name, value] of [
        ['IDENTITY_ENDPOINT', saved.endpoint],
        ['IDENTITY_HEADER', saved.header],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it('builds DefaultAzureCredential lazily and gets its token from the managed identity endpoint', async () => {
      fake.secrets.set('fixops-api-key', [{ version: 'v1', value: 'via managed identity' }]);
      fake.server.requests.length = 0;
      const lazy = new AzureKeyVaultSource({ vaultUrl: fake.server.url, clientOptions: insecureLoopback });
      expect(await lazy.get('fixops-api-key')).toBe('via managed identity');
      const tokenRequest = fake.server.requests.find((r) => r.url.startsWith('/msi/token'));
      expect(new URL(tokenRequest?.url ?? '/', fake.server.url).searchParams.get('resource')).toBe('https://vault.azure.net');
    });
  });
});

describeSecretRotation('Azure Key Vault on loopback', async (first) => {
  const fake = await startFakeKeyVault();
  let version = 0;
  const rotate = (value: string): void => {
    fake.secrets.set('fixops-api-key', [...(fake.secrets.get('fixops-api-key') ?? []), { version: `v${++version}`, value }]);
  };
  rotate(first);
  return {
    source: new AzureKeyVaultSource({ client: new SecretClient(fake.server.url, staticCredential(fake.token), insecureLoopback) }),
    ref: 'fixops-api-key',
    rotate,
    fail: (on) => {
      fake.failure = on ? { status: 503, code: 'ServiceUnavailable' } : undefined;
    },
    reads: () => fake.server.requests.filter((r) => r.headers.authorization !== undefined).length,
    cleanup: () => fake.server.close(),
  };
});
