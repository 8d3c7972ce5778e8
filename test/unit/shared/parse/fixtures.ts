import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RawRecord } from '../../../../shared/decode/types.js';

const ROOT = fileURLToPath(new URL('../../../fixtures/parse/', import.meta.url));

export function loadFixture(source: string, variant: string): unknown {
  return JSON.parse(readFileSync(`${ROOT}${source}/${variant}.json`, 'utf8')) as unknown;
}

/** How a JSON record reaches the parser: as the wire's object, or as a line of text. */
export type Carrier = 'value' | 'text';

/**
 * The records of a fixture file: strings become text records; objects become value records (or
 * text records holding their JSON when `carrier` is 'text'); `{ header, lines }` sets meta.header.
 */
export function fixtureRecords(source: string, variant: string, options: { carrier?: Carrier; meta?: Record<string, string> } = {}): RawRecord[] {
  const data = loadFixture(source, variant);
  let items: unknown[];
  let meta: Record<string, string> = { ...options.meta };
  if (Array.isArray(data)) items = data;
  else {
    const { header, lines } = data as { header: string; lines: string[] };
    items = lines;
    meta = { ...meta, header };
  }
  return items.map((item, i) => {
    const path = `${source}/${variant}[${i}]`;
    if (typeof item === 'string') return { path, text: item, meta };
    return options.carrier === 'text' ? { path, text: JSON.stringify(item), meta } : { path, value: item, meta };
  });
}

export function textRecord(text: string, extra: Partial<RawRecord> = {}): RawRecord {
  return { path: 'test', text, meta: {}, ...extra };
}

export function valueRecord(value: unknown, extra: Partial<RawRecord> = {}): RawRecord {
  return { path: 'test', value, meta: {}, ...extra };
}

/** Freezes a value and everything inside it, so any mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}
