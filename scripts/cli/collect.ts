import { setTimeout as sleep } from 'node:timers/promises';
import type { CollectionOptions, CollectionResult } from '../../shared/connectors/run.js';
import { describeError, PersistError } from '../../shared/errors.js';
import { buildCliRuntime } from './cli-runtime.js';
import { EXIT, processStopSignal, type CliIo } from './io.js';
import { COMMON_OPTIONS, parseDuration, parseFlags } from './options.js';

export const COLLECT_HELP = `bridge collect [--every 60s] [--once] [--only NAME]… [options]

Runs the enabled connectors (config \`connectors:\`) once, or every interval until Ctrl-C: each
collects its window from its cursor, writes normalized, redacted events to raw/ and a manifest to
manifests/, and advances its cursor only after the write. One connector's failure is recorded in
its manifest; the others still run.

Options:
  --every DURATION   run repeatedly (30s, 5m, 1h)
  --once             run once (the default)
  --only NAME        run only this configured connector (repeatable)
  --data DIR, --config FILE, --json, -v/--verbose   as for \`bridge ingest\`

Exit code: 1 when a run could not write its data or manifest, 2 on bad usage or config.`;

type RunCollection = (options: CollectionOptions) => Promise<CollectionResult>;

/** The connectors module is optional in a build: say so plainly instead of a stack trace. */
async function loadRunCollection(): Promise<RunCollection | undefined> {
  try {
    return (await import('../../shared/connectors/run.js')).runCollection;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

function describe(result: CollectionResult): string[] {
  if (result.manifests.length === 0) {
    const disabled = result.disabled.length > 0 ? ` (disabled: ${result.disabled.join(', ')})` : '';
    return [`run ${result.runId}: no connectors enabled${disabled}; configure them under \`connectors:\` (docs/connectors.md). Manifest: ${result.manifestKey}`];
  }
  const lines = [`run ${result.runId}: ${result.manifests.length} connector(s), ${result.ok ? 'all ok' : 'some failed'}; manifest ${result.manifestKey}`];
  for (const m of result.manifests) {
    const counts = Object.values(m.counts).reduce((t, c) => ({ w: t.w + c.written, q: t.q + c.quarantined }), { w: 0, q: 0 });
    const firstError = m.errors[0] ? `; ${m.errors[0].name}: ${m.errors[0].message}` : '';
    lines.push(`  ${m.connector.padEnd(16)} ${m.status.padEnd(8)} written ${counts.w}, quarantined ${counts.q}, errors ${m.errors.length}${firstError}`);
  }
  return lines;
}

export async function collectCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('collect', argv, { ...COMMON_OPTIONS, every: { type: 'string' }, once: { type: 'boolean', default: false }, only: { type: 'string', multiple: true } }, false);
  if (values.help) {
    io.out(COLLECT_HELP);
    return EXIT.ok;
  }
  const everyMs = values.every === undefined || values.once ? undefined : parseDuration(values.every);
  const runCollection = await loadRunCollection();
  if (!runCollection) {
    io.err('bridge collect: the connectors module (shared/connectors/run.ts) is not part of this build; nothing to collect.');
    return EXIT.usage;
  }
  const cli = await buildCliRuntime(values, io);
  const { runtime } = cli;
  const stop = everyMs === undefined ? undefined : (io.stopSignal ?? processStopSignal());
  let exit: number = EXIT.ok;
  for (;;) {
    try {
      const result = await runCollection({ config: runtime.config, deps: runtime.deps, secrets: runtime.secrets, ...(values.only ? { only: values.only } : {}) });
      if (values.json) io.out(JSON.stringify(result));
      else for (const line of describe(result)) io.out(line);
    } catch (err) {
      // ConfigError (bad connectors section) ends the command with 2 in main; a failed write is 1.
      if (everyMs === undefined || !(err instanceof PersistError)) throw err;
      const { name, message } = describeError(err);
      io.err(`bridge collect: run not persisted: ${name}: ${message}`);
      exit = EXIT.notPersisted;
    }
    if (everyMs === undefined || stop?.aborted) break;
    try {
      await sleep(everyMs, undefined, stop ? { signal: stop } : {});
    } catch {
      break; // stopped while waiting
    }
  }
  return exit;
}
