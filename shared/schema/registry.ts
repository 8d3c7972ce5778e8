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

  register(name: string, version: string, schema: z.ZodType): this {
    const id = `${name}@${version}`;
    if (this.entries.has(id)) throw new Error(`schema ${id} is already registered`);
    this.entries.set(id, { name, version, schema });
    const current = this.latest.get(name);
    if (current === undefined || compareVersions(version, current) > 0) this.latest.set(name, version);
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
    const attrName = `attributes.${envelope.value.source_type}`;
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
    const v = version ?? this.latest.get(name);
    return v === undefined ? undefined : this.entries.get(`${name}@${v}`);
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
