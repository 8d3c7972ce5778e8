import { PreconditionFailedError } from '../errors.js';
import type { ObjectStore } from '../ports.js';
import { ConnectorError } from './errors.js';
import { isRecord } from './pagination.js';

export interface DataTypeCursor {
  /** Everything before this time (RFC 3339 UTC ms) has been written. The next window starts here. */
  watermark: string;
  updated_at: string;
  run_id: string;
}

export interface CursorDoc {
  cursor_version: '1';
  connector: string;
  scope: string;
  data_types: Record<string, DataTypeCursor>;
}

export interface CursorRead {
  doc: CursorDoc | null;
  /** The etag to pass to the next write (If-Match); undefined when absent (If-None-Match: *). */
  etag: string | undefined;
}

/** `state/cursors/<connector>[-<scope>].json`; a scope is made key-safe (`octo-org/api` → `octo-org.api`). */
export function cursorKey(connector: string, scope: string): string {
  const suffix = scope === 'default' ? '' : `-${scope.replace(/\//g, '.').replace(/[^A-Za-z0-9._-]/g, '_')}`;
  return `state/cursors/${connector}${suffix}.json`;
}

/**
 * Cursors in the object store with conditional writes: the first with If-None-Match '*', then
 * If-Match the etag last read or written. A concurrent run that moved the cursor makes the write
 * fail (PreconditionFailedError) instead of silently rewinding or skipping.
 */
export class CursorStore {
  constructor(private readonly store: ObjectStore) {}

  async read(connector: string, scope: string): Promise<CursorRead> {
    const key = cursorKey(connector, scope);
    const found = await this.store.get(key);
    if (!found) return { doc: null, etag: undefined };
    let parsed: unknown;
    try {
      parsed = JSON.parse(found.body.toString('utf8'));
    } catch (cause) {
      throw invalid(key, connector, cause);
    }
    if (!isCursorDoc(parsed)) throw invalid(key, connector);
    return { doc: parsed, etag: found.etag };
  }

  /** Writes conditionally; returns the new etag. Throws PreconditionFailedError when another writer got there first. */
  async write(doc: CursorDoc, etag: string | undefined): Promise<string> {
    const key = cursorKey(doc.connector, doc.scope);
    const body = `${JSON.stringify(doc, null, 2)}\n`;
    const options = etag === undefined ? { ifNoneMatch: '*' as const } : { ifMatch: etag };
    try {
      const { etag: next } = await this.store.put(key, body, { contentType: 'application/json', ...options });
      return next;
    } catch (err) {
      if (err instanceof PreconditionFailedError) {
        throw new PreconditionFailedError(`cursor ${key} was changed by another run; this run stops so neither rewinds the other`, {
          cause: err,
          context: { key, connector: doc.connector },
        });
      }
      throw err;
    }
  }
}

/** The doc with one data type's watermark moved forward (never backward). Pure. */
export function advanceCursor(doc: CursorDoc | null, at: { connector: string; scope: string; dataType: string; watermark: number; now: number; runId: string }): CursorDoc {
  const base: CursorDoc = doc ?? { cursor_version: '1', connector: at.connector, scope: at.scope, data_types: {} };
  const previous = base.data_types[at.dataType];
  const watermark = previous && Date.parse(previous.watermark) > at.watermark ? previous.watermark : new Date(at.watermark).toISOString();
  return {
    ...base,
    data_types: { ...base.data_types, [at.dataType]: { watermark, updated_at: new Date(at.now).toISOString(), run_id: at.runId } },
  };
}

function isCursorDoc(v: unknown): v is CursorDoc {
  if (!isRecord(v) || v.cursor_version !== '1' || typeof v.connector !== 'string' || typeof v.scope !== 'string' || !isRecord(v.data_types)) return false;
  return Object.values(v.data_types).every((c) => isRecord(c) && typeof c.watermark === 'string' && !Number.isNaN(Date.parse(c.watermark)));
}

function invalid(key: string, connector: string, cause?: unknown): ConnectorError {
  return new ConnectorError(`cursor ${key} is not a valid cursor document; fix or delete it (deleting restarts from the look-back)`, {
    cause,
    context: { key, connector },
  });
}
