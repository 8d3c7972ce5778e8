import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's PostgreSQL (trust auth). Tests check `postgresAnswers()` first and skip when it does not. */
export const ADMIN_URL = process.env.BRIDGE_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresAnswers(url = ADMIN_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface EvidenceDatabase {
  database: string;
  role: string;
  /** The connector's URL: the monitoring role on the test database. */
  url: string;
  /** A superuser session on the test database (to set up locks, read counters). */
  admin(): Promise<pg.Client>;
  /** seq_scan + idx_scan of the fake user table (counters flushed by ended sessions). */
  userTableReads(): Promise<number>;
  drop(): Promise<void>;
}

/** Fake people: the rows the connector must never read. */
export const FAKE_USERS = [
  ['ada.fixture@example.invalid', 'Ada Fixture'],
  ['bob.fixture@example.invalid', 'Bob Fixture'],
] as const;

/**
 * A database per test run with a random name: a login role with pg_monitor, a table of fake user
 * rows (`app.users`, readable by the role so a read would succeed and show in the counters), a
 * view schema `rca_evidence` with an allowlisted view, a view the role may not read, and a
 * flyway history behind an operator view. `drop()` removes database and role.
 */
export async function createEvidenceDatabase(): Promise<EvidenceDatabase> {
  const suffix = randomBytes(5).toString('hex');
  const database = `tb_evidence_${suffix}`;
  const role = `tb_monitor_${suffix}`;
  const root = new pg.Client({ connectionString: ADMIN_URL });
  await root.connect();
  try {
    await root.query(`CREATE ROLE ${role} LOGIN`);
    await root.query(`GRANT pg_monitor TO ${role}`);
    await root.query(`CREATE DATABASE ${database}`);
  } finally {
    await root.end();
  }
  const base = new URL(ADMIN_URL);
  const at = (user: string): string => {
    const u = new URL(base);
    u.username = user;
    u.pathname = `/${database}`;
    return u.toString();
  };
  const admin = async (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: at(base.username || 'postgres') });
    await c.connect();
    return c;
  };
  const setup = await admin();
  try {
    await setup.query(`
      CREATE SCHEMA app;
      CREATE TABLE app.users (email text NOT NULL, full_name text NOT NULL);
      CREATE TABLE app.deploys (service text, revision text, deployed_at timestamptz, deployer_email text);
      CREATE TABLE app.flyway_schema_history (installed_rank int, version text, description text, type text, script text, checksum int,
        installed_by text, installed_on timestamptz, execution_time int, success boolean);
      CREATE SCHEMA rca_evidence;
      CREATE VIEW rca_evidence.deploy_markers AS SELECT service, revision, deployed_at FROM app.deploys;
      CREATE VIEW rca_evidence.private_markers AS SELECT service FROM app.deploys;
      CREATE VIEW rca_evidence.flyway_history AS SELECT * FROM app.flyway_schema_history;
      GRANT USAGE ON SCHEMA app, rca_evidence TO ${role};
      GRANT SELECT ON app.users TO ${role};
      GRANT SELECT ON rca_evidence.deploy_markers, rca_evidence.flyway_history TO ${role};`);
    for (const [email, name] of FAKE_USERS) await setup.query('INSERT INTO app.users VALUES ($1, $2)', [email, name]);
    await setup.query(`INSERT INTO app.deploys VALUES ('checkout', 'a1b2c3d', now() - interval '10 minutes', 'ada.fixture@example.invalid')`);
    await setup.query(
      `INSERT INTO app.flyway_schema_history VALUES (1, '1', 'create tables', 'SQL', 'V1__create.sql', 1, 'ada', now() - interval '5 minutes', 12, true),
        (2, '2', 'add index', 'SQL', 'V2__index.sql', 2, 'ada', now() - interval '2 minutes', 40, false)`,
    );
  } finally {
    await setup.end();
  }
  return {
    database,
    role,
    url: at(role),
    admin,
    async userTableReads() {
      const c = await admin();
      try {
        await c.query('SELECT pg_stat_clear_snapshot()');
        const r = await c.query<{ reads: string }>("SELECT (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::text AS reads FROM pg_stat_user_tables WHERE schemaname = 'app' AND relname = 'users'");
        return Number(r.rows[0]?.reads ?? 0);
      } finally {
        await c.end();
      }
    },
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await c.query(`DROP ROLE IF EXISTS ${role}`);
      } finally {
        await c.end();
      }
    },
  };
}
