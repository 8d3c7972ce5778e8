import type { BronzeEventDraft, Source } from '../schema/index.js';
import { BatchWriter, safeStringify } from './batch-writer.js';
import { batchKeyFor } from './keys.js';
import type { BatchResult, PipelineDeps } from './types.js';

/**
 * The pull path's write step: connectors' normalized events are redacted, validated and written
 * exactly like pushed ones. `identity` makes the keys deterministic (connector + window + page).
 */
export async function persistEvents(
  drafts: readonly BronzeEventDraft[],
  batch: { source: Source; identity: string; deliveryTime?: number },
  deps: PipelineDeps,
): Promise<BatchResult> {
  const writer = new BatchWriter(
    { source: batch.source, batchKey: batchKeyFor(batch.identity), ...(batch.deliveryTime !== undefined ? { deliveryTime: batch.deliveryTime } : {}) },
    deps,
  );
  drafts.forEach((draft, i) => writer.accept(draft, `events[${i}]`, () => safeStringify(draft.raw_data)));
  return writer.finish();
}
