import type { QueryResult } from './lake-engine.js';

const MAX_CELL = 80;

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > MAX_CELL ? `${one.slice(0, MAX_CELL - 1)}…` : one;
}

/** An aligned text table, numbers right-aligned. */
export function formatTable(result: QueryResult): string[] {
  const cells = result.rows.map((row) => row.map((v) => clip(cellText(v))));
  const widths = result.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const numeric = result.types.map((t) => /INT|DOUBLE|FLOAT|DECIMAL|REAL/.test(t));
  const line = (row: string[]) => row.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(result.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
}

function csvCell(value: unknown): string {
  const text = cellText(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCsv(result: QueryResult): string[] {
  return [result.columns.map(csvCell).join(','), ...result.rows.map((row) => row.map(csvCell).join(','))];
}

/** Rows as JSON objects (JSON columns parsed). */
export function formatJson(result: QueryResult): string {
  const rows = result.rows.map((row) =>
    Object.fromEntries(
      row.map((v, i) => {
        if (result.types[i] === 'JSON' && typeof v === 'string') {
          try {
            return [result.columns[i], JSON.parse(v)];
          } catch {
            return [result.columns[i], v];
          }
        }
        return [result.columns[i], v];
      }),
    ),
  );
  return JSON.stringify(rows, null, 2);
}
