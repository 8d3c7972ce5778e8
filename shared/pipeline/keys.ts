import { createHash } from 'node:crypto';

/** Deterministic from the delivery's identity: a redelivered batch overwrites its own objects. */
export function batchKeyFor(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

function datePart(iso: string): { dt: string; hour: string } {
  return { dt: iso.slice(0, 10), hour: iso.slice(11, 13) };
}

/** raw/source=<s>/dt=YYYY-MM-DD/hour=HH/<batch-key>[-pN].jsonl.gz — the partition follows the event time. */
export function rawKey(source: string, eventTimeIso: string, batchKey: string, part = 0): string {
  const { dt, hour } = datePart(eventTimeIso);
  return `raw/source=${source}/dt=${dt}/hour=${hour}/${batchKey}${part > 0 ? `-p${part}` : ''}.jsonl.gz`;
}

export function quarantineKey(timeIso: string, batchKey: string): string {
  return `quarantine/dt=${datePart(timeIso).dt}/${batchKey}.jsonl.gz`;
}

export function summaryKey(timeIso: string, batchKey: string): string {
  return `summaries/dt=${datePart(timeIso).dt}/${batchKey}.json`;
}

/** The partition (source, date, hour) an event time falls into. */
export function partitionOf(source: string, eventTimeIso: string): string {
  const { dt, hour } = datePart(eventTimeIso);
  return `${source}|${dt}|${hour}`;
}
