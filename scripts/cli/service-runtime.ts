import { loadConfig } from '../../shared/config/index.js';
import { createJsonLogger } from '../../shared/observability/index.js';
import type { LogLevel } from '../../shared/ports.js';
import { createRuntime, type Runtime } from '../../shared/runtime.js';
import { createObjectStore, LocalFolderStore } from '../../shared/store/index.js';
import type { CliIo } from './io.js';
import { resolveConfigPath, resolveDataDir, type CommonFlags } from './options.js';

/**
 * The runtime of a long-running command (`serve`, `backfill`): like the other commands' runtime
 * (config from --config / BRIDGE_CONFIG, the configured store or the local folder, dev keys
 * allowed), but nothing kept per write or per metric set, so memory stays flat however long it runs.
 */
export async function buildServiceRuntime(flags: CommonFlags, io: CliIo): Promise<{ runtime: Runtime; dataDir: string }> {
  const configPath = resolveConfigPath(flags, io);
  const config = loadConfig({ ...(configPath ? { path: configPath } : {}), env: io.env });
  const dataDir = resolveDataDir(flags, io, config);
  const level: LogLevel = flags.verbose ? 'info' : ((io.env.BRIDGE_LOG_LEVEL as LogLevel | undefined) ?? 'warn');
  const logger = createJsonLogger({ level, base: { service: 'telemetry-bridge', cloud: 'local' }, write: (line) => io.err(line) });
  const store = config.store.type === 'local' ? new LocalFolderStore({ root: dataDir }) : await createObjectStore(config.store, { dataDir });
  const runtime = await createRuntime({ config, store, dataDir, allowDevKeys: true, logger });
  return { runtime, dataDir };
}
