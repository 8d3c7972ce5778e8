import { createReadStream } from 'node:fs';
import { resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BridgeError } from '../errors.js';
import type { StagedLake } from './lake-files.js';
import { createViewSql, sqlString, VIEW_NAMES, type ViewFilters, type ViewName } from './views.js';

/** DuckDB refused the SQL (syntax, binder, a guarded statement): the CLI exits 2 with this message. */
export class QuerySqlError extends BridgeError {
  override name = 'QuerySqlError';
}

export interface QueryResult {
  columns: string[];
  types: string[];
  rows: unknown[][];
  /** More rows existed than the limit. */
  truncated: boolean;
  /** Objects skipped because they do not decompress (a truncated gzip), reported not fatal. */
  skipped: string[];
}

/** Statement types a query may run (DuckDB StatementType): SELECT, EXPLAIN, COPY (export folder only). */
const SELECT = 1;
const EXPLAIN = 4;
const COPY = 11;
const STATEMENT_NAMES: Record<number, string> = { 2: 'INSERT', 3: 'UPDATE', 5: 'DELETE', 7: 'CREATE', 9: 'ALTER', 13: 'SET', 15: 'DROP', 16: 'EXPORT', 17: 'PRAGMA', 19: 'CALL', 20: 'SET', 21: 'LOAD', 23: 'INSTALL', 25: 'ATTACH', 26: 'DETACH', 28: 'COPY DATABASE', 29: 'UPDATE EXTENSIONS', 30: 'MERGE' };

type DuckConnection = import('@duckdb/node-api').DuckDBConnection;
type DuckInstance = import('@duckdb/node-api').DuckDBInstance;

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function gunzipsCleanly(path: string): Promise<boolean> {
  try {
    await pipeline(createReadStream(path), createGunzip(), new Writable({ write: (_c, _e, done) => done() }));
    return true;
  } catch {
    return false;
  }
}

/**
 * A read-only DuckDB session over a staged lake. The views are the only tables; file access is
 * limited to the views' folders (and the export folder), extension installs and attaching other
 * databases are refused, and the configuration is locked so a query cannot lift any of it.
 */
export class LakeSession {
  private files: Record<ViewName, string[]>;
  readonly skipped: string[] = [];

  private constructor(
    private readonly instance: DuckInstance,
    private readonly connection: DuckConnection,
    staged: StagedLake,
    private readonly filters: ViewFilters,
    private readonly exportDir: string | undefined,
    private readonly cwd: string,
  ) {
    this.files = { ...staged.files };
  }

  static async open(staged: StagedLake, filters: ViewFilters = {}, options: { exportDir?: string; tempDir?: string; cwd?: string } = {}): Promise<LakeSession> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      ...(options.tempDir ? { temp_directory: options.tempDir, home_directory: options.tempDir } : {}),
    });
    const connection = await instance.connect();
    const session = new LakeSession(instance, connection, staged, filters, options.exportDir, options.cwd ?? process.cwd());
    await session.createViews();
    const dirs = [...staged.readable, ...(options.exportDir ? [options.exportDir] : [])].map((d) => (d.endsWith(sep) ? d : `${d}${sep}`));
    await connection.run(`SET allowed_directories = [${dirs.map(sqlString).join(', ')}]`);
    await connection.run('SET enable_external_access = false');
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run('SET lock_configuration = true');
    return session;
  }

  private async createViews(): Promise<void> {
    for (const view of VIEW_NAMES) await this.connection.run(createViewSql(view, this.files[view], this.filters));
  }

  /** Runs one read-only statement; at most `limit` rows come back. Throws QuerySqlError with DuckDB's message. */
  async query(sql: string, limit: number): Promise<QueryResult> {
    try {
      return await this.queryOnce(sql, limit);
    } catch (err) {
      if (err instanceof QuerySqlError && /gzip|inflate|compress|truncat|unexpected end/i.test(err.message) && (await this.dropCorruptObjects())) {
        return this.queryOnce(sql, limit);
      }
      throw err;
    }
  }

  private async queryOnce(text: string, limit: number): Promise<QueryResult> {
    const sql = /^\s*copy\b/i.test(text) ? this.checkCopyTarget(text) : text;
    let extracted;
    try {
      extracted = await this.connection.extractStatements(sql);
    } catch (err) {
      throw new QuerySqlError(errorMessage(err));
    }
    if (extracted.count !== 1) throw new QuerySqlError(`give exactly one SQL statement (got ${extracted.count})`);
    let prepared;
    try {
      prepared = await extracted.prepare(0);
    } catch (err) {
      throw new QuerySqlError(errorMessage(err));
    }
    const type = prepared.statementType as unknown as number;
    if (type === COPY) this.checkCopyTarget(sql);
    else if (type !== SELECT && type !== EXPLAIN) {
      throw new QuerySqlError(`${STATEMENT_NAMES[type] ?? `statement type ${type}`} is not allowed: queries are read-only (SELECT, EXPLAIN, or COPY … TO a file in --export DIR)`);
    }
    let reader;
    try {
      reader = await prepared.streamAndReadUntil(limit + 1);
    } catch (err) {
      throw new QuerySqlError(errorMessage(err));
    }
    const columns = reader.columnNames();
    const types = reader.columnTypes().map((t) => t.alias ?? t.toString());
    const all = reader.getRowsJson() as unknown[][];
    const rows = all.slice(0, limit).map((row) => row.map((v, i) => (/^(BIGINT|HUGEINT|UBIGINT|INTEGER)$/.test(types[i]!) && typeof v === 'string' && Number.isSafeInteger(Number(v)) ? Number(v) : v)));
    return { columns, types, rows, truncated: all.length > limit || !reader.done, skipped: [...this.skipped] };
  }

  /** A COPY's target must resolve inside the export folder; returns the SQL with the target made absolute. */
  private checkCopyTarget(sql: string): string {
    if (!this.exportDir) throw new QuerySqlError('COPY is allowed only to a file in the export folder: give --export DIR');
    const match = /\bTO\s+'((?:[^']|'')+)'/i.exec(sql);
    const target = match?.[1]?.replace(/''/g, "'");
    const dir = resolve(this.exportDir);
    const absolute = target === undefined ? undefined : resolve(this.cwd, target);
    if (match === null || absolute === undefined || !absolute.startsWith(`${dir}${sep}`)) throw new QuerySqlError(`COPY may write only inside ${dir} (write TO '${dir}${sep}name.parquet')`);
    return `${sql.slice(0, match.index)}TO ${sqlString(absolute)}${sql.slice(match.index + match[0].length)}`;
  }

  /** Finds the gzip objects that do not decompress, leaves them out and rebuilds the views. */
  private async dropCorruptObjects(): Promise<boolean> {
    let dropped = false;
    for (const view of ['events', 'quarantine'] as const) {
      const keep: string[] = [];
      for (const file of this.files[view]) {
        if (await gunzipsCleanly(file)) keep.push(file);
        else {
          this.skipped.push(file);
          dropped = true;
        }
      }
      this.files[view] = keep;
    }
    if (dropped) {
      for (const view of VIEW_NAMES) await this.connection.run(createViewSql(view, this.files[view], this.filters));
    }
    return dropped;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
