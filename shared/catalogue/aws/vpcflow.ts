import type { Severity } from '../../schema/index.js';
import { buildEvent, commonFields, decisionFields, failed, recordText, str, transportOf, type DeliveryContext, type LogType, type RawRecord } from '../module-kit.js';
import { keyAccountRegion, logGroupOf } from './aws-logs-key.js';
import { parseFlowRecord } from './flow-fields.js';

const DEFAULT_LINE = /^\d+ \S+ (eni-[0-9a-f]+|-) /;
const LOG_STATUS_END = /(OK|NODATA|SKIPDATA)\s*$/;

/** An S3 `vpcflowlogs/` key or a log group named like a flow log: VPC or Transit Gateway flows. */
export function flowLogContext(ctx: DeliveryContext): 'maybe' | 'no' {
  const group = logGroupOf(ctx);
  if ((group.includes('vpc') || group.includes('tgw') || group.includes('transit')) && group.includes('flow')) return 'maybe';
  return ctx.trigger === 's3' && /(?:^|\/)AWSLogs\/\d{12}\/vpcflowlogs\//.test(ctx.key ?? '') ? 'maybe' : 'no';
}

/** The header line (S3), else the format declared in config for this delivery. */
export function flowFormat(record: RawRecord, ctx: DeliveryContext, type: string): string | undefined {
  return record.meta.header ?? (ctx.declared?.type === type ? ctx.declared.format : undefined);
}

export function endpoint(addr: unknown, port: unknown): string {
  const a = str(addr) ?? '?';
  return typeof port === 'number' ? `${a}:${port}` : a;
}

/** Common fields every flow record fills. */
export function flowCommonFields(f: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = commonFields({
    'source.ip': f.src_addr,
    'source.port': f.src_port,
    'destination.ip': f.dst_addr,
    'destination.port': f.dst_port,
    'network.transport': transportOf(f.protocol),
    'network.bytes': f.bytes,
    'network.packets': f.packets,
    'cloud.region': f.region,
  });
  // The decision fields go in by assignment (a spread after properties is slow on V8).
  const decision = decisionFields(f.action);
  for (const key in decision) out[key] = decision[key as keyof typeof decision];
  return out;
}

export const vpcflow: LogType = {
  type: 'vpcflow',
  cloud: 'aws',
  title: 'VPC flow log (v2–v8, any field order)',
  delivery: [
    { trigger: 's3', pattern: 'AWSLogs/<acct>/vpcflowlogs/<region>/YYYY/MM/DD/…_vpcflowlogs_<region>_fl-…log.gz (header line)' },
    { trigger: 'cloudwatch', pattern: 'log group named `*vpc*flow*` (no header: format declared in `pipeline.log_formats`, default v2, or inferred)' },
  ],
  recognisedBy: 'S3 key `AWSLogs/<acct>/vpcflowlogs/` or log group `*vpc*flow*` (+ `pipeline.log_formats`), else a default-format line ending OK/NODATA/SKIPDATA',
  fields: ['version', 'account_id', 'interface_id', 'src_addr', 'dst_addr', 'src_port', 'dst_port', 'protocol', 'protocol_name', 'packets', 'bytes', 'start', 'end', 'action', 'log_status', 'vpc_id', 'subnet_id', 'instance_id', 'tcp_flags', 'type', 'pkt_src_addr', 'pkt_dst_addr', 'region', 'az_id', 'sublocation_type', 'sublocation_id', 'pkt_src_aws_service', 'pkt_dst_aws_service', 'flow_direction', 'traffic_path', 'ecs_*', 'reject_reason', 'format_inferred'],
  commonFields: ['source.ip', 'source.port', 'destination.ip', 'destination.port', 'network.transport', 'network.bytes', 'network.packets', 'event.action', 'event.type', 'cloud.region'],
  context: flowLogContext,
  matches(record, ctx) {
    const text = recordText(record);
    if (text === undefined || text.trimStart().startsWith('{')) return false;
    if (flowLogContext(ctx) === 'maybe' || ctx.declared?.type === 'vpcflow') return true;
    return DEFAULT_LINE.test(text) && LOG_STATUS_END.test(text);
  },
  parse(record, ctx) {
    const text = recordText(record);
    if (text === undefined) return failed('vpcflow: record has no text');
    return parseFlowRecord('vpcflow', text, flowFormat(record, ctx, 'vpcflow'));
  },
  normalize(p, ctx) {
    const f = p.fields;
    const action = str(f.action);
    const logStatus = str(f.log_status);
    const severity: Severity = action === 'REJECT' || logStatus === 'SKIPDATA' ? 'LOW' : 'INFO';
    const iface = str(f.interface_id);
    const title =
      action === undefined
        ? `VPC flow log ${logStatus ?? 'record'} on ${iface ?? 'unknown interface'}`
        : `${action} ${str(f.protocol_name) ?? str(f.protocol) ?? ''} ${endpoint(f.src_addr, f.src_port)} -> ${endpoint(f.dst_addr, f.dst_port)}`;
    const assetId = iface ?? str(f.instance_id) ?? str(f.subnet_id) ?? str(f.vpc_id);
    const key = keyAccountRegion(ctx.record.meta);
    return buildEvent('vpcflow', p, ctx, {
      severity,
      title,
      resource: { cloud: 'aws', account: str(f.account_id) ?? key.account, region: str(f.region) ?? key.region ?? ctx.record.meta.region, service: 'vpc', name: assetId, id: assetId },
      asset: assetId,
      attributes: [f, flowCommonFields(f)],
    });
  },
};
