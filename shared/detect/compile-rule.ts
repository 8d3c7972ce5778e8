import type { BronzeEventDraft } from '../schema/index.js';
import { evaluateCondition, parseCondition, referencedSelections } from './condition.js';
import { resolveField } from './field-resolve.js';
import { compileLogsource, inScope } from './logsource.js';
import { LEVEL_SEVERITY, MODIFIERS, type DetectionRule, type FieldTest, type Modifier, type Selection } from './types.js';
import { compileFieldTest, type ValuePredicate } from './value-match.js';

/** A rule the engine cannot support: names the field (a path in the YAML document) and the reason. */
export class RuleCompileError extends Error {
  override name = 'RuleCompileError';
  constructor(message: string, readonly field: string) {
    super(message);
  }
}

const REFUSED_MODIFIERS: Readonly<Record<string, string>> = {
  base64: 'encodes the value (not applied to cloud logs)',
  base64offset: 'encodes the value (not applied to cloud logs)',
  wide: 'encodes the value as UTF-16 (Windows only)',
  utf16le: 'encodes the value as UTF-16 (Windows only)',
  utf16be: 'encodes the value as UTF-16 (Windows only)',
  utf16: 'encodes the value as UTF-16 (Windows only)',
  windash: 'rewrites Windows command-line dashes (Windows only)',
  expand: 'needs placeholder values from a pipeline',
};

type Scalar = string | number | boolean | null;

function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

export function parseFieldKey(key: string, path: string): { field: string; modifiers: Modifier[] } {
  const [field, ...mods] = key.split('|');
  if (!field) throw new RuleCompileError('a field name is empty', path);
  const modifiers: Modifier[] = [];
  for (const raw of mods) {
    const mod = raw.toLowerCase();
    if (REFUSED_MODIFIERS[mod]) throw new RuleCompileError(`modifier |${mod} is not supported: ${REFUSED_MODIFIERS[mod]}`, path);
    if (!(MODIFIERS as readonly string[]).includes(mod)) throw new RuleCompileError(`modifier |${mod} is not known (supported: ${MODIFIERS.join(', ')})`, path);
    modifiers.push(mod as Modifier);
  }
  const kinds = modifiers.filter((m) => ['contains', 'startswith', 'endswith', 're', 'cidr', 'gt', 'gte', 'lt', 'lte', 'exists'].includes(m));
  if (kinds.length > 1) throw new RuleCompileError(`modifiers |${kinds.join('|')} cannot be combined`, path);
  if (modifiers.some((m) => m === 'i' || m === 'm' || m === 's') && !modifiers.includes('re')) throw new RuleCompileError('|i, |m and |s apply to |re only', path);
  return { field, modifiers };
}

function fieldTests(map: Record<string, unknown>, path: string): FieldTest[] {
  return Object.entries(map).map(([key, raw]) => {
    const at = `${path}.${key}`;
    const { field, modifiers } = parseFieldKey(key, at);
    const values = Array.isArray(raw) ? raw : [raw];
    if (!values.every(isScalar)) throw new RuleCompileError('values must be strings, numbers, booleans or null (nested maps are not Sigma)', at);
    return { field, modifiers, values };
  });
}

function compileSelection(name: string, raw: unknown): Selection {
  const path = `detection.${name}`;
  if (Array.isArray(raw)) {
    if (raw.length === 0) throw new RuleCompileError('an empty selection', path);
    if (raw.every((v) => typeof v === 'string' || typeof v === 'number')) return { kind: 'keywords', keywords: raw.map(String), modifiers: [] };
    if (raw.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
      return { kind: 'fields', alternatives: raw.map((m, i) => fieldTests(m as Record<string, unknown>, `${path}[${i}]`)) };
    }
    throw new RuleCompileError('a list must hold only maps or only keywords', path);
  }
  if (raw !== null && typeof raw === 'object') {
    const entries = Object.entries(raw as Record<string, unknown>);
    // `'|all': [keywords]` / `'|contains': [...]` keyword forms.
    if (entries.length === 1 && entries[0]![0].startsWith('|')) {
      const { modifiers } = parseFieldKey(`_${entries[0]![0]}`, `${path}.${entries[0]![0]}`);
      const values = Array.isArray(entries[0]![1]) ? entries[0]![1] : [entries[0]![1]];
      return { kind: 'keywords', keywords: values.map(String), modifiers };
    }
    return { kind: 'fields', alternatives: [fieldTests(raw as Record<string, unknown>, path)] };
  }
  if (typeof raw === 'string') return { kind: 'keywords', keywords: [raw], modifiers: [] };
  throw new RuleCompileError('a selection must be a map, a list of maps or a list of keywords', path);
}

function keywordText(event: BronzeEventDraft): string {
  try {
    return `${event.title}\n${typeof event.raw_data === 'string' ? event.raw_data : JSON.stringify(event.raw_data)}`.toLowerCase();
  } catch {
    return event.title.toLowerCase();
  }
}

function fieldRefs(t: FieldTest, selection: string): string[] {
  if (t.modifiers.length !== 1 || !t.values.every((v) => typeof v === 'string' && v !== '')) {
    throw new RuleCompileError('|fieldref takes field names and no other modifier', `detection.${selection}.${t.field}|fieldref`);
  }
  return t.values as string[];
}

/** fieldref equality: both present and equal (strings case-insensitively). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return false;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return typeof a !== 'object' && a === b;
}

type SelectionMatcher = (event: BronzeEventDraft, matched: Set<string>) => boolean;

function selectionMatcher(name: string, selection: Selection): SelectionMatcher {
  if (selection.kind === 'keywords') {
    const words = selection.keywords.map((k) => k.toLowerCase());
    const all = selection.modifiers.includes('all');
    return (event) => {
      const text = keywordText(event);
      return all ? words.every((w) => text.includes(w)) : words.some((w) => text.includes(w));
    };
  }
  const alternatives = selection.alternatives.map((tests, i) =>
    tests.map((t) => {
      let predicate: ValuePredicate;
      if (t.modifiers.includes('fieldref')) return { field: t.field, predicate: () => false, refs: fieldRefs(t, name) };
      try {
        predicate = compileFieldTest(t);
      } catch (err) {
        throw new RuleCompileError((err as Error).message, `detection.${name}${selection.alternatives.length > 1 ? `[${i}]` : ''}.${[t.field, ...t.modifiers].join('|')}`);
      }
      return { field: t.field, predicate, refs: undefined };
    }),
  );
  const passes = (event: BronzeEventDraft, t: (typeof alternatives)[number][number]): boolean => {
    const value = resolveField(event, t.field);
    if (t.refs === undefined) return t.predicate(value);
    return t.refs.some((ref) => sameValue(value, resolveField(event, ref)));
  };
  return (event, matched) => {
    for (const tests of alternatives) {
      if (tests.every((t) => passes(event, t))) {
        for (const t of tests) matched.add(t.field);
        return true;
      }
    }
    return false;
  };
}

/** One Sigma detection document → a rule with its matcher. Throws RuleCompileError naming the field. */
export function compileDetection(doc: Record<string, unknown>, file: string): DetectionRule {
  const id = doc.id;
  if (typeof id !== 'string' || id.trim() === '') throw new RuleCompileError('every rule needs an id (alerts name it)', 'id');
  const title = doc.title;
  if (typeof title !== 'string' || title.trim() === '') throw new RuleCompileError('every rule needs a title', 'title');
  const level = doc.level === undefined ? 'medium' : String(doc.level).toLowerCase();
  const severity = LEVEL_SEVERITY[level];
  if (!severity) throw new RuleCompileError(`level "${level}" is not one of ${Object.keys(LEVEL_SEVERITY).join(', ')}`, 'level');
  let scope;
  try {
    scope = compileLogsource(doc.logsource);
  } catch (err) {
    throw new RuleCompileError((err as Error).message, (err as { field?: string }).field ?? 'logsource');
  }
  const detection = doc.detection;
  if (detection === null || typeof detection !== 'object' || Array.isArray(detection)) throw new RuleCompileError('detection must be a map of selections and a condition', 'detection');
  const { condition: rawCondition, timeframe, ...rawSelections } = detection as Record<string, unknown>;
  if (timeframe !== undefined) throw new RuleCompileError('timeframe belongs to correlation rules (Sigma v2); write a correlation rule', 'detection.timeframe');
  const selections: Record<string, Selection> = {};
  const matchers = new Map<string, SelectionMatcher>();
  for (const [name, raw] of Object.entries(rawSelections)) {
    selections[name] = compileSelection(name, raw);
    matchers.set(name, selectionMatcher(name, selections[name]));
  }
  const conditionText = Array.isArray(rawCondition) ? rawCondition.map((c) => `(${String(c)})`).join(' or ') : rawCondition;
  if (typeof conditionText !== 'string') throw new RuleCompileError('detection.condition must be a string', 'detection.condition');
  let condition;
  try {
    condition = parseCondition(conditionText, Object.keys(selections));
  } catch (err) {
    throw new RuleCompileError((err as Error).message, 'detection.condition');
  }
  const positive = referencedSelections(condition);
  const fields = [...new Set(Object.values(selections).flatMap((s) => (s.kind === 'fields' ? s.alternatives.flat().map((t) => t.field) : [])))];
  const tags = Array.isArray(doc.tags) ? doc.tags.map(String) : [];
  const rule: DetectionRule = {
    kind: 'detection',
    id: id.trim(),
    ...(typeof doc.name === 'string' ? { name: doc.name } : {}),
    title: title.trim(),
    severity,
    file,
    tags,
    scope,
    selections,
    condition,
    fields,
    match(event) {
      if (!inScope(scope, event)) return null;
      const matched = new Set<string>();
      const memo = new Map<string, boolean>();
      const test = (name: string) => {
        let hit = memo.get(name);
        if (hit === undefined) {
          const fieldsHit = new Set<string>();
          hit = matchers.get(name)!(event, fieldsHit);
          memo.set(name, hit);
          if (hit && positive.has(name)) for (const f of fieldsHit) matched.add(f);
        }
        return hit;
      };
      return evaluateCondition(condition, test) ? [...matched].sort() : null;
    },
  };
  return rule;
}
