import * as z from 'zod';

/**
 * The reviewed, versioned query templates shipped with the connector (seed 003 level 2). Each is
 * fixed SQL text with LIMIT; its parameters are identifiers (checked against a pattern, then
 * quoted) or enum values; time bounds and the limit are bind parameters. Changing a template's
 * SQL means a new version, and an operator pins the version they reviewed. docs/connectors.md
 * lists them.
 */

export interface BuiltQuery {
  text: string;
  values: unknown[];
}

export interface QueryTemplate {
  name: string;
  version: number;
  description: string;
  params: z.ZodType<Record<string, string | number>>;
  /** Relations (schema.view) the template reads, for the catalog check and the manifest. */
  relations(params: Record<string, string | number>): string[];
  build(params: Record<string, string | number>, window: { start: number; end: number }, limit: number): BuiltQuery;
}

const relation = z.string().regex(/^[a-z_][a-z0-9_]{0,62}\.[a-z_][a-z0-9_]{0,62}$/, 'must be schema.view (lower-case identifiers)');

/** `a.b` → `"a"."b"`; only ever called on values that matched the identifier pattern. */
export function quoteQualified(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}

/**
 * Migration history by tool: the columns each tool's table documents, renamed to one shape
 * (`version`, `description`, `applied_at`, `success`). Read through an operator view over the
 * tool's table (`CREATE VIEW rca_evidence.flyway_history AS SELECT … FROM flyway_schema_history`),
 * so the connector role needs no grant on the application schema. Installer/author names are not read.
 */
const MIGRATION_COLUMNS: Record<string, { version: string; description: string; appliedAt: string; success: string }> = {
  flyway: { version: 'version', description: 'description', appliedAt: 'installed_on', success: 'success' },
  liquibase: { version: 'id', description: 'description', appliedAt: 'dateexecuted', success: "exectype = 'EXECUTED'" },
  rails: { version: 'version', description: 'NULL::text', appliedAt: 'NULL::timestamptz', success: 'true' },
  alembic: { version: 'version_num', description: 'NULL::text', appliedAt: 'NULL::timestamptz', success: 'true' },
  prisma: { version: 'migration_name', description: 'NULL::text', appliedAt: 'finished_at', success: 'finished_at IS NOT NULL AND rolled_back_at IS NULL' },
  django: { version: "app || '.' || name", description: 'NULL::text', appliedAt: 'applied', success: 'true' },
};
export const MIGRATION_TOOLS = Object.keys(MIGRATION_COLUMNS) as [string, ...string[]];

const migrationHistory: QueryTemplate = {
  name: 'migration_history',
  version: 1,
  description: 'Schema migrations applied (flyway, liquibase, rails, alembic, prisma, django), read through an operator view.',
  params: z.strictObject({ tool: z.enum(MIGRATION_TOOLS), relation }),
  relations: (p) => [String(p.relation)],
  build(p, window, limit) {
    const c = MIGRATION_COLUMNS[String(p.tool)]!;
    const timed = c.appliedAt !== 'NULL::timestamptz';
    // Untimed tools (rails, alembic) list the latest versions; the bounds stay bound so the parameter list is fixed.
    const where = timed ? `WHERE (${c.appliedAt}) >= $1 AND (${c.appliedAt}) < $2 ORDER BY (${c.appliedAt}) DESC` : 'WHERE $1::timestamptz <= $2::timestamptz ORDER BY 1 DESC';
    const text =
      `SELECT (${c.version})::text AS version, (${c.description})::text AS description, (${c.appliedAt})::timestamptz AS applied_at, (${c.success})::boolean AS success ` +
      `FROM ${quoteQualified(String(p.relation))} ${where} LIMIT $3`;
    return { text, values: [new Date(window.start), new Date(window.end), limit] };
  },
};

/** Table-level vacuum and size counters from pg_stat_user_tables (statistics, never rows). */
const tableHealth: QueryTemplate = {
  name: 'table_health',
  version: 1,
  description: 'Live/dead tuple counts and last (auto)vacuum/analyze per table, from pg_stat_user_tables; the largest first.',
  params: z.strictObject({ schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).optional() }),
  relations: () => ['pg_catalog.pg_stat_user_tables'],
  build(p, _window, limit) {
    return {
      text:
        'SELECT schemaname AS schema, relname AS relation, n_live_tup::bigint AS live_tuples, n_dead_tup::bigint AS dead_tuples, ' +
        'last_autovacuum, last_vacuum, last_autoanalyze, seq_scan::bigint AS seq_scans, idx_scan::bigint AS index_scans ' +
        'FROM pg_catalog.pg_stat_user_tables WHERE ($1::text IS NULL OR schemaname = $1) ORDER BY n_live_tup + n_dead_tup DESC LIMIT $2',
      values: [p.schema ?? null, limit],
    };
  },
};

export const TEMPLATES: readonly QueryTemplate[] = [migrationHistory, tableHealth];
export const TEMPLATE_NAMES = ['migration_history', 'table_health'] as const;

export function findTemplate(name: string): QueryTemplate | undefined {
  return TEMPLATES.find((t) => t.name === name);
}
