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

/** Field names from `meta.header`: `version account-id …` or a `${version} ${account-id} …` format string. */
export function headerFields(header: string | undefined): string[] | undefined {
  if (header === undefined) return undefined;
  const names = header.trim().split(/\s+/).map((n) => n.replace(/^\$\{/, '').replace(/\}$/, '').trim());
  return names.length > 1 && names.every((n) => /^[a-z][a-z0-9-]*$/.test(n)) ? names : undefined;
}

/** What a header means for every line under it, worked out once per header (not per line). */
interface FieldPlan {
  names: readonly string[];
  keys: readonly string[];
  numeric: readonly boolean[];
}

function planFor(names: readonly string[]): FieldPlan {
  return { names, keys: names.map((name) => RENAMES[name] ?? name.replaceAll('-', '_')), numeric: names.map((name) => NUMERIC_FIELDS.has(name)) };
}

const DEFAULT_PLAN = planFor(VPC_FLOW_DEFAULT_FIELDS);
let lastHeader: string | undefined;
let lastPlan: FieldPlan | undefined;

function fieldPlan(header: string | undefined): FieldPlan {
  if (header === undefined) return DEFAULT_PLAN;
  if (header !== lastHeader) {
    const names = headerFields(header);
    lastPlan = names === undefined ? DEFAULT_PLAN : planFor(names);
    lastHeader = header;
  }
  return lastPlan!;
}

/** What `/\s/` matches (ASCII and Unicode white space, line terminators, BOM). */
function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 160) return false;
  return c === 160 || c === 5760 || (c >= 8192 && c <= 8202) || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}

/** `text.trim().split(/\s+/)` without the regex. */
function splitFields(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i === n) break;
    const start = i;
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    out.push(text.slice(start, i));
  }
  if (out.length === 0) out.push('');
  return out;
}

/** `/^\d+$/` */
function isInteger(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
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
    const { names, keys, numeric } = fieldPlan(record.meta.header);
    const values = splitFields(text);
    if (values[0] === names[0] && !isInteger(values[0] ?? '')) return failed('vpc flow log header line, not a record');
    if (values.length !== names.length) return failed(`vpc flow log line has ${values.length} fields, expected ${names.length}`);
    const fields: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const value = values[i]!;
      if (value === '-') continue;
      if (numeric[i]) {
        if (!isInteger(value)) return failed(`vpc flow log field "${names[i]!}" is not a number`);
        fields[keys[i]!] = Number(value);
      } else {
        fields[keys[i]!] = value;
      }
    }
    const action = fields.action;
    if (action !== undefined && action !== 'ACCEPT' && action !== 'REJECT') return failed('vpc flow log action is not ACCEPT or REJECT');
    if (typeof fields.protocol === 'number') fields.protocol_name = PROTOCOLS[fields.protocol];
    return parsed('vpcflow', fields, fields.start ?? fields.end);
  },
};
