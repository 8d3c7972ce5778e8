/**
 * What every handler test needs: a runtime built the way the cold start builds it (on a local
 * folder store, logs and metrics kept in memory) and a store that fails on write.
 * (Shared by the aws-lambda, azure-function and gcp-function handler tests.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../shared/config/index.js';
import { PersistError } from '../../../shared/errors.js';
import { memoryMetrics, silentLogger } from '../../../shared/observability/index.js';
import type { Logger, ObjectStore } from '../../../shared/ports.js';
import { createRuntime, type Runtime } from '../../../shared/runtime.js';
import { LocalFolderStore } from '../../../shared/store/local-folder.js';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'bridge-handler-'));
}

/** A store whose writes fail (optionally only for some keys), as when the bucket is unavailable. */
export function failingStore(inner: ObjectStore, fails: (key: string) => boolean = () => true): ObjectStore {
  return {
    location: inner.location,
    put: (key, body, options) => (fails(key) ? Promise.reject(new PersistError(`cannot write ${key}`, { context: { key } })) : inner.put(key, body, options)),
    get: (key) => inner.get(key),
    getStream: (key) => inner.getStream(key),
    list: (prefix) => inner.list(prefix),
    delete: (key) => inner.delete(key),
  };
}

export interface TestRuntime {
  runtime: Runtime;
  /** The store the runtime writes to. */
  store: ObjectStore;
  metrics: ReturnType<typeof memoryMetrics>;
  lines: Array<{ level: string; message: string; context: Record<string, unknown> }>;
}

/** A runtime as the handlers get it, on a local folder store, with logs and metrics kept in memory. */
export async function testRuntime(store: ObjectStore = new LocalFolderStore({ root: tempDir() })): Promise<TestRuntime> {
  const metrics = memoryMetrics();
  const lines: TestRuntime['lines'] = [];
  const keep = (level: string) => (message: string, context: Record<string, unknown> = {}) => void lines.push({ level, message, context });
  const logger: Logger = { ...silentLogger, info: keep('info'), warn: keep('warn'), error: keep('error') };
  const runtime = await createRuntime({
    config: loadConfig({ env: {} }),
    store,
    allowDevKeys: true,
    dataDir: tempDir(),
    logger,
    metrics,
    clock: () => Date.parse('2026-11-25T12:00:00.000Z'),
  });
  return { runtime, store, metrics, lines };
}
