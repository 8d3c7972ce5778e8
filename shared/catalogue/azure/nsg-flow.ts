import { at, epochTime, failed, int, recordObject, str, type LogType, type ParsedRecord } from '../module-kit.js';
import { azureTime, propertiesOf, resourceLogRouting } from './diagnostic.js';
import { FLOW_COMMON_FIELDS, flowNormalizer, parseFlowTuple } from './flow-tuple.js';

const CATEGORIES = ['NetworkSecurityGroupFlowEvent'];

/**
 * NSG flow logs (v1/v2): `properties.flows[].flows[].flowTuples[]`, grouped by rule and NIC MAC.
 * One event per tuple (the tuple's own time); the NSG is the resource, the rule `rule.name`.
 */
export const nsgFlow: LogType = {
  type: 'nsg_flow',
  cloud: 'azure',
  title: 'Azure NSG flow log (v1, v2): one event per flow tuple',
  ...resourceLogRouting(CATEGORIES),
  recognisedBy: 'category `NetworkSecurityGroupFlowEvent`',
  fields: ['rule', 'mac', 'src_ip', 'dst_ip', 'src_port', 'dst_port', 'protocol', 'direction', 'decision', 'flow_state', 'packets_src_to_dst', 'bytes_src_to_dst', 'packets_dst_to_src', 'bytes_dst_to_src', 'flow_log_version'],
  commonFields: FLOW_COMMON_FIELDS,
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`nsg_flow: ${json.reason}`);
    const e = json.value;
    const p = propertiesOf(e);
    const groups = at(p, 'flows');
    if (!Array.isArray(groups)) return failed('nsg_flow: properties.flows is required');
    const common = { category: str(e.category), resource_id: str(e.resourceId), system_id: str(e.systemId), flow_log_version: int(at(p, 'Version')) };
    const parts: NonNullable<ParsedRecord['parts']> = [];
    for (const [g, group] of groups.entries()) {
      const rule = str(at(group, 'rule'));
      const macs = at(group, 'flows');
      if (!Array.isArray(macs)) return failed(`nsg_flow: properties.flows[${g}].flows is not a list`);
      for (const [m, mac] of macs.entries()) {
        const tuples = at(mac, 'flowTuples');
        if (!Array.isArray(tuples)) return failed(`nsg_flow: properties.flows[${g}].flows[${m}].flowTuples is not a list`);
        for (const [t, tuple] of tuples.entries()) {
          const where = `properties.flows[${g}].flows[${m}].flowTuples[${t}]`;
          const read = parseFlowTuple(tuple, 'nsg');
          if (!read.ok) return failed(`nsg_flow: ${where} ${read.reason}`);
          const macAddress = str(at(mac, 'mac'));
          parts.push({
            sourceType: 'nsg_flow',
            fields: { ...common, rule, mac: macAddress, ...read.fields },
            time: epochTime(read.epoch, read.unit) ?? String(read.epoch),
            raw: { resourceId: common.resource_id, rule, mac: macAddress, flowTuple: tuple },
          });
        }
      }
    }
    return { ok: true, parsed: { sourceType: 'nsg_flow', fields: common, time: azureTime(e), parts } };
  },
  normalize: flowNormalizer('nsg_flow', 'NSG'),
};
