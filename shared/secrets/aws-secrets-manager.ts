import type { SecretsManagerClient, SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import type { SecretSource } from '../ports.js';
import { parseSecretRef, secretFailure, selectField } from './secret-ref.js';
import { importSdk } from '../lazy-sdk.js';

export interface AwsSecretsManagerSourceOptions {
  /** A client built once per cold start; a default one is built lazily when absent. */
  client?: SecretsManagerClient;
  /** Settings for the default client only (region, endpoint…). */
  clientConfig?: SecretsManagerClientConfig;
}

/**
 * AWS Secrets Manager: a ref is a secret name or ARN (the AWSCURRENT version), optionally with
 * `#field` for a key/value secret. Binary secrets are read as UTF-8.
 */
export class AwsSecretsManagerSource implements SecretSource {
  private client: Promise<SecretsManagerClient> | undefined;
  private readonly clientConfig: SecretsManagerClientConfig;

  constructor(options: AwsSecretsManagerSourceOptions = {}) {
    this.clientConfig = options.clientConfig ?? {};
    if (options.client) this.client = Promise.resolve(options.client);
  }

  async get(ref: string): Promise<string> {
    const { name, field } = parseSecretRef(ref);
    let value: string | undefined;
    try {
      const sdk = await importSdk(() => import('@aws-sdk/client-secrets-manager'));
      this.client ??= Promise.resolve(new sdk.SecretsManagerClient(this.clientConfig));
      const out = await (await this.client).send(new sdk.GetSecretValueCommand({ SecretId: name }));
      value = out.SecretString ?? (out.SecretBinary ? Buffer.from(out.SecretBinary).toString('utf8') : undefined);
    } catch (cause) {
      const code = cause instanceof Error ? cause.name : undefined;
      if (code === 'ResourceNotFoundException') throw secretFailure(ref, 'was not found in Secrets Manager', cause);
      throw secretFailure(ref, 'could not be read from Secrets Manager', cause);
    }
    if (value === undefined || value === '') throw secretFailure(ref, 'has no value in Secrets Manager');
    return selectField(ref, value, field);
  }
}
