/**
 * Seed 003 SR-003: the PostgreSQL connector never runs free-form SQL, so its config may hold none.
 * Pure: walks the raw settings and names every key that would carry SQL (`query`, `sql`, …) and
 * every string that reads like a statement. Used by the config schema (fails at start) and the
 * connector's own settings.
 */

const SQL_KEYS = new Set(['query', 'queries', 'sql', 'statement', 'statements', 'raw_sql', 'where', 'filter_sql']);

/** A keyword that starts a statement followed by one that continues it, or a statement separator or comment. */
const SQL_TEXT = /\b(select|insert|update|delete|with|drop|alter|create|grant|revoke|truncate|copy|call|do|execute|set)\b[\s\S]{0,200}?\b(from|into|table|set|to|as|where|values|on|role|schema|function|\$\$)\b|;|--|\/\*/i;

export interface SqlTextIssue {
  path: Array<string | number>;
  message: string;
}

export function sqlTextIssues(value: unknown, path: Array<string | number> = []): SqlTextIssue[] {
  const issues: SqlTextIssue[] = [];
  const walk = (v: unknown, at: Array<string | number>): void => {
    if (typeof v === 'string') {
      if (SQL_TEXT.test(v)) issues.push({ path: at, message: 'looks like SQL text; the postgres connector runs no free-form SQL (use level views with an allowlist, or a shipped template)' });
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...at, i]));
      return;
    }
    if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (SQL_KEYS.has(k.toLowerCase())) issues.push({ path: [...at, k], message: `"${k}" is not accepted: the postgres connector runs no free-form SQL (use level views with an allowlist, or a shipped template)` });
        else walk(x, [...at, k]);
      }
    }
  };
  walk(value, path);
  return issues;
}

/** Whether a `connectors:` entry configures the postgres connector (by key or by `type`). */
export function isPostgresEntry(name: string, entry: unknown): boolean {
  const type = entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? (entry as Record<string, unknown>).type : undefined;
  return type === 'postgres' || (type === undefined && name === 'postgres');
}
