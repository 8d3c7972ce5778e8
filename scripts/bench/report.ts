import { costFigures, type BenchMeta, type ThroughputFigures } from './analyze.js';
import type { ColdStartRaw } from './cold-start.js';
import { LAMBDA_MEMORY_MB, PRICES, PRICES_AS_OF } from './cost-model.js';
import type { MemoryRaw } from './memory-child.js';
import type { BenchResults } from './results-schema.js';
import type { Summary } from './stats.js';
import { STAGES } from './throughput.js';

export interface ReportInput {
  meta: BenchMeta & { cores: number; memoryGb: number; os: string };
  mode: string;
  mbPerShape: number;
  runs: number;
  elapsedS: number;
  parallelSlots: number;
  throughput: ThroughputFigures[];
  cold: ColdStartRaw[];
  refBytes: number;
  memory: MemoryRaw[];
  results: BenchResults;
  /** Hand-written analysis appended as is (bench/NOTES.md): before/after, profiles of missed goals. */
  notes?: string;
}

const f1 = (n: number): string => n.toFixed(1);
const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`;
const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;
const range = (s: Summary, digits = 1): string => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
const usd = (n: number): string => (n >= 0.01 ? `$${n.toFixed(3)}` : `$${n.toPrecision(2)}`);
const met = (ok: boolean): string => (ok ? '**met**' : '**missed**');

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function targets(input: ReportInput): string {
  const { throughput, cold, memory, results } = input;
  const worstPct = Math.min(...throughput.map((t) => t.pctOfBaseline));
  const worstShape = throughput.find((t) => t.pctOfBaseline === worstPct)?.shape ?? '';
  const biggest = cold.reduce((a, b) => (b.bundleBytes > a.bundleBytes ? b : a), cold[0]!);
  const worstRatio = cold.reduce((a, b) => (b.importMs.median / b.refImportMs.median > a.importMs.median / a.refImportMs.median ? b : a), cold[0]!);
  const cw = memory.find((m) => m.case.startsWith('cloudwatch'));
  const s3 = memory.find((m) => m.case.startsWith('s3'));
  const worstRef = throughput.reduce((a, b) => (b.ratioToReference < a.ratioToReference ? b : a), throughput[0]!);
  const worstOut = throughput.reduce((a, b) => (b.pctOfOutputBaseline < a.pctOfOutputBaseline ? b : a), throughput[0]!);
  const rows: string[][] = [
    [
      'Pipeline ≥ 1.0× the reference pipeline (bench/reference-pipeline.mjs), every shape',
      `worst ${worstRef.ratioToReference.toFixed(2)}× (${worstRef.shape}); best ${Math.max(...throughput.map((t) => t.ratioToReference)).toFixed(2)}×`,
      met(throughput.every((t) => t.ratioToReference >= 1)),
    ],
    [
      'Pipeline ≥ 50% of the output-aware baseline, every shape',
      `worst ${f1(worstOut.pctOfOutputBaseline)}% (${worstOut.shape}); best ${f1(Math.max(...throughput.map((t) => t.pctOfOutputBaseline)))}%`,
      met(throughput.every((t) => t.pctOfOutputBaseline >= 50)),
    ],
    ['Core pipeline ≥ 60% of the physical baseline, every shape', `worst ${f1(worstPct)}% (${worstShape}); best ${f1(Math.max(...throughput.map((t) => t.pctOfBaseline)))}%`, met(worstPct >= 60)],
    [
      'Each handler bundle ≤ 1 MB minified (1 MiB, entry + lazy chunks)',
      `largest ${kb(biggest.bundleBytes)} (${biggest.handler}); entries ${kb(Math.min(...cold.map((c) => c.entryBytes)))}–${kb(Math.max(...cold.map((c) => c.entryBytes)))}`,
      met(cold.every((c) => c.bundleBytes <= 1024 * 1024)),
    ],
    ['Cold import ≤ 1.3× the S3-client reference', `worst ${(worstRatio.importMs.median / worstRatio.refImportMs.median).toFixed(2)}× (${worstRatio.handler})`, met(cold.every((c) => c.importMs.median / c.refImportMs.median <= 1.3))],
  ];
  if (cw) rows.push(['Peak heap, 6 MB CloudWatch batch ≤ 4× decompressed', `${(cw.peakHeap / cw.decompressedBytes).toFixed(2)}× of ${mb(cw.decompressedBytes)}`, met(cw.peakHeap <= 4 * cw.decompressedBytes)]);
  if (s3) {
    const flat = s3.peakHeap <= s3.peakHeapFirstQuarter * 1.25 + 16 * 1048576;
    rows.push(['S3 streaming flat (bounded, independent of size)', `peak heap ${mb(s3.peakHeap)} over ${mb(s3.decompressedBytes)}; ${mb(s3.peakHeapFirstQuarter)} by the first quarter`, met(flat)]);
  }
  rows.push(['< $0.005 per GiB processed (cost model, worst AWS shape; issue 15)', `${usd(results.cost_per_gb_usd)} per GiB`, met(results.cost_per_gb_usd < 0.005)]);
  return table(['Target', 'Where we stand', ''], rows);
}

export function renderResults(input: ReportInput): string {
  const { meta, throughput, cold, memory } = input;
  const costs = costFigures(throughput);
  const out: string[] = [];
  out.push('# Benchmarks');
  out.push('');
  out.push(`Written by \`npm run bench\` (scripts/bench/run.ts); machine-readable twin: [results.json](results.json). Do not edit by hand.`);
  out.push('');
  out.push(
    table(
      ['Machine', 'Node', 'Date', 'Mode', 'Wall time'],
      [[`${meta.cpu}, ${meta.cores} cores, ${meta.memoryGb.toFixed(0)} GB RAM, ${meta.os}`, meta.node, meta.date, `${input.mode}: ≥ ${input.mbPerShape} MiB per shape, ${input.runs} runs`, `${input.elapsedS.toFixed(0)} s`]],
    ),
  );
  out.push('');
  out.push('## Targets');
  out.push('');
  out.push(targets(input));
  out.push('');
  out.push('## Throughput of the core pipeline (one core)');
  out.push('');
  out.push(
    table(
      ['Shape', 'Data', 'Records (avg B)', 'Deliveries', 'Pipeline MiB/s median (min–max)', 'Records/s', 'Baseline MiB/s', '% of baseline', 'Event JSON ÷ input', 'Slowest stage'],
      throughput.map((t) => [
        t.shape,
        mb(t.bytes),
        `${t.records} (${t.avgRecordBytes.toFixed(0)})`,
        String(t.deliveries),
        range(t.mbPerS, 2),
        t.recordsPerS.median.toFixed(0),
        range(t.baselineMbPerS),
        `${f1(t.pctOfBaseline)}%`,
        `${t.expansion.toFixed(2)}×`,
        `${t.slowestStage} (${(t.stageShare[t.slowestStage] * 100).toFixed(0)}%)`,
      ]),
    ),
  );
  out.push('');
  out.push('Against the reference pipeline and the output-aware baseline (same slices, same runs):');
  out.push('');
  out.push(
    table(
      ['Shape', 'Pipeline MiB/s', 'Reference MiB/s median (min–max)', '× reference', 'Output-aware baseline MiB/s', '% of output-aware baseline'],
      throughput.map((t) => [t.shape, t.mbPerS.median.toFixed(2), range(t.referenceMbPerS, 2), `${t.ratioToReference.toFixed(2)}×`, range(t.outputBaselineMbPerS), `${f1(t.pctOfOutputBaseline)}%`]),
    ),
  );
  out.push('');
  out.push(
    '**Reference** ([bench/reference-pipeline.mjs](reference-pipeline.mjs), fixed; `node bench/reference-pipeline.mjs <file.ndjson>` reruns it): what a user might write instead — `JSON.parse` of each record, one regex that HMACs emails and IPv4 and removes AWS keys, JWTs, bearer tokens and passwords, a wrapper object, `JSON.stringify`, gzip at the pipeline\'s level in members of its chunk size. **Output-aware baseline**: `JSON.parse` of each input record, then `JSON.stringify` of the pipeline\'s own output events (parsed back from what it wrote, outside the timing) and gzip of those lines: the cost of the event\'s size alone, so the gap to it is our logic.',
  );
  out.push('');
  out.push('`Event JSON ÷ input`: bytes of the BronzeEvent lines the pipeline serializes and gzips per byte of input record (the baseline serializes and gzips 1×).');
  out.push('');
  out.push('Share of time per stage (each stage\'s exported function run on the first slice, in sequence; `other` = the pipeline\'s own time on that slice not covered by the stages, or 0):');
  out.push('');
  out.push(table(['Shape', ...STAGES, 'other'], throughput.map((t) => [t.shape, ...[...STAGES, 'other' as const].map((s) => `${(t.stageShare[s] * 100).toFixed(1)}%`)])));
  out.push('');
  out.push('## Cold start per handler bundle');
  out.push('');
  out.push(
    table(
      ['Handler', 'Bundle (entry + chunks)', 'Entry', 'Import ms median (min–max)', 'Reference ms', 'Ratio', 'First invocation ms', 'Second invocation ms', 'Note'],
      cold.map((c) => [
        c.handler,
        kb(c.bundleBytes),
        kb(c.entryBytes),
        range(c.importMs),
        range(c.refImportMs),
        `${(c.importMs.median / c.refImportMs.median).toFixed(2)}×`,
        c.firstInvokeMs ? range(c.firstInvokeMs) : '—',
        c.secondInvokeMs ? range(c.secondInvokeMs) : '—',
        c.invokeNote ?? '',
      ]),
    ),
  );
  out.push('');
  out.push(`Reference: a minified ESM handler importing only \`@aws-sdk/client-s3\` (${kb(input.refBytes)}), built with the AWS bundles' settings. Import = \`await import(bundle)\` timed inside a fresh \`node\` process; the invocation columns time the handler's first call (runtime built, dev HMAC key created, lazy chunks loaded, objects written to a local folder) and a second call in the same process.`);
  out.push('');
  out.push('## Memory');
  out.push('');
  out.push(
    table(
      ['Case', 'Decompressed', 'Peak heap (× decompressed)', 'Peak RSS (× decompressed)', 'Idle heap / RSS before', 'Time', 'Records'],
      memory.map((m) => [
        m.case,
        mb(m.decompressedBytes),
        `${mb(m.peakHeap)} (${(m.peakHeap / m.decompressedBytes).toFixed(2)}×)`,
        `${mb(m.peakRss)} (${(m.peakRss / m.decompressedBytes).toFixed(2)}×)`,
        `${mb(m.idleHeap)} / ${mb(m.idleRss)}`,
        `${(m.ms / 1000).toFixed(1)} s`,
        String(m.received),
      ]),
    ),
  );
  out.push('');
  out.push('Each case runs in a fresh process. Peak heap is the largest sampled `heapUsed` (2 ms timer plus samples taken from wrappers around the injected redactor and store, since the pipeline is mostly synchronous); peak RSS is the kernel\'s high-water mark (`resourceUsage().maxRSS`, whole process). The CloudWatch case is the largest CloudTrail batch whose invocation JSON fits Lambda\'s 6 MB payload limit, read and parsed as the runtime does; the S3 case streams a generated gzip NDJSON object through `decodeS3ObjectStream` + `ingestDecoded` per part (500 records), writing to a store that only counts bytes. The `aws/s3-objects` handler streams the same way (`runS3StreamDelivery`, parts of 20,000 records).');
  out.push('');
  out.push('## Cost model (AWS Lambda arm64, 1,769 MB)');
  out.push('');
  out.push(
    table(
      ['Shape', 'Input per invocation', 'Objects written per invocation (avg size)', 'Compute $/GiB', 'Requests $/GiB', 'S3 PUTs $/GiB', 'Total $/GiB', 'CloudWatch Logs ingestion $/GiB'],
      costs.map((c) => {
        const t = throughput.find((x) => x.shape === c.shape)!;
        return [
          c.shape,
          mb(c.bytesPerInvocation),
          `${t.putsPerInvocation.toFixed(2)} (${kb(t.avgObjectBytes)})`,
          usd(c.cost.computeUsd),
          usd(c.cost.requestsUsd),
          usd(c.cost.putsUsd),
          `**${usd(c.cost.totalUsd)}**`,
          usd(c.cost.cloudWatchIngestUsd),
        ];
      }),
    ),
  );
  out.push('');
  out.push(
    `Prices (us-east-1 list prices, assumed current on ${PRICES_AS_OF}): Lambda arm64 $${PRICES.lambdaArmPerGbSecond} per GB-second (first tier), $0.20 per million requests; S3 Standard PUT $0.005 per 1,000; CloudWatch Logs standard ingestion $${PRICES.cloudWatchLogsIngestPerGb} per GB. Compute = (1 GiB ÷ measured median MiB/s of one core) × ${LAMBDA_MEMORY_MB} MB ÷ 1024, assuming Lambda's one vCPU at ${LAMBDA_MEMORY_MB} MB runs like one core here; init time and the 1 ms billing granularity are left out. \`cost_per_gb_usd\` in results.json is the worst AWS shape.`,
  );
  out.push('');
  out.push('## Method');
  out.push('');
  out.push(
    [
      `- **Data**: generated by a seeded PRNG (scripts/bench/data/), identical on every run: CloudWatch Logs deliveries of ~1 MiB decompressed (VPC flow default-format lines, CloudTrail JSON), Event Hubs batches of up to 100 diagnostic-settings messages of 10–30 Activity log records, one Pub/Sub CloudEvent per LogEntry (Cloud Audit Logs and HTTP LB requests), gzip NDJSON S3 objects of ~4 MiB. Records carry emails, IPs, tokens and URLs; VPC flow lines are ~130 B by nature (~220 B as a log event).`,
      '- **MiB/s** counts the records as JSON text on the wire (the log event, the diagnostic record, the LogEntry, the NDJSON line): the same bytes the baseline parses. MiB = 2^20 bytes.',
      `- **Runs**: each shape's data set is cut into ${input.runs} slices of whole deliveries; run *i* times the baseline, the reference pipeline, the pipeline and the output-aware baseline, in that order, on slice *i* (so every byte is measured once, and each ratio compares the same bytes). Median, min and max over the runs; one untimed warm-up pass on a tenth of the first slice; \`gc()\` before each timed pass; fresh pipeline deps (a fresh redactor memo) per pass.`,
      '- **Baseline**: `JSON.parse` of each record, `JSON.stringify`, gzip at `pipeline.gzip_level` in members of `pipeline.gzip_chunk_bytes` (the pipeline\'s own settings).',
      '- **Store**: an in-memory ObjectStore (scripts/bench/memory-store.ts) so disk noise does not dominate; the `write` stage is therefore only the cost of handing a buffer over.',
      `- **Cores**: each throughput and memory job runs in its own \`node\` process pinned to one CPU with \`taskset\` (V8's GC helper threads included), ${input.parallelSlots === 1 ? 'one job at a time (on this VM a busy second vCPU was measured to slow the first by up to 2×)' : `${input.parallelSlots} jobs side by side on separate CPUs (BENCH_PARALLEL; absolute figures are then lower, the ratios compare like with like)`}. Cold-start timings run last, alone.`,
      '- **Profile**: `npx tsx scripts/bench/profile.ts <shape> [MiB]` records a V8 CPU profile of pipeline passes only and prints the hot spots by file, function and source line (mapped through a source map).',
      '- **Config**: the defaults (no bridge.yaml), the real redactor with the default policy and a fixed bench HMAC key, the real schema registry.',
    ].join('\n'),
  );
  out.push('');
  if (input.notes !== undefined && input.notes.trim() !== '') {
    out.push(input.notes.trim());
    out.push('');
  }
  return out.join('\n');
}
