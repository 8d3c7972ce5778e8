import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretError } from '../../../../shared/errors.js';
import { createJsonLogger } from '../../../../shared/observability/logger.js';
import { CachedSecretSource } from '../../../../shared/secrets/cached.js';
import type { SecretSource } from '../../../../shared/ports.js';

export interface RotationSubject {
  /** The source under test, reading `ref` from a loopback server. */
  source: SecretSource;
  ref: string;
  /** Makes the server answer `value` for `ref` from now on. */
  rotate(value: string): void;
  /** Makes the server fail every read (true) or answer again (false). */
  fail(on: boolean): void;
  /** How many reads of the secret the server has answered or refused. */
  reads(): number;
  cleanup(): Promise<void>;
}

/**
 * One rotation story, over the wire, for any secret source behind CachedSecretSource: a rotated
 * secret is picked up after the TTL; a failing secret manager leaves the last good value in
 * service (with a warning naming the ref) until the hard expiry, then get throws SecretError;
 * and no value ever appears in a log line or in an error, its causes included.
 */
export function describeSecretRotation(name: string, setup: (firstValue: string) => Promise<RotationSubject>): void {
  describe(`${name} behind a TTL cache`, () => {
    const values = [1, 2, 3].map(() => `sv-${randomBytes(12).toString('hex')}`) as [string, string, string];
    const lines: string[] = [];
    const errors: unknown[] = [];
    let now = 1_700_000_000_000;
    let subject: RotationSubject;
    let cached: CachedSecretSource;

    beforeAll(async () => {
      subject = await setup(values[0]);
      const logger = createJsonLogger({ level: 'debug', write: (line) => lines.push(line), clock: () => now });
      cached = new CachedSecretSource(subject.source, {
        ttlMs: 60_000,
        hardExpiryMs: 600_000,
        retryAfterFailureMs: 10_000,
        clock: () => now,
        logger,
      });
    });
    afterAll(async () => {
      await subject?.cleanup();
    });

    it('picks up a rotated secret after the TTL, serves the last good one while reads fail, and expires it', async () => {
      const start = now;
      expect(await cached.get(subject.ref)).toBe(values[0]);

      subject.rotate(values[1]);
      now = start + 30_000;
      expect(await cached.get(subject.ref)).toBe(values[0]);
      now = start + 61_000;
      expect(await cached.get(subject.ref)).toBe(values[1]);
      const fetchedAt = now;

      subject.fail(true);
      now = fetchedAt + 70_000;
      expect(await cached.get(subject.ref)).toBe(values[1]);
      const readsAfterFailure = subject.reads();
      now += 5_000;
      expect(await cached.get(subject.ref)).toBe(values[1]);
      expect(subject.reads()).toBe(readsAfterFailure);
      expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(
        expect.objectContaining({ level: 'WARN', message: 'secret refresh failed; serving the last good value', ref: subject.ref }),
      );

      now = fetchedAt + 600_001;
      const expired = await cached.get(subject.ref).catch((e: unknown) => e);
      errors.push(expired);
      expect(expired).toBeInstanceOf(SecretError);
      expect((expired as SecretError).message).toContain(subject.ref);

      subject.fail(false);
      subject.rotate(values[2]);
      expect(await cached.get(subject.ref)).toBe(values[2]);
    });

    it('never puts a value in a log line or an error', async () => {
      subject.fail(true);
      now += 3_600_000;
      errors.push(await cached.get(subject.ref).catch((e: unknown) => e));
      errors.push(await subject.source.get(subject.ref).catch((e: unknown) => e));
      subject.fail(false);
      const haystack = [...lines, ...errors.map((e) => inspect(e, { depth: 8, showHidden: true }))].join('\n');
      expect(lines.length).toBeGreaterThan(0);
      expect(errors.every((e) => e instanceof SecretError)).toBe(true);
      for (const value of values) expect(haystack).not.toContain(value);
      expect(haystack).toContain(subject.ref);
    });
  });
}
