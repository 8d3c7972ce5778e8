import { readFileSync } from 'node:fs';
import { LineCounter, parse as parseYaml, parseDocument } from 'yaml';
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
    const parsed = parseConfigYaml(path, text);
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

/** What a YAML error code means, in words that never quote the document. */
const YAML_PROBLEMS: Readonly<Record<string, string>> = {
  BAD_INDENT: 'bad indentation',
  TAB_AS_INDENT: 'a tab used for indentation',
  MISSING_CHAR: 'a missing closing quote or bracket',
  DUPLICATE_KEY: 'a key given twice in one mapping',
  BAD_DQ_ESCAPE: 'an invalid escape sequence in a double-quoted string',
  BAD_SCALAR_START: 'a plain value that starts with a reserved character',
  BLOCK_AS_IMPLICIT_KEY: 'a block collection used as a key',
  MULTILINE_IMPLICIT_KEY: 'a key that spans lines',
  KEY_OVER_1024_CHARS: 'a key longer than 1024 characters',
  UNEXPECTED_TOKEN: 'unexpected text',
  MULTIPLE_DOCS: 'more than one document',
  BAD_ALIAS: 'an invalid alias',
  ALIAS_PROPS: 'an alias with an anchor or tag',
  MULTIPLE_ANCHORS: 'two anchors on one node',
  MULTIPLE_TAGS: 'two tags on one node',
  BAD_PROP_ORDER: 'an anchor or tag in the wrong place',
  BLOCK_IN_FLOW: 'a block collection inside a flow collection',
  BAD_DIRECTIVE: 'an invalid directive',
  BAD_COLLECTION_TYPE: 'a collection of the wrong type',
  NON_STRING_KEY: 'a key that is not text',
  TAG_RESOLVE_FAILED: 'an unknown tag',
};

/**
 * Parses the config text. A syntax error names the file, line, column and the kind of problem,
 * never the line's text (it may hold a secret): no cause is attached, since the YAML library's
 * messages quote the document, and its warnings are not printed.
 */
export function parseConfigYaml(path: string, text: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, logLevel: 'silent', lineCounter, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    const problem = YAML_PROBLEMS[first.code] ?? `a YAML syntax error (${first.code})`;
    throw new ConfigError(`config file ${path} is not valid YAML: ${problem} at line ${line}, column ${col}`, { context: { path, line, column: col, code: first.code } });
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // An alias to an anchor that does not exist (or too many aliases): the message quotes the name.
    const kind = err instanceof ReferenceError ? 'an alias to an anchor that is not defined before it' : 'aliases that expand too far';
    throw new ConfigError(`config file ${path} is not valid YAML: ${kind}`, { context: { path } });
  }
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
      // Silent: a YAML warning would print the value, which may be a secret.
      value = parseYaml(raw, { logLevel: 'silent' });
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

