import { createHash, type Hash } from 'node:crypto';

/** SHA-256 (hex) of a string's UTF-8 bytes or of raw bytes. */
export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

class Token {
  constructor(readonly text: string) {}
}
const CLOSE_ARRAY = new Token(']');
const CLOSE_OBJECT = new Token('}');

/**
 * SHA-256 over a value of any shape and depth (strings, bytes, numbers, arrays, objects, even
 * cycles), walked iteratively so a 200,000-deep value cannot overflow the stack. Deterministic for
 * the same input, so a retried delivery without ids of its own gets the same identity.
 */
export function fingerprintValue(value: unknown): string {
  const hash = createHash('sha256');
  const stack: unknown[] = [value];
  const onPath = new Set<object>();
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof Token) {
      hash.update(item.text);
      continue;
    }
    feed(hash, item, stack, onPath);
  }
  return hash.digest('hex');
}

function feed(hash: Hash, item: unknown, stack: unknown[], seen: Set<object>): void {
  if (typeof item === 'string') {
    hash.update(`s${item.length}:`).update(item);
    return;
  }
  if (ArrayBuffer.isView(item)) {
    hash.update(`b${item.byteLength}:`).update(new Uint8Array(item.buffer, item.byteOffset, item.byteLength));
    return;
  }
  if (typeof item !== 'object' || item === null) {
    hash.update(`${typeof item}:${String(item)};`);
    return;
  }
  if (seen.has(item)) {
    hash.update('@ref;');
    return;
  }
  seen.add(item);
  if (Array.isArray(item)) {
    hash.update('[');
    stack.push(CLOSE_ARRAY);
    for (let i = item.length - 1; i >= 0; i--) stack.push(item[i]);
    return;
  }
  hash.update('{');
  stack.push(CLOSE_OBJECT);
  const entries = Object.entries(item as Record<string, unknown>);
  for (let i = entries.length - 1; i >= 0; i--) {
    const [key, child] = entries[i] as [string, unknown];
    stack.push(child, new Token(`k${key.length}:${key}=`));
  }
}
