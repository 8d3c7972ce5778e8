import { at, epochTime, failed, int, recordObject, str, type LogType, type ParsedRecord } from '../module-kit.js';
import { azureTime, resourceLogRouting } from './diagnostic.js';
import { FLOW_COMMON_FIELDS, flowNormalizer, parseFlowTuple } from './flow-tuple.js';

const CATEGORIES = ['FlowLogFlowEvent'];

/**
 * VNet flow logs (v4): `flowRecords.flows[]` (per ACL) → `flowGroups[]` (per rule) →
 * `flowTuples[]`. One event per tuple (its own ms time); the VNet / subnet / NIC the flow log
 * targets is the resource, the rule `rule.name`; state D = denied.
 */
export const vnetFlow: LogType = {
  type: 'vnet_flow',
  cloud: 'azure',
  title: 'Azure VNet flow log (v4): one event per flow tuple',
  ...resourceLogRouting(CATEGORIES),
  recognisedBy: 'category `FlowLogFlowEvent`',
  fields: ['rule', 'acl_id', 'src_ip', 'dst_ip', 'src_port', 'dst_port', 'protocol', 'direction', 'decision', 'flow_state', 'encryption', 'packets_src_to_dst', 'bytes_src_to_dst', 'target_resource_id', 'flow_log_resource_id'],
  commonFields: FLOW_COMMON_FIELDS,
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`vnet_flow: ${json.reason}`);
    const e = json.value;
    const acls = at(e, 'flowRecords', 'flows');
    if (!Array.isArray(acls)) return failed('vnet_flow: flowRecords.flows is required');
    const common = {
      category: str(e.category),
      resource_id: str(e.targetResourceID) ?? str(e.resourceId),
      target_resource_id: str(e.targetResourceID),
      flow_log_resource_id: str(e.flowLogResourceID),
      flow_log_guid: str(e.flowLogGUID),
      mac: str(e.macAddress),
      flow_log_version: int(e.flowLogVersion),
    };
    const parts: NonNullable<ParsedRecord['parts']> = [];
    for (const [a, acl] of acls.entries()) {
      const aclId = str(at(acl, 'aclID'));
      const groups = at(acl, 'flowGroups');
      if (!Array.isArray(groups)) return failed(`vnet_flow: flowRecords.flows[${a}].flowGroups is not a list`);
      for (const [g, group] of groups.entries()) {
        const rule = str(at(group, 'rule'));
        const tuples = at(group, 'flowTuples');
        if (!Array.isArray(tuples)) return failed(`vnet_flow: flowRecords.flows[${a}].flowGroups[${g}].flowTuples is not a list`);
        for (const [t, tuple] of tuples.entries()) {
          const read = parseFlowTuple(tuple, 'vnet');
          if (!read.ok) return failed(`vnet_flow: flowRecords.flows[${a}].flowGroups[${g}].flowTuples[${t}] ${read.reason}`);
          parts.push({
            sourceType: 'vnet_flow',
            fields: { ...common, acl_id: aclId, rule, ...read.fields },
            time: epochTime(read.epoch, read.unit) ?? String(read.epoch),
            raw: { targetResourceID: common.target_resource_id, aclID: aclId, rule, flowTuple: tuple },
          });
        }
      }
    }
    return { ok: true, parsed: { sourceType: 'vnet_flow', fields: common, time: azureTime(e), parts } };
  },
  normalize: flowNormalizer('vnet_flow', 'VNet'),
};
