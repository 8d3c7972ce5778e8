import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli/main.js';
import { captureIo } from '../unit/scripts/capture-io.js';
import { createEvidenceDatabase, FAKE_USERS, postgresAnswers, type EvidenceDatabase } from '../helpers/vendors/postgres-db.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const answers = await postgresAnswers();

/** `npx bridge …` as a user runs it: the bin script, a child process, exit code and output. */
function bridge(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(repo, 'scripts/bin/bridge.mjs'), ...args], { cwd: repo, env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

describe.skipIf(!answers)('bridge collect --once with the postgres connector (seed 003 done-means)', () => {
  let db: EvidenceDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createEvidenceDatabase();
    dir = await mkdtemp(join(tmpdir(), 'bridge-pg-e2e-'));
  });
  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes db evidence under raw/source=postgres/ and a manifest naming sources and redaction, reading no user-table row', async () => {
    const config = join(dir, 'bridge.yaml');
    await writeFile(config, 'connectors:\n  postgres:\n    connection_secret_ref: env:PG_URL\n    level: metadata\n');
    const before = await db.userTableReads();
    const run = await bridge(['collect', '--once', '--config', config, '--data', join(dir, 'data')], { PG_URL: db.url });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const all = await files(join(dir, 'data'));
    const raw = all.filter((f) => f.includes(`${join('raw', 'source=postgres')}`) && f.endsWith('.jsonl.gz'));
    expect(raw.length).toBeGreaterThan(0);
    const events = (await Promise.all(raw.map(async (f) => gunzipSync(await readFile(f)).toString('utf8')))).join('');
    expect(events).toContain('"source_type":"db_stats"');
    for (const [email] of FAKE_USERS) expect(events).not.toContain(email);
    const manifestFile = all.find((f) => f.includes(join('manifests', 'connector=postgres')))!;
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    expect(manifest.status).toBe('ok');
    expect(manifest.evidence.sources_read).toEqual(expect.arrayContaining(['pg_stat_activity', 'pg_locks', 'pg_stat_database']));
    expect(Object.keys(manifest.evidence.redaction_applied)).toEqual(expect.arrayContaining(['query_text', 'user_tables']));
    expect(JSON.stringify(manifest)).not.toContain(db.url);
    expect(await db.userTableReads()).toBe(before);
  });

  it('refuses the same config with SQL text: exit code 2 naming the path, nothing collected', async () => {
    const config = join(dir, 'bad.yaml');
    await writeFile(config, 'connectors:\n  postgres:\n    connection_secret_ref: env:PG_URL\n    level: metadata\n    query: "SELECT email FROM app.users"\n');
    // In process (the child-process path is proven above; this keeps the suite fast).
    const io = captureIo(dir);
    expect(await main(['collect', '--once', '--config', config, '--data', join(dir, 'bad-data')], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/invalid config at connectors\.postgres\.query: .*free-form SQL/);
    await expect(readdir(join(dir, 'bad-data', 'raw'))).rejects.toThrow();
  });
});
