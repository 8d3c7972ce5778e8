import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretClient } from '@azure/keyvault-secrets';
import { describe, expect, it } from 'vitest';
import { SecretError } from '../../../../shared/errors.js';
import { CachedSecretSource, createSecretSource, type SecretManagerClient } from '../../../../shared/secrets/index.js';

// Routing only: which refs go to which source. The cloud sources are replaced by objects with
// the one SDK method each calls (their wire behaviour is covered in test/integration/shared/secrets).
const aws = { send: async () => ({ SecretString: 'from-aws' }) } as unknown as SecretsManagerClient;
const azure = { getSecret: async () => ({ value: 'from-azure' }) } as unknown as SecretClient;
const gcp = {
  getProjectId: async () => 'p',
  accessSecretVersion: async () => [{ payload: { data: Buffer.from('from-gcp') } }],
} as unknown as SecretManagerClient;
const clients = { aws: { client: aws }, azure: { client: azure }, gcp: { client: gcp }, local: { env: { API_KEY: 'from-env' } } };

describe('createSecretSource', () => {
  it.each([
    ['aws', 'from-aws'],
    ['azure', 'from-azure'],
    ['gcp', 'from-gcp'],
  ] as const)('sends plain refs to the %s secret manager', async (kind, expected) => {
    expect(await createSecretSource(kind, clients).get('fixops-api-key')).toBe(expected);
  });

  it.each(['local', 'aws', 'azure', 'gcp'] as const)('resolves env: refs locally for %s', async (kind) => {
    expect(await createSecretSource(kind, clients).get('env:API_KEY')).toBe('from-env');
  });

  it('refuses a plain ref when only local secrets are configured', async () => {
    const err = await createSecretSource('local', clients)
      .get('fixops-api-key')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretError);
    expect((err as SecretError).message).toBe('secret fixops-api-key is not an env:NAME or file:PATH reference, and no secret manager is configured');
  });

  it('caches by default, and not when cache is false', () => {
    expect(createSecretSource('aws', clients)).toBeInstanceOf(CachedSecretSource);
    expect(createSecretSource('aws', { ...clients, cache: false })).not.toBeInstanceOf(CachedSecretSource);
  });
});
