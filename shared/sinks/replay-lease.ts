import { randomUUID } from 'node:crypto';
import { PreconditionFailedError } from '../errors.js';
import type { ObjectStore } from '../ports.js';

/** One replay at a time: a lock object written conditionally, with an expiry. */
export const REPLAY_LEASE_KEY = 'state/replay/lease.json';

export interface ReplayLease {
  owner: string;
  /** The lease ends then (ms): the holder takes no new entry past it (minus a margin). */
  expiresAt: number;
  release(): Promise<void>;
}

/**
 * Takes the replay lease: create-if-absent, or replace an expired one only if it is unchanged
 * (If-Match its etag). Undefined when another replay holds a live lease, or won the race for it.
 */
export async function acquireReplayLease(store: ObjectStore, now: number, ttlMs: number, owner = randomUUID()): Promise<ReplayLease | undefined> {
  try {
    return await tryAcquire(store, now, ttlMs, owner);
  } catch (err) {
    // A write that failed after it landed (or a failed confirmation) must not leave our lease
    // blocking the next runs until it expires: take it back if it is ours.
    await releaseIfOwner(store, owner).catch(() => undefined);
    throw err;
  }
}

const isOwner = (body: Buffer, owner: string): boolean => body.toString('utf8').includes(`"owner":"${owner}"`);

async function releaseIfOwner(store: ObjectStore, owner: string): Promise<void> {
  const current = await store.get(REPLAY_LEASE_KEY);
  if (current && isOwner(current.body, owner)) await store.delete(REPLAY_LEASE_KEY);
}

async function tryAcquire(store: ObjectStore, now: number, ttlMs: number, owner: string): Promise<ReplayLease | undefined> {
  const expiresAt = now + ttlMs;
  const body = JSON.stringify({ schema_version: '1.0', owner, acquired_at: new Date(now).toISOString(), expires_at: new Date(expiresAt).toISOString() });
  const put = async (options: { ifNoneMatch: '*' } | { ifMatch: string }): Promise<boolean> => {
    try {
      await store.put(REPLAY_LEASE_KEY, body, { contentType: 'application/json', ...options });
      return true;
    } catch (err) {
      if (err instanceof PreconditionFailedError) return false;
      throw err;
    }
  };
  let won = await put({ ifNoneMatch: '*' });
  if (!won) {
    const current = await store.get(REPLAY_LEASE_KEY);
    if (current === null) won = await put({ ifNoneMatch: '*' });
    else {
      const held = leaseExpiry(current.body);
      if (held !== undefined && held > now) return undefined;
      won = await put({ ifMatch: current.etag });
    }
  }
  if (!won) return undefined;
  // The etag of a write is not always what a later read reports: confirm ownership by content.
  const mine = await store.get(REPLAY_LEASE_KEY);
  if (mine === null || !isOwner(mine.body, owner)) return undefined;
  return { owner, expiresAt, release: () => releaseIfOwner(store, owner) };
}

function leaseExpiry(body: Buffer): number | undefined {
  try {
    const doc = JSON.parse(body.toString('utf8')) as { expires_at?: unknown };
    const at = typeof doc.expires_at === 'string' ? Date.parse(doc.expires_at) : Number.NaN;
    return Number.isFinite(at) ? at : undefined;
  } catch {
    return undefined;
  }
}
