import type { BridgeConfig } from '../config/schema.js';
import type { BronzeEvent, Source, TelemetrySummary } from '../schema/index.js';

type Rule = BridgeConfig['summary']['rules'][number];
type Condition = Rule['where'][string];

/**
 * Folds events into a TelemetrySummary one at a time (no event list kept): rule counts from
 * config-defined conditions over normalized fields, p95 of `attributes.latency_ms`.
 */
export class SummaryAccumulator {
  private readonly counts: number[];
  /** Rules compiled once: split paths and lower-cased expectations (not per event). */
  private readonly compiled: CompiledRules;
  private readonly latencies: number[] = [];
  private start: string | undefined;
  private end: string | undefined;
  private events = 0;

  constructor(private readonly rules: readonly Rule[]) {
    this.counts = rules.map(() => 0);
    this.compiled = compileRules(rules);
  }

  add(event: BronzeEvent): void {
    this.events++;
    if (this.start === undefined || event.timestamp < this.start) this.start = event.timestamp;
    if (this.end === undefined || event.timestamp > this.end) this.end = event.timestamp;
    for (let i = 0; i < this.compiled.length; i++) {
      let matches = true;
      for (const condition of this.compiled[i]!) {
        if (!condition.holds(fieldAtPath(event, condition.path))) {
          matches = false;
          break;
        }
      }
      if (matches) this.counts[i]!++;
    }
    const latency = event.attributes.latency_ms;
    if (typeof latency === 'number' && Number.isFinite(latency) && latency >= 0) this.latencies.push(latency);
  }

  get size(): number {
    return this.events;
  }

  result(source: Source, batchKey: string): TelemetrySummary | undefined {
    if (this.events === 0 || this.start === undefined || this.end === undefined) return undefined;
    return {
      schema_version: '1.0',
      alerts: this.rules.map((rule, i) => ({ rule: rule.name, count: this.counts[i]! })).filter((a) => a.count > 0),
      latency_ms_p95: percentile(this.latencies, 0.95),
      window: { start: this.start, end: this.end },
      source,
      batch_key: batchKey,
      event_count: this.events,
    };
  }
}

/** Nearest-rank percentile; null when there are no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return Math.round(sorted[rank - 1]! * 1000) / 1000;
}

export function ruleMatches(rule: Rule, event: BronzeEvent): boolean {
  for (const [path, expected] of Object.entries(rule.where)) {
    if (!conditionHolds(fieldAt(event, path), expected)) return false;
  }
  return true;
}

function conditionHolds(actual: unknown, expected: Condition): boolean {
  if (Array.isArray(expected)) return expected.some((e) => conditionHolds(actual, e));
  if (typeof expected === 'string' && typeof actual === 'string') return actual.toLowerCase() === expected.toLowerCase();
  return actual === expected;
}

type CompiledRules = ReadonlyArray<ReadonlyArray<{ path: CompiledPath; holds: (actual: unknown) => boolean }>>;

/**
 * A dotted path with, for each position i, the keys a flat dotted key could take from there,
 * longest first (`parts[i..j)` joined by '.'), so lookups build no strings per event.
 */
interface CompiledPath {
  parts: readonly string[];
  /** joined[i] = [[key, j], …] for j from parts.length down to i + 2. */
  joined: ReadonlyArray<ReadonlyArray<readonly [string, number]>>;
}

function compilePath(path: string): CompiledPath {
  const parts = path.split('.');
  const joined = parts.map((_, i) => {
    const keys: Array<readonly [string, number]> = [];
    for (let j = parts.length; j > i + 1; j--) keys.push([parts.slice(i, j).join('.'), j]);
    return keys;
  });
  return { parts, joined };
}

/** Per rules list (config is built once per cold start, and a batch writer is made per delivery). */
const compiledRules = new WeakMap<readonly Rule[], CompiledRules>();

function compileRules(rules: readonly Rule[]): CompiledRules {
  let compiled = compiledRules.get(rules);
  if (compiled === undefined) {
    compiled = rules.map((rule) => Object.entries(rule.where).map(([path, expected]) => ({ path: compilePath(path), holds: compileCondition(expected) })));
    compiledRules.set(rules, compiled);
  }
  return compiled;
}

/** conditionHolds with `expected` fixed in advance. */
function compileCondition(expected: Condition): (actual: unknown) => boolean {
  if (Array.isArray(expected)) {
    const alternatives = expected.map((e: Condition) => compileCondition(e));
    return (actual) => alternatives.some((holds) => holds(actual));
  }
  if (typeof expected === 'string') {
    const lower = expected.toLowerCase();
    return (actual) => (typeof actual === 'string' ? actual === expected || actual.toLowerCase() === lower : actual === expected);
  }
  return (actual) => actual === expected;
}

function fieldAt(value: unknown, path: string): unknown {
  return fieldAtPath(value, compilePath(path));
}

function fieldAtPath(value: unknown, path: CompiledPath): unknown {
  const { parts, joined } = path;
  let node: unknown = value;
  let i = 0;
  while (i < parts.length) {
    if (typeof node !== 'object' || node === null) return undefined;
    const record = node as Record<string, unknown>;
    // A flat dotted key (`attributes["event.type"]`, the common fields) wins over nesting: longest first.
    let found = false;
    for (const [key, j] of joined[i]!) {
      if (Object.hasOwn(record, key)) {
        node = record[key];
        i = j;
        found = true;
        break;
      }
    }
    if (found) continue;
    if (!Object.hasOwn(record, parts[i]!)) return undefined;
    node = record[parts[i]!];
    i++;
  }
  return node;
}
