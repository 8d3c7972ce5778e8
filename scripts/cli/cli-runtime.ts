import { loadConfig, type BridgeConfig } from '../../shared/config/index.js';
import { createJsonLogger, memoryMetrics } from '../../shared/observability/index.js';
import type { LogLevel, MetricSet, Metrics, ObjectStore } from '../../shared/ports.js';
import { createRuntime, type Runtime } from '../../shared/runtime.js';
import { createObjectStore, LocalFolderStore } from '../../shared/store/index.js';
import type { CliIo } from './io.js';
import { resolveConfigPath, resolveDataDir, type CommonFlags } from './options.js';
import { RecordingStore } from './recording-store.js';

export interface CliRuntime {
  runtime: Runtime;
  config: BridgeConfig;
  /** The store, recording what this run wrote. */
  store: RecordingStore;
  /** Every metric set the handlers emitted (accounting per batch, failures). */
  metrics: Metrics & { sets: MetricSet[] };
  /** The local data folder (store root when the store is local; dev keys). */
  dataDir: string;
  /** True when redaction hashes with a generated local key (no hmac_key_secret_ref). */
  devHmacKey: boolean;
}

export interface CliRuntimeOptions {
  /** Always use the local folder store, whatever the config says (the demo). */
  forceLocal?: boolean;
  /** Sinks config to use instead of the file's (the demo: FixOps file mode only, no network). */
  sinks?: (config: BridgeConfig) => BridgeConfig['sinks'];
  /** Rule folders from --rules, in place of `detections.rules`. */
  rules?: readonly string[];
  /** Rule folders used when neither --rules nor `detections.rules` names any (the demo: the starter pack). */
  defaultRules?: readonly string[];
}

/**
 * The runtime the handlers get when the CLI calls them: config from --config / BRIDGE_CONFIG and
 * BRIDGE__* overrides, a local folder store, metrics kept in memory for the tables, JSON logs on
 * stderr (errors only unless --verbose). Throws ConfigError on an invalid config.
 */
export async function buildCliRuntime(flags: CommonFlags, io: CliIo, options: CliRuntimeOptions = {}): Promise<CliRuntime> {
  const configPath = resolveConfigPath(flags, io);
  const config = loadConfig({ ...(configPath ? { path: configPath } : {}), env: io.env });
  const dataDir = resolveDataDir(flags, io, config);
  const level: LogLevel = flags.verbose ? 'info' : ((io.env.BRIDGE_LOG_LEVEL as LogLevel | undefined) ?? 'error');
  const logger = createJsonLogger({ level, base: { service: 'telemetry-bridge', cloud: 'local' }, write: (line) => io.err(line) });
  const inner: ObjectStore =
    options.forceLocal || config.store.type === 'local' ? new LocalFolderStore({ root: dataDir }) : await createObjectStore(config.store, { dataDir });
  const store = new RecordingStore(inner);
  const metrics = memoryMetrics();
  const rules = options.rules ?? (config.detections.rules.length === 0 ? options.defaultRules : undefined);
  const runtime = await createRuntime({ config: options.sinks ? { ...config, sinks: options.sinks(config) } : config, store, dataDir, allowDevKeys: true, logger, metrics, ...(rules ? { rules } : {}) });
  return { runtime, config, store, metrics, dataDir, devHmacKey: config.redaction.hmac_key_secret_ref === undefined };
}
