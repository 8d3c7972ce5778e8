/**
 * The request shapes the edge agents send, built from their documentation:
 * - Fluent Bit `http` output: `format json` is one JSON array, `json_lines` one record per line;
 *   both with `Content-Type: application/json`; `compress gzip` adds `Content-Encoding: gzip`;
 *   each record carries `json_date_key` (default `date`) as epoch seconds, a float (`double`).
 * - Vector `http` sink, `encoding.codec = "json"`: the batch is a JSON array (`application/json`)
 *   unless `framing.method = "newline_delimited"` (NDJSON, one event per line, each ending in a
 *   newline, `application/x-ndjson`); `compression = "gzip"` adds `Content-Encoding: gzip`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface AgentRequest {
  headers: Record<string, string>;
  body: Buffer;
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'edge');

export function fixtureRecords(name: 'fluent-bit-json-lines' | 'vector-ndjson'): Array<Record<string, unknown>> {
  return readFileSync(join(FIXTURES, `${name}.ndjson`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function fluentBitRequest(records: ReadonlyArray<Record<string, unknown>>, options: { format: 'json' | 'json_lines'; gzip: boolean; headers?: Record<string, string> }): AgentRequest {
  const text = options.format === 'json' ? JSON.stringify(records) : records.map((r) => `${JSON.stringify(r)}\n`).join('');
  const raw = Buffer.from(text, 'utf8');
  return {
    headers: { 'content-type': 'application/json', 'user-agent': 'Fluent-Bit', ...(options.gzip ? { 'content-encoding': 'gzip' } : {}), ...options.headers },
    body: options.gzip ? gzipSync(raw) : raw,
  };
}

export function vectorRequest(events: ReadonlyArray<Record<string, unknown>>, options: { framing: 'newline_delimited' | 'json_array'; gzip: boolean; headers?: Record<string, string> }): AgentRequest {
  const ndjson = options.framing === 'newline_delimited';
  const text = ndjson ? events.map((e) => `${JSON.stringify(e)}\n`).join('') : JSON.stringify(events);
  const raw = Buffer.from(text, 'utf8');
  return {
    headers: {
      'content-type': ndjson ? 'application/x-ndjson' : 'application/json',
      'user-agent': 'Vector/0.51.1 (x86_64-unknown-linux-gnu)',
      ...(options.gzip ? { 'content-encoding': 'gzip' } : {}),
      ...options.headers,
    },
    body: options.gzip ? gzipSync(raw) : raw,
  };
}
