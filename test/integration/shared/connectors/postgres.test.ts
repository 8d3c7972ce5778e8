import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../shared/config/index.js';
import { resolveConnectors } from '../../../../shared/connectors/registry.js';
import { createEvidenceDatabase, FAKE_USERS, postgresAnswers, type EvidenceDatabase } from '../../../helpers/vendors/postgres-db.js';
import { harness, NOW, secretsOf } from '../../../helpers/vendors/harness.js';

const answers = await postgresAnswers();

describe.skipIf(!answers)('postgres connector (the machine PostgreSQL, a database per run)', () => {
  let db: EvidenceDatabase;
  beforeAll(async () => {
    db = await createEvidenceDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  const secrets = () => secretsOf({ 'env:PG_URL': db.url });

  it('collects metadata evidence and a manifest naming sources and redaction, reading no user-table row', async () => {
    const before = await db.userTableReads();
    const h = harness({ postgres: { connection_secret_ref: 'env:PG_URL', level: 'metadata' } }, secrets());
    const result = await h.run();
    const m = await h.storedManifest(result, 'postgres');
    expect(m.status).toBe('ok');
    expect(m.evidence?.sources_read).toEqual(expect.arrayContaining(['pg_stat_activity', 'pg_stat_database', 'pg_locks', 'pg_blocking_pids', 'pg_stat_bgwriter', 'server_settings']));
    // pg_stat_statements is not preloaded on this server: skipped as not available, which is not partial.
    expect(m.evidence?.sources_skipped).toEqual([{ source: 'pg_stat_statements', reason: 'not_available' }]);
    expect(m.evidence?.redaction_applied).toMatchObject({ query_text: expect.stringContaining('never selected') });
    const events = await h.events('postgres');
    const stats = events.find((e) => e.source_type === 'db_stats');
    expect(stats?.attributes).toMatchObject({ kind: 'db_stats', database: db.database });
    expect(Number(stats?.attributes.max_connections)).toBeGreaterThan(0);
    expect(stats?.asset).toBe(`postgres/${db.database}`);
    const stored = JSON.stringify(events);
    for (const [email, name] of FAKE_USERS) {
      expect(stored).not.toContain(email);
      expect(stored).not.toContain(name);
    }
    expect(stored).not.toMatch(/SELECT/i);
    expect(await db.userTableReads()).toBe(before);
  });

  it('reports lock contention and a long transaction while another session holds a lock', async () => {
    const holder = await db.admin();
    const waiter = await db.admin();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE app.deploys IN ACCESS EXCLUSIVE MODE');
    const blocked = waiter.query('SELECT count(*) FROM app.deploys');
    try {
      // Wait until the waiter is really blocked (pg_locks shows it), not for a fixed time.
      for (let i = 0; i < 100; i++) {
        const r = await holder.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted');
        if (r.rows[0]!.n > 0) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      const h = harness({ postgres: { connection_secret_ref: 'env:PG_URL', long_transaction: '1ms', saturation_threshold: 0.001 } }, secrets());
      await h.run();
      const kinds = (await h.events('postgres')).map((e) => e.attributes.kind);
      expect(kinds).toEqual(expect.arrayContaining(['db_stats', 'lock_contention', 'long_transaction', 'connection_saturation']));
      const lock = (await h.events('postgres')).find((e) => e.attributes.kind === 'lock_contention');
      expect(lock?.attributes.blocked_sessions).toBeGreaterThanOrEqual(1);
      expect(lock?.severity).toBe('MEDIUM');
    } finally {
      await holder.query('ROLLBACK');
      await blocked;
      await Promise.all([holder.end(), waiter.end()]);
    }
  });

  it('reads allowlisted view columns only, and a view the role may not read is skipped and makes the run partial', async () => {
    const h = harness(
      {
        postgres: {
          connection_secret_ref: 'env:PG_URL',
          level: 'views',
          views: [
            { name: 'rca_evidence.deploy_markers', columns: ['service', 'revision'], time_column: 'deployed_at' },
            { name: 'rca_evidence.private_markers', columns: ['service'] },
          ],
        },
      },
      secrets(),
      () => Date.now(),
    );
    const result = await h.run({ now: Date.now() });
    const m = await h.storedManifest(result, 'postgres');
    expect(m.partial).toBe(true);
    expect(m.status).toBe('partial');
    expect(m.evidence?.sources_skipped).toEqual(expect.arrayContaining([{ source: 'rca_evidence.private_markers', reason: 'permission_denied', sqlstate: '42501' }]));
    const rows = (await h.events('postgres')).filter((e) => e.attributes.kind === 'view_row');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.attributes.row).toEqual({ service: 'checkout', revision: 'a1b2c3d', deployed_at: expect.any(String) });
    expect(JSON.stringify(rows)).not.toContain('fixture@example.invalid');
  });

  it('refuses a relation that is not a view (a base table) without reading it', async () => {
    const before = await db.userTableReads();
    const h = harness({ postgres: { connection_secret_ref: 'env:PG_URL', level: 'views', views: [{ name: 'app.users', columns: ['email'] }] } }, secrets());
    const result = await h.run();
    const m = await h.storedManifest(result, 'postgres');
    expect(m.partial).toBe(true);
    expect(m.evidence?.sources_skipped).toEqual(expect.arrayContaining([{ source: 'app.users', reason: expect.stringMatching(/refused: view app.users is not a view/) }]));
    expect(await db.userTableReads()).toBe(before);
  });

  it('runs the shipped migration_history template through an operator view', async () => {
    const h = harness(
      { postgres: { connection_secret_ref: 'env:PG_URL', level: 'templates', templates: [{ name: 'migration_history', version: 1, params: { tool: 'flyway', relation: 'rca_evidence.flyway_history' } }] } },
      secrets(),
      () => Date.now(),
    );
    await h.run({ now: Date.now() });
    const migrations = (await h.events('postgres')).filter((e) => e.attributes.kind === 'migration_applied');
    expect(migrations.map((e) => [e.attributes.version, e.severity])).toEqual([
      ['1', 'INFO'],
      ['2', 'HIGH'],
    ]);
    expect(JSON.stringify(migrations)).not.toContain('"ada"');
  });

  it('runs every session read-only with the timeouts, and a wrong password fails health without the secret', async () => {
    const { enabled } = await resolveConnectors({ postgres: { connection_secret_ref: 'env:PG_URL', statement_timeout: '2s', lock_timeout: '500ms' } });
    const entry = enabled[0]!;
    const deps = { name: 'postgres', secrets: secrets(), fetch, clock: () => NOW, sleep: async () => undefined, random: Math.random, logger: harness({}, secrets()).deps.logger };
    const connector = entry.module.create(entry.settings, deps);
    expect(await connector.healthCheck()).toMatchObject({ ok: true });
    const { openSession, sessionConfig } = await import('../../../../shared/connectors/postgres/session.js');
    const { ConnectorMetrics } = await import('../../../../shared/connectors/metrics.js');
    const session = await openSession('postgres', await sessionConfig(entry.settings as never, async () => db.url), 10, new ConnectorMetrics('postgres'));
    try {
      const show = async (name: string) => (await session.query(name, `SHOW ${name}`, [])).rows[0]![name];
      expect(await show('transaction_read_only')).toBe('on');
      expect(await show('statement_timeout')).toBe('2s');
      expect(await show('lock_timeout')).toBe('500ms');
      expect(await show('idle_in_transaction_session_timeout')).toBe('10s');
      await expect(session.query('write', 'CREATE TABLE app.nope (x int)', [])).rejects.toThrow(/SQLSTATE 25006/);
    } finally {
      await session.close();
    }
    const bad = entry.module.create(entry.settings, { ...deps, secrets: secretsOf({ 'env:PG_URL': 'postgres://nobody_here:s3cret-value@127.0.0.1:5432/nowhere' }) });
    const health = await bad.healthCheck();
    expect(health.ok).toBe(false);
    expect(JSON.stringify(health)).not.toContain('s3cret-value');
  });
});

describe('postgres config refuses free-form SQL (SR-003)', () => {
  it.each([
    [{ connection_secret_ref: 'env:PG_URL', query: 'select 1' }, 'connectors.postgres.query'],
    [{ connection_secret_ref: 'env:PG_URL', level: 'views', views: [{ name: 'rca_evidence.v', columns: ['a'] }], sql: 'x' }, 'connectors.postgres.sql'],
    [{ connection_secret_ref: 'env:PG_URL', level: 'views', views: [{ name: 'SELECT email FROM app.users', columns: ['a'] }] }, 'connectors.postgres.views[0].name'],
    [{ connection_secret_ref: 'env:PG_URL', level: 'templates', templates: [{ name: 'table_health', version: 1, params: { schema: 'x; DROP TABLE app.users' } }] }, 'connectors.postgres.templates[0].params.schema'],
  ])('at start, naming the path (%#)', (entry, path) => {
    expect(() => loadConfig({ env: {}, overrides: { connectors: { postgres: entry } } })).toThrow(new RegExp(`invalid config at ${path.replace(/[[\].]/g, '\\$&')}: .*(free-form SQL|SQL text)`));
  });

  it('in the connector settings too (a connector built without the config loader)', async () => {
    await expect(resolveConnectors({ db: { type: 'postgres', connection_secret_ref: 'env:PG_URL', query: 'select 1' } })).rejects.toThrow(/connectors\.db\.query: .*free-form SQL/);
  });

  it('needs an allowlist above level metadata (PG-002)', async () => {
    await expect(resolveConnectors({ postgres: { connection_secret_ref: 'env:PG_URL', level: 'views' } })).rejects.toThrow(/connectors\.postgres\.views: level views needs an explicit allowlist/);
    await expect(resolveConnectors({ postgres: { connection_secret_ref: 'env:PG_URL', level: 'templates' } })).rejects.toThrow(/connectors\.postgres\.templates: level templates needs/);
  });
});
