import type { SecretSource } from '../ports.js';
import { AwsSecretsManagerSource, type AwsSecretsManagerSourceOptions } from './aws-secrets-manager.js';
import { AzureKeyVaultSource, type AzureKeyVaultSourceOptions } from './azure-key-vault.js';
import { CachedSecretSource, type CachedSecretSourceOptions } from './cached.js';
import { EnvFileSecretSource, type EnvFileSecretSourceOptions } from './env-file.js';
import { GcpSecretManagerSource, type GcpSecretManagerSourceOptions } from './gcp-secret-manager.js';
import { secretFailure } from './secret-ref.js';

export { AwsSecretsManagerSource, type AwsSecretsManagerSourceOptions } from './aws-secrets-manager.js';
export { AzureKeyVaultSource, type AzureKeyVaultSourceOptions } from './azure-key-vault.js';
export { CachedSecretSource, type CachedSecretSourceOptions } from './cached.js';
export { EnvFileSecretSource, type EnvFileSecretSourceOptions } from './env-file.js';
export { GcpSecretManagerSource, type GcpSecretManagerSourceOptions, type SecretManagerClient } from './gcp-secret-manager.js';

/** Which secret manager resolves refs that are not `env:` or `file:`. */
export type SecretSourceKind = 'local' | 'aws' | 'azure' | 'gcp';

export interface CreateSecretSourceOptions {
  local?: EnvFileSecretSourceOptions;
  aws?: AwsSecretsManagerSourceOptions;
  azure?: AzureKeyVaultSourceOptions;
  gcp?: GcpSecretManagerSourceOptions;
  /** TTL cache settings; `false` resolves every get afresh. */
  cache?: CachedSecretSourceOptions | false;
}

/**
 * The secret source for a cloud: `env:NAME` and `file:PATH` refs resolve locally everywhere
 * (handy for a function's environment), any other ref through the cloud's secret manager; all
 * behind a TTL cache. Cloud SDKs load only on the first cloud lookup.
 */
export function createSecretSource(kind: SecretSourceKind, options: CreateSecretSourceOptions = {}): SecretSource {
  const local = new EnvFileSecretSource(options.local);
  const cloud = cloudSource(kind, options);
  const routed: SecretSource = {
    get(ref) {
      if (ref.startsWith('env:') || ref.startsWith('file:')) return local.get(ref);
      if (!cloud) return Promise.reject(secretFailure(ref, 'is not an env:NAME or file:PATH reference, and no secret manager is configured'));
      return cloud.get(ref);
    },
  };
  return options.cache === false ? routed : new CachedSecretSource(routed, options.cache);
}

function cloudSource(kind: SecretSourceKind, options: CreateSecretSourceOptions): SecretSource | undefined {
  switch (kind) {
    case 'aws':
      return new AwsSecretsManagerSource(options.aws);
    case 'azure':
      return new AzureKeyVaultSource(options.azure ?? {});
    case 'gcp':
      return new GcpSecretManagerSource(options.gcp);
    case 'local':
      return undefined;
  }
}
