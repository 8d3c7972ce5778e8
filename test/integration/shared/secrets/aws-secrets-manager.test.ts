import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SecretError } from '../../../../shared/errors.js';
import { AwsSecretsManagerSource } from '../../../../shared/secrets/aws-secrets-manager.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from './loopback-server.js';
import { describeSecretRotation } from './rotation-scenario.js';

/**
 * Secrets Manager speaks AWS JSON 1.1: a signed POST with `X-Amz-Target:
 * secretsmanager.GetSecretValue`. This loopback server answers it from a map, the way the
 * service does (errors as `__type` + `x-amzn-errortype`), and can be told to fail.
 */
interface FakeSecretsManager {
  server: LoopbackServer;
  secrets: Map<string, { SecretString?: string; SecretBinary?: string }>;
  failure: { status: number; type: string } | undefined;
  client: SecretsManagerClient;
  clientConfig: ConstructorParameters<typeof SecretsManagerClient>[0] & object;
}

async function startFakeSecretsManager(): Promise<FakeSecretsManager> {
  const fake = { secrets: new Map(), failure: undefined } as unknown as FakeSecretsManager;
  fake.server = await startLoopbackServer((req, res) => {
    const error = (status: number, type: string): void =>
      sendJson(res, status, { __type: type, message: `${type} for the request` }, { 'x-amzn-errortype': type });
    if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') return error(400, 'UnknownOperationException');
    if (fake.failure) return error(fake.failure.status, fake.failure.type);
    const { SecretId } = JSON.parse(req.body) as { SecretId: string };
    const secret = fake.secrets.get(SecretId);
    if (!secret) return error(400, 'ResourceNotFoundException');
    sendJson(res, 200, {
      ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${SecretId}-AbCdEf`,
      Name: SecretId,
      VersionId: 'v-1',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1_700_000_000,
      ...secret,
    });
  });
  fake.clientConfig = {
    endpoint: fake.server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'TEST', secretAccessKey: 'TEST' },
    maxAttempts: 1,
  };
  fake.client = new SecretsManagerClient(fake.clientConfig);
  return fake;
}

describe('AwsSecretsManagerSource against a loopback Secrets Manager', () => {
  let fake: FakeSecretsManager;
  let source: AwsSecretsManagerSource;

  beforeAll(async () => {
    fake = await startFakeSecretsManager();
    source = new AwsSecretsManagerSource({ client: fake.client });
  });
  afterAll(async () => {
    fake?.client.destroy();
    await fake?.server.close();
  });
  beforeEach(() => {
    fake.secrets.clear();
    fake.failure = undefined;
    fake.server.requests.length = 0;
  });

  it('reads a string secret by name with a signed GetSecretValue call', async () => {
    fake.secrets.set('fixops-api-key', { SecretString: 'key-123' });
    expect(await source.get('fixops-api-key')).toBe('key-123');
    const [request] = fake.server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(request?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=TEST\//);
    expect(JSON.parse(request?.body ?? '{}')).toEqual({ SecretId: 'fixops-api-key' });
  });

  it('reads a binary secret as UTF-8', async () => {
    fake.secrets.set('signing-key', { SecretBinary: Buffer.from('-----BEGIN PRIVATE \u004BEY-----\nabc').toString('base64') });
    expect(await source.get('signing-key')).toBe('-----BEGIN PRIVATE \u004BEY-----\nabc');
  });

  it('picks one field of a key/value secret with #field', async () => {
    fake.secrets.set('sentinel', { SecretString: JSON.stringify({ client_id: 'id-1', client_secret: 'cs-hidden-1' }) });
    expect(await source.get('sentinel#client_id')).toBe('id-1');
    const err = await source.get('sentinel#tenant').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretError);
    expect((err as SecretError).message).toBe('secret sentinel#tenant has no non-empty field tenant');
  });

  it('names the ref when the secret does not exist', async () => {
    const err = await source.get('missing-secret').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretError);
    expect((err as SecretError).message).toBe('secret missing-secret was not found in Secrets Manager');
    expect((err as SecretError).context).toEqual({ ref: 'missing-secret' });
  });

  it.each([
    [500, 'InternalServiceError'],
    [400, 'AccessDeniedException'],
    [400, 'DecryptionFailure'],
  ])('wraps a %i %s in SecretError with the SDK error as cause', async (status, type) => {
    fake.failure = { status, type };
    const err = await source.get('fixops-api-key').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretError);
    expect((err as SecretError).message).toBe('secret fixops-api-key could not be read from Secrets Manager');
    expect((err as SecretError).cause).toMatchObject({ name: type });
  });

  it('builds its own client lazily from clientConfig when none is given', async () => {
    fake.secrets.set('lazy', { SecretString: 'built lazily' });
    expect(await new AwsSecretsManagerSource({ clientConfig: fake.clientConfig }).get('lazy')).toBe('built lazily');
  });
});

describeSecretRotation('AWS Secrets Manager on loopback', async (first) => {
  const fake = await startFakeSecretsManager();
  fake.secrets.set('prod/fixops-api-key', { SecretString: first });
  return {
    source: new AwsSecretsManagerSource({ client: fake.client }),
    ref: 'prod/fixops-api-key',
    rotate: (value) => fake.secrets.set('prod/fixops-api-key', { SecretString: value }),
    fail: (on) => {
      fake.failure = on ? { status: 500, type: 'InternalServiceError' } : undefined;
    },
    reads: () => fake.server.requests.length,
    cleanup: async () => {
      fake.client.destroy();
      await fake.server.close();
    },
  };
});
