import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreconditionFailedError } from '../../../../shared/errors.js';
import type { ObjectInfo, ObjectStore } from '../../../../shared/ports.js';

export interface ConformanceStore {
  store: ObjectStore;
  /** false for servers that ignore conditional headers (s3rver): condition assertions are skipped. */
  enforcesConditions: boolean;
  cleanup(): Promise<void>;
}

export interface ConformanceOptions {
  /** How many keys the pagination test writes; build the store with a smaller page size to prove paging. */
  manyKeys?: number;
  /**
   * The server lists by walking folders (s3rver): `x/1` comes before `x-1`. Real S3, Blob and
   * GCS list in plain lexicographic order; with this set the order test compares sets only.
   */
  listsInFolderOrder?: boolean;
}

/**
 * The behaviour every ObjectStore promises, as one suite any adapter can run:
 * `describeObjectStoreConformance('S3 on s3rver', async () => ({ store, enforcesConditions: false, cleanup }))`.
 * Each test works under its own key namespace, so one store serves the whole suite.
 */
export function describeObjectStoreConformance(name: string, makeStore: () => Promise<ConformanceStore>, options: ConformanceOptions = {}): void {
  describe(`${name} as an ObjectStore`, () => {
    let subject: ConformanceStore | undefined;
    let counter = 0;
    const run = `c${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const store = (): ObjectStore => {
      if (!subject) throw new Error('store not started');
      return subject.store;
    };
    /** A fresh namespace per test: `conformance/<run>/<n>/`. */
    const space = (): string => `conformance/${run}/${++counter}/`;
    const skipUnlessEnforced = (ctx: { skip(note?: string): void }): void => {
      if (!subject?.enforcesConditions) ctx.skip('this server ignores conditional headers');
    };

    beforeAll(async () => {
      subject = await makeStore();
    });
    afterAll(async () => {
      await subject?.cleanup();
    });

    it('names its location', () => {
      expect(store().location).toMatch(/^[a-z][a-z0-9+.-]*:\/\//);
    });

    it('returns what was put, byte for byte, with the etag the put returned', async () => {
      const key = `${space()}bytes.bin`;
      const body = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(4096)]);
      const { etag } = await store().put(key, body, { contentType: 'application/octet-stream' });
      const got = await store().get(key);
      expect(got?.body.equals(body)).toBe(true);
      expect(got?.etag).toBe(etag);
      expect(etag).not.toBe('');
    });

    it('uploads a local file without reading it whole (putFile), byte for byte', async () => {
      const key = `${space()}bundle.jsonl.gz`;
      const body = randomBytes(3 * 1024 * 1024 + 17);
      const dir = mkdtempSync(join(tmpdir(), 'conformance-file-'));
      const path = join(dir, 'staged.bin');
      writeFileSync(path, body);
      expect(store().putFile).toBeTypeOf('function');
      const { etag } = await store().putFile!(key, path, { contentType: 'application/gzip' });
      const got = await store().get(key);
      expect(got?.body.equals(body)).toBe(true);
      expect(got?.etag).toBe(etag);
      rmSync(dir, { recursive: true, force: true });
    });

    it('stores a string body as UTF-8', async () => {
      const key = `${space()}text.json`;
      const text = '{"title":"héllo ✓ 日本 🚀"}';
      await store().put(key, text, { contentType: 'application/json' });
      expect((await store().get(key))?.body.toString('utf8')).toBe(text);
    });

    it('stores an empty object', async () => {
      const base = space();
      await store().put(`${base}empty`, new Uint8Array(0));
      expect((await store().get(`${base}empty`))?.body.length).toBe(0);
      expect(await collect(store().list(base))).toEqual([expect.objectContaining({ key: `${base}empty`, size: 0 })]);
    });

    it('returns gzip bytes untouched when they are stored with a gzip content encoding', async () => {
      const key = `${space()}events.jsonl.gz`;
      const gz = gzipSync(Buffer.from('{"a":1}\n{"a":2}\n'.repeat(50)));
      await store().put(key, gz, { contentType: 'application/x-ndjson', contentEncoding: 'gzip' });
      expect((await store().get(key))?.body.equals(gz)).toBe(true);
      expect(Buffer.concat(await chunks(await store().getStream(key))).equals(gz)).toBe(true);
    });

    it('returns null for a key that was never written, from get and from getStream', async () => {
      const key = `${space()}absent.json`;
      expect(await store().get(key)).toBeNull();
      expect(await store().getStream(key)).toBeNull();
    });

    it('replaces an object on a plain put and gives the new content a new etag', async () => {
      const key = `${space()}replace.txt`;
      const first = await store().put(key, 'first');
      const second = await store().put(key, 'second');
      expect(second.etag).not.toBe(first.etag);
      expect(await store().get(key)).toEqual({ body: Buffer.from('second'), etag: second.etag });
    });

    it('streams a large object in several chunks that join to the original', async () => {
      const key = `${space()}large.bin`;
      const body = randomBytes(3 * 1024 * 1024 + 17);
      await store().put(key, body);
      const parts = await chunks(await store().getStream(key));
      expect(parts.length).toBeGreaterThan(1);
      expect(Buffer.concat(parts).equals(body)).toBe(true);
    });

    it('lets a reader stop a stream early', async () => {
      const key = `${space()}early.bin`;
      await store().put(key, randomBytes(2 * 1024 * 1024));
      const stream = await store().getStream(key);
      let seen = 0;
      for await (const chunk of stream ?? []) {
        seen += chunk.byteLength;
        break;
      }
      expect(seen).toBeGreaterThan(0);
      expect((await store().get(key))?.body.length).toBe(2 * 1024 * 1024);
    });

    it('lists only the keys under a prefix, in lexicographic order, with their sizes', async () => {
      const base = space();
      const inside = [
        'raw/source=aws.s3/dt=2024-01-02/hour=03/a b+c.jsonl.gz',
        'raw/x-1',
        'raw/x.1',
        'raw/x/1',
        'raw/x_1',
        'raw/X',
        'raw/é',
        'raw/0',
      ];
      const outside = ['rawx/other', 'quarantine/raw/y'];
      const shuffled = [...inside, ...outside].sort((a, b) => (hash(a) < hash(b) ? -1 : 1));
      for (const key of shuffled) await store().put(base + key, `body of ${key}`);
      const listed = await collect(store().list(`${base}raw/`));
      const expected = inside.map((k) => base + k).sort();
      const keys = listed.map((o) => o.key);
      expect(options.listsInFolderOrder ? [...keys].sort() : keys).toEqual(expected);
      for (const info of listed) {
        expect(info.size).toBe(Buffer.byteLength(`body of ${info.key.slice(base.length)}`));
        if (info.lastModified !== undefined) expect(info.lastModified).toBeInstanceOf(Date);
      }
    });

    it('lists with an etag that agrees with get', async () => {
      const base = space();
      await store().put(`${base}a.json`, '{"a":1}');
      const [info] = await collect(store().list(base));
      const got = await store().get(`${base}a.json`);
      if (info?.etag !== undefined) expect(info.etag).toBe(got?.etag);
    });

    it('lists nothing under a prefix that holds no objects', async () => {
      expect(await collect(store().list(`${space()}nothing/`))).toEqual([]);
    });

    it('lists every key when there are more than one page of them', async () => {
      const base = space();
      const count = options.manyKeys ?? 25;
      const keys = Array.from({ length: count }, (_, i) => `${base}k/${String(i).padStart(5, '0')}`);
      await inBatches(keys, 10, (key) => store().put(key, key));
      expect((await collect(store().list(`${base}k/`))).map((o) => o.key)).toEqual(keys);
    });

    it('deletes an object, and deleting it again is not an error', async () => {
      const key = `${space()}doomed.txt`;
      await store().put(key, 'bye');
      await store().delete(key);
      expect(await store().get(key)).toBeNull();
      await expect(store().delete(key)).resolves.toBeUndefined();
    });

    describe('user metadata', () => {
      const summary = Buffer.from('{"window":{"end":"2026-11-24T10:00:00.000Z"}}').toString('base64url');

      it('keeps the metadata a put carries and answers it from head, with the size and no body', async () => {
        const key = `${space()}raw/source=aws.cloudwatch/dt=2026-11-24/hour=10/b.jsonl.gz`;
        const gz = gzipSync(Buffer.from('{"a":1}\n'));
        const { etag } = await store().put(key, gz, { contentType: 'application/x-ndjson', contentEncoding: 'gzip', metadata: { bridge_summary: summary, note: 'a b=c' } });
        const head = await store().head!(key);
        expect(head).toMatchObject({ key, size: gz.length, metadata: { bridge_summary: summary, note: 'a b=c' } });
        if (head?.etag !== undefined) expect(head.etag).toBe(etag);
        if (head?.lastModified !== undefined) expect(head.lastModified).toBeInstanceOf(Date);
        expect((await store().get(key))?.body.equals(gz)).toBe(true);
      });

      it('keeps metadata on an upload from a file (putFile)', async () => {
        const key = `${space()}bundle.bin`;
        const dir = mkdtempSync(join(tmpdir(), 'conformance-meta-'));
        writeFileSync(join(dir, 'staged.bin'), 'staged');
        await store().putFile!(key, join(dir, 'staged.bin'), { metadata: { bridge_summary: summary } });
        expect((await store().head!(key))?.metadata).toEqual({ bridge_summary: summary });
        rmSync(dir, { recursive: true, force: true });
      });

      it('answers {} for an object put without metadata, and a plain put replaces metadata whole', async () => {
        const key = `${space()}replace.json`;
        await store().put(key, '{}');
        expect((await store().head!(key))?.metadata).toEqual({});
        await store().put(key, '{"v":1}', { metadata: { bridge_summary: summary } });
        await store().put(key, '{"v":2}');
        expect(await store().head!(key)).toMatchObject({ size: 7, metadata: {} });
      });

      it('answers null from head for a key that was never written, and after a delete', async () => {
        const base = space();
        expect(await store().head!(`${base}absent.json`)).toBeNull();
        await store().put(`${base}doomed.json`, '{}', { metadata: { bridge_summary: summary } });
        await store().delete(`${base}doomed.json`);
        expect(await store().head!(`${base}doomed.json`)).toBeNull();
        await store().put(`${base}doomed.json`, '{}');
        expect((await store().head!(`${base}doomed.json`))?.metadata).toEqual({});
      });

      it('never lists metadata as an object of its own', async () => {
        const base = space();
        await store().put(`${base}raw/a.jsonl.gz`, 'a', { metadata: { bridge_summary: summary } });
        expect((await collect(store().list(base))).map((o) => o.key)).toEqual([`${base}raw/a.jsonl.gz`]);
      });

      it.each([
        ['an upper-case name', { Bridge_Summary: 'x' }],
        ['a hyphenated name (not a C# identifier)', { 'bridge-summary': 'x' }],
        ['a non-ASCII value', { note: 'héllo' }],
        ['a line break in a value', { note: 'a\nb' }],
        ['more than 2 KB in all', { a: 'x'.repeat(1500), b: 'y'.repeat(600) }],
      ])('refuses %s before writing anything', async (_what, metadata) => {
        const key = `${space()}refused.json`;
        await expect(store().put(key, '{}', { metadata })).rejects.toThrow(/metadata/);
        expect(await store().get(key)).toBeNull();
      });
    });

    describe('conditional puts', () => {
      it('creates an object with ifNoneMatch * when it is absent', async (ctx) => {
        skipUnlessEnforced(ctx);
        const key = `${space()}state/cursor.json`;
        const { etag } = await store().put(key, '{"v":1}', { ifNoneMatch: '*' });
        expect(await store().get(key)).toEqual({ body: Buffer.from('{"v":1}'), etag });
      });

      it('refuses ifNoneMatch * when the object exists, and keeps the first body', async (ctx) => {
        skipUnlessEnforced(ctx);
        const key = `${space()}state/cursor.json`;
        await store().put(key, '{"v":1}');
        await expect(store().put(key, '{"v":2}', { ifNoneMatch: '*' })).rejects.toBeInstanceOf(PreconditionFailedError);
        expect((await store().get(key))?.body.toString()).toBe('{"v":1}');
      });

      it('replaces an object with ifMatch when the etag is current', async (ctx) => {
        skipUnlessEnforced(ctx);
        const key = `${space()}state/cursor.json`;
        const first = await store().put(key, '{"v":1}');
        const second = await store().put(key, '{"v":2}', { ifMatch: first.etag });
        expect(await store().get(key)).toEqual({ body: Buffer.from('{"v":2}'), etag: second.etag });
      });

      it('refuses ifMatch with a stale etag, and keeps the current body', async (ctx) => {
        skipUnlessEnforced(ctx);
        const key = `${space()}state/cursor.json`;
        const first = await store().put(key, '{"v":1}');
        await store().put(key, '{"v":2}', { ifMatch: first.etag });
        await expect(store().put(key, '{"v":3}', { ifMatch: first.etag })).rejects.toBeInstanceOf(PreconditionFailedError);
        expect((await store().get(key))?.body.toString()).toBe('{"v":2}');
      });

      it('refuses ifMatch when the object does not exist', async (ctx) => {
        skipUnlessEnforced(ctx);
        const base = space();
        const { etag } = await store().put(`${base}other.json`, '{"v":1}');
        await expect(store().put(`${base}absent.json`, '{"v":1}', { ifMatch: etag })).rejects.toBeInstanceOf(PreconditionFailedError);
        expect(await store().get(`${base}absent.json`)).toBeNull();
      });

      it('lets exactly one of several concurrent creates win', async (ctx) => {
        skipUnlessEnforced(ctx);
        const key = `${space()}state/bundle-id.json`;
        const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => store().put(key, `{"writer":${n}}`, { ifNoneMatch: '*' })));
        const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ writer: i + 1, etag: r.value.etag }] : []));
        const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
        expect(won).toHaveLength(1);
        for (const reason of lost) expect(reason).toBeInstanceOf(PreconditionFailedError);
        expect(await store().get(key)).toEqual({ body: Buffer.from(`{"writer":${won[0]?.writer}}`), etag: won[0]?.etag });
      });
    });
  });
}

export async function collect(source: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const info of source) out.push(info);
  return out;
}

export async function chunks(source: AsyncIterable<Uint8Array> | null): Promise<Buffer[]> {
  if (source === null) throw new Error('expected a stream, got null');
  const out: Buffer[] = [];
  for await (const chunk of source) out.push(Buffer.from(chunk));
  return out;
}

async function inBatches<T>(items: T[], size: number, each: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each));
}

/** A stable scramble, so keys are written out of order without randomness. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}
