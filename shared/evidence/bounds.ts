import { RETENTION } from '../config/retention.js';
import { BridgeError } from '../errors.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The request could not be understood or is out of bounds: answered with 400 and this message (never payload or secret text). */
export class EvidenceRequestError extends BridgeError {
  override name = 'EvidenceRequestError';
}

/** Nothing to bundle for what was asked (an asset with no events in the window): answered with 404 and the reason. */
export class EvidenceNotFoundError extends BridgeError {
  override name = 'EvidenceNotFoundError';
}

export interface EvidenceBounds {
  /** Longest window a request may ask for (config evidence.max_window_days, default 31). */
  maxWindowDays: number;
  /** raw/ is deleted after this many days: a window may not start before it (the retention table's raw entry). */
  rawRetentionDays: number;
}

export const DEFAULT_EVIDENCE_BOUNDS: EvidenceBounds = { maxWindowDays: 31, rawRetentionDays: RETENTION.raw?.expireDays ?? 7 };

/** Throws EvidenceRequestError when the window is longer than allowed or starts before raw/ retention. */
export function checkEvidenceWindow(since: number, until: number, now: number, bounds: EvidenceBounds = DEFAULT_EVIDENCE_BOUNDS): void {
  const days = (until - since) / DAY_MS;
  if (days > bounds.maxWindowDays) {
    throw new EvidenceRequestError(`the window is ${Math.ceil(days)} days long; at most ${bounds.maxWindowDays} days may be asked for at once`);
  }
  const oldest = now - bounds.rawRetentionDays * DAY_MS;
  if (since < oldest) {
    throw new EvidenceRequestError(
      `since (${new Date(since).toISOString()}) is before the raw/ retention (${bounds.rawRetentionDays} days: nothing older than ${new Date(oldest).toISOString()} is kept)`,
    );
  }
}

/**
 * The raw/ partitions a window touches, per source, in key order: a whole day's prefix
 * (`raw/source=s/dt=D/`) when the window covers every hour of it, else one prefix per hour
 * (`raw/source=s/dt=D/hour=HH/`). Listing these, not raw/, keeps a one-hour request from
 * listing the whole lake.
 */
export function windowPrefixes(since: number, until: number, sources: readonly string[]): string[] {
  const prefixes: string[] = [];
  for (const source of [...sources].sort()) {
    let t = Math.floor(since / HOUR_MS) * HOUR_MS;
    while (t < until) {
      const dayStart = Math.floor(t / DAY_MS) * DAY_MS;
      const day = new Date(dayStart).toISOString().slice(0, 10);
      if (t === dayStart && until >= dayStart + DAY_MS) {
        prefixes.push(`raw/source=${source}/dt=${day}/`);
        t += DAY_MS;
      } else {
        prefixes.push(`raw/source=${source}/dt=${day}/hour=${new Date(t).toISOString().slice(11, 13)}/`);
        t += HOUR_MS;
      }
    }
  }
  return prefixes;
}
