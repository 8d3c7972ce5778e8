import { describe, expect, it } from 'vitest';
import { commonFields, decisionFields, decisionOf } from '../../../../shared/catalogue/common-fields.js';

describe('decision words', () => {
  it.each([
    ['ACCEPT', 'allow'],
    ['accept', 'allow'],
    [' Deny. ', 'deny'],
    ['REJECT', 'deny'],
  ])('%j is %s, the same on every call (cached)', (word, decision) => {
    expect(decisionOf(word)).toBe(decision);
    expect(decisionOf(word)).toBe(decision);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'maybe', ''])('%j is no decision (own words only)', (word) => {
    expect(decisionOf(word)).toBeUndefined();
    expect(decisionFields(word)).toEqual({});
  });

  it('gives event.action and event.type', () => {
    expect(decisionFields('ACCEPT')).toEqual({ 'event.action': 'allow', 'event.type': 'allowed' });
    expect(decisionFields('REJECT')).toEqual({ 'event.action': 'deny', 'event.type': 'denied' });
  });
});

describe('commonFields', () => {
  it('keeps only values a field can hold', () => {
    expect(commonFields({ 'source.ip': '10.0.0.1', 'source.port': Number.NaN, 'user.name': '-', 'event.action': '', 'cloud.region': undefined, 'network.bytes': 0 })).toEqual({
      'source.ip': '10.0.0.1',
      'network.bytes': 0,
    });
  });
});
