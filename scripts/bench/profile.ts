/**
 * Profiles the pipeline on one shape and prints the hot spots with their source file:line.
 *
 *   npx tsx scripts/bench/profile.ts [shape=cloudwatch-vpcflow] [MiB=10] [top=25]
 *
 * The subject is bundled with a source map; positions in the profile are mapped back to the
 * TypeScript sources. The raw profile is left in bench/tmp/ (open it in Chrome DevTools).
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleScript } from './bundle.js';
import { runNodeJson } from './child.js';
import { SHAPES, type ShapeName } from './data/shapes.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const TMP = join(ROOT, 'bench', 'tmp');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
  positionTicks?: Array<{ line: number; ticks: number }>;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

export interface HotSpot {
  where: string;
  fn: string;
  ms: number;
  share: number;
}

/** Self time per source line (from positionTicks), per function and per file, mapped through the bundle's source map. */
export function hotSpots(profile: CpuProfile, map: SourceMap | undefined, bundleUrl: string): { lines: HotSpot[]; functions: HotSpot[]; files: HotSpot[]; totalMs: number } {
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const totalSamples = profile.samples.length;
  const msPerTick = totalMs / Math.max(1, totalSamples);
  const origin = (url: string, line0: number, col0: number): string => {
    if (url === bundleUrl && map) {
      const entry = map.findEntry(line0, Math.max(0, col0)) as { originalSource?: string; originalLine?: number };
      if (entry.originalSource) return `${relative(ROOT, fileURLToPath(new URL(entry.originalSource, bundleUrl)))}:${(entry.originalLine ?? 0) + 1}`;
    }
    if (url.startsWith('node:') || url === '') return url || '(native)';
    return url.startsWith('file:') ? relative(ROOT, fileURLToPath(url)) + `:${line0 + 1}` : `${url}:${line0 + 1}`;
  };
  const lines = new Map<string, HotSpot>();
  const functions = new Map<string, HotSpot>();
  const files = new Map<string, HotSpot>();
  const add = (m: Map<string, HotSpot>, key: string, fn: string, ms: number): void => {
    const h = m.get(key) ?? { where: key, fn, ms: 0, share: 0 };
    h.ms += ms;
    m.set(key, h);
  };
  for (const node of profile.nodes) {
    const ticks = node.hitCount ?? 0;
    if (ticks === 0) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const fn = functionName || '(anonymous)';
    const fnWhere = origin(url, lineNumber, columnNumber);
    add(functions, `${fnWhere} ${fn}`, fn, ticks * msPerTick);
    add(files, fnWhere.replace(/:\d+$/, ''), '', ticks * msPerTick);
    if (url === '' || url.startsWith('node:')) {
      // Native code and Node's own modules (gzip, hashing, GC): named by function, not line.
      add(lines, `${fnWhere} ${fn}`, fn, ticks * msPerTick);
    } else if (node.positionTicks && node.positionTicks.length > 0) {
      for (const p of node.positionTicks) add(lines, origin(url, p.line - 1, 0), fn, p.ticks * msPerTick);
    } else {
      add(lines, fnWhere, fn, ticks * msPerTick);
    }
  }
  const sorted = (m: Map<string, HotSpot>): HotSpot[] =>
    [...m.values()].map((h) => ({ ...h, share: h.ms / totalMs })).sort((a, b) => b.ms - a.ms);
  return { lines: sorted(lines), functions: sorted(functions), files: sorted(files), totalMs };
}

async function main(): Promise<void> {
  const shape = (process.argv[2] ?? 'cloudwatch-vpcflow') as ShapeName;
  if (!SHAPES.includes(shape)) throw new Error(`unknown shape ${shape}; one of ${SHAPES.join(', ')}`);
  const mib = Number(process.argv[3] ?? 10);
  const top = Number(process.argv[4] ?? 25);
  await mkdir(TMP, { recursive: true });
  const script = join(TMP, 'profile-target.mjs');
  await bundleScript(join(HERE, 'profile-target.ts'), script, { sourcemap: true });
  const out = join(TMP, `${shape}.cpuprofile`);
  const run = await runNodeJson<{ ms: number; bytes: number; records: number }>(script, [shape, String(Math.round(mib * 1024 * 1024)), out]);
  const profile = JSON.parse(readFileSync(out, 'utf8')) as CpuProfile;
  const map = new SourceMap(JSON.parse(readFileSync(`${script}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  const spots = hotSpots(profile, map, new URL(`file://${script}`).href);
  const pct = (h: HotSpot): string => `${(h.share * 100).toFixed(1).padStart(5)}%  ${h.ms.toFixed(0).padStart(6)} ms`;
  const print = (title: string, list: HotSpot[], n: number): void => {
    process.stdout.write(`\n${title}\n`);
    for (const h of list.slice(0, n)) process.stdout.write(`  ${pct(h)}  ${h.where}${h.fn ? `  (${h.fn})` : ''}\n`);
  };
  process.stdout.write(`${shape}: ${(run.bytes / 1048576).toFixed(1)} MiB, ${run.records} records in ${(run.ms / 1000).toFixed(2)} s (${(run.bytes / 1048576 / (run.ms / 1000)).toFixed(2)} MiB/s under the profiler); profile ${relative(ROOT, out)}\n`);
  print('Self time by source file', spots.files, 15);
  print('Self time by function', spots.functions, top);
  print('Self time by line', spots.lines, top);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`profile failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
