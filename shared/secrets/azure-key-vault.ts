import type { TokenCredential } from '@azure/identity';
import type { SecretClient, SecretClientOptions } from '@azure/keyvault-secrets';
import { ConfigError } from '../errors.js';
import type { SecretSource } from '../ports.js';
import { parseSecretRef, secretFailure, selectField } from './secret-ref.js';
import { importSdk } from '../lazy-sdk.js';

export interface AzureKeyVaultSourceOptions {
  /** A client built once per cold start; when absent one is built lazily from vaultUrl. */
  client?: SecretClient;
  /** `https://<vault>.vault.azure.net` */
  vaultUrl?: string;
  /** Default: DefaultAzureCredential, which uses the function's managed identity in Azure. */
  credential?: TokenCredential;
  /** Client id of a user-assigned managed identity, for the default credential. */
  managedIdentityClientId?: string;
  clientOptions?: SecretClientOptions;
}

/**
 * Azure Key Vault: a ref is a secret name, or `name/version` to pin a version (latest otherwise),
 * optionally with `#field` for a JSON secret.
 */
export class AzureKeyVaultSource implements SecretSource {
  private client: Promise<SecretClient> | undefined;
  private readonly options: AzureKeyVaultSourceOptions;

  constructor(options: AzureKeyVaultSourceOptions) {
    if (!options.client && !options.vaultUrl) throw new ConfigError('azure key vault secrets: give a client or a vaultUrl');
    this.options = options;
    if (options.client) this.client = Promise.resolve(options.client);
  }

  async get(ref: string): Promise<string> {
    const { name: path, field } = parseSecretRef(ref);
    const [name = '', version, ...rest] = path.split('/');
    if (name === '' || version === '' || rest.length > 0) throw secretFailure(ref, 'is not a Key Vault secret name (name or name/version)');
    let value: string | undefined;
    try {
      const secret = await (await this.secretClient()).getSecret(name, version === undefined ? {} : { version });
      value = secret.value;
    } catch (cause) {
      const status = (cause as { statusCode?: unknown } | null)?.statusCode;
      if (status === 404) throw secretFailure(ref, 'was not found in Key Vault', cause);
      throw secretFailure(ref, 'could not be read from Key Vault', cause);
    }
    if (value === undefined || value === '') throw secretFailure(ref, 'has no value in Key Vault');
    return selectField(ref, value, field);
  }

  private secretClient(): Promise<SecretClient> {
    this.client ??= this.build().catch((err: unknown) => {
      this.client = undefined;
      throw err;
    });
    return this.client;
  }

  private async build(): Promise<SecretClient> {
    const { SecretClient } = await importSdk(() => import('@azure/keyvault-secrets'));
    const credential =
      this.options.credential ??
      new (await importSdk(() => import('@azure/identity'))).DefaultAzureCredential(
        this.options.managedIdentityClientId ? { managedIdentityClientId: this.options.managedIdentityClientId } : {},
      );
    return new SecretClient(this.options.vaultUrl ?? '', credential, this.options.clientOptions);
  }
}
