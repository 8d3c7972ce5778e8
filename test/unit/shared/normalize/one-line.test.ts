import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneLine } from '../../../../shared/normalize/build-event.js';

/** The regex-only reading (before the no-white-space shortcut). */
function reference(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const piece = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\ufeff', '\u3000', 'é', '\u0007'));

describe('oneLine', () => {
  it('reads every text exactly as collapsing white space with a regex does', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), fc.integer({ min: 2, max: 40 }), (text, max) => {
        expect(oneLine(text, max)).toBe(reference(text, max));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['a line already on one line', 'ACCEPT TCP 10.0.0.1:443 -> 10.0.0.2:80', 'ACCEPT TCP 10.0.0.1:443 -> 10.0.0.2:80'],
    ['a multi-line message', ' first\n\tsecond  third ', 'first second third'],
  ])('keeps %s as one line', (_what, text, expected) => {
    expect(oneLine(text)).toBe(expected);
  });
});
