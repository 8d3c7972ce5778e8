import { createHash } from 'node:crypto';
import type { RawRecord } from '../decode/types.js';
import { stableStringify } from './stable-json.js';

const MAX_ID = 256;

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The record's original content: its text, else its value as stable (key-sorted) JSON. */
export function recordContent(record: RawRecord): string {
  return typeof record.text === 'string' ? record.text : stableStringify(record.value);
}

/**
 * Deterministic event id: `<source>:<recordId>` when the source gives the record an id, else the
 * hex SHA-256 of `<source>\n<content>`. A redelivered record gets the same id.
 */
export function eventId(source: string, record: RawRecord): string {
  if (typeof record.recordId === 'string' && record.recordId !== '') {
    const id = `${source}:${record.recordId}`;
    return id.length <= MAX_ID ? id : `${source}:${sha256Hex(record.recordId)}`;
  }
  return sha256Hex(`${source}\n${recordContent(record)}`);
}
