import { describe, expect, it } from 'vitest';
import { describeJsonError, jsonTextExceedsDepth, parseJsonSafe, recentlyParsed, valueExceedsDepth } from '../../../../shared/decode/safe-json.js';
import { PROTO_JSON, deepJson, deepValue, prototypeIsClean } from './factories.js';

describe('parseJsonSafe', () => {
  it('parses JSON within the nesting limit', () => {
    expect(parseJsonSafe('{"a":[1,{"b":null}],"c":"x"}', { maxDepth: 3 })).toEqual({ ok: true, value: { a: [1, { b: null }], c: 'x' } });
  });

  it.each([
    ['an object nested one level too deep', '{"a":{"b":{"c":{}}}}', 3],
    ['an array nested one level too deep', '[[[[]]]]', 3],
  ])('refuses %s before parsing', (_name, text, maxDepth) => {
    expect(parseJsonSafe(text, { maxDepth })).toEqual({ ok: false, reason: `JSON nesting deeper than ${maxDepth}` });
  });

  it('refuses 200,000-deep nesting without overflowing the stack', () => {
    expect(parseJsonSafe(deepJson(200_000), { maxDepth: 64 })).toEqual({ ok: false, reason: 'JSON nesting deeper than 64' });
    expect(parseJsonSafe('{"a":'.repeat(200_000), { maxDepth: 64 })).toEqual({ ok: false, reason: 'JSON nesting deeper than 64' });
  });

  it('ignores brackets inside strings and escaped quotes when counting depth', () => {
    const text = JSON.stringify({ s: '[[[[{{{{ \\" ]]]' });
    expect(parseJsonSafe(text, { maxDepth: 1 })).toEqual({ ok: true, value: { s: '[[[[{{{{ \\" ]]]' } });
    expect(jsonTextExceedsDepth('["\\"[[[[["]', 1)).toBe(false);
  });

  it.each([
    ['a truncated document', '{"user":"alice","password":"hunter2"', 'invalid JSON: '],
    ['a bare word', 'hunter2', 'invalid JSON: unexpected token'],
    ['trailing data', '{"a":1} secret-token', 'invalid JSON: unexpected data after JSON at position 8'],
    ['an empty string', '', 'invalid JSON: unexpected end of input'],
    ['a missing comma', '[1 2]', 'invalid JSON: '],
  ])('explains %s without echoing the payload', (_name, text, prefix) => {
    const result = parseJsonSafe(text, { maxDepth: 8 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason.startsWith(prefix)).toBe(true);
    for (const secret of ['hunter2', 'secret-token', 'alice']) expect(result.reason).not.toContain(secret);
  });

  it('keeps __proto__ and constructor as plain own keys and leaves Object.prototype alone', () => {
    const result = parseJsonSafe(PROTO_JSON, { maxDepth: 8 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = result.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.hasOwn(value, 'constructor')).toBe(true);
    expect(prototypeIsClean()).toBe(true);
  });

  it('describes a non-Error throw as an unexpected token', () => {
    expect(describeJsonError('boom')).toBe('unexpected token');
  });
});

describe('valueExceedsDepth', () => {
  it.each([
    [1, 0, false],
    [{ a: 1 }, 1, false],
    [{ a: [1] }, 1, true],
    [[[[]]], 3, false],
    [[[[]]], 2, true],
  ])('measures %j against a limit of %i', (value, maxDepth, expected) => {
    expect(valueExceedsDepth(value, maxDepth)).toBe(expected);
  });

  it('walks a 200,000-deep value without recursion', () => {
    expect(valueExceedsDepth(deepValue(200_000), 64)).toBe(true);
  });

  it('treats a cycle as too deep instead of looping', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(valueExceedsDepth(cyclic, 64)).toBe(true);
  });
});

describe('recentlyParsed', () => {
  it('gives the value of exactly the last text parsed, and nothing for any other text', () => {
    const text = '{"a":[1,2],"b":"x"}';
    const parsed = parseJsonSafe(text, { maxDepth: 8 });
    expect(parsed.ok).toBe(true);
    expect(recentlyParsed(text)).toBe(parsed.ok ? parsed.value : undefined);
    expect(recentlyParsed(`${text} `)).toBeUndefined();
    parseJsonSafe('[3]', { maxDepth: 8 });
    expect(recentlyParsed(text)).toBeUndefined();
    expect(recentlyParsed('[3]')).toEqual([3]);
  });

  it('keeps nothing from a failed parse', () => {
    parseJsonSafe('{"ok":1}', { maxDepth: 8 });
    expect(parseJsonSafe('{"broken"', { maxDepth: 8 }).ok).toBe(false);
    expect(recentlyParsed('{"broken"')).toBeUndefined();
    expect(parseJsonSafe(deepJson(20), { maxDepth: 8 }).ok).toBe(false);
    expect(recentlyParsed(deepJson(20))).toBeUndefined();
  });
});
