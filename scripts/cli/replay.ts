import { createSinks, replayFailed } from '../../shared/sinks/index.js';
import { buildCliRuntime } from './cli-runtime.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { COMMON_OPTIONS, parseFlags } from './options.js';

export const REPLAY_HELP = `bridge replay [--sink NAME] [options]

Re-delivers what the sinks could not deliver (failed/<sink>/…) through the sinks enabled in the
config (\`sinks:\`), and removes each entry only once its delivery succeeded; an entry that
fails again stays, with its attempt count and reason updated. Entries of a sink that is not
enabled are left alone (skipped).

Options:
  --sink NAME      replay only this sink's entries (fixops, sentinel, event_hubs, pubsub)
  --data DIR, --config FILE, --json, -v/--verbose   as for \`bridge ingest\`

Exit code: 0 when nothing is left failing; 1 when an entry failed again; 2 on bad usage or config.`;

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
  const report = await replayFailed(sinks, { store: cli.store, logger: runtime.logger, clock: runtime.clock }, only);
  if (values.json) io.out(JSON.stringify({ ...report, sinks: only !== undefined ? [only] : enabled, store: cli.store.location }, null, 2));
  else if (report.replayed + report.skipped === 0) io.out(`Nothing to replay: no entries under failed/${only !== undefined ? `${only}/` : ''} in ${cli.store.location}.`);
  else {
    io.out(`Replayed ${report.replayed} failed deliver${report.replayed === 1 ? 'y' : 'ies'} through ${only ?? enabled.join(', ')} from ${cli.store.location}:`);
    io.out(`  delivered, removed          ${report.removed}`);
    io.out(`  failed again, kept          ${report.stillFailing}`);
    io.out(`  skipped (sink not enabled)  ${report.skipped}`);
  }
  return report.stillFailing > 0 ? EXIT.notPersisted : EXIT.ok;
}
