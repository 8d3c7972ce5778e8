/**
 * `npm run bench`: throughput, cold start, memory and cost of the pipeline, against baselines
 * measured in the same run. Writes bench/RESULTS.md and bench/results.json.
 *
 *   npm run bench                 full run (≥ 50 MiB per shape, 5 runs; under 5 minutes on 2 cores)
 *   npm run bench -- --quick      smoke run (5 MiB per shape, 3 runs, a 32 MiB S3 object)
 *   BENCH_MB=20 npm run bench     data per shape (MiB)
 *   npm run bench -- --render     RESULTS.md and results.json again from bench/tmp/raw.json (after editing NOTES.md)
 *   BENCH_PARALLEL=2 npm run bench   run two jobs at once on separate CPUs (faster, but on this
 *                                    kind of VM two busy vCPUs slow each other down by up to 2×)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { throughputFigures, toResults, type ThroughputFigures } from './analyze.js';
import { bundleScript } from './bundle.js';
import { runInSlots, runNodeJson } from './child.js';
import { measureColdStart } from './cold-start.js';
import { SHAPES } from './data/shapes.js';
import type { MemoryRaw } from './memory-child.js';
import { memoryCloudWatch, memoryS3Stream, writeCloudWatchEvent } from './memory.js';
import { nearMissFigures } from './redact-near-miss.js';
import { renderResults } from './report.js';
import { BenchResults } from './results-schema.js';
import type { ThroughputRaw } from './throughput-child.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const OUT = join(ROOT, 'bench');
const TMP = join(OUT, 'tmp');
const MIB = 1024 * 1024;

export interface BenchSettings {
  quick: boolean;
  mbPerShape: number;
  runs: number;
  importRuns: number;
  invokeRuns: number;
  s3MemoryBytes: number;
  slots: number;
}

export function settingsFrom(argv: readonly string[], env: Record<string, string | undefined>, cores = availableParallelism()): BenchSettings {
  const quick = argv.includes('--quick');
  const mb = env['BENCH_MB'] !== undefined && env['BENCH_MB'] !== '' ? Number(env['BENCH_MB']) : quick ? 5 : 50;
  if (!(mb > 0)) throw new Error(`BENCH_MB must be a positive number of MiB, got ${env['BENCH_MB']}`);
  return {
    quick,
    mbPerShape: mb,
    runs: quick ? 3 : 5,
    importRuns: quick ? 7 : 9,
    invokeRuns: quick ? 1 : 3,
    s3MemoryBytes: (quick ? 32 : 256) * MIB,
    slots: Math.max(1, Math.min(Number(env['BENCH_PARALLEL'] ?? 1) || 1, cores)),
  };
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** One run's raw measurements (bench/tmp/raw.json): enough to render the reports again. */
interface RecordedRun {
  settings: BenchSettings;
  meta: { date: string; node: string; cpu: string };
  elapsedS: number;
  refBytes: number;
  throughputRaw: ThroughputRaw[];
  memoryRaw: MemoryRaw[];
  cold: Awaited<ReturnType<typeof measureColdStart>>['results'];
}

/** bench/results.json and bench/RESULTS.md from a run, bench/NOTES.md appended when present. */
function writeReports(run: RecordedRun): void {
  const throughput: ThroughputFigures[] = SHAPES.map((s) => run.throughputRaw.find((r) => r.shape === s)).filter((r): r is ThroughputRaw => r !== undefined).map(throughputFigures);
  const memory = [...run.memoryRaw].sort((a, b) => a.case.localeCompare(b.case));
  const results = BenchResults.parse(toResults(run.meta, throughput, run.cold, memory));
  writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderResults({
    meta: { ...run.meta, cores: cpus().length, memoryGb: totalmem() / 1024 ** 3, os: `${platform()} ${release()}` },
    mode: run.settings.quick ? 'quick' : 'full',
    mbPerShape: run.settings.mbPerShape,
    runs: run.settings.runs,
    elapsedS: run.elapsedS,
    parallelSlots: run.settings.slots,
    throughput,
    cold: run.cold,
    refBytes: run.refBytes,
    memory,
    results,
    ...(existsSync(join(OUT, 'NOTES.md')) ? { notes: readFileSync(join(OUT, 'NOTES.md'), 'utf8') } : {}),
  });
  writeFileSync(join(OUT, 'RESULTS.md'), markdown);
}

async function main(): Promise<void> {
  const started = performance.now();
  // `--render`: the reports again from the last run's raw.json (after editing bench/NOTES.md), no measuring.
  if (process.argv.includes('--render')) {
    writeReports(JSON.parse(readFileSync(join(TMP, 'raw.json'), 'utf8')) as RecordedRun);
    log('bench: rendered bench/RESULTS.md, bench/results.json from bench/tmp/raw.json');
    return;
  }
  const settings = settingsFrom(process.argv.slice(2), process.env);
  mkdirSync(TMP, { recursive: true });
  log(`bench: ${settings.quick ? 'quick' : 'full'} run, ${settings.mbPerShape} MiB per shape, ${settings.runs} runs, ${settings.slots} CPU slot(s)`);

  const throughputChild = join(TMP, 'throughput-child.mjs');
  const memoryChild = join(TMP, 'memory-child.mjs');
  const coldChild = join(TMP, 'cold-child.mjs');
  await Promise.all([
    bundleScript(join(HERE, 'throughput-child.ts'), throughputChild),
    bundleScript(join(HERE, 'memory-child.ts'), memoryChild),
    bundleScript(join(HERE, 'cold-child.ts'), coldChild, { external: ['@google-cloud/functions-framework/testing'] }),
  ]);
  const cwEvent = join(TMP, 'cloudwatch-6mb-event.json');
  const cw = writeCloudWatchEvent(cwEvent);
  log(`  CloudWatch memory case: ${cw.events} events, ${(cw.eventBytes / MIB).toFixed(2)} MiB event, ${(cw.decompressedBytes / MIB).toFixed(1)} MiB decompressed`);

  // Throughput and memory: one process per job, pinned to one CPU (GC threads included), one job
  // at a time by default: measured here, a busy second vCPU halves the first one's throughput.
  const throughputRaw: ThroughputRaw[] = [];
  const memoryRaw: MemoryRaw[] = [];
  const jobs: Array<(slot: number) => Promise<void>> = [
    async (cpu) => {
      const m = await memoryS3Stream(memoryChild, settings.s3MemoryBytes, cpu);
      memoryRaw.push(m);
      log(`  memory ${m.case}: peak heap ${(m.peakHeap / MIB).toFixed(0)} MiB, RSS ${(m.peakRss / MIB).toFixed(0)} MiB (${(m.ms / 1000).toFixed(1)} s)`);
    },
    ...SHAPES.map((shape) => async (cpu: number) => {
      const raw = await runNodeJson<ThroughputRaw>(throughputChild, [shape, String(Math.round(settings.mbPerShape * MIB)), String(settings.runs)], { cpu, nodeArgs: ['--expose-gc'] });
      throughputRaw.push(raw);
      const f = throughputFigures(raw);
      log(`  ${shape}: ${f.mbPerS.median.toFixed(2)} MiB/s, ${f.ratioToReference.toFixed(2)}× the reference (${f.referenceMbPerS.median.toFixed(1)} MiB/s), ${f.pctOfOutputBaseline.toFixed(0)}% of the output-aware baseline, baseline ${f.baselineMbPerS.median.toFixed(1)} MiB/s (${f.pctOfBaseline.toFixed(1)}%), slowest stage ${f.slowestStage}`);
    }),
    async (cpu) => {
      const m = await memoryCloudWatch(memoryChild, cwEvent, cpu);
      memoryRaw.push(m);
      log(`  memory ${m.case}: peak heap ${(m.peakHeap / MIB).toFixed(0)} MiB, RSS ${(m.peakRss / MIB).toFixed(0)} MiB (${(m.ms / 1000).toFixed(1)} s)`);
    },
  ];
  await runInSlots(jobs, settings.slots);

  log('  redaction of 1 MiB near-miss fields (CPU ms at 256 KiB → 1 MiB; linear ≈ ×4):');
  const nearMiss = nearMissFigures();
  for (const f of nearMiss) log(`    ${f.name}: ${f.msQuarter.toFixed(1)} → ${f.msFull.toFixed(1)} ms (×${f.ratio.toFixed(1)})`);
  writeFileSync(join(OUT, 'redact-near-miss.json'), `${JSON.stringify(nearMiss, null, 2)}\n`);

  log('  cold start (alone on the machine) …');
  const cold = await measureColdStart({ dir: TMP, childScript: coldChild, importRuns: settings.importRuns, invokeRuns: settings.invokeRuns, log });

  const meta = { date: new Date().toISOString(), node: process.version, cpu: `${cpus()[0]?.model.trim() ?? 'unknown'} × ${cpus().length}` };
  const elapsedS = (performance.now() - started) / 1000;
  const run: RecordedRun = { settings, meta, elapsedS, refBytes: cold.refBytes, throughputRaw, memoryRaw, cold: cold.results };
  // Every raw timing, for a closer look and for `--render` (bench/tmp is ignored by git).
  writeFileSync(join(TMP, 'raw.json'), `${JSON.stringify(run, null, 2)}\n`);
  writeReports(run);
  log(`bench: done in ${elapsedS.toFixed(0)} s → bench/RESULTS.md, bench/results.json`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
