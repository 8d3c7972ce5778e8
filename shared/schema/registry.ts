import * as z from 'zod';
import { BronzeEventV1, type BronzeEvent } from './bronze-event.js';
import { TelemetrySummaryV1 } from './telemetry-summary.js';
import { QuarantineRecordV1 } from './quarantine.js';
import { ATTRIBUTE_SCHEMAS } from './attributes.js';

export interface SchemaIssue {
  /** Dotted path inside the value, e.g. `attributes.bytes`. */
  path: string;
  message: string;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: SchemaIssue[] };

export interface BatchValidation<T> {
  valid: Array<{ index: number; value: T }>;
  errors: Array<{ index: number; issues: SchemaIssue[] }>;
}

interface Entry {
  name: string;
  version: string;
  schema: z.ZodType;
  /** Proves a value valid without cloning it (undefined: the schema uses something it cannot check). */
  fast: FastCheck | undefined;
}

/**
 * A structural check compiled from a zod schema's definition. `true` means zod would accept the
 * value and its output would equal the input (no unknown keys to strip, no `__proto__` to drop),
 * so the input can be returned as-is; `false` means "not proved": zod decides and reports.
 * Supports the subset the event schemas use; anything else compiles to undefined (zod only).
 */
export type FastCheck = (value: unknown) => boolean;

interface ZodDefLike {
  type: string;
  checks?: Array<{ _zod: { def: Record<string, unknown> } }>;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  entries?: Record<string, unknown>;
  values?: unknown[];
}

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** zod's isPlainObject, narrowed to the cases it is certain of. */
function isSimplePlainObject(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && !hasOwn(v, 'constructor') && Object.getOwnPropertySymbols(v).length === 0;
}

function compileChecks<T>(checks: ZodDefLike['checks'], compile: (def: Record<string, unknown>) => ((v: T) => boolean) | undefined): ((v: T) => boolean) | undefined {
  const tests: Array<(v: T) => boolean> = [];
  for (const c of checks ?? []) {
    const t = compile(c._zod.def);
    if (!t) return undefined;
    tests.push(t);
  }
  return (v) => {
    for (const t of tests) if (!t(v)) return false;
    return true;
  };
}

export function compileFastCheck(schema: z.ZodType): FastCheck | undefined {
  const def = (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
  switch (def.type) {
    case 'unknown':
    case 'any':
      return def.checks?.length ? undefined : () => true;
    case 'boolean':
      return def.checks?.length ? undefined : (v) => typeof v === 'boolean';
    case 'string': {
      const checks = compileChecks<string>(def.checks, (c) => {
        if (c.check === 'min_length' && typeof c.minimum === 'number') return ((m) => (s: string) => s.length >= m)(c.minimum);
        if (c.check === 'max_length' && typeof c.maximum === 'number') return ((m) => (s: string) => s.length <= m)(c.maximum);
        if (c.check === 'string_format' && c.format === 'regex' && c.pattern instanceof RegExp && !c.pattern.global && !c.pattern.sticky) {
          const re = c.pattern;
          return (s) => re.test(s);
        }
        return undefined;
      });
      return checks && ((v) => typeof v === 'string' && checks(v));
    }
    case 'number': {
      const checks = compileChecks<number>(def.checks, (c) => {
        if (c.check === 'number_format' && c.format === 'safeint') return (n) => Number.isSafeInteger(n);
        if (c.check === 'greater_than' && typeof c.value === 'number') return ((m, inc) => (n: number) => (inc ? n >= m : n > m))(c.value, c.inclusive === true);
        if (c.check === 'less_than' && typeof c.value === 'number') return ((m, inc) => (n: number) => (inc ? n <= m : n < m))(c.value, c.inclusive === true);
        return undefined;
      });
      return checks && ((v) => typeof v === 'number' && Number.isFinite(v) && checks(v));
    }
    case 'enum':
    case 'literal': {
      if (def.checks?.length) return undefined;
      const allowed = new Set(def.type === 'enum' ? Object.values(def.entries ?? {}) : (def.values ?? []));
      return (v) => allowed.has(v);
    }
    case 'optional': {
      const inner = def.innerType && !def.checks?.length ? compileFastCheck(def.innerType) : undefined;
      return inner && ((v) => v === undefined || inner(v));
    }
    case 'array': {
      const element = def.element && !def.checks?.length ? compileFastCheck(def.element) : undefined;
      return element && ((v) => Array.isArray(v) && v.every((e) => element(e)));
    }
    case 'record': {
      const keyType = def.keyType && (def.keyType as unknown as { _zod: { def: ZodDefLike } })._zod.def;
      const value = def.valueType && compileFastCheck(def.valueType);
      if (!value || def.checks?.length || keyType?.type !== 'string' || keyType.checks?.length) return undefined;
      return (v) => {
        if (!isSimplePlainObject(v) || hasOwn(v, '__proto__')) return false;
        for (const key of Object.keys(v)) if (!value(v[key])) return false;
        return true;
      };
    }
    case 'object':
      return compileObject(def);
    default:
      return undefined;
  }
}

function compileObject(def: ZodDefLike): FastCheck | undefined {
  const catchall = def.catchall && (def.catchall as unknown as { _zod: { def: ZodDefLike } })._zod.def;
  // z.object strips unknown keys (the input proves equal to the output only without them); looseObject keeps them.
  const loose = catchall !== undefined && (catchall.type === 'unknown' || catchall.type === 'any') && !catchall.checks?.length;
  if ((catchall !== undefined && !loose) || def.checks?.length || !def.shape) return undefined;
  const fields: Array<[string, FastCheck]> = [];
  for (const [key, field] of Object.entries(def.shape)) {
    const check = compileFastCheck(field);
    if (!check) return undefined;
    fields.push([key, check]);
  }
  const known = new Set(fields.map(([key]) => key));
  return (v) => {
    if (!isObject(v) || hasOwn(v, '__proto__')) return false;
    for (const [key, check] of fields) if (!check(v[key])) return false;
    if (!loose) for (const key in v) if (!known.has(key)) return false;
    return true;
  };
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function toIssues(error: z.ZodError): SchemaIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/**
 * Named, versioned schemas side by side (`bronze_event@1.0`, `attributes.cloudtrail@1.0`, …).
 * Validates one value or a batch (per-index errors) and exports JSON Schema.
 */
export class SchemaRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly latest = new Map<string, string>();
  /** source_type → `attributes.<source_type>` (one string per type, not one per event). */
  private readonly attributeNames = new Map<string, string>();
  private readonly latestEntries = new Map<string, Entry>();

  register(name: string, version: string, schema: z.ZodType): this {
    const id = `${name}@${version}`;
    if (this.entries.has(id)) throw new Error(`schema ${id} is already registered`);
    this.entries.set(id, { name, version, schema, fast: compileFastCheck(schema) });
    const current = this.latest.get(name);
    if (current === undefined || compareVersions(version, current) > 0) {
      this.latest.set(name, version);
      this.latestEntries.set(name, this.entries.get(id)!);
    }
    return this;
  }

  has(name: string, version?: string): boolean {
    return this.find(name, version) !== undefined;
  }

  versions(name: string): string[] {
    return [...this.entries.values()]
      .filter((e) => e.name === name)
      .map((e) => e.version)
      .sort(compareVersions);
  }

  validate<T = unknown>(name: string, value: unknown, version?: string): Validation<T> {
    const entry = this.find(name, version);
    if (!entry) throw new Error(`no schema ${name}${version ? `@${version}` : ''} is registered`);
    if (entry.fast?.(value)) return { ok: true, value: value as T };
    const parsed = entry.schema.safeParse(value);
    if (parsed.success) return { ok: true, value: parsed.data as T };
    return { ok: false, issues: toIssues(parsed.error) };
  }

  validateBatch<T = unknown>(name: string, values: readonly unknown[], version?: string): BatchValidation<T> {
    const result: BatchValidation<T> = { valid: [], errors: [] };
    values.forEach((value, index) => {
      const v = this.validate<T>(name, value, version);
      if (v.ok) result.valid.push({ index, value: v.value });
      else result.errors.push({ index, issues: v.issues });
    });
    return result;
  }

  /** A BronzeEvent: the envelope, then the typed attributes of its source_type when one is registered. */
  validateEvent(value: unknown): Validation<BronzeEvent> {
    const envelope = this.validate<BronzeEvent>('bronze_event', value);
    if (!envelope.ok) return envelope;
    const attrName = this.attributeNames.get(envelope.value.source_type) ?? `attributes.${envelope.value.source_type}`;
    if (this.attributeNames.size < 1024) this.attributeNames.set(envelope.value.source_type, attrName);
    if (!this.has(attrName)) return envelope;
    const attrs = this.validate(attrName, envelope.value.attributes);
    if (attrs.ok) return envelope;
    return { ok: false, issues: attrs.issues.map((i) => ({ path: i.path ? `attributes.${i.path}` : 'attributes', message: i.message })) };
  }

  /** JSON Schema (draft 2020-12) for every registered version, keyed `name@version`. */
  exportJsonSchema(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [id, entry] of [...this.entries].sort(([a], [b]) => a.localeCompare(b))) {
      out[id] = {
        $id: `telemetry-bridge/${id}`,
        title: entry.name,
        ...(z.toJSONSchema(entry.schema, { unrepresentable: 'any', io: 'input' }) as object),
      };
    }
    return out;
  }

  private find(name: string, version?: string): Entry | undefined {
    return version === undefined ? this.latestEntries.get(name) : this.entries.get(`${name}@${version}`);
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The registry every component shares: built once per process. */
export function createDefaultRegistry(): SchemaRegistry {
  const registry = new SchemaRegistry()
    .register('bronze_event', '1.0', BronzeEventV1)
    .register('telemetry_summary', '1.0', TelemetrySummaryV1)
    .register('quarantine_record', '1.0', QuarantineRecordV1);
  for (const [sourceType, versions] of Object.entries(ATTRIBUTE_SCHEMAS)) {
    for (const [version, schema] of Object.entries(versions)) registry.register(`attributes.${sourceType}`, version, schema);
  }
  return registry;
}

let shared: SchemaRegistry | undefined;
export function defaultRegistry(): SchemaRegistry {
  shared ??= createDefaultRegistry();
  return shared;
}
