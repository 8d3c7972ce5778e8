import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectorResponseError } from '../../../../shared/connectors/errors.js';
import { nextOffset, parseLinkHeader, requireArray, sliceWindow } from '../../../../shared/connectors/pagination.js';

describe('parseLinkHeader', () => {
  it('reads GitHub-style links', () => {
    const h =
      '<http://127.0.0.1:9/repos/o/r/releases?per_page=2&page=2>; rel="next", <http://127.0.0.1:9/repos/o/r/releases?per_page=2&page=5>; rel="last"';
    expect(parseLinkHeader(h)).toEqual({
      next: 'http://127.0.0.1:9/repos/o/r/releases?per_page=2&page=2',
      last: 'http://127.0.0.1:9/repos/o/r/releases?per_page=2&page=5',
    });
  });

  it.each([
    ['ServiceNow style without spaces', '<http://h/a?o=0>;rel="first",<http://h/a?o=2>;rel="next"', { first: 'http://h/a?o=0', next: 'http://h/a?o=2' }],
    ['a URL with a comma in it', '<http://h/a?x=1,2>; rel="next"', { next: 'http://h/a?x=1,2' }],
    ['several relations in one', '<http://h/p1>; rel="first prev"', { first: 'http://h/p1', prev: 'http://h/p1' }],
    ['an unquoted rel', '<http://h/n>; rel=next', { next: 'http://h/n' }],
    ['nothing', null, {}],
    ['garbage', 'not a link', {}],
  ])('reads %s', (_name, header, expected) => {
    expect(parseLinkHeader(header)).toEqual(expected);
  });
});

describe('nextOffset', () => {
  it.each([
    [{ offset: 0, received: 2, limit: 2, more: true }, 2],
    [{ offset: 2, received: 2, limit: 2, more: false }, undefined],
    [{ offset: 0, received: 2, limit: 2, total: 5 }, 2],
    [{ offset: 4, received: 1, limit: 2, total: 5 }, undefined],
    [{ offset: 0, received: 2, limit: 2, total: 2 }, undefined],
    [{ offset: 0, received: 2, limit: 2 }, 2],
    [{ offset: 2, received: 1, limit: 2 }, undefined],
    [{ offset: 0, received: 0, limit: 2, more: true }, undefined],
  ])('%j → %s', (page, expected) => {
    expect(nextOffset(page)).toBe(expected);
  });
});

describe('requireArray', () => {
  it('returns the array at the field', () => {
    expect(requireArray({ items: [1, 2] }, 'items', 'v')).toEqual([1, 2]);
  });
  it.each([[{ items: 'x' }], [{}], [null], [[1, 2]]])('names the field when %j has no array there', (body) => {
    let err: unknown;
    try {
      requireArray(body, 'items', 'vendor: /x');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConnectorResponseError);
    expect((err as Error).message).toBe('vendor: /x: malformed page (expected an array at "items")');
  });
});

describe('sliceWindow', () => {
  it('covers the window with contiguous slices no longer than the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e7 }), fc.integer({ min: 1, max: 1e6 }), (start, length, max) => {
        const slices = sliceWindow({ start, end: start + length }, max);
        if (length === 0) return slices.length === 0;
        return (
          slices[0]!.start === start &&
          slices.at(-1)!.end === start + length &&
          slices.every((s, i) => s.end - s.start <= max && s.end > s.start && (i === 0 || slices[i - 1]!.end === s.start))
        );
      }),
    );
  });
});
