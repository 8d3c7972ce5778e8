import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerFields, VPC_FLOW_DEFAULT_FIELDS, vpcflow } from '../../../../shared/parse/vpcflow.js';
import { textRecord } from './fixtures.js';

const NUMERIC = new Set(['version', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'tcp-flags', 'traffic-path']);
const RENAMES: Record<string, string> = { srcaddr: 'src_addr', dstaddr: 'dst_addr', srcport: 'src_port', dstport: 'dst_port', 'pkt-srcaddr': 'pkt_src_addr', 'pkt-dstaddr': 'pkt_dst_addr' };

/** The fields as the regex-based splitter read them (before the per-header plan): the reference. */
function referenceFields(text: string, header?: string): Record<string, unknown> | string {
  const names = headerFields(header) ?? [...VPC_FLOW_DEFAULT_FIELDS];
  const values = text.trim().split(/\s+/);
  if (values[0] === names[0] && !/^\d+$/.test(values[0] ?? '')) return 'header';
  if (values.length !== names.length) return `count ${values.length}`;
  const fields: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = values[i]!;
    if (value === '-') continue;
    if (NUMERIC.has(name) && !/^\d+$/.test(value)) return `number ${name}`;
    fields[RENAMES[name] ?? name.replaceAll('-', '_')] = NUMERIC.has(name) ? Number(value) : value;
  }
  if (fields.action !== undefined && fields.action !== 'ACCEPT' && fields.action !== 'REJECT') return 'action';
  return fields;
}

const space = fc.constantFrom(' ', ' ', ' ', '  ', '\t', '\u00a0', '\u2003', '\u3000', '\ufeff', '\n');
const token = fc.oneof({ arbitrary: fc.stringMatching(/^[0-9]{1,6}$/), weight: 6 }, fc.constantFrom('-', '-', 'ACCEPT', 'REJECT', 'eni-0a1', '10.0.0.1', 'OK', '٣', 'x'));
const line = fc
  .tuple(
    fc.oneof(fc.constantFrom(12, 14), fc.integer({ min: 10, max: 16 })).chain((n) => fc.array(fc.tuple(space, token), { minLength: n, maxLength: n })),
    fc.constantFrom('', ' ', '\t\n'),
  )
  .map(([parts, tail]) => parts.map(([s, t]) => s + t).join('') + tail);
const header = fc.constantFrom(undefined, 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status', '${version} ${vpc-id} ${srcaddr} ${dstaddr} ${tcp-flags} ${pkt-srcaddr} ${action} ${log-status} ${packets} ${bytes} ${start} ${end}');

describe('the vpcflow parser reading fields', () => {
  it('splits on any white space and types fields exactly as the regex reading did', () => {
    let parsed = 0;
    fc.assert(
      fc.property(line, header, (text, h) => {
        const result = vpcflow.parse(textRecord(text, h === undefined ? {} : { meta: { header: h } }));
        const expected = referenceFields(text, h);
        if (typeof expected === 'string') expect(result.ok).toBe(false);
        else {
          expect(result.ok).toBe(true);
          parsed++;
          if (result.ok) {
            const { protocol_name: _name, ...fields } = result.parsed.fields;
            expect(fields).toEqual(expected);
          }
        }
      }),
      { numRuns: 3000 },
    );
    expect(parsed).toBeGreaterThan(5); // valid lines are reached (about 30 per run), not only rejections
  });
});
