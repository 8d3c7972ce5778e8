import { isPlainObject } from '../parse/json-input.js';

/** Nesting kept as dotted keys; deeper objects are stored as their JSON text. */
export const FLATTEN_DEPTH = 4;
/** Keys one record may add to attributes by flattening. */
export const FLATTEN_MAX_KEYS = 200;
const MAX_JSON_TEXT = 4096;

function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__' || key.endsWith('.__proto__')) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function jsonText(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? '';
  } catch {
    text = '[unserializable]';
  }
  return text.length > MAX_JSON_TEXT ? `${text.slice(0, MAX_JSON_TEXT - 1)}…` : text;
}

const PAIR_NAMES = ['name', 'Name', 'key', 'Key'] as const;
const PAIR_VALUES = ['value', 'Value'] as const;

/**
 * `[{ name: 'X-Api-Key', value: '…' }, …]` (WAF and load-balancer headers, tags, Azure
 * properties) as `{ 'X-Api-Key': '…' }`, so the pair's name becomes a key that field rules
 * (deny, hash) and queries see; undefined when the array is not such a list.
 */
function pairsAsObject(value: readonly unknown[]): Record<string, unknown> | undefined {
  if (value.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const item of value) {
    if (!isPlainObject(item)) return undefined;
    const nameKey = PAIR_NAMES.find((k) => typeof item[k] === 'string');
    const valueKey = PAIR_VALUES.find((k) => k in item);
    if (nameKey === undefined || valueKey === undefined || Object.keys(item).length !== 2) return undefined;
    const name = item[nameKey] as string;
    if (name === '' || name === '__proto__' || name in out) return undefined;
    out[name] = item[valueKey];
  }
  return out;
}

function isScalarArray(value: readonly unknown[]): boolean {
  return value.every((v) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
}

/**
 * Nested objects as flat dotted keys, `{ a: { b: 1 } }` → `{ "a.b": 1 }`, to `maxDepth` levels;
 * an object deeper than that, and an array holding objects, is kept as its JSON text — except a
 * list of `{name, value}` pairs, which is read as an object keyed by the names. Scalar
 * arrays stay arrays. At most `maxKeys` keys. Never mutates its input.
 */
export function flatten(value: Readonly<Record<string, unknown>>, maxDepth = FLATTEN_DEPTH, maxKeys = FLATTEN_MAX_KEYS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let count = 0;
  const walk = (node: Readonly<Record<string, unknown>>, prefix: string, depth: number): void => {
    for (const [key, v] of Object.entries(node)) {
      if (count >= maxKeys) return;
      if (v === undefined) continue;
      const name = prefix === '' ? key : `${prefix}.${key}`;
      if (isPlainObject(v)) {
        if (depth < maxDepth && Object.keys(v).length > 0) walk(v, name, depth + 1);
        else {
          put(out, name, Object.keys(v).length === 0 ? {} : jsonText(v));
          count++;
        }
        continue;
      }
      const pairs = Array.isArray(v) && depth < maxDepth ? pairsAsObject(v) : undefined;
      if (pairs !== undefined) {
        walk(pairs, name, depth + 1);
        continue;
      }
      put(out, name, Array.isArray(v) && !isScalarArray(v) ? jsonText(v) : v);
      count++;
    }
  };
  walk(value, '', 1);
  return out;
}
