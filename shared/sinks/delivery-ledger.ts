import { PersistError } from '../errors.js';
import type { ObjectStore } from '../ports.js';

/**
 * Which chunks of a batch each sink already had (delivered or parked), at
 * `state/deliveries/<batch-key>.json`. A retried delivery (a later object of the same SQS message
 * failed, parking failed, a streamed object's retry) skips them, so no sink gets a chunk twice.
 * Written once per batch after its delivery, and before a delivery failure is thrown.
 */
export const LEDGER_PREFIX = 'state/deliveries/';

export function ledgerKey(batchKey: string): string {
  return `${LEDGER_PREFIX}${batchKey}.json`;
}

export class DeliveryLedger {
  private constructor(
    readonly batchKey: string,
    private readonly done: Map<string, Set<string>>,
  ) {}

  /** The ledger of a batch; throws PersistError when it cannot be read (delivering blind could duplicate). */
  static async load(store: ObjectStore, batchKey: string): Promise<DeliveryLedger> {
    let body: Buffer | undefined;
    try {
      body = (await store.get(ledgerKey(batchKey)))?.body;
    } catch (cause) {
      throw new PersistError('cannot read the delivery ledger', { cause, context: { key: ledgerKey(batchKey) } });
    }
    const done = new Map<string, Set<string>>();
    if (body) {
      try {
        const doc = JSON.parse(body.toString('utf8')) as { sinks?: Record<string, unknown> };
        for (const [sink, chunks] of Object.entries(doc.sinks ?? {})) {
          if (Array.isArray(chunks)) done.set(sink, new Set(chunks.filter((c): c is string => typeof c === 'string')));
        }
      } catch {
        // An unreadable ledger is treated as empty: a duplicate is better than a gap.
      }
    }
    return new DeliveryLedger(batchKey, done);
  }

  has(sink: string, chunk: string): boolean {
    return this.done.get(sink)?.has(chunk) ?? false;
  }

  mark(sink: string, chunk: string): void {
    let set = this.done.get(sink);
    if (!set) this.done.set(sink, (set = new Set()));
    set.add(chunk);
  }

  async save(store: ObjectStore): Promise<void> {
    const sinks = Object.fromEntries([...this.done].map(([sink, set]) => [sink, [...set].sort()]));
    await store.put(ledgerKey(this.batchKey), JSON.stringify({ schema_version: '1.0', batch_key: this.batchKey, sinks }), { contentType: 'application/json' });
  }
}
