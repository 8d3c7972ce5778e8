import { ConnectorResponseError } from './errors.js';

/** RFC 8288 `Link` header → `{ next: url, last: url, … }` (GitHub pagination). */
export function parseLinkHeader(value: string | null | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  if (!value) return links;
  for (const part of value.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!m) continue;
    const rel = /(?:^|;)\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2]!);
    if (!rel) continue;
    for (const name of rel[1]!.trim().split(/\s+/)) links[name.toLowerCase()] = m[1]!;
  }
  return links;
}

/** The next offset for offset/limit APIs, or undefined when the last page was read. */
export function nextOffset(page: { offset: number; received: number; limit: number; total?: number; more?: boolean }): number | undefined {
  if (page.received === 0) return undefined;
  const next = page.offset + page.received;
  if (page.more !== undefined) return page.more ? next : undefined;
  if (page.total !== undefined) return next < page.total ? next : undefined;
  return page.received < page.limit ? undefined : next;
}

/** The array a page must carry at `field`; a clear error when the page is malformed. */
export function requireArray(body: unknown, field: string, what: string): unknown[] {
  const value = isRecord(body) ? body[field] : undefined;
  if (!Array.isArray(value)) {
    throw new ConnectorResponseError(`${what}: malformed page (expected an array at "${field}")`, { context: { field } });
  }
  return value;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Splits [start, end) into consecutive slices of at most `max` ms. */
export function sliceWindow(window: { start: number; end: number }, max: number): Array<{ start: number; end: number }> {
  const slices: Array<{ start: number; end: number }> = [];
  for (let start = window.start; start < window.end; start += max) slices.push({ start, end: Math.min(window.end, start + max) });
  return slices;
}
