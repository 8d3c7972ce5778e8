import { parseCidr } from './cidr.js';
import { candidatePaths } from './field-resolve.js';
import type { ConditionNode, DetectionRule, FieldTest, Selection } from './types.js';

/** A rule part the lake cannot evaluate (the rule still runs in the stream). */
export class LakeUnsupportedError extends Error {
  override name = 'LakeUnsupportedError';
}

/**
 * How a value is stored in the lake after redaction, for equality tests: the pipeline's own
 * redactor gives the keyed hash (`[HASH:ipv4:…]`, `[HASH:field_hash:…]`) of an address, e-mail
 * or hashed field, so a rule can match it without un-redacting anything.
 */
export type StoredForms = (field: string, value: string) => string[];

export interface LakeSqlOptions {
  /** The redaction policy keeps IP addresses in clear (ipv4/ipv6: keep), so |cidr can run over the lake. */
  addressesInClear?: boolean;
}

function q(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function jsonKeyPath(keys: readonly string[]): string {
  return `$${keys.map((k) => `."${k.replace(/"/g, '\\"')}"`).join('')}`;
}

/** The SQL expression (VARCHAR) of a rule field over the `events` view: the first present candidate. */
export function fieldSql(field: string): string {
  const parts: string[] = [];
  for (const path of candidatePaths(field)) {
    const [root, ...rest] = path;
    if (rest.length === 0) parts.push(root === 'timestamp' || root === 'ingested_at' ? `strftime(${root}, '%Y-%m-%dT%H:%M:%S.%gZ')` : `CAST(${root} AS VARCHAR)`);
    else parts.push(`json_extract_string(${root}, ${q(jsonKeyPath(rest))})`);
  }
  return parts.length === 1 ? parts[0]! : `coalesce(${parts.join(', ')})`;
}

function likePattern(text: string, mode: 'exact' | 'contains' | 'startswith' | 'endswith'): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length && '*?\\'.includes(text[i + 1]!)) {
      const lit = text[++i]!;
      out += lit === '\\' ? '\\\\' : lit;
    } else if (c === '*') out += '%';
    else if (c === '?') out += '_';
    else if (c === '%' || c === '_') out += `\\${c}`;
    else out += c;
  }
  if (mode === 'contains' || mode === 'endswith') out = `%${out}`;
  if (mode === 'contains' || mode === 'startswith') out = `${out}%`;
  return out;
}

function ipv4Number(x: string): string {
  return `(TRY_CAST(split_part(${x}, '.', 1) AS BIGINT) * 16777216 + TRY_CAST(split_part(${x}, '.', 2) AS BIGINT) * 65536 + TRY_CAST(split_part(${x}, '.', 3) AS BIGINT) * 256 + TRY_CAST(split_part(${x}, '.', 4) AS BIGINT))`;
}

function scalarSql(test: FieldTest, x: string, value: string | number | boolean | null, stored: StoredForms | undefined, options: LakeSqlOptions): string {
  const mods = new Set(test.modifiers);
  if (value === null) return `(${x} IS NULL OR ${x} = '')`;
  for (const [mod, op] of [['gt', '>'], ['gte', '>='], ['lt', '<'], ['lte', '<=']] as const) {
    if (mods.has(mod)) return `TRY_CAST(${x} AS DOUBLE) ${op} ${Number(value)}`;
  }
  if (mods.has('cidr')) {
    if (!options.addressesInClear) throw new LakeUnsupportedError('|cidr needs the clear address, which the lake keeps only as a keyed hash (redaction ipv4/ipv6: keep would allow it)');
    const range = parseCidr(String(value));
    if (!range) throw new LakeUnsupportedError(`bad cidr ${String(value)}`);
    if (range.version === 6) throw new LakeUnsupportedError('|cidr on IPv6 ranges runs in the stream only');
    const lo = Number(range.network);
    const hi = lo + 2 ** (32 - range.prefix) - 1;
    return `(regexp_full_match(${x}, '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}') AND ${ipv4Number(x)} BETWEEN ${lo} AND ${hi})`;
  }
  if (mods.has('re')) return `regexp_matches(${x}, ${q(String(value))}${mods.has('i') ? ", 'i'" : ''})`;
  if (typeof value === 'boolean') return `lower(${x}) = ${q(String(value))}`;
  if (typeof value === 'number' && !mods.has('contains') && !mods.has('startswith') && !mods.has('endswith')) {
    return `(TRY_CAST(${x} AS DOUBLE) = ${value} OR ${x} = ${q(String(value))})`;
  }
  const text = String(value);
  const mode = mods.has('contains') ? 'contains' : mods.has('startswith') ? 'startswith' : mods.has('endswith') ? 'endswith' : 'exact';
  const cased = mods.has('cased');
  const plain = mode === 'exact' && !/[*?]/.test(text);
  const tests = [plain ? (cased ? `${x} = ${q(text)}` : `lower(${x}) = ${q(text.toLowerCase())}`) : `${x} ${cased ? 'LIKE' : 'ILIKE'} ${q(likePattern(text, mode))} ESCAPE '\\'`];
  if (plain && stored) for (const form of stored(test.field, text)) tests.push(`${x} = ${q(form)}`);
  return tests.length === 1 ? tests[0]! : `(${tests.join(' OR ')})`;
}

function fieldTestSql(test: FieldTest, stored: StoredForms | undefined, options: LakeSqlOptions): string {
  const x = fieldSql(test.field);
  const mods = new Set(test.modifiers);
  if (mods.has('exists')) return test.values[0] === true ? `${x} IS NOT NULL` : `${x} IS NULL`;
  if (mods.has('fieldref')) return `(${test.values.map((v) => `lower(${x}) = lower(${fieldSql(String(v))})`).join(' OR ')})`;
  const parts = test.values.map((v) => scalarSql(test, x, v, stored, options));
  if (mods.has('neq')) return `(${x} IS NOT NULL AND NOT (${parts.join(' OR ')}))`;
  return `(${parts.join(mods.has('all') ? ' AND ' : ' OR ')})`;
}

function selectionSql(selection: Selection, stored: StoredForms | undefined, options: LakeSqlOptions): string {
  if (selection.kind === 'keywords') {
    const text = "lower(coalesce(title, '') || ' ' || coalesce(CAST(raw_data AS VARCHAR), ''))";
    const parts = selection.keywords.map((k) => `contains(${text}, ${q(k.toLowerCase())})`);
    return `(${parts.join(selection.modifiers.includes('all') ? ' AND ' : ' OR ')})`;
  }
  return `(${selection.alternatives.map((tests) => `(${tests.map((t) => fieldTestSql(t, stored, options)).join(' AND ')})`).join(' OR ')})`;
}

function conditionSql(node: ConditionNode, selections: Record<string, string>): string {
  switch (node.op) {
    case 'ref':
      return selections[node.name]!;
    case 'not':
      return `(NOT coalesce(${conditionSql(node.arg, selections)}, false))`;
    case 'and':
    case 'or':
      return `(${node.args.map((a) => conditionSql(a, selections)).join(` ${node.op.toUpperCase()} `)})`;
    case 'of':
      return `(${node.names.map((n) => selections[n]!).join(node.quantifier === 'all' ? ' AND ' : ' OR ')})`;
  }
}

/** A detection rule as a WHERE clause over `events` (logsource scope included). Throws LakeUnsupportedError. */
export function detectionWhereSql(rule: DetectionRule, stored?: StoredForms, options: LakeSqlOptions = {}): string {
  const selections: Record<string, string> = {};
  for (const [name, selection] of Object.entries(rule.selections)) selections[name] = selectionSql(selection, stored, options);
  const where = [`coalesce(${conditionSql(rule.condition, selections)}, false)`];
  if (rule.scope.sourceTypes.length > 0) {
    const tests = rule.scope.sourceTypes.map((p) => (p.includes('*') ? `source_type LIKE ${q(p.replace(/\*/g, '%'))}` : `source_type = ${q(p)}`));
    where.unshift(`(${tests.join(' OR ')})`);
  }
  if (rule.scope.clouds.length > 0) {
    const cloud = "coalesce(json_extract_string(resource, '$.cloud'), CASE WHEN split_part(source, '.', 1) IN ('aws', 'azure', 'gcp') THEN split_part(source, '.', 1) END)";
    where.unshift(`(${cloud} IS NULL OR ${cloud} IN (${rule.scope.clouds.map(q).join(', ')}))`);
  }
  return where.join(' AND ');
}

/** The subject single-event alerts group on, the same in the stream and over the lake (so they merge). */
export const SUBJECT_SQL = "coalesce(asset, source || '/' || source_type)";
