import { resolve } from 'node:path';
import { countByRule, loadRules, storeAlerts } from '../../shared/detect/index.js';
import { detectOverLake } from '../../shared/detect/lake-detect.js';
import { LakeSession, stageLake } from '../../shared/query/index.js';
import { readAlerts, renderAlerts } from './alerts-report.js';
import { buildCliRuntime } from './cli-runtime.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { parseWindowFlags } from './lake-window.js';
import { COMMON_OPTIONS, parseFlags } from './options.js';

export const DETECT_HELP = `bridge detect --since 24h [--until WHEN] [--rules DIR] [options]

Runs the Sigma rules over the lake (DuckDB): correlation rules (event_count, value_count, temporal)
as SQL over the window, single-event rules where their values can match the redacted lake (equality
on addresses, e-mails and hashed fields goes through their keyed hashes), and the threat-intel
lists through their keyed hashes. Alerts are written under alerts/dt=…/, merged with the stream's
alerts of the same rule and subject (deduplicated across runs).

Options:
  --since WHEN     start of the window (30m, 24h, 7d or an RFC 3339 time); required
  --until WHEN     end of the window (default: now)
  --rules DIR      Sigma rule folder (repeatable; default: detections.rules in bridge.yaml)
  --correlations-only  skip the single-event rules (they ran in the stream)
  --max-fetch MIB  cloud stores: most MiB fetched into the temp folder (default 2048)
  --data DIR / --config FILE / --json / -v

Exit code: 0 ok (with or without alerts); 1 alerts could not be written; 2 bad usage, config or rule.`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  since: { type: 'string' },
  until: { type: 'string' },
  rules: { type: 'string', multiple: true },
  'correlations-only': { type: 'boolean', default: false },
  'max-fetch': { type: 'string' },
} as const;

export async function detectCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('detect', argv, OPTIONS, false);
  if (values.help) {
    io.out(DETECT_HELP);
    return EXIT.ok;
  }
  if (values.since === undefined) throw new UsageError('detect: --since is required (e.g. --since 24h)');
  const now = Date.now();
  const window = parseWindowFlags(values, now);
  const until = window.until ?? new Date(now).toISOString();
  const rulePaths = values.rules?.map((r) => resolve(io.cwd, r));
  const cli = await buildCliRuntime(values, io, rulePaths ? { rules: rulePaths } : {});
  const paths = rulePaths ?? cli.config.detections.rules.map((p) => resolve(io.cwd, p));
  if (paths.length === 0) throw new UsageError('detect: no rules: give --rules DIR or set detections.rules in bridge.yaml');
  const rules = cli.runtime.deps.detector?.rules ?? (await loadRules(paths));
  // Correlation windows reach back from the window's start: read that much more.
  const reach = Math.max(0, ...rules.correlations.map((c) => c.timespanMs));
  const readSince = new Date(Date.parse(window.since!) - reach).toISOString();
  const capMiB = values['max-fetch'] === undefined ? undefined : Number(values['max-fetch']);
  const local = cli.config.store.type === 'local' || values.data !== undefined;
  const staged = await stageLake(cli.store, { since: readSince, until }, {
    views: ['events'],
    ...(local ? { localRoot: cli.dataDir } : {}),
    ...(capMiB !== undefined && capMiB > 0 ? { capBytes: capMiB * 1024 * 1024 } : {}),
    progress: (line) => io.err(line),
  });
  const session = await LakeSession.open(staged, { since: readSince, until });
  let report;
  try {
    report = await detectOverLake(session, rules, cli.runtime.deps.redactor, {
      now,
      ...(cli.runtime.deps.detector?.intel ? { intel: cli.runtime.deps.detector.intel } : {}),
      singleEvent: !values['correlations-only'],
      addressesInClear: ['ipv4', 'ipv6'].every((d) => cli.config.redaction.detectors[d] === 'keep'),
    });
  } finally {
    session.close();
    await staged.cleanup();
  }
  for (const file of session.skipped) io.err(`bridge: detect: skipped ${file}: it does not decompress (truncated gzip?)`);
  const inWindow = report.alerts.filter((a) => a.last_seen >= window.since!);
  const merged = await storeAlerts(cli.store, inWindow);
  for (const sink of cli.runtime.sinks.filter((s) => s.kind === 'alerts')) {
    if (merged.length === 0) break;
    try {
      await sink.deliver(merged, { batchKey: `detect-${window.since}` });
    } catch (err) {
      io.err(`bridge: detect: ${sink.name} could not deliver the alerts: ${(err as Error).message} (they are stored under alerts/)`);
    }
  }
  const stored = await readAlerts(cli.store, cli.store.written);
  if (values.json) {
    io.out(JSON.stringify({ window: { since: window.since, until }, ran: report.ran, skipped: report.skipped, counts: countByRule(stored), alerts: stored }, null, 2));
    return EXIT.ok;
  }
  io.out(`Ran ${report.ran.length} rule(s) over the lake ${window.since} .. ${until} (${rules.correlations.length} correlation, ${rules.detections.length} single-event).`);
  for (const s of report.skipped) io.out(`  skipped ${s.rule_id}: ${s.reason} (it runs in the stream)`);
  io.out('');
  for (const line of renderAlerts(stored)) io.out(line);
  return EXIT.ok;
}
