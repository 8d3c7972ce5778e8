import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCards } from '../../../../shared/redact/detect-card.js';
import type { TextMatch } from '../../../../shared/redact/match.js';
import { F_CARD_RUN, textFeatures } from '../../../../shared/redact/text-features.js';

const cardsIn = (text: string): TextMatch[] => {
  const out: TextMatch[] = [];
  findCards(text, out);
  return out;
};

/** Text made of digit groups and separators, where cards (and near misses) are common. */
const digitGroups = fc
  .array(
    fc.tuple(fc.stringMatching(/^[0-9]{1,20}$/), fc.constantFrom(' ', '-', '  ', '.', 'a', ' x ', '', ':')),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.map(([digits, sep]) => digits + sep).join(''));
const knownCards = fc
  .constantFrom('4111111111111111', '4111 1111 1111 1111', '4111-1111-1111-1111', '3782 822463 10005', '3056 930902 5904', '5555555555554444', '6011 1111 1111 1117')
  .chain((card) => fc.tuple(fc.constantFrom('', 'card ', '6 ', '12 34 ', '1234 '), fc.constantFrom('', ' 2 items', ' 12', '-7')).map(([a, b]) => a + card + b));

describe('the card precheck in textFeatures', () => {
  it('is raised wherever the card detector finds a card', () => {
    fc.assert(
      fc.property(fc.oneof(digitGroups, knownCards), (text) => {
        if (cardsIn(text).length > 0) expect(textFeatures(text) & F_CARD_RUN).toBe(F_CARD_RUN);
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['a VPC flow line', '2 123456789012 eni-0c2135ec26fb6617e 203.0.113.163 10.0.1.23 48193 80 6 40 46480 1795600740 1795600800 ACCEPT OK', 0],
    ['a VPC flow line with a 4-digit port and 6-digit bytes', '2 123456789012 eni-08b48b56016ddb144 10.0.2.215 172.16.4.225 7356 22 6 563 731900 1795600740 1795600800 REJECT OK', 0],
    ['space-separated short numbers', '1 22 333 55555 1 22 333', 0],
    ['a card in fours', 'paid with 4111 1111 1111 1111', F_CARD_RUN],
    ['an Amex 4-6-5 card', '3782 822463 10005', F_CARD_RUN],
    ['a solid run of 13 digits', 'id 1234567890123', F_CARD_RUN],
  ])('for %s is %i', (_what, text, expected) => {
    expect(textFeatures(text) & F_CARD_RUN).toBe(expected);
  });
});
