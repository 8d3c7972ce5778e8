import * as z from 'zod';
import { CollectSettings, duration, secretRef } from '../settings.js';
import { sqlTextIssues } from './sql-guard.js';
import { TEMPLATE_NAMES } from './templates.js';

/** A lower-case SQL identifier: what a view, schema or column name may be here (never quoted text). */
const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier (letters, digits, _)');
/** `schema.relation`, both identifiers. */
export const qualifiedName = z.string().regex(/^[a-z_][a-z0-9_]{0,62}\.[a-z_][a-z0-9_]{0,62}$/, 'must be schema-qualified: schema.view (lower-case identifiers)');

export const ViewSpec = z.strictObject({
  /** `rca_evidence.deploy_markers`: checked against the catalog (must be a view) before it is read. */
  name: qualifiedName,
  /** The only columns selected. */
  columns: z.array(identifier).min(1).max(64),
  /** A timestamp column: rows are read for the window only, and it becomes the event time. */
  time_column: identifier.optional(),
  /** Fewer rows than the connector's row_limit, for this view. */
  limit: z.number().int().min(1).max(10_000).optional(),
});
export type ViewSpec = z.infer<typeof ViewSpec>;

export const TemplateUse = z.strictObject({
  /** A template shipped in shared/connectors/postgres/templates.ts (docs/connectors.md lists them). */
  name: z.enum(TEMPLATE_NAMES),
  /** The reviewed version the operator approved; a different shipped version refuses to run. */
  version: z.number().int().min(1),
  /** The template's parameters (identifiers and enums only; validated by the template). */
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});
export type TemplateUse = z.infer<typeof TemplateUse>;

const LEVELS = ['metadata', 'views', 'templates'] as const;

const shape = z
  .strictObject({
    ...CollectSettings.shape,
    /** Collected every run: a point-in-time snapshot, so the first run looks back only this far. */
    lookback: duration.default(15 * 60_000),
    max_window: duration.default(7 * 86_400_000),
    /** A postgres:// URL (it may carry the password), resolved from the secret source. */
    connection_secret_ref: secretRef.optional(),
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).default(5432),
    database: identifier.or(z.string().regex(/^[A-Za-z0-9_.-]{1,63}$/)).optional(),
    user: z.string().regex(/^[A-Za-z0-9_.-]{1,63}$/).optional(),
    password_secret_ref: secretRef.optional(),
    tls: z
      .strictObject({
        /** disable; require (encrypted, server not verified); verify-full (CA and host name checked). Unset: the URL's sslmode. */
        mode: z.enum(['disable', 'require', 'verify-full']).optional(),
        ca_file: z.string().min(1).optional(),
      })
      .prefault({}),
    /** PG-001: metadata (default) · views (adds the allowlisted views) · templates (adds the listed shipped templates). */
    level: z.enum(LEVELS).default('metadata'),
    /** The events' asset (service key); default `postgres/<database>`. */
    asset: z.string().min(1).max(256).optional(),
    views: z.array(ViewSpec).max(50).default([]),
    templates: z.array(TemplateUse).max(20).default([]),
    statement_timeout: duration.default(5_000),
    lock_timeout: duration.default(1_000),
    idle_in_transaction_session_timeout: duration.default(10_000),
    connect_timeout: duration.default(10_000),
    /** Client-side cap on the rows of any one query (every query also has a LIMIT). */
    row_limit: z.number().int().min(1).max(10_000).default(500),
    /** Connections in use over max_connections at or above this → connection_saturation. */
    saturation_threshold: z.number().gt(0).max(1).default(0.8),
    /** A transaction open at least this long → long_transaction. */
    long_transaction: duration.default(5 * 60_000),
    /** Sessions blocked by another session at or above this → lock_contention. */
    lock_contention_sessions: z.number().int().min(1).default(1),
    /** Replay lag at or above this → replication_lag. */
    replication_lag: duration.default(30_000),
    /** Share of requested (not timed) checkpoints at or above this → checkpoint_pressure. */
    checkpoint_requested_ratio: z.number().gt(0).max(1).default(0.5),
    /** pg_stat_statements aggregates (by queryid, never text) when the extension is loaded. */
    statements: z.boolean().default(true),
    statements_top: z.number().int().min(1).max(100).default(20),
  })
  .superRefine((s, ctx) => {
    if (!s.connection_secret_ref && !s.host) ctx.addIssue({ code: 'custom', path: ['connection_secret_ref'], message: 'set connection_secret_ref (a postgres:// URL) or host, database and user' });
    // PG-002: a level above metadata needs its explicit allowlist.
    if (s.level === 'views' && s.views.length === 0) ctx.addIssue({ code: 'custom', path: ['views'], message: 'level views needs an explicit allowlist of schema-qualified views' });
    if (s.level === 'templates' && s.templates.length === 0) ctx.addIssue({ code: 'custom', path: ['templates'], message: 'level templates needs the list of shipped templates to run' });
    if (s.level === 'metadata' && s.views.length > 0) ctx.addIssue({ code: 'custom', path: ['views'], message: 'views are read only at level views or templates' });
    if (s.level !== 'templates' && s.templates.length > 0) ctx.addIssue({ code: 'custom', path: ['templates'], message: 'templates run only at level templates' });
  });

/** The postgres connector's settings; SQL text anywhere fails first, naming the path (SR-003). */
export const PostgresSettings = z
  .unknown()
  .superRefine((value, ctx) => {
    for (const issue of sqlTextIssues(value)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  })
  .pipe(shape);
export type PostgresSettings = z.infer<typeof shape>;
