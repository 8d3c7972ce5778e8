const MAX_DEPTH = 256;

/**
 * JSON with object keys sorted at every level, so equal values give equal text (and equal hashes)
 * whatever the key order. Never throws: cycles, too-deep nesting, bigint and non-finite numbers
 * get fixed stand-ins.
 */
export function stableStringify(value: unknown): string {
  return write(value, 0, new Set());
}

function write(value: unknown, depth: number, seen: Set<object>): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      break;
    default:
      return 'null';
  }
  if (depth >= MAX_DEPTH) return '"[too deep]"';
  if (seen.has(value)) return '"[circular]"';
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((v: unknown) => write(v, depth + 1, seen)).join(',')}]`;
  } else if (value instanceof Date) {
    out = JSON.stringify(Number.isFinite(value.getTime()) ? value.toISOString() : null);
  } else {
    const entries = Object.keys(value)
      .sort()
      .flatMap((k) => {
        const v = (value as Record<string, unknown>)[k];
        return v === undefined || typeof v === 'function' || typeof v === 'symbol' ? [] : [`${JSON.stringify(k)}:${write(v, depth + 1, seen)}`];
      });
    out = `{${entries.join(',')}}`;
  }
  seen.delete(value);
  return out;
}
