import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigError } from '../errors.js';
import { compileDetection, RuleCompileError } from './compile-rule.js';
import { LEVEL_SEVERITY, type CorrelationCondition, type CorrelationRule, type DetectionRule, type RuleSet } from './types.js';

const MAX_RULE_FILE_BYTES = 1024 * 1024;
const TIMESPAN = /^(\d+)(s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A rule refused at load: names the file and the field. */
export function ruleError(file: string, field: string, reason: string): ConfigError {
  return new ConfigError(`invalid rule ${file} at ${field}: ${reason}`, { context: { file, field } });
}

function parseTimespan(raw: unknown, file: string): number {
  const match = typeof raw === 'string' ? TIMESPAN.exec(raw.trim()) : null;
  if (!match) throw ruleError(file, 'correlation.timespan', `must be like 30s, 5m, 1h or 1d (got ${JSON.stringify(raw)})`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

interface PendingCorrelation {
  doc: Record<string, unknown>;
  file: string;
}

function compileCorrelation(pending: PendingCorrelation, byRef: Map<string, DetectionRule>): CorrelationRule {
  const { doc, file } = pending;
  const c = doc.correlation as Record<string, unknown>;
  const id = doc.id;
  if (typeof id !== 'string' || id.trim() === '') throw ruleError(file, 'id', 'every rule needs an id (alerts name it)');
  if (typeof doc.title !== 'string' || doc.title.trim() === '') throw ruleError(file, 'title', 'every rule needs a title');
  const type = c.type;
  if (type !== 'event_count' && type !== 'value_count' && type !== 'temporal') {
    throw ruleError(file, 'correlation.type', `${JSON.stringify(type)} is not supported (event_count, value_count, temporal)`);
  }
  if (c.aliases !== undefined) throw ruleError(file, 'correlation.aliases', 'field aliases are not supported: name the same field in every rule');
  const refs = Array.isArray(c.rules) ? c.rules.map(String) : typeof c.rules === 'string' ? [c.rules] : [];
  if (refs.length === 0) throw ruleError(file, 'correlation.rules', 'names no rule');
  const rules = refs.map((ref, i) => {
    const rule = byRef.get(ref);
    if (!rule) throw ruleError(file, `correlation.rules[${i}]`, `no loaded rule has the id or name "${ref}"`);
    return rule;
  });
  if (type === 'temporal' && rules.length < 2) throw ruleError(file, 'correlation.rules', 'temporal needs at least two rules');
  const groupByRaw = c['group-by'] ?? c.group_by;
  const groupBy = groupByRaw === undefined ? [] : Array.isArray(groupByRaw) ? groupByRaw.map(String) : [String(groupByRaw)];
  const timespanMs = parseTimespan(c.timespan, file);
  const conditionRaw = c.condition ?? (type === 'temporal' ? { gte: rules.length } : undefined);
  if (conditionRaw === null || typeof conditionRaw !== 'object' || Array.isArray(conditionRaw)) throw ruleError(file, 'correlation.condition', 'must be a map such as {gte: 10}');
  const condition: CorrelationCondition = {};
  for (const [key, value] of Object.entries(conditionRaw as Record<string, unknown>)) {
    if (key === 'field') {
      if (typeof value !== 'string') throw ruleError(file, 'correlation.condition.field', 'must be a field name');
      condition.field = value;
    } else if (key === 'gt' || key === 'gte' || key === 'lt' || key === 'lte' || key === 'eq') {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw ruleError(file, `correlation.condition.${key}`, 'must be a number');
      condition[key] = value;
    } else throw ruleError(file, `correlation.condition.${key}`, 'not supported (gt, gte, lt, lte, eq, field)');
  }
  if (type === 'value_count' && condition.field === undefined) throw ruleError(file, 'correlation.condition.field', 'value_count counts the distinct values of a field: name it');
  if (!['gt', 'gte', 'lt', 'lte', 'eq'].some((k) => k in condition)) throw ruleError(file, 'correlation.condition', 'needs a comparison (gt, gte, lt, lte or eq)');
  const level = doc.level === undefined ? 'medium' : String(doc.level).toLowerCase();
  const severity = LEVEL_SEVERITY[level];
  if (!severity) throw ruleError(file, 'level', `"${level}" is not one of ${Object.keys(LEVEL_SEVERITY).join(', ')}`);
  return {
    kind: 'correlation',
    id: id.trim(),
    ...(typeof doc.name === 'string' ? { name: doc.name } : {}),
    title: doc.title.trim(),
    severity,
    file,
    type,
    rules,
    groupBy,
    timespanMs,
    condition,
  };
}

/** Compiles the YAML documents of rule files (name → text). Throws ConfigError naming the file and field of the first bad rule. */
export function compileRuleTexts(files: ReadonlyArray<{ name: string; text: string }>): RuleSet {
  const detections: DetectionRule[] = [];
  const pending: PendingCorrelation[] = [];
  const ids = new Map<string, string>();
  for (const { name: file, text } of files) {
    const docs = parseAllDocuments(text);
    for (const document of Array.isArray(docs) ? docs : [docs]) {
      if (document.errors.length > 0) throw ruleError(file, 'yaml', document.errors[0]!.message.split('\n')[0]!);
      const doc = document.toJS() as unknown;
      if (doc === null || doc === undefined) continue;
      if (typeof doc !== 'object' || Array.isArray(doc)) throw ruleError(file, 'document', 'a rule is a YAML map');
      const record = doc as Record<string, unknown>;
      const id = typeof record.id === 'string' ? record.id : undefined;
      if (id !== undefined) {
        const previous = ids.get(id);
        if (previous !== undefined) throw ruleError(file, 'id', `"${id}" is already used by ${previous}`);
        ids.set(id, file);
      }
      if (record.correlation !== undefined) {
        if (record.correlation === null || typeof record.correlation !== 'object') throw ruleError(file, 'correlation', 'must be a map');
        pending.push({ doc: record, file });
        continue;
      }
      if (record.action !== undefined) continue; // Sigma `action: global/reset/repeat` collections are not rules.
      try {
        detections.push(compileDetection(record, file));
      } catch (err) {
        if (err instanceof RuleCompileError) throw ruleError(file, err.field, err.message);
        throw err;
      }
    }
  }
  const byRef = new Map<string, DetectionRule>();
  for (const rule of detections) {
    byRef.set(rule.id, rule);
    if (rule.name) byRef.set(rule.name, rule);
  }
  const correlations = pending.map((p) => compileCorrelation(p, byRef));
  return { detections, correlations };
}

async function ruleFiles(dir: string, root: string, out: Array<{ name: string; path: string }>): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    throw new ConfigError(`cannot read the rules folder ${dir}`, { cause, context: { dir } });
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await ruleFiles(path, root, out);
    else if (/\.ya?ml$/i.test(entry.name)) out.push({ name: relative(root, path) || entry.name, path });
  }
}

/** Loads every `*.yml` / `*.yaml` under the folders (or single files), recursively. */
export async function loadRules(paths: readonly string[]): Promise<RuleSet> {
  const found: Array<{ name: string; path: string }> = [];
  for (const p of paths) {
    const info = await stat(p).catch((cause: unknown) => {
      throw new ConfigError(`rules path ${p} does not exist`, { cause, context: { path: p } });
    });
    if (info.isDirectory()) await ruleFiles(p, join(p, '..'), found);
    else found.push({ name: p, path: p });
  }
  const files: Array<{ name: string; text: string }> = [];
  for (const f of found) {
    const info = await stat(f.path);
    if (info.size > MAX_RULE_FILE_BYTES) throw ruleError(f.name, 'file', `larger than ${MAX_RULE_FILE_BYTES} bytes`);
    files.push({ name: f.name, text: await readFile(f.path, 'utf8') });
  }
  return compileRuleTexts(files);
}
