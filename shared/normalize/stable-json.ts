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
  // Built by appending (no per-level arrays): this runs once per record without a source id.
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      if (i in value) out += write(value[i], depth + 1, seen); // a hole stays empty, as join() left it
    }
    out += ']';
  } else if (value instanceof Date) {
    out = JSON.stringify(Number.isFinite(value.getTime()) ? value.toISOString() : null);
  } else {
    out = '{';
    let first = true;
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      out += `${first ? '' : ','}${JSON.stringify(k)}:${write(v, depth + 1, seen)}`;
      first = false;
    }
    out += '}';
  }
  seen.delete(value);
  return out;
}
