import { createHash } from 'node:crypto';
import { describeError } from '../shared/errors.js';
import { batchKeyFor, decodeDelivery, decodeLimits } from '../shared/pipeline/index.js';
import { redactDeadLetter } from '../shared/redact/dead-letter-body.js';
import type { Runtime } from '../shared/runtime.js';

export interface DeadLetterBatch {
  messages: unknown[];
  triggerMetadata?: Record<string, unknown>;
}

/** failed/eventhub-deadletter/dt=YYYY-MM-DD/<batch-key>.json */
export function deadLetterKey(timeMs: number, batchKey: string): string {
  return `failed/eventhub-deadletter/dt=${new Date(timeMs).toISOString().slice(0, 10)}/${batchKey}.json`;
}

/**
 * Keeps a batch the Event Hubs trigger is about to give up on (its checkpoint advances even when
 * the function fails). The document is `{ messages, triggerMetadata, … }` after redaction, so a replay
 * can feed it back through the same pipeline. Throws when even this write fails.
 */
export async function writeDeadLetter(runtime: Runtime, batch: DeadLetterBatch, error: unknown, attempt: number): Promise<string> {
  const now = runtime.clock();
  const key = deadLetterKey(now, deadLetterBatchKey(runtime, batch));
  // Redaction runs before anything is written, dead letters included: bodies decoded (gzip,
  // base64 of gzip, JSON) and metadata (propertiesArray included) through the same detectors and
  // keyed hashes as the lake, so a replay correlates.
  const redacted = redactDeadLetter(runtime.deps.redactor, batch.messages, batch.triggerMetadata ?? {}, runtime.deps.config.pipeline.max_decompressed_bytes);
  const document = {
    reason: describeError(error),
    failed_at: new Date(now).toISOString(),
    attempts: attempt,
    triggerMetadata: redacted.triggerMetadata,
    messages: redacted.messages,
    redacted: true,
  };
  await runtime.store.put(key, JSON.stringify(document), { contentType: 'application/json' });
  return key;
}

/** The pipeline's own batch key for this delivery, so the dead letter and the lake agree. */
function deadLetterBatchKey(runtime: Runtime, batch: DeadLetterBatch): string {
  try {
    return batchKeyFor(decodeDelivery({ trigger: 'eventhub', ...batch }, decodeLimits(runtime.deps)).identity);
  } catch {
    return createHash('sha256').update(JSON.stringify(batch.messages) ?? '').digest('hex').slice(0, 32);
  }
}
