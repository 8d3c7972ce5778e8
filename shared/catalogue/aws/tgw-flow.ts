import { buildEvent, failed, recordText, str, type LogType } from '../module-kit.js';
import { keyAccountRegion } from './aws-logs-key.js';
import { parseFlowRecord } from './flow-fields.js';
import { endpoint, flowCommonFields, flowFormat, flowLogContext } from './vpcflow.js';

const HAS_TGW = / tgw-[0-9a-f]+ /;

export const tgw_flow: LogType = {
  type: 'tgw_flow',
  cloud: 'aws',
  title: 'Transit Gateway flow log',
  delivery: [
    { trigger: 's3', pattern: 'AWSLogs/<acct>/vpcflowlogs/<region>/YYYY/MM/DD/…_vpcflowlogs_<region>_tgw-attach-…log.gz (header with tgw-id)' },
    { trigger: 'cloudwatch', pattern: 'log group named `*tgw*flow*` / `*transit*flow*` (format declared in `pipeline.log_formats`, or inferred)' },
  ],
  recognisedBy: 'flow log delivery whose header (or declared format) names `tgw-id`, else a line holding a `tgw-…` id',
  fields: ['version', 'account_id', 'tgw_id', 'tgw_attachment_id', 'tgw_src_vpc_id', 'tgw_dst_vpc_id', 'tgw_src_subnet_id', 'tgw_dst_subnet_id', 'tgw_src_eni', 'tgw_dst_eni', 'tgw_src_az_id', 'tgw_dst_az_id', 'tgw_pair_attachment_id', 'src_addr', 'dst_addr', 'src_port', 'dst_port', 'protocol', 'packets', 'bytes', 'packets_lost_no_route', 'packets_lost_blackhole', 'packets_lost_mtu_exceeded', 'packets_lost_ttl_expired', 'start', 'end', 'log_status', 'type', 'tcp_flags', 'flow_direction', 'region'],
  commonFields: ['source.ip', 'source.port', 'destination.ip', 'destination.port', 'network.transport', 'network.bytes', 'network.packets', 'cloud.region'],
  context: flowLogContext,
  matches(record, ctx) {
    const format = flowFormat(record, ctx, 'tgw_flow');
    if (format !== undefined) return /(?:^|[\s{])tgw-id(?:[\s}]|$)/.test(format);
    if (ctx.declared?.type === 'tgw_flow') return true;
    const text = recordText(record);
    return text !== undefined && HAS_TGW.test(text);
  },
  parse(record, ctx) {
    const text = recordText(record);
    if (text === undefined) return failed('tgw_flow: record has no text');
    return parseFlowRecord('tgw_flow', text, flowFormat(record, ctx, 'tgw_flow'));
  },
  normalize(p, ctx) {
    const f = p.fields;
    const lost = ['packets_lost_no_route', 'packets_lost_blackhole', 'packets_lost_mtu_exceeded', 'packets_lost_ttl_expired'].reduce((n, k) => n + (typeof f[k] === 'number' ? (f[k] as number) : 0), 0);
    const attachment = str(f.tgw_attachment_id);
    const tgw = str(f.tgw_id);
    const key = keyAccountRegion(ctx.record.meta);
    const status = str(f.log_status);
    const title =
      f.src_addr === undefined
        ? `Transit Gateway flow log ${status ?? 'record'} on ${attachment ?? tgw ?? '?'}`
        : `TGW ${attachment ?? tgw ?? '?'} ${str(f.protocol_name) ?? str(f.protocol) ?? ''} ${endpoint(f.src_addr, f.src_port)} -> ${endpoint(f.dst_addr, f.dst_port)}${lost > 0 ? ` (${lost} packets lost)` : ''}`;
    return buildEvent('tgw_flow', p, ctx, {
      severity: lost > 0 ? 'LOW' : 'INFO',
      title,
      resource: { cloud: 'aws', account: str(f.account_id) ?? key.account, region: str(f.region) ?? key.region, service: 'transit-gateway', name: attachment ?? tgw, id: tgw },
      asset: attachment ?? tgw,
      attributes: [f, { packets_lost: lost }, flowCommonFields(f)],
    });
  },
};
