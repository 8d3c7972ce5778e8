import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { BridgeConfig } from './config/schema.js';
import { loadConfig } from './config/load.js';
import { ConfigError } from './errors.js';
import { createJsonLogger } from './observability/logger.js';
import type { PipelineDeps } from './pipeline/types.js';
import type { Clock, Logger, Metrics, ObjectStore, SecretSource } from './ports.js';
import { createRedactor, egressLogger, egressMetrics, egressStore, policyFromConfig } from './redact/index.js';
import { defaultRegistry } from './schema/registry.js';
import { createObjectStore } from './store/create.js';
import { createSinks } from './sinks/create.js';
import type { Sink } from './sinks/types.js';
import { devKey } from './dev-keys.js';
import { buildDetector } from './detect/build-detector.js';

/** Everything a handler or the CLI needs, built once per cold start. */
export interface Runtime {
  config: BridgeConfig;
  store: ObjectStore;
  secrets: SecretSource;
  logger: Logger;
  metrics?: Metrics;
  clock: Clock;
  deps: PipelineDeps;
  /** The enabled sinks (summary → FixOps, events → Sentinel / Event Hubs / Pub/Sub). */
  sinks: Sink[];
  /** Local folder for dev keys when running without a cloud (undefined in the clouds). */
  devKeyDir?: string;
}

export interface RuntimeOptions {
  config?: BridgeConfig;
  store?: ObjectStore;
  secrets?: SecretSource;
  logger?: Logger;
  metrics?: Metrics;
  clock?: Clock;
  /** Sinks to use instead of the ones config enables (tests). */
  sinks?: Sink[];
  /** Local data folder (local store + dev keys). */
  dataDir?: string;
  /**
   * Allow generated dev keys when a `*_secret_ref` is missing (local runs only). In the clouds this
   * is off: a missing HMAC key fails the start instead of silently using a throwaway key.
   */
  allowDevKeys?: boolean;
  /** Rule folders in place of `detections.rules` (the CLI's --rules). */
  rules?: readonly string[];
}

export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const config = options.config ?? loadConfig();
  const baseLogger = options.logger ?? createJsonLogger({ base: { service: 'telemetry-bridge' } });
  const clock = options.clock ?? Date.now;
  const secrets = options.secrets ?? (await defaultSecretSource(config));
  const dataDir = resolve(options.dataDir ?? config.store.path ?? process.env.BRIDGE_DATA_DIR ?? '.bridge-data');
  const baseStore = options.store ?? (await createObjectStore(config.store, { dataDir, secrets }));
  const devKeyDir = options.allowDevKeys ? join(dataDir, '.dev-keys') : undefined;
  const hmacKey = await resolveHmacKey(config, secrets, baseLogger, devKeyDir);
  const redactor = createRedactor(policyFromConfig(config.redaction), hmacKey);
  // What leaves the process (objects, log lines, metrics) passes the redaction egress.
  const store = egressStore(baseStore, redactor);
  const logger = egressLogger(baseLogger, redactor);
  const metrics = options.metrics ? egressMetrics(options.metrics, redactor) : undefined;
  const detector = await buildDetector(config, redactor, { ...(options.rules ? { rules: options.rules } : {}), now: clock });
  const deps: PipelineDeps = { store, redactor, config, registry: defaultRegistry(), logger, clock, ...(metrics ? { metrics } : {}), ...(detector ? { detector } : {}) };
  const sinks = options.sinks ?? (await createSinks(config.sinks, { secrets, dataDir }));
  return { config, store, secrets, logger, clock, deps, sinks, ...(metrics ? { metrics } : {}), ...(devKeyDir ? { devKeyDir } : {}) };
}

async function resolveHmacKey(config: BridgeConfig, secrets: SecretSource, logger: Logger, devKeyDir: string | undefined): Promise<string> {
  const ref = config.redaction.hmac_key_secret_ref;
  if (ref) return secrets.get(ref);
  if (!devKeyDir) {
    throw new ConfigError('invalid config at redaction.hmac_key_secret_ref: required outside local runs (the keyed hash of emails, IPs and user names needs a secret key)');
  }
  const key = await devKey(devKeyDir, 'hmac.key', () => randomBytes(32).toString('hex'));
  logger.warn('using a local dev HMAC key for redaction; set redaction.hmac_key_secret_ref for real data', { key_dir: devKeyDir });
  return key;
}

/** Which secret manager resolves non-local refs: from the store type (each cloud uses its own). */
async function defaultSecretSource(config: BridgeConfig): Promise<SecretSource> {
  const { createSecretSource } = await import('./secrets/index.js');
  const kind = config.store.type === 's3' ? 'aws' : config.store.type === 'azure_blob' ? 'azure' : config.store.type === 'gcs' ? 'gcp' : 'local';
  const vaultUrl = typeof config.azure.key_vault_url === 'string' ? config.azure.key_vault_url : undefined;
  const projectId = typeof config.gcp.project_id === 'string' ? config.gcp.project_id : undefined;
  return createSecretSource(kind, {
    ...(kind === 'azure' && vaultUrl ? { azure: { vaultUrl } } : {}),
    ...(kind === 'gcp' && projectId ? { gcp: { projectId } } : {}),
  });
}
