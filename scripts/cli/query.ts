import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatCsv, formatJson, formatTable, LakeSession, QuerySqlError, stageLake, VIEW_NAMES } from '../../shared/query/index.js';
import { printSql, ENGINES, type Engine } from '../../shared/query/print-sql.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { openLakeStore, parseWindowFlags } from './lake-window.js';
import { COMMON_OPTIONS, parseFlags } from './options.js';

export const QUERY_HELP = `bridge query "SQL" [options]

Runs one read-only SQL statement (DuckDB) over the lake. Views:
  events      raw/ events (attributes, raw_data, resource as JSON; dt DATE and hour from the partitions)
  alerts      alerts/ (Sigma and threat-intel alerts)
  summaries   TelemetrySummary per batch: summaries/ objects and the raw/ objects' metadata
              (pipeline.summary_objects: metadata; read only when the SQL names summaries)
  quarantine  quarantine/ (rejected records, redacted)
  manifests   manifests/ (connector runs)
Example: bridge query "select source_type, count(*) as n from events group by 1 order by 2 desc"

Options:
  --since WHEN         only data from WHEN (30m, 24h, 7d, or 2026-11-25T10:00:00Z); prunes dt= partitions
  --until WHEN         only data before WHEN
  --source S           events of one source (aws.cloudwatch, azure.eventhub, …)
  --source-type T      events of one source_type (cloudtrail, vpcflow, …)
  --asset A            events of one asset
  --format F           table (default), json or csv
  --limit N            rows printed (default 1000; says so when it cuts)
  --max-fetch MIB      cloud stores: most MiB fetched into the temp folder (default 2048)
  --export DIR         allow COPY … TO 'DIR/file.parquet' (the only writable place)
  --print-sql ENGINE   print the same query for athena, bigquery or adx instead of running it
  --data DIR / --config FILE / -v

Exit code: 0 ok; 2 invalid SQL (DuckDB's message), a refused statement, or a query over the fetch cap.`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  since: { type: 'string' },
  until: { type: 'string' },
  source: { type: 'string' },
  'source-type': { type: 'string' },
  asset: { type: 'string' },
  format: { type: 'string', default: 'table' },
  limit: { type: 'string', default: '1000' },
  'max-fetch': { type: 'string' },
  export: { type: 'string' },
  'print-sql': { type: 'string' },
} as const;

export async function queryCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('query', argv, OPTIONS, true);
  if (values.help) {
    io.out(QUERY_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('query: give the SQL as one argument (quote it)');
  const sql = positionals[0]!;
  const format = values.format;
  if (format !== 'table' && format !== 'json' && format !== 'csv') throw new UsageError(`query: --format must be table, json or csv (got ${JSON.stringify(format)})`);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('query: --limit must be a positive whole number');
  const window = parseWindowFlags(values, Date.now());
  const filters = { ...window, ...(values.source ? { source: values.source } : {}), ...(values['source-type'] ? { sourceType: values['source-type'] } : {}), ...(values.asset ? { asset: values.asset } : {}) };
  if (values['print-sql'] !== undefined) {
    const engine = values['print-sql'];
    if (!(ENGINES as readonly string[]).includes(engine)) throw new UsageError(`query: --print-sql must be one of ${ENGINES.join(', ')}`);
    io.out(printSql(engine as Engine, sql, filters));
    return EXIT.ok;
  }
  const capMiB = values['max-fetch'] === undefined ? undefined : Number(values['max-fetch']);
  if (capMiB !== undefined && !(capMiB > 0)) throw new UsageError('query: --max-fetch must be a number of MiB');
  const lake = await openLakeStore(values, io);
  // The summaries in raw/ metadata cost one HEAD per raw/ object in the window: only when the SQL reads them.
  const views = VIEW_NAMES.filter((v) => v !== 'summaries' || /\bsummaries\b/i.test(sql));
  const staged = await stageLake(lake.store, { ...window, ...(values.source ? { source: values.source } : {}) }, {
    views,
    ...(lake.localRoot !== undefined ? { localRoot: lake.localRoot } : {}),
    ...(capMiB !== undefined ? { capBytes: capMiB * 1024 * 1024 } : {}),
    progress: (line) => io.err(line),
  });
  let session: LakeSession | undefined;
  try {
    const exportDir = values.export === undefined ? undefined : resolve(io.cwd, values.export);
    if (exportDir) await mkdir(exportDir, { recursive: true });
    session = await LakeSession.open(staged, filters, { cwd: io.cwd, ...(exportDir ? { exportDir } : {}) });
    const result = await session.query(sql, limit);
    for (const file of result.skipped) io.err(`bridge: query: skipped ${file}: it does not decompress (truncated gzip?)`);
    if (format === 'json') io.out(formatJson(result));
    else for (const line of format === 'csv' ? formatCsv(result) : formatTable(result)) io.out(line);
    if (result.truncated) io.err(`bridge: query: showing the first ${limit} rows (--limit ${limit}); add LIMIT or raise --limit for more`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof QuerySqlError) {
      io.err(`bridge: query: ${err.message}`);
      return EXIT.usage;
    }
    throw err;
  } finally {
    session?.close();
    await staged.cleanup();
  }
}
