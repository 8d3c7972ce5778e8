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

async function createCloudStore(config: BridgeConfig['store'], _options: CreateStoreOptions): Promise<ObjectStore> {
  throw new ConfigError(`store.type ${config.type} is not available in this build`);
}
