import { failed, parsed, type ParseResult } from '../module-kit.js';

/**
 * VPC and Transit Gateway flow log records: space-separated values in the order of the log's
 * format (`${version} ${srcaddr} …`, any of the v2–v8 fields in any order). The field list comes
 * from, in order: the S3 object's header line, the format declared in config, the default (v2,
 * 14 fields), or — for CloudWatch records, which never carry a header — inferred from the shape of
 * the values.
 */
export const VPC_FLOW_DEFAULT_FIELDS = ['version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status'] as const;

const NUMERIC = new Set([
  'version', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'tcp-flags', 'traffic-path',
  'packets-lost-no-route', 'packets-lost-blackhole', 'packets-lost-mtu-exceeded', 'packets-lost-ttl-expired',
]);
const RENAMES: Readonly<Record<string, string>> = { srcaddr: 'src_addr', dstaddr: 'dst_addr', srcport: 'src_port', dstport: 'dst_port', 'pkt-srcaddr': 'pkt_src_addr', 'pkt-dstaddr': 'pkt_dst_addr' };
const PROTOCOLS: Readonly<Record<number, string>> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 47: 'GRE', 50: 'ESP', 58: 'ICMPv6' };
const NAME = /^[a-z][a-z0-9-]*$/;

interface FieldPlan {
  names: readonly string[];
  keys: readonly string[];
  numeric: readonly boolean[];
}

function planFor(names: readonly string[]): FieldPlan {
  return { names, keys: names.map((n) => RENAMES[n] ?? n.replaceAll('-', '_')), numeric: names.map((n) => NUMERIC.has(n)) };
}

const DEFAULT_PLAN = planFor(VPC_FLOW_DEFAULT_FIELDS);
const plans = new Map<string, FieldPlan>();

/** Field names from a header line `version account-id …` or a format string `${version} ${account-id} …`. */
export function formatFields(format: string | undefined): string[] | undefined {
  if (format === undefined) return undefined;
  const names = format.trim().split(/\s+/).map((n) => n.replace(/^\$\{/, '').replace(/\}$/, ''));
  return names.length > 1 && names.every((n) => NAME.test(n)) ? names : undefined;
}

function cachedPlan(format: string): FieldPlan | undefined {
  let plan = plans.get(format);
  if (plan === undefined) {
    const names = formatFields(format);
    if (names === undefined) return undefined;
    plan = planFor(names);
    if (plans.size < 256) plans.set(format, plan);
  }
  return plan;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]+$/i;
const EPOCH = /^1\d{9}$/;
const REGION = /^[a-z]{2}(?:-gov)?-[a-z]+-\d$/;
const AZ_ID = /^[a-z]{3,4}\d-az\d+$/;

/** What a value's shape says it is; undefined when it could be several integers. */
function shapeOf(value: string, index: number): string | undefined {
  if (value.startsWith('eni-')) return 'interface-id';
  if (value.startsWith('vpc-')) return 'vpc-id';
  if (value.startsWith('subnet-')) return 'subnet-id';
  if (value.startsWith('i-')) return 'instance-id';
  if (value.startsWith('tgw-attach-')) return 'tgw-attachment-id';
  if (value.startsWith('tgw-')) return 'tgw-id';
  if (value === 'ACCEPT' || value === 'REJECT') return 'action';
  if (value === 'OK' || value === 'NODATA' || value === 'SKIPDATA') return 'log-status';
  if (value === 'IPv4' || value === 'IPv6' || value === 'EFA') return 'type';
  if (value === 'ingress' || value === 'egress') return 'flow-direction';
  if (REGION.test(value)) return 'region';
  if (AZ_ID.test(value)) return 'az-id';
  if (/^\d{12}$/.test(value)) return 'account-id';
  if (IPV4.test(value) || IPV6.test(value)) return 'addr';
  if (EPOCH.test(value)) return 'time';
  if (index === 0 && /^[2-8]$/.test(value)) return 'version';
  return /^\d+$/.test(value) ? 'int' : undefined;
}

const ADDRESS_ORDER = ['srcaddr', 'dstaddr', 'pkt-srcaddr', 'pkt-dstaddr'];
const TIME_ORDER = ['start', 'end'];
const INT_ORDER = ['srcport', 'dstport', 'protocol', 'packets', 'bytes', 'tcp-flags', 'traffic-path'];

/**
 * Field names for a header-less line, from the shape of each value (ids by prefix, addresses in
 * source/destination order, epoch times as start/end, remaining integers as ports, protocol,
 * packets, bytes). Undefined when a value cannot be placed (then the line is quarantined).
 */
export function inferFields(values: readonly string[]): string[] | undefined {
  const names: string[] = [];
  const used = new Set<string>();
  let addresses = 0;
  let times = 0;
  let ints = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    let name: string | undefined;
    if (value === '-') name = `field-${i + 1}`;
    else {
      const shape = shapeOf(value, i);
      if (shape === 'addr') name = ADDRESS_ORDER[addresses++];
      else if (shape === 'time') name = TIME_ORDER[times++];
      else if (shape === 'int') name = INT_ORDER[ints++];
      else name = shape;
    }
    if (name === undefined || used.has(name)) return undefined;
    used.add(name);
    names.push(name);
  }
  return used.has('action') || used.has('log-status') ? names : undefined;
}

/** `text.trim().split(/\s+/)` without the regex (the hot path of a large flow log object). */
export function splitFields(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && text.charCodeAt(i) <= 32) i++;
    if (i === n) break;
    const start = i;
    while (i < n && text.charCodeAt(i) > 32) i++;
    out.push(text.slice(start, i));
  }
  return out;
}

function isInteger(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Reads one flow record. `format` is the header or declared format (undefined: default when the
 * line has 14 values, else inferred). Fails naming the type and the field at fault.
 */
export function parseFlowRecord(type: string, text: string, format: string | undefined): ParseResult {
  const values = splitFields(text);
  let plan = format === undefined ? undefined : cachedPlan(format);
  let inferred = false;
  if (plan === undefined) {
    if (values.length === DEFAULT_PLAN.names.length && (values[0] === '2' || values[0] === '-')) plan = DEFAULT_PLAN;
    else {
      const names = inferFields(values);
      if (names === undefined) return failed(`${type}: ${values.length} fields and no header or declared format (set pipeline.log_formats for this log group)`);
      plan = planFor(names);
      inferred = true;
    }
  }
  const { names, keys, numeric } = plan;
  if (values[0] === names[0] && !isInteger(values[0] ?? '')) return failed(`${type}: header line, not a record`);
  if (values.length !== names.length) return failed(`${type}: line has ${values.length} fields, the format has ${names.length}`);
  const fields: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) {
    const value = values[i]!;
    if (value === '-') continue;
    if (numeric[i]) {
      if (!isInteger(value)) return failed(`${type}: field ${names[i]!} is not a number`);
      fields[keys[i]!] = Number(value);
    } else fields[keys[i]!] = value;
  }
  const action = fields.action;
  if (action !== undefined && action !== 'ACCEPT' && action !== 'REJECT') return failed(`${type}: field action is not ACCEPT or REJECT`);
  if (typeof fields.protocol === 'number') fields.protocol_name = PROTOCOLS[fields.protocol];
  if (inferred) fields.format_inferred = true;
  return parsed(type, fields, fields.start ?? fields.end);
}
