import type { BackfillProgress, BackfillReport } from './backfill-run.js';

const WIDTH = 28;

function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** One progress line: `[#####-----] 120/400 objects  3.2/s  1.1 MiB  ETA 1m27s  (2 failed)`. */
export function progressLine(p: BackfillProgress): string {
  const done = p.completed + p.failed;
  const ratio = p.total === 0 ? 1 : Math.min(1, done / p.total);
  const filled = Math.round(ratio * WIDTH);
  const rate = p.elapsedMs > 0 ? (done * 1000) / p.elapsedMs : 0;
  const eta = rate > 0 ? ((p.total - done) / rate) * 1000 : Number.NaN;
  const failed = p.failed > 0 ? `  (${p.failed} failed)` : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${p.total} objects  ${rate.toFixed(1)}/s  ${bytes(p.bytes)}  ETA ${done >= p.total ? '0s' : duration(eta)}${failed}`;
}

/** The table a run ends with. */
export function summaryTable(r: BackfillReport): string[] {
  const rate = r.elapsedMs > 0 ? (((r.ingested + r.enqueued + r.failed.length) * 1000) / r.elapsedMs).toFixed(1) : '0.0';
  const rows: Array<[string, string]> = [
    ['source', r.source],
    ['objects listed', String(r.listed)],
    ['  outside the window', String(r.outOfWindow)],
    ['  done by an earlier run', String(r.alreadyDone)],
    [r.mode === 'enqueue' ? '  enqueued' : '  ingested', String(r.mode === 'enqueue' ? r.enqueued : r.ingested)],
    ['  unreadable', String(r.failed.length)],
  ];
  if (r.mode === 'ingest') {
    const { received, written, quarantined, filtered } = r.records;
    rows.push(['records received', String(received)], ['  written', String(written)], ['  quarantined', String(quarantined)], ['  filtered', String(filtered)]);
  }
  rows.push(['bytes read', bytes(r.bytes)], ['elapsed', `${duration(r.elapsedMs)} (${rate} objects/s)`], ['cursor', r.cursorKey], ['manifest', r.manifestKey]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  for (const f of r.failed.slice(0, 20)) lines.push(`unreadable: ${f.key}: ${f.reason}`);
  if (r.failed.length > 20) lines.push(`… and ${r.failed.length - 20} more (see the manifest)`);
  return lines;
}
