/**
 * A record too large for a sink is never dropped: the full record stays in the lake and the sink
 * gets a copy with each oversized string field truncated and a pointer to the lake object.
 */
export interface FitResult<T> {
  value: T;
  truncatedFields: string[];
}

const MARKER = '…[TRUNCATED; full record in lake]';

export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const budget = Math.max(0, maxBytes - Buffer.byteLength(MARKER));
  let cut = Buffer.from(text).subarray(0, budget).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}${MARKER}`;
}

/**
 * Top-level fields of `row` whose JSON (strings as-is, objects serialised) exceed `maxFieldBytes`
 * are replaced by truncated strings; `_lake` names the object holding the full record.
 */
export function fitRecord(row: Record<string, unknown>, maxFieldBytes: number, lakeKey: string | undefined): FitResult<Record<string, unknown>> {
  const truncatedFields: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    const text = typeof value === 'string' ? value : value === undefined ? undefined : JSON.stringify(value);
    if (text !== undefined && Buffer.byteLength(text) > maxFieldBytes) {
      truncatedFields.push(key);
      out[key] = truncateUtf8(text, maxFieldBytes);
    } else out[key] = value;
  }
  if (truncatedFields.length > 0) out._lake = { key: lakeKey ?? null, truncated_fields: truncatedFields };
  return { value: out, truncatedFields };
}
