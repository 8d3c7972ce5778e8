import { createHash } from 'node:crypto';
import { describeError } from '../shared/errors.js';
import { batchKeyFor, decodeDelivery, decodeLimits } from '../shared/pipeline/index.js';
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
 * can feed it back through the same pipeline; non-UTF-8 bodies are kept as `{ "$base64": "…" }`. Throws when even this write fails.
 */
export async function writeDeadLetter(runtime: Runtime, batch: DeadLetterBatch, error: unknown, attempt: number): Promise<string> {
  const now = runtime.clock();
  const key = deadLetterKey(now, deadLetterBatchKey(runtime, batch));
  const document = {
    reason: describeError(error),
    failed_at: new Date(now).toISOString(),
    attempts: attempt,
    triggerMetadata: batch.triggerMetadata ?? {},
    // Redaction runs before anything is written, dead letters included: the same detectors and
    // keyed hashes as the lake, so a replay correlates. Only bodies that are not UTF-8 text
    // (already-compressed binary) are kept as base64.
    messages: runtime.deps.redactor.redactValue(batch.messages.map(toRedactable)).value,
    redacted: true,
  };
  await runtime.store.put(key, JSON.stringify(document), { contentType: 'application/json' });
  return key;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function toRedactable(message: unknown): unknown {
  if (!(message instanceof Uint8Array)) return message;
  try {
    return utf8.decode(message);
  } catch {
    return { $base64: Buffer.from(message).toString('base64') };
  }
}

/** The pipeline's own batch key for this delivery, so the dead letter and the lake agree. */
function deadLetterBatchKey(runtime: Runtime, batch: DeadLetterBatch): string {
  try {
    return batchKeyFor(decodeDelivery({ trigger: 'eventhub', ...batch }, decodeLimits(runtime.deps)).identity);
  } catch {
    return createHash('sha256').update(JSON.stringify(batch.messages) ?? '').digest('hex').slice(0, 32);
  }
}
