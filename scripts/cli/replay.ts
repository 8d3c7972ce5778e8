import { createSinks, replayFailed } from '../../shared/sinks/index.js';
import { buildCliRuntime } from './cli-runtime.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { COMMON_OPTIONS, parseFlags } from './options.js';

export const REPLAY_HELP = `bridge replay [--sink NAME] [options]

Re-delivers what the sinks could not deliver (failed/<sink>/…) through the sinks enabled in the
config (\`sinks:\`), and removes each entry only once its delivery succeeded (and only if it is
unchanged since it was read); an entry that fails again stays, with its attempt count and reason
updated, keeping only what the sink did not accept. Entries of a sink that is not enabled are
left alone (skipped). An entry that cannot be read is moved to failed/_poison/ with its reason and
the replay goes on. One replay runs at a time: a second one finds the lease
(state/replay/lease.json) held and delivers nothing. Each request carries the Idempotency-Key it
had the first time (batch key + chunk index).

Options:
  --sink NAME      replay only this sink's entries (fixops, sentinel, event_hubs, pubsub)
  --data DIR, --config FILE, --json, -v/--verbose   as for \`bridge ingest\`

Exit code: 0 when nothing is left failing; 1 when an entry failed again, was poison, or another
replay held the lease; 2 on bad usage or config.`;

export async function replayCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('replay', argv, { ...COMMON_OPTIONS, sink: { type: 'string' } }, false);
  if (values.help) {
    io.out(REPLAY_HELP);
    return EXIT.ok;
  }
  const only = values.sink;
  if (only !== undefined && !/^[a-z][a-z0-9_]*$/.test(only)) throw new UsageError(`replay: --sink ${JSON.stringify(only)} is not a sink name (fixops, sentinel, event_hubs, pubsub)`);
  const cli = await buildCliRuntime(values, io);
  const { runtime } = cli;
  const sinks = await createSinks(cli.config.sinks, { secrets: runtime.secrets, dataDir: cli.dataDir });
  const enabled = sinks.map((s) => s.name);
  if (only !== undefined && !enabled.includes(only)) {
    throw new UsageError(`replay: sink ${only} is not enabled (enabled: ${enabled.join(', ') || 'none'}); enable it under sinks.${only} to replay its entries`);
  }
  const report = await replayFailed(sinks, { store: cli.store, logger: runtime.logger, clock: runtime.clock }, only !== undefined ? { only } : {});
  if (values.json) io.out(JSON.stringify({ ...report, sinks: only !== undefined ? [only] : enabled, store: cli.store.location }, null, 2));
  else if (report.leaseBusy) io.out(`Another replay holds the lease (state/replay/lease.json) in ${cli.store.location}: nothing replayed; try again when it is done.`);
  else if (report.replayed + report.skipped + report.poisoned === 0) io.out(`Nothing to replay: no entries under failed/${only !== undefined ? `${only}/` : ''} in ${cli.store.location}.`);
  else {
    io.out(`Replayed ${report.replayed} failed deliver${report.replayed === 1 ? 'y' : 'ies'} through ${only ?? enabled.join(', ')} from ${cli.store.location}:`);
    io.out(`  delivered, removed          ${report.removed}`);
    io.out(`  failed again, kept          ${report.stillFailing}`);
    io.out(`  skipped (sink not enabled)  ${report.skipped}`);
    io.out(`  poison, moved to _poison/   ${report.poisoned}`);
    if (report.deferred > 0) io.out(`  left for the next run       ${report.deferred}`);
  }
  return report.stillFailing > 0 || report.poisoned > 0 || report.leaseBusy ? EXIT.notPersisted : EXIT.ok;
}
