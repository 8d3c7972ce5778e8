import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';
import { formatPath } from '../schema/registry.js';
import { BridgeConfigSchema, type BridgeConfig } from './schema.js';

/** Keys that hold a secret: they must be `<name>_secret_ref`, never a literal. */
const SECRET_KEY = /(^|_)(secret|password|passwd|token|api_key|apikey|private_key|client_secret|hmac_key|connection_string|access_key|signing_key)$/i;

export interface LoadConfigOptions {
  /** Path to the YAML file; default `BRIDGE_CONFIG`; none = defaults only. */
  path?: string;
  /** Environment for `BRIDGE__SECTION__KEY=value` overrides; default process.env. */
  env?: Record<string, string | undefined>;
  /** Already-parsed object instead of a file (tests, handlers with inline config). */
  overrides?: Record<string, unknown>;
}

/** defaults → file → environment overrides, validated; throws ConfigError naming the path and why. */
export function loadConfig(options: LoadConfigOptions = {}): BridgeConfig {
  const env = options.env ?? process.env;
  const path = options.path ?? env.BRIDGE_CONFIG;
  let doc: Record<string, unknown> = {};
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      throw new ConfigError(`config file ${path} cannot be read`, { cause, context: { path } });
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (cause) {
      throw new ConfigError(`config file ${path} is not valid YAML: ${(cause as Error).message}`, { cause, context: { path } });
    }
    if (parsed !== null && parsed !== undefined) {
      if (!isPlainObject(parsed)) throw new ConfigError(`config file ${path} must hold a mapping at the top level`);
      doc = parsed;
    }
  }
  if (options.overrides) doc = deepMerge(doc, options.overrides);
  doc = deepMerge(doc, envOverrides(env));
  refuseLiteralSecrets(doc, []);
  const result = BridgeConfigSchema.safeParse(doc);
  if (!result.success) {
    const first = result.error.issues[0]!;
    const where = formatPath(first.path) || '(top level)';
    const all = result.error.issues.map((i) => `${formatPath(i.path) || '(top level)'}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid config at ${where}: ${first.message}${result.error.issues.length > 1 ? ` (all: ${all})` : ''}`, {
      context: { issues: all },
    });
  }
  return result.data;
}

/** `BRIDGE__PIPELINE__MAX_DEPTH=32` → `{ pipeline: { max_depth: 32 } }`; values are parsed as YAML scalars. */
export function envOverrides(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('BRIDGE__') || raw === undefined) continue;
    const parts = name.slice('BRIDGE__'.length).split('__').map((p) => p.toLowerCase());
    if (parts.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) {
      throw new ConfigError(`environment override ${name} has an invalid path`);
    }
    let value: unknown;
    try {
      value = parseYaml(raw);
    } catch {
      value = raw;
    }
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = isPlainObject(next) ? next : (node[part] = {});
    }
    node[parts[parts.length - 1]!] = value;
  }
  return out;
}

function refuseLiteralSecrets(node: unknown, path: Array<string | number>): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => refuseLiteralSecrets(v, [...path, i]));
    return;
  }
  if (!isPlainObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (SECRET_KEY.test(key) && !key.endsWith('_secret_ref') && value !== null && value !== undefined && value !== '') {
      const where = formatPath([...path, key]);
      throw new ConfigError(`invalid config at ${where}: a literal secret is not allowed; use ${key}_secret_ref (env:NAME, file:PATH or a secret manager name)`, {
        context: { path: where },
      });
    }
    refuseLiteralSecrets(value, [...path, key]);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const prev = out[k];
    out[k] = isPlainObject(prev) && isPlainObject(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

