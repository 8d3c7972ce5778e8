import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { referencePipeline } from '../../../bench/reference-pipeline.mjs';

const KEY_ID = ['AKIA', 'ABCDEFGHIJKLMNOP'].join('');
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxIn0', 'c2lnbmF0dXJl'].join('.');

function lines(out: Buffer): Array<{ source: string; ingested_at: string; record: unknown }> {
  return gunzipSync(out)
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { source: string; ingested_at: string; record: unknown });
}

describe('the reference pipeline (bench/reference-pipeline.mjs)', () => {
  it('wraps each record, HMACs emails and IPv4 addresses, removes keys, JWTs, bearer tokens and passwords', () => {
    const record = { user: 'ana@example.com', ip: 'from 10.1.2.3', key: KEY_ID, auth: `Bearer abc.def`, jwt: JWT, q: 'password=hunter2', n: 7, list: ['b@example.org'] };
    const [line] = lines(referencePipeline([JSON.stringify(record)], { key: 'k', source: 's', ingestedAt: '2026-01-01T00:00:00.000Z' }));
    expect(line!.source).toBe('s');
    expect(line!.ingested_at).toBe('2026-01-01T00:00:00.000Z');
    const r = line!.record as Record<string, unknown>;
    expect(r.user).toMatch(/^hmac:[0-9a-f]{16}$/);
    expect(r.ip).toMatch(/^from hmac:[0-9a-f]{16}$/);
    expect([r.key, r.auth, r.jwt, r.q]).toEqual(['[REDACTED]', '[REDACTED]', '[REDACTED]', '[REDACTED]']);
    expect(r.n).toBe(7);
    expect((r.list as string[])[0]).toMatch(/^hmac:/);
  });

  it('keys the hash (same value, same key: same hash; another key: another hash)', () => {
    const one = (key: string) => (lines(referencePipeline(['"x@example.com"'], { key }))[0]!.record as string);
    expect(one('a')).toBe(one('a'));
    expect(one('a')).not.toBe(one('b'));
  });

  it('writes gzip members of about memberBytes of lines, all records in order', () => {
    const records = Array.from({ length: 500 }, (_, i) => JSON.stringify({ i, text: 'y'.repeat(100) }));
    const out = referencePipeline(records, { memberBytes: 8192 });
    const got = lines(out).map((l) => (l.record as { i: number }).i);
    expect(got).toEqual(records.map((_, i) => i));
    let members = 0;
    for (let i = 0; i + 1 < out.length; i++) if (out[i] === 0x1f && out[i + 1] === 0x8b && out[i + 2] === 8) members++;
    expect(members).toBeGreaterThanOrEqual(6);
  });

  it('runs alone from the command line on an NDJSON file and prints its rate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ref-pipeline-'));
    try {
      const file = join(dir, 'in.ndjson');
      writeFileSync(file, `${JSON.stringify({ a: 'ana@example.com' })}\n${JSON.stringify({ b: 1 })}\n`);
      const printed = JSON.parse(execFileSync(process.execPath, [join('bench', 'reference-pipeline.mjs'), file], { encoding: 'utf8' })) as Record<string, number>;
      expect(printed.records).toBe(2);
      expect(printed.mb_per_s).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
