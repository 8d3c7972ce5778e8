import { buildEvent, commonFields, decisionFields, maxSeverity, str, transportOf, type CommonFieldValues, type LogType } from '../module-kit.js';
import { azureResource } from './diagnostic.js';

/**
 * Network Watcher flow tuples, one comma-separated string per flow:
 * - NSG flow log v1: `ts,src,dst,sport,dport,proto(T|U),direction(I|O),decision(A|D)` (ts: epoch s);
 * - NSG flow log v2: v1 + `,state(B|C|E),pkts_out,bytes_out,pkts_in,bytes_in` (out = source→destination);
 * - VNet flow log v4: `ts_ms,src,dst,sport,dport,proto(number),direction,state(B|C|E|D),encryption,pkts_out,bytes_out,pkts_in,bytes_in`
 *   (state D = denied; there is no decision column).
 */
export type FlowTupleFormat = 'nsg' | 'vnet';

const NSG_PROTOCOLS: Readonly<Record<string, string>> = { T: 'tcp', U: 'udp', I: 'icmp' };
const STATES: Readonly<Record<string, string>> = { B: 'begin', C: 'continuing', E: 'end', D: 'denied' };

export type TupleResult = { ok: true; fields: Record<string, unknown>; epoch: number; unit: 's' | 'ms' } | { ok: false; reason: string };

function count(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
}

/** One tuple's fields; a tuple of the wrong shape fails with the reason. */
export function parseFlowTuple(tuple: unknown, format: FlowTupleFormat): TupleResult {
  if (typeof tuple !== 'string') return { ok: false, reason: 'is not a string' };
  const c = tuple.split(',');
  const expected = format === 'nsg' ? [8, 13] : [13];
  if (!expected.includes(c.length)) return { ok: false, reason: `has ${c.length} fields, expected ${expected.join(' or ')}` };
  if (!/^\d{1,16}$/.test(c[0]!)) return { ok: false, reason: 'time is not epoch digits' };
  const [, src, dst, sport, dport, proto, direction] = c;
  const state = format === 'nsg' ? c[8] : c[7];
  const decision = format === 'nsg' ? (c[7] === 'A' ? 'allow' : c[7] === 'D' ? 'deny' : undefined) : state === 'D' ? 'deny' : 'allow';
  const base = 9;
  const counters = c.length === 13 ? [count(c[base]), count(c[base + 1]), count(c[base + 2]), count(c[base + 3])] : [];
  if (counters.some((n) => n !== undefined && Number.isNaN(n))) return { ok: false, reason: 'packet/byte counters are not numbers' };
  const [packetsOut, bytesOut, packetsIn, bytesIn] = counters;
  return {
    ok: true,
    epoch: Number(c[0]),
    unit: format === 'nsg' ? 's' : 'ms',
    fields: {
      flow_tuple: tuple,
      src_ip: src || undefined,
      dst_ip: dst || undefined,
      src_port: count(sport),
      dst_port: count(dport),
      protocol: format === 'nsg' ? (NSG_PROTOCOLS[proto!] ?? proto) : proto,
      direction: direction === 'I' ? 'inbound' : direction === 'O' ? 'outbound' : direction,
      decision,
      flow_state: state === undefined ? undefined : (STATES[state] ?? state),
      encryption: format === 'vnet' ? c[8] : undefined,
      packets_src_to_dst: packetsOut,
      bytes_src_to_dst: bytesOut,
      packets_dst_to_src: packetsIn,
      bytes_dst_to_src: bytesIn,
    },
  };
}

function sum(...values: unknown[]): number | undefined {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  return numbers.length === 0 ? undefined : numbers.reduce((a, b) => a + b, 0);
}

/** The flow common fields of one tuple's fields. */
export function flowCommonFields(f: Readonly<Record<string, unknown>>, rule: string | undefined): CommonFieldValues {
  return {
    ...commonFields({
      'source.ip': f.src_ip,
      'source.port': f.src_port,
      'destination.ip': f.dst_ip,
      'destination.port': f.dst_port,
      'network.transport': transportOf(typeof f.protocol === 'string' && /^\d+$/.test(f.protocol) ? Number(f.protocol) : f.protocol),
      'network.bytes': sum(f.bytes_src_to_dst, f.bytes_dst_to_src),
      'network.packets': sum(f.packets_src_to_dst, f.packets_dst_to_src),
      'rule.name': rule,
    }),
    ...decisionFields(f.decision),
  };
}

/** `Flow deny tcp 10.0.0.4:1234 -> 1.2.3.4:443 inbound (rule X)`. */
export function flowTitle(kind: string, f: Readonly<Record<string, unknown>>, rule: string | undefined): string {
  const end = (ip: unknown, port: unknown) => `${typeof ip === 'string' ? ip : '?'}${typeof port === 'number' ? `:${port}` : ''}`;
  const transport = transportOf(typeof f.protocol === 'string' && /^\d+$/.test(f.protocol) ? Number(f.protocol) : f.protocol) ?? '';
  return `${kind} ${String(f.decision ?? 'flow')} ${transport} ${end(f.src_ip, f.src_port)} -> ${end(f.dst_ip, f.dst_port)} ${String(f.direction ?? '')}${rule === undefined ? '' : ` (rule ${rule})`}`;
}

/** The common fields a flow type fills (docs). */
export const FLOW_COMMON_FIELDS = ['source.ip', 'source.port', 'destination.ip', 'destination.port', 'network.transport', 'network.bytes', 'network.packets', 'event.action', 'event.type', 'rule.name'];

/** One tuple's event: deny → LOW; the flow log's target (NSG / VNet) is resource and asset, the rule `rule.name`. */
export function flowNormalizer(type: string, label: string): LogType['normalize'] {
  return (parsedRecord, ctx) => {
    const f = parsedRecord.fields;
    const rule = str(f.rule);
    const { resource, rid } = azureResource(f.resource_id);
    return buildEvent(type, parsedRecord, ctx, {
      severity: maxSeverity(f.decision === 'deny' ? 'LOW' : undefined),
      title: flowTitle(`${label} ${rid?.name ?? ''}`.trim(), f, rule),
      resource,
      asset: rid?.id,
      attributes: [f, flowCommonFields(f, rule)],
    });
  };
}
