/** state/backfill/<id>.json: how far a backfill got, so a second run starts where the first stopped. */
export interface BackfillCursor {
  schema_version: '1.0';
  id: string;
  source: string;
  /** Every listed key up to and including this one is done (ingested, or failed and listed below). */
  watermark?: string;
  /** Keys past the watermark already done (they finished out of order). */
  done: string[];
  /** Keys that could not be read, with the reason: tried again by the next run. */
  failed: Record<string, string>;
  updated_at: string;
}

export function cursorKey(id: string): string {
  return `state/backfill/${id}.json`;
}

/**
 * Tracks completion over the sorted listing: objects finish out of order (bounded concurrency),
 * the watermark moves over the longest finished run from the start, and only keys past it are
 * kept by name, so the cursor stays small however many objects the run covers.
 */
export class CursorTracker {
  private readonly finished = new Set<string>();
  private readonly failed: Record<string, string>;
  private watermark: string | undefined;
  private next = 0;

  constructor(private readonly keys: readonly string[], prior: BackfillCursor | undefined, private readonly id: string, private readonly source: string) {
    this.watermark = prior?.watermark;
    this.failed = { ...(prior?.failed ?? {}) };
    for (const key of prior?.done ?? []) this.finished.add(key);
    this.advance();
  }

  /** Whether a previous run already took this key (a key that failed then is taken again). */
  isDone(key: string): boolean {
    if (Object.hasOwn(this.failed, key)) return false;
    return this.finished.has(key) || (this.watermark !== undefined && key <= this.watermark);
  }

  complete(key: string, failure?: string): void {
    if (failure === undefined) delete this.failed[key];
    else this.failed[key] = failure;
    this.finished.add(key);
    this.advance();
  }

  snapshot(nowIso: string): BackfillCursor {
    const done = [...this.finished].filter((k) => this.watermark === undefined || k > this.watermark).sort();
    return { schema_version: '1.0', id: this.id, source: this.source, ...(this.watermark !== undefined ? { watermark: this.watermark } : {}), done, failed: { ...this.failed }, updated_at: nowIso };
  }

  private advance(): void {
    while (this.next < this.keys.length) {
      const key = this.keys[this.next]!;
      const covered = this.finished.has(key) || (this.watermark !== undefined && key <= this.watermark);
      if (!covered) break;
      if (this.watermark === undefined || key > this.watermark) this.watermark = key;
      this.finished.delete(key);
      this.next++;
    }
  }
}
