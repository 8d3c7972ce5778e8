import { parseEvidenceTime } from '../../shared/evidence/http.js';
import { loadConfig, type BridgeConfig } from '../../shared/config/index.js';
import type { ObjectStore } from '../../shared/ports.js';
import { createObjectStore, LocalFolderStore } from '../../shared/store/index.js';
import { UsageError, type CliIo } from './io.js';
import { resolveConfigPath, resolveDataDir, type CommonFlags } from './options.js';

/** `--since` / `--until` as RFC 3339 UTC (a duration back from now, or a time with a zone). */
export function parseWindowFlags(values: { since?: string | undefined; until?: string | undefined }, now: number): { since?: string; until?: string } {
  const parse = (name: string, text: string | undefined): string | undefined => {
    if (text === undefined) return undefined;
    try {
      return new Date(parseEvidenceTime(name, text, now)).toISOString();
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  };
  const since = parse('--since', values.since);
  const until = parse('--until', values.until);
  if (since && until && since >= until) throw new UsageError(`--since ${since} is not before --until ${until}`);
  return { ...(since ? { since } : {}), ...(until ? { until } : {}) };
}

/** The lake the config names; a local folder store is read in place (localRoot). */
export async function openLakeStore(flags: CommonFlags, io: CliIo): Promise<{ config: BridgeConfig; store: ObjectStore; localRoot?: string }> {
  const configPath = resolveConfigPath(flags, io);
  const config = loadConfig({ ...(configPath ? { path: configPath } : {}), env: io.env });
  const dataDir = resolveDataDir(flags, io, config);
  if (config.store.type === 'local' || flags.data !== undefined) return { config, store: new LocalFolderStore({ root: dataDir }), localRoot: dataDir };
  return { config, store: await createObjectStore(config.store, { dataDir }) };
}
