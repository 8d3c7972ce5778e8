import type { Normalizer } from './types.js';
import type { Severity } from '../schema/index.js';
import { str } from '../parse/field-read.js';
import { buildEvent } from './build-event.js';

function endpoint(addr: unknown, port: unknown): string {
  const a = str(addr) ?? '?';
  return typeof port === 'number' ? `${a}:${port}` : a;
}

/** AWS VPC flow log record → event. REJECT → LOW, SKIPDATA → LOW, otherwise INFO. */
export const vpcflow: Normalizer = {
  sourceType: 'vpcflow',
  normalize(parsed, ctx) {
    const f = parsed.fields;
    const action = str(f.action);
    const logStatus = str(f.log_status);
    const severity: Severity = action === 'REJECT' || logStatus === 'SKIPDATA' ? 'LOW' : 'INFO';
    const iface = str(f.interface_id);
    const title =
      action === undefined
        ? `VPC flow log ${logStatus ?? 'record'} on ${iface ?? 'unknown interface'}`
        : `${action} ${str(f.protocol_name) ?? str(f.protocol) ?? ''} ${endpoint(f.src_addr, f.src_port)} -> ${endpoint(f.dst_addr, f.dst_port)}`;
    const assetId = iface ?? str(f.instance_id) ?? str(f.subnet_id) ?? str(f.vpc_id);
    return buildEvent('vpcflow', parsed, ctx, {
      severity,
      title,
      resource: { cloud: 'aws', account: str(f.account_id) ?? ctx.record.meta.owner, region: str(f.region) ?? ctx.record.meta.region, service: 'vpc', name: assetId, id: assetId },
      asset: assetId,
      attributes: { ...f },
    });
  },
};
