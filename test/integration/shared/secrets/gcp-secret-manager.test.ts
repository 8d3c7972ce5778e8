import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SecretError } from '../../../../shared/errors.js';
import { GcpSecretManagerSource } from '../../../../shared/secrets/gcp-secret-manager.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from './loopback-server.js';
import { describeSecretRotation } from './rotation-scenario.js';

/**
 * The Secret Manager client's REST transport (`fallback: true`, `protocol: 'http'`) against a
 * loopback server answering `GET /v1/projects/P/secrets/S/versions/V:access` the way the
 * service does. The auth client is a stand-in for GoogleAuth that adds a bearer token and names
 * the project (no metadata server or key file here); request, transport and decoding are the SDK's.
 */
interface FakeSecretManager {
  server: LoopbackServer;
  /** `project/secret` → versions, latest last. */
  secrets: Map<string, string[]>;
  failure: { status: number; grpcStatus: string } | undefined;
}

async function startFakeSecretManager(): Promise<FakeSecretManager> {
  const fake = { secrets: new Map(), failure: undefined } as unknown as FakeSecretManager;
  fake.server = await startLoopbackServer((req, res) => {
    const error = (status: number, grpcStatus: string): void =>
      sendJson(res, status, { error: { code: status, message: `${grpcStatus} for the request`, status: grpcStatus } });
    if (req.headers.authorization !== 'Bearer gcp-token') return error(401, 'UNAUTHENTICATED');
    if (fake.failure) return error(fake.failure.status, fake.failure.grpcStatus);
    const match = new URL(req.url, fake.server.url).pathname.match(/^\/v1\/projects\/([^/]+)\/secrets\/([^/]+)\/versions\/([^/:]+):access$/);
    if (req.method !== 'GET' || !match) return error(400, 'INVALID_ARGUMENT');
    const [, project, secret, version] = match;
    const versions = fake.secrets.get(`${project}/${secret}`) ?? [];
    const index = version === 'latest' ? versions.length : Number(version);
    const value = versions[index - 1];
    if (value === undefined) return error(404, 'NOT_FOUND');
    sendJson(res, 200, { name: `projects/${project}/secrets/${secret}/versions/${index}`, payload: { data: Buffer.from(value).toString('base64') } });
  });
  return fake;
}

function loopbackClient(port: number): SecretManagerServiceClient {
  const authClient = {
    getProjectId: async () => 'proj-1',
    getRequestHeaders: async () => new Headers({ authorization: 'Bearer gcp-token' }),
    fetch: (url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', 'Bearer gcp-token');
      return fetch(url, { ...init, headers });
    },
  };
  return new SecretManagerServiceClient({
    fallback: true,
    protocol: 'http',
    apiEndpoint: '127.0.0.1',
    port,
    projectId: 'proj-1',
    authClient: authClient as never,
  });
}

describe('GcpSecretManagerSource against a loopback Secret Manager', () => {
  let fake: FakeSecretManager;
  let client: SecretManagerServiceClient;
  let source: GcpSecretManagerSource;

  beforeAll(async () => {
    fake = await startFakeSecretManager();
    client = loopbackClient(fake.server.port);
    source = new GcpSecretManagerSource({ client, projectId: 'proj-1' });
  });
  afterAll(async () => {
    await client?.close();
    await fake?.server.close();
  });
  beforeEach(() => {
    fake.secrets.clear();
    fake.failure = undefined;
    fake.server.requests.length = 0;
  });

  it('reads the latest version of a bare secret id in the configured project', async () => {
    fake.secrets.set('proj-1/fixops-api-key', ['old', 'new']);
    expect(await source.get('fixops-api-key')).toBe('new');
    expect(fake.server.requests[0]?.url).toMatch(/^\/v1\/projects\/proj-1\/secrets\/fixops-api-key\/versions\/latest:access/);
  });

  it.each([
    ['projects/proj-2/secrets/shared-key', 'v2'],
    ['projects/proj-2/secrets/shared-key/versions/1', 'v1'],
  ])('reads the full resource name %s', async (ref, expected) => {
    fake.secrets.set('proj-2/shared-key', ['v1', 'v2']);
    expect(await source.get(ref)).toBe(expected);
  });

  it("falls back to the client's project when none is configured", async () => {
    fake.secrets.set('proj-1/fixops-api-key', ['from client project']);
    expect(await new GcpSecretManagerSource({ client }).get('fixops-api-key')).toBe('from client project');
  });

  it('picks one field of a JSON secret with #field', async () => {
    fake.secrets.set('proj-1/db', [JSON.stringify({ password: 'pw-1', port: 5432 })]);
    expect(await source.get('db#port')).toBe('5432');
  });

  it.each(['has space', 'projects/p/other/x', 'a/b'])('refuses %j, which is not a secret id or resource name', async (ref) => {
    await expect(source.get(ref)).rejects.toThrow(`secret ${ref} is not a Secret Manager secret id or resource name`);
    expect(fake.server.requests).toEqual([]);
  });

  it('names the ref when the secret does not exist', async () => {
    const err = await source.get('missing-secret').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretError);
    expect((err as SecretError).message).toBe('secret missing-secret was not found in Secret Manager');
  });

  it('wraps a permission failure in SecretError with the SDK error as cause', async () => {
    fake.failure = { status: 403, grpcStatus: 'PERMISSION_DENIED' };
    const err = await source.get('fixops-api-key').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretError);
    expect((err as SecretError).message).toBe('secret fixops-api-key could not be read from Secret Manager');
    expect((err as SecretError).cause).toMatchObject({ code: 7 });
  });
});

describeSecretRotation('GCP Secret Manager on loopback', async (first) => {
  const fake = await startFakeSecretManager();
  const client = loopbackClient(fake.server.port);
  fake.secrets.set('proj-1/fixops-api-key', [first]);
  return {
    source: new GcpSecretManagerSource({ client }),
    ref: 'fixops-api-key',
    rotate: (value) => fake.secrets.set('proj-1/fixops-api-key', [...(fake.secrets.get('proj-1/fixops-api-key') ?? []), value]),
    // PERMISSION_DENIED: not retried by the client, so the failure shows at once.
    fail: (on) => {
      fake.failure = on ? { status: 403, grpcStatus: 'PERMISSION_DENIED' } : undefined;
    },
    reads: () => fake.server.requests.length,
    cleanup: async () => {
      await client.close();
      await fake.server.close();
    },
  };
});
