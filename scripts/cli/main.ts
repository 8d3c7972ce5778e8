import { ConfigError, describeError, PersistError } from '../../shared/errors.js';
import { backfillCommand } from './backfill.js';
import { collectCommand } from './collect.js';
import { demoCommand } from './demo.js';
import { detectCommand } from './detect.js';
import { evidenceCommand } from './evidence.js';
import { ingestCommand } from './ingest.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { queryCommand } from './query.js';
import { replayCommand } from './replay.js';
import { schemaCommand } from './schema.js';
import { serveCommand } from './serve.js';
import { verifyCommand } from './verify.js';

export const HELP = `bridge: Telemetry Bridge command line

Usage: bridge <command> [options]   (npx bridge … or npm run bridge -- …)

Commands:
  demo                         replay the bundled AWS, Azure and GCP samples into the local store
  ingest --trigger T FILE…     replay your own payload files (T: cloudwatch, eventhub, pubsub, s3)
  collect [--every 60s]        run the enabled connectors once, or on an interval
  evidence --since 1h          build a signed evidence bundle (--until, --asset, --source)
  verify BUNDLE                check a bundle offline: hash, signature, line count, pairing
  detect --since 24h [--rules D] run Sigma correlation (and single-event) rules over the lake
  query "SQL" [--since 24h]     read-only SQL (DuckDB) over the lake: events, alerts, summaries, …
  replay [--sink NAME]         re-deliver what the sinks could not deliver (failed/)
  schema export [--out DIR]    write JSON Schema for every registered schema
  serve [--port 8080]          the edge collector: POST /ingest, /telemetry; GET /evidence, /health, /metrics
  backfill SOURCE              ingest existing objects (s3://, azure://, gcs:// or a folder), resumable
  help [command]               this text, or a command's options

Common options: --data DIR (default $BRIDGE_DATA_DIR or ./.bridge-data), --config FILE
(default $BRIDGE_CONFIG), --json, -v/--verbose. Config reference: docs/config.md.

Exit codes: 0 ok; 1 something could not be persisted (verify: a check failed); 2 bad usage or
invalid config.`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  demo: demoCommand,
  ingest: ingestCommand,
  collect: collectCommand,
  evidence: evidenceCommand,
  verify: verifyCommand,
  detect: detectCommand,
  query: queryCommand,
  replay: replayCommand,
  schema: schemaCommand,
  serve: serveCommand,
  backfill: backfillCommand,
};

/** Runs one command and maps what went wrong to an exit code; never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      const topic = rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
      if (topic) return await topic(['--help'], io);
      io.out(HELP);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)} (commands: ${Object.keys(COMMANDS).join(', ')}; see \`bridge help\`)`);
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.err(`bridge: ${err.message}`);
      return EXIT.usage;
    }
    const { name: errorName, message } = describeError(err);
    io.err(err instanceof PersistError ? `bridge: not persisted: ${message}` : `bridge: failed: ${errorName}: ${message}`);
    return EXIT.notPersisted;
  }
}
