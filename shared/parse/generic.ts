import type { RawRecord } from '../decode/types.js';
import type { ParseResult, Parser } from './types.js';
import { isPlainObject, parseJsonText, recordText, type JsonObject } from './json-input.js';
import { compact, failed, parsed } from './field-read.js';
import { snakeCase } from './snake-case.js';
import { flatten, FLATTEN_DEPTH } from '../catalogue/flatten.js';

/** Keys that commonly carry a record's own time, in order of preference. */
export const TIME_KEYS = ['timestamp', '@timestamp', 'time', 'eventTime', 'event_time', 'ts', 'datetime', 'date', 'createdAt', 'created_at'] as const;
const MAX_FIELDS = 200;
/** Pairs separated by whitespace (no ambiguity, so no catastrophic backtracking). */
const KV_LINE = /^\s*[A-Za-z_@][\w.@-]*=(?:"(?:[^"\\]|\\.)*"|[^\s"]*)(?:\s+[A-Za-z_@][\w.@-]*=(?:"(?:[^"\\]|\\.)*"|[^\s"]*))*\s*$/;
const KV_PAIR = /([A-Za-z_@][\w.@-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)/g;
const LEADING_TIME = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s/;
const MAX_KV_LINE = 64 * 1024;

function pickTime(source: Readonly<Record<string, unknown>>): unknown {
  for (const key of TIME_KEYS) if (Object.hasOwn(source, key) && source[key] !== null && source[key] !== '') return source[key];
  return undefined;
}

/** A copy with every object key in snake_case (`log.level` → `log_level`), to the flatten depth. */
function snakeKeys(value: unknown, depth: number): unknown {
  if (depth > FLATTEN_DEPTH || !isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = snakeCase(key);
    if (name !== '' && name !== '__proto__' && !Object.hasOwn(out, name)) out[name] = snakeKeys(v, depth + 1);
  }
  return out;
}

/** Nested objects reach the fields flattened (`http_request.client_ip`: snake_case keys, dotted by nesting; bounded depth and count). */
function fromObject(value: JsonObject): ParseResult {
  const fields: Record<string, unknown> = {};
  let count = 0;
  const snaked = snakeKeys(value, 1) as Record<string, unknown>;
  for (const [name, v] of Object.entries(flatten(snaked, FLATTEN_DEPTH, MAX_FIELDS))) {
    if (count++ >= MAX_FIELDS) break;
    fields[name] = v;
  }
  // parsed() drops undefined entries itself: one copy, not three (issue 15).
  fields.record_format = 'json';
  return parsed('generic', fields, pickTime(value));
}

function unquote(v: string): string {
  if (!v.startsWith('"')) return v;
  return v.slice(1, -1).replace(/\\(.)/g, '$1');
}

function fromText(text: string): ParseResult {
  const line = text.trim();
  if (line.length <= MAX_KV_LINE && line.includes('=') && KV_LINE.test(line)) {
    const fields: Record<string, unknown> = {};
    for (const m of line.matchAll(KV_PAIR)) {
      const name = snakeCase(m[1]!);
      if (name !== '' && !Object.hasOwn(fields, name) && Object.keys(fields).length < MAX_FIELDS) fields[name] = unquote(m[2]!);
    }
    const time = pickTime(fields);
    fields.record_format = 'kv';
    return parsed('generic', fields, time);
  }
  return parsed('generic', { message: line, record_format: 'text' }, LEADING_TIME.exec(line)?.[1]);
}

/** The fallback: any JSON object, else `key=value` text, else a plain line. Never rejects a record it can read. */
export const generic: Parser = {
  type: 'generic',
  matches: () => true,
  parse(record: RawRecord): ParseResult {
    if (isPlainObject(record.value)) return fromObject(record.value);
    const text = recordText(record);
    if (text === undefined) {
      return record.value === undefined ? failed('generic: record has neither text nor value') : parsed('generic', { value: record.value, record_format: 'json' });
    }
    if (text.trimStart().startsWith('{')) {
      const json = parseJsonText(text.trim());
      // Text that opens like a JSON object but does not parse is broken JSON (truncated, corrupted),
      // not a plain line: quarantine it rather than store it as a text event.
      if (!json.ok) return failed(`generic: ${json.reason}`);
      if (isPlainObject(json.value)) return fromObject(json.value);
    }
    return fromText(text);
  },
};
