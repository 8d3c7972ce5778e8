/**
 * Redaction of 1 MiB fields of near-misses (issue 10): for each case, CPU time to redact the first
 * 256 KiB and the whole 1 MiB. Linear work gives a ratio near 4; a quadratic rule would give ~16.
 *
 *   npx tsx scripts/bench/redact-near-miss.ts        (also run by `npm run bench`)
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRedactor, policyFromConfig } from '../../shared/redact/index.js';
import { NEAR_MISS_TOKENS } from './data/redact-near-misses.js';

const MIB = 1024 * 1024;

export interface NearMissFigure {
  name: string;
  msQuarter: number;
  msFull: number;
  ratio: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Best of `runs` CPU times of redacting `text` once. */
function timeRedact(redact: (t: string) => unknown, text: string, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = cpuMs();
    redact(text);
    best = Math.min(best, cpuMs() - t0);
  }
  return best;
}

export function nearMissFigures(runs = 3): NearMissFigure[] {
  // Truncation past the input, so every rule sees the whole field.
  const redactor = createRedactor(policyFromConfig({ max_string_length: 1 << 30 }), 'bench-key');
  const redact = (t: string) => redactor.redactText(t);
  return NEAR_MISS_TOKENS.map(([name, text]) => {
    const full = text.slice(0, MIB);
    const msQuarter = timeRedact(redact, full.slice(0, MIB / 4), runs);
    const msFull = timeRedact(redact, full, runs);
    return { name, msQuarter, msFull, ratio: msFull / Math.max(msQuarter, 0.01) };
  });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const f of nearMissFigures()) {
    process.stdout.write(`${f.name.padEnd(40)} 256 KiB ${f.msQuarter.toFixed(1).padStart(7)} ms  1 MiB ${f.msFull.toFixed(1).padStart(7)} ms  ×${f.ratio.toFixed(1)}\n`);
  }
}
