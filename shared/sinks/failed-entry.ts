import * as z from 'zod';
import type { ObjectStore } from '../ports.js';

/** Where poison entries go: out of the replay's way, kept with their reason. */
export const POISON_PREFIX = 'failed/_poison/';

/**
 * A delivery parked in failed/<sink>/ with its reason, for `bridge replay` and the scheduled
 * replay. Either `items` (what the sink did not accept) or `read_back` (the events could not be
 * read back from the lake: the replay reads them, skipping the first `skip` already handled).
 */
export const FailedDeliverySchema = z.looseObject({
  schema_version: z.literal('1.0'),
  sink: z.string().regex(/^[a-z][a-z0-9_]*$/),
  kind: z.enum(['summary', 'events', 'alerts']),
  batch_key: z.string().min(1),
  lake_key: z.string().optional(),
  /** The Idempotency-Key of the request these items were in (batch key + chunk index). */
  request_key: z.string().optional(),
  reason: z.string(),
  attempts: z.number().int().min(1),
  first_failed_at: z.string(),
  last_failed_at: z.string(),
  items: z.array(z.looseObject({})),
  read_back: z.strictObject({ lake_key: z.string().startsWith('raw/'), skip: z.number().int().min(0) }).optional(),
});

export type FailedDelivery = z.infer<typeof FailedDeliverySchema>;

/**
 * `failed/<sink>/dt=<day>/<batch-key>-<chunk>.json`: the day comes from the batch (its lake key's
 * partition or its summary window), never the clock, so a retried delivery rewrites its own entry.
 */
export function failedKey(sink: string, dayIso: string, batchKey: string, part: number | string): string {
  return `failed/${sink}/dt=${dayIso.slice(0, 10)}/${batchKey}-${part}.json`;
}

/** The YYYY-MM-DD of a `…/dt=YYYY-MM-DD/…` key, if any. */
export function partitionDay(key: string | undefined): string | undefined {
  return key === undefined ? undefined : /\/dt=(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1];
}

/** Reads an entry: the parsed delivery, or the reason it is poison (unreadable, not an entry). */
export function parseFailedEntry(body: Buffer): { ok: true; entry: FailedDelivery } | { ok: false; reason: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message.slice(0, 200)}` };
  }
  const parsed = FailedDeliverySchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `not a failed delivery: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  if (parsed.data.items.length === 0 && parsed.data.read_back === undefined) return { ok: false, reason: 'not a failed delivery: no items and nothing to read back' };
  return { ok: true, entry: parsed.data };
}

/** Moves an unreadable entry to failed/_poison/ with its reason (the original bytes kept as text). */
export async function movePoison(store: ObjectStore, key: string, body: Buffer, reason: string, now: string): Promise<string> {
  const target = `${POISON_PREFIX}${key.slice('failed/'.length)}`;
  const record = { schema_version: '1.0', original_key: key, reason, poisoned_at: now, original: body.toString('utf8').slice(0, 256 * 1024) };
  await store.put(target, JSON.stringify(record), { contentType: 'application/json' });
  await store.delete(key);
  return target;
}
