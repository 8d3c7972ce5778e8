import type * as z from 'zod';
import { loadConfig, type LoadConfigOptions } from '../shared/config/load.js';
import { ConfigError } from '../shared/errors.js';

export type Cloud = 'aws' | 'azure' | 'gcp';

/** `["log_groups", 2]` → `log_groups[2]`. */
function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/**
 * Validates one cloud's free-form config section (`aws:`, `azure:`, `gcp:`) with the stack's own
 * schema. Throws ConfigError naming the path (`aws.log_groups[2]`) and the reason.
 */
export function parseCloudSettings<S extends z.ZodType>(cloud: Cloud, schema: S, section: unknown): z.output<S> {
  const result = schema.safeParse(section ?? {});
  if (result.success) return result.data;
  const all = result.error.issues.map((issue) => {
    const where = formatIssuePath(issue.path);
    // A bad record key reports "Invalid key in record"; the reason is in the nested issue.
    const nested = 'issues' in issue && Array.isArray(issue.issues) ? (issue.issues as Array<{ message: string }>)[0]?.message : undefined;
    return `${cloud}${where.startsWith('[') || where === '' ? '' : '.'}${where}: ${nested ? `${issue.message} (${nested})` : issue.message}`;
  });
  throw new ConfigError(`invalid config at ${all[0]}${all.length > 1 ? ` (all: ${all.join('; ')})` : ''}`, { context: { cloud } });
}

/** Reads bridge.yaml (path option, else BRIDGE_CONFIG; none = defaults) with env overrides, then the cloud's section. */
export function readCloudSettings<S extends z.ZodType>(cloud: Cloud, schema: S, options: LoadConfigOptions = {}): z.output<S> {
  const config = loadConfig(options);
  return parseCloudSettings(cloud, schema, config[cloud]);
}
