import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { BridgeConfig } from '../config/schema.js';
import type { ObjectStore, SecretSource } from '../ports.js';
import { LocalFolderStore } from './local-folder.js';

export interface CreateStoreOptions {
  /** Local folder when config.store.path is unset: --data, BRIDGE_DATA_DIR, or ./.bridge-data. */
  dataDir?: string;
  secrets?: SecretSource;
}

/** The store named by config; cloud adapters are imported lazily so other clouds' SDKs never load. */
export async function createObjectStore(config: BridgeConfig['store'], options: CreateStoreOptions = {}): Promise<ObjectStore> {
  switch (config.type) {
    case 'local':
      return new LocalFolderStore({ root: resolve(config.path ?? options.dataDir ?? process.env.BRIDGE_DATA_DIR ?? '.bridge-data') });
    default:
      return createCloudStore(config, options);
  }
}

async function createCloudStore(config: BridgeConfig['store'], options: CreateStoreOptions): Promise<ObjectStore> {
  const prefix = config.prefix || undefined;
  switch (config.type) {
    case 's3': {
      if (!config.bucket) throw new ConfigError('invalid config at store.bucket: required for store.type s3');
      const { S3ObjectStore } = await import('./s3.js');
      return new S3ObjectStore({
        bucket: config.bucket,
        ...(prefix ? { prefix } : {}),
        clientConfig: { ...(config.region ? { region: config.region } : {}), ...(config.endpoint ? { endpoint: config.endpoint, forcePathStyle: true } : {}) },
      });
    }
    case 'azure_blob': {
      if (!config.container) throw new ConfigError('invalid config at store.container: required for store.type azure_blob');
      const { AzureBlobObjectStore } = await import('./azure-blob.js');
      if (config.connection_string_secret_ref) {
        if (!options.secrets) throw new ConfigError('store.connection_string_secret_ref needs a secret source');
        return new AzureBlobObjectStore({ container: config.container, connectionString: await options.secrets.get(config.connection_string_secret_ref), ...(prefix ? { prefix } : {}) });
      }
      if (!config.account_url) throw new ConfigError('invalid config at store.account_url: required for store.type azure_blob without a connection string');
      return new AzureBlobObjectStore({ container: config.container, accountUrl: config.account_url, ...(prefix ? { prefix } : {}) });
    }
    case 'gcs': {
      if (!config.bucket) throw new ConfigError('invalid config at store.bucket: required for store.type gcs');
      const { GcsObjectStore } = await import('./gcs.js');
      return new GcsObjectStore({ bucket: config.bucket, ...(prefix ? { prefix } : {}) });
    }
    default:
      throw new ConfigError(`invalid config at store.type: ${String(config.type)} is not supported`);
  }
}
