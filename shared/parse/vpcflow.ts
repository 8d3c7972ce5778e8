import type { RawRecord } from '../decode/types.js';
import type { ParseResult, Parser } from './types.js';
import { recordText } from './json-input.js';
import { failed, parsed } from './field-read.js';

/** The default (version 2) format: 14 space-separated fields. */
export const VPC_FLOW_DEFAULT_FIELDS = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport',
  'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status',
] as const;

const NUMERIC_FIELDS = new Set(['version', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'tcp-flags', 'traffic-path']);
const RENAMES: Readonly<Record<string, string>> = {
  srcaddr: 'src_addr', dstaddr: 'dst_addr', srcport: 'src_port', dstport: 'dst_port',
  'pkt-srcaddr': 'pkt_src_addr', 'pkt-dstaddr': 'pkt_dst_addr',
};
const PROTOCOLS: Readonly<Record<number, string>> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 47: 'GRE', 50: 'ESP', 58: 'ICMPv6' };
const DEFAULT_LINE = /^\d+ \S+ (eni-[0-9a-f]+|-) /;
const LOG_STATUS_END = /(OK|NODATA|SKIPDATA)\s*$/;
const INTEGER = /^\d+$/;

/** Field names from `meta.header`: `version account-id …` or a `${version} ${account-id} …` format string. */
export function headerFields(header: string | undefined): string[] | undefined {
  if (header === undefined) return undefined;
  const names = header.trim().split(/\s+/).map((n) => n.replace(/^\$\{/, '').replace(/\}$/, '').trim());
  return names.length > 1 && names.every((n) => /^[a-z][a-z0-9-]*$/.test(n)) ? names : undefined;
}

function looksLikeFlowHeader(header: string | undefined): boolean {
  const names = headerFields(header);
  return names !== undefined && (names.includes('srcaddr') || names.includes('log-status') || names.includes('interface-id'));
}

export const vpcflow: Parser = {
  type: 'vpcflow',
  matches(record: RawRecord, hint: string | undefined): boolean {
    const text = recordText(record);
    if (text === undefined || text.trimStart().startsWith('{')) return false;
    if (hint === 'vpcflow' || looksLikeFlowHeader(record.meta.header)) return true;
    return DEFAULT_LINE.test(text) && LOG_STATUS_END.test(text);
  },
  parse(record: RawRecord): ParseResult {
    const text = recordText(record);
    if (text === undefined) return failed('vpc flow log record has no text');
    const names = headerFields(record.meta.header) ?? [...VPC_FLOW_DEFAULT_FIELDS];
    const values = text.trim().split(/\s+/);
    if (values[0] === names[0] && !INTEGER.test(values[0] ?? '')) return failed('vpc flow log header line, not a record');
    if (values.length !== names.length) return failed(`vpc flow log line has ${values.length} fields, expected ${names.length}`);
    const fields: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const value = values[i]!;
      if (value === '-') continue;
      if (NUMERIC_FIELDS.has(name)) {
        if (!INTEGER.test(value)) return failed(`vpc flow log field "${name}" is not a number`);
        fields[RENAMES[name] ?? name.replaceAll('-', '_')] = Number(value);
      } else {
        fields[RENAMES[name] ?? name.replaceAll('-', '_')] = value;
      }
    }
    const action = fields.action;
    if (action !== undefined && action !== 'ACCEPT' && action !== 'REJECT') return failed('vpc flow log action is not ACCEPT or REJECT');
    if (typeof fields.protocol === 'number') fields.protocol_name = PROTOCOLS[fields.protocol];
    return parsed('vpcflow', fields, fields.start ?? fields.end);
  },
};
