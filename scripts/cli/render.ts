import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunReport, SourceReport } from './run-report.js';

/** Left-aligned first column, right-aligned numbers. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function accounting(s: SourceReport): string {
  const sum = `${s.received} = ${s.written} + ${s.quarantined} + ${s.filtered}`;
  if (s.accountingOk) return `${sum}  ok`;
  return `${sum}  MISMATCH (stored ${s.storedEvents} events, ${s.storedQuarantined} quarantined)`;
}

function countsText(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return entries.length === 0 ? '-' : entries.map(([k, n]) => `${k} ${n}`).join(', ');
}

/** The per-source table, summaries, redactions, quarantine reasons and where the data lies. */
export function renderRunReport(report: RunReport, cwd: string): string[] {
  const rows = report.sources.map((s) => [s.source, String(s.batches), String(s.received), String(s.written), String(s.quarantined), String(s.filtered), String(s.redactions), accounting(s)]);
  const total = report.sources.reduce((t, s) => ({ b: t.b + s.batches, r: t.r + s.received, w: t.w + s.written, q: t.q + s.quarantined, f: t.f + s.filtered, x: t.x + s.redactions }), { b: 0, r: 0, w: 0, q: 0, f: 0, x: 0 });
  if (report.sources.length > 1) rows.push(['total', String(total.b), String(total.r), String(total.w), String(total.q), String(total.f), String(total.x), '']);
  const out = [...table(['source', 'batches', 'received', 'written', 'quarantined', 'filtered', 'redactions', 'accounting (received = written + quarantined + filtered)'], rows), ''];

  out.push('Summary (TelemetrySummary over the stored events of each source)');
  for (const s of report.sources) {
    if (!s.summary) {
      out.push(`  ${s.source.padEnd(15)} no events written`);
      continue;
    }
    const alerts = s.summary.alerts.length === 0 ? 'none' : s.summary.alerts.map((a) => `${a.rule} ${a.count}`).join(', ');
    const p95 = s.summary.latency_ms_p95 === null ? 'n/a' : `${s.summary.latency_ms_p95} ms`;
    out.push(`  ${s.source.padEnd(15)} alerts: ${alerts}; latency p95: ${p95}; ${s.summary.event_count} events ${s.summary.window.start} .. ${s.summary.window.end}`);
  }
  out.push('', 'Redactions by rule');
  for (const s of report.sources) out.push(`  ${s.source.padEnd(15)} ${countsText(s.redactionsByRule)}`);
  const withReasons = report.sources.filter((s) => Object.keys(s.quarantineReasons).length > 0);
  if (withReasons.length > 0) {
    out.push('', 'Quarantined (reason: count)');
    for (const s of withReasons) for (const [reason, n] of Object.entries(s.quarantineReasons)) out.push(`  ${s.source.padEnd(15)} ${reason.slice(0, 160)}: ${n}`);
  }
  const failed = report.invocations.filter((i) => !i.ok);
  if (failed.length > 0) {
    out.push('', `NOT PERSISTED: ${failed.length} invocation(s) failed (a cloud would retry them)`);
    for (const f of failed) out.push(`  ${f.trigger.padEnd(10)} ${relative(cwd, f.file) || f.file}: ${f.error?.name}: ${f.error?.message}`);
  }
  const root = report.store.startsWith('file://') ? fileURLToPath(report.store) : report.store;
  const shown = report.store.startsWith('file://') ? relative(cwd, root) || '.' : root;
  out.push('', `Stored in ${root}`);
  out.push(`  raw/         ${String(report.objects.raw).padStart(4)} objects   raw/source=<source>/dt=YYYY-MM-DD/hour=HH/<batch-key>.jsonl.gz`);
  out.push(`  quarantine/  ${String(report.objects.quarantine).padStart(4)} objects   quarantine/dt=YYYY-MM-DD/<batch-key>.jsonl.gz`);
  out.push(`  summaries/   ${String(report.objects.summaries).padStart(4)} objects   summaries/dt=YYYY-MM-DD/<batch-key>.json`);
  if (report.objects.summariesInRaw > 0) out.push(`               ${String(report.objects.summariesInRaw).padStart(4)} batch summaries in raw/ object metadata (bridge_summary), not objects of their own`);
  const firstRaw = report.keys.find((k) => k.startsWith('raw/'));
  if (firstRaw && report.store.startsWith('file://')) out.push('', `Look:  gzip -dc '${shown}/${firstRaw}' | head -n 1`);
  return out;
}
