import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadConfig } from '../../shared/config/index.js';
import { silentLogger } from '../../shared/observability/index.js';
import type { PipelineDeps } from '../../shared/pipeline/types.js';
import type { ObjectStore } from '../../shared/ports.js';
import type { Redactor } from '../../shared/redact/types.js';
import { defaultRegistry } from '../../shared/schema/index.js';
import { LocalFolderStore } from '../../shared/store/local-folder.js';

/** A redactor that changes nothing: for tests of the pipeline's own bookkeeping. */
export const passThroughRedactor: Redactor = {
  redactValue: (value) => ({ value, counts: {} }),
  redactText: (value) => ({ value, counts: {} }),
  redactRaw: (value) => ({ value, counts: {} }),
};

export function tempStore(): LocalFolderStore {
  return new LocalFolderStore({ root: mkdtempSync(join(tmpdir(), 'bridge-test-')) });
}

export function testDeps(over: Partial<PipelineDeps> = {}): PipelineDeps {
  return {
    store: tempStore(),
    redactor: passThroughRedactor,
    config: loadConfig({ env: {} }),
    registry: defaultRegistry(),
    logger: silentLogger,
    clock: () => Date.parse('2026-11-25T12:00:00.000Z'),
    ...over,
  };
}

/** Every stored object, gunzipped where needed, as key → text. */
export async function readAll(store: ObjectStore, prefix = ''): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const info of store.list(prefix)) {
    const obj = await store.get(info.key);
    if (!obj) continue;
    out.set(info.key, info.key.endsWith('.gz') ? gunzipSync(obj.body).toString('utf8') : obj.body.toString('utf8'));
  }
  return out;
}

export function jsonLines(text: string): unknown[] {
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
}
