import * as fc from 'fast-check';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SecretError } from '../../../../shared/errors.js';
import type { Logger, SecretSource } from '../../../../shared/ports.js';
import { CachedSecretSource } from '../../../../shared/secrets/cached.js';

/** A secret manager in memory: its value can rotate and its reads can fail. */
function fakeSource(initial: string) {
  const state = { value: initial, failWith: undefined as Error | undefined, reads: 0 };
  const source: SecretSource = {
    async get(ref) {
      state.reads++;
      if (state.failWith) throw state.failWith;
      return `${ref}:${state.value}`;
    },
  };
  return { source, state };
}

function recordingLogger() {
  const entries: Array<{ level: string; message: string; context?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, context?: Record<string, unknown>) => void entries.push({ level, message, context });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, entries };
}

function setup(options: { ttlMs?: number; hardExpiryMs?: number; retryAfterFailureMs?: number } = {}) {
  const clock = { now: 0 };
  const fake = fakeSource('v1');
  const log = recordingLogger();
  const cached = new CachedSecretSource(fake.source, {
    ttlMs: 60_000,
    hardExpiryMs: 600_000,
    retryAfterFailureMs: 10_000,
    ...options,
    clock: () => clock.now,
    logger: log.logger,
  });
  return { clock, ...fake, ...log, cached };
}

describe('CachedSecretSource', () => {
  it('serves a value from the cache until the TTL passes, then fetches the rotated one', async () => {
    const { clock, state, cached } = setup();
    expect(await cached.get('api')).toBe('api:v1');
    state.value = 'v2';
    clock.now = 59_999;
    expect(await cached.get('api')).toBe('api:v1');
    clock.now = 60_000;
    expect(await cached.get('api')).toBe('api:v2');
    expect(state.reads).toBe(2);
  });

  it('caches each ref on its own', async () => {
    const { state, cached } = setup();
    expect(await cached.get('a')).toBe('a:v1');
    expect(await cached.get('b')).toBe('b:v1');
    expect(await cached.get('a')).toBe('a:v1');
    expect(state.reads).toBe(2);
  });

  it('shares one fetch among concurrent gets', async () => {
    const { state, cached } = setup();
    const values = await Promise.all([cached.get('api'), cached.get('api'), cached.get('api')]);
    expect(values).toEqual(['api:v1', 'api:v1', 'api:v1']);
    expect(state.reads).toBe(1);
  });

  it('keeps serving the last good value when a refresh fails, and warns naming the ref', async () => {
    const { clock, state, cached, entries } = setup();
    await cached.get('api');
    state.failWith = new SecretError('secret api could not be read from Secrets Manager');
    clock.now = 61_000;
    expect(await cached.get('api')).toBe('api:v1');
    expect(entries).toEqual([
      {
        level: 'warn',
        message: 'secret refresh failed; serving the last good value',
        context: {
          ref: 'api',
          error: { name: 'SecretError', message: 'secret api could not be read from Secrets Manager' },
          age_ms: 61_000,
          hard_expiry_in_ms: 539_000,
        },
      },
    ]);
  });

  it('waits retryAfterFailureMs before trying a failing source again', async () => {
    const { clock, state, cached } = setup();
    await cached.get('api');
    state.failWith = new Error('down');
    clock.now = 61_000;
    await cached.get('api');
    clock.now = 70_999;
    await cached.get('api');
    expect(state.reads).toBe(2);
    clock.now = 71_000;
    await cached.get('api');
    expect(state.reads).toBe(3);
  });

  it('picks the source up again once it recovers, with a fresh TTL', async () => {
    const { clock, state, cached } = setup();
    await cached.get('api');
    state.failWith = new Error('down');
    clock.now = 61_000;
    await cached.get('api');
    state.failWith = undefined;
    state.value = 'v2';
    clock.now = 71_000;
    expect(await cached.get('api')).toBe('api:v2');
    clock.now = 71_000 + 59_999;
    await cached.get('api');
    expect(state.reads).toBe(3);
  });

  it('throws SecretError naming the ref once the last good value passes its hard expiry', async () => {
    const { clock, state, cached, entries } = setup();
    await cached.get('api');
    state.failWith = new Error('down');
    clock.now = 599_999;
    expect(await cached.get('api')).toBe('api:v1');
    clock.now = 600_000;
    const err = await cached.get('api').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretError);
    expect((err as SecretError).message).toBe('secret api could not be refreshed and its last value expired');
    expect((err as SecretError).cause).toBe(state.failWith);
    expect(entries.at(-1)).toMatchObject({ level: 'error', context: { ref: 'api' } });
    await expect(cached.get('api')).rejects.toBeInstanceOf(SecretError);
  });

  it('throws SecretError on a first fetch that fails, wrapping errors that are not ours', async () => {
    const { state, cached } = setup();
    state.failWith = new TypeError('socket closed');
    const err = await cached.get('api').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretError);
    expect((err as SecretError).message).toBe('secret api could not be read');
    expect((err as SecretError).cause).toBe(state.failWith);
  });

  it('logs only the name of an error that is not ours, since its message could carry anything', async () => {
    const { clock, state, cached, entries } = setup();
    await cached.get('api');
    state.failWith = new Error('upstream said: api:v1');
    clock.now = 61_000;
    await cached.get('api');
    expect(entries[0]?.context?.error).toEqual({ name: 'Error' });
  });

  it('fetches again after invalidate, keeping the last value as the fallback', async () => {
    const { state, cached } = setup();
    await cached.get('api');
    state.value = 'v2';
    cached.invalidate('api');
    expect(await cached.get('api')).toBe('api:v2');
    cached.invalidate('api');
    state.failWith = new Error('down');
    expect(await cached.get('api')).toBe('api:v2');
    cached.invalidate('never-fetched');
  });

  it('never logs or throws a value, whatever the sequence of rotations, failures and clock steps', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 400_000 }) }),
      fc.record({ kind: fc.constant('rotate' as const) }),
      fc.record({ kind: fc.constant('fail' as const), on: fc.boolean() }),
      fc.record({ kind: fc.constant('get' as const) }),
      fc.record({ kind: fc.constant('invalidate' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const { clock, state, cached, entries } = setup();
        const served = new Set<string>();
        const thrown: unknown[] = [];
        let version = 1;
        for (const s of steps) {
          if (s.kind === 'advance') clock.now += s.ms;
          if (s.kind === 'rotate') state.value = `secret-value-${++version}`;
          if (s.kind === 'fail') state.failWith = s.on ? new SecretError('secret ref-x could not be read from Key Vault') : undefined;
          if (s.kind === 'invalidate') cached.invalidate('ref-x');
          if (s.kind === 'get') {
            await cached.get('ref-x').then(
              (v) => served.add(v),
              (e: unknown) => thrown.push(e),
            );
          }
        }
        const haystack = [...entries.map((e) => JSON.stringify(e)), ...thrown.map((e) => inspect(e, { depth: 6 }))].join('\n');
        for (let v = 1; v <= version; v++) expect(haystack).not.toContain(`ref-x:${v === 1 ? 'v1' : `secret-value-${v}`}`);
        for (const e of thrown) expect(e).toBeInstanceOf(SecretError);
      }),
      { numRuns: 200 },
    );
  });
});
