import { ConfigError } from '../errors.js';
import { formatPath } from '../schema/registry.js';
import { isRecord } from './pagination.js';
import type { CollectSettings } from './settings.js';
import type { ConnectorModule } from './types.js';

/** Imports one connector module (`type`, `settings`, `create`). */
export type ConnectorLoader = () => Promise<unknown>;

/**
 * The connectors this build knows, each imported only when enabled (STYLE rule 6): a disabled
 * connector's module never loads.
 */
export const CONNECTOR_LOADERS: Readonly<Record<string, ConnectorLoader>> = {
  dynatrace: () => import('./dynatrace.js'),
  splunk: () => import('./splunk.js'),
  servicenow: () => import('./servicenow.js'),
  pagerduty: () => import('./pagerduty.js'),
  github: () => import('./github.js'),
  kubernetes: () => import('./kubernetes.js'),
  postgres: () => import('./postgres.js'),
};

export interface ConnectorEntry {
  /** The config key. */
  name: string;
  type: string;
  settings: CollectSettings;
  module: ConnectorModule<CollectSettings>;
}

export interface ResolvedConnectors {
  enabled: ConnectorEntry[];
  /** Configured with `enabled: false`: not loaded, not validated beyond that flag. */
  disabled: string[];
}

const NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/**
 * Reads `connectors:` from the config, once at start: an unknown connector, a bad name or bad
 * settings throws ConfigError naming `connectors.<name>.<path>`. Enabled modules are imported here.
 */
export async function resolveConnectors(section: Record<string, unknown>, loaders: Readonly<Record<string, ConnectorLoader>> = CONNECTOR_LOADERS): Promise<ResolvedConnectors> {
  const enabled: ConnectorEntry[] = [];
  const disabled: string[] = [];
  for (const [name, raw] of Object.entries(section)) {
    const where = `connectors.${name}`;
    if (!NAME.test(name)) throw new ConfigError(`invalid config at ${where}: a connector name must be lowercase letters, digits, _ or - (it names cursor and manifest keys)`);
    if (!isRecord(raw)) throw new ConfigError(`invalid config at ${where}: must be a mapping of settings`);
    const type = raw.type === undefined ? name : raw.type;
    if (typeof type !== 'string' || !Object.hasOwn(loaders, type)) {
      throw new ConfigError(`invalid config at ${raw.type === undefined ? where : `${where}.type`}: unknown connector "${String(type)}" (known: ${Object.keys(loaders).join(', ')})`);
    }
    if (raw.enabled === false) {
      disabled.push(name);
      continue;
    }
    if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean') throw new ConfigError(`invalid config at ${where}.enabled: must be true or false`);
    const module = (await loaders[type]!()) as unknown as ConnectorModule<CollectSettings>;
    const parsed = module.settings.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => {
        const path = formatPath(i.path);
        const keys = i.code === 'unrecognized_keys' ? `.${(i as { keys: string[] }).keys.join(', ')}` : '';
        return { at: `${where}${path ? `.${path}` : ''}${keys}`, message: i.message };
      });
      const first = issues[0]!;
      const all = issues.map((i) => `${i.at}: ${i.message}`).join('; ');
      throw new ConfigError(`invalid config at ${first.at}: ${first.message}${issues.length > 1 ? ` (all: ${all})` : ''}`, { context: { connector: name } });
    }
    enabled.push({ name, type, settings: parsed.data, module });
  }
  return { enabled, disabled };
}
