import { at, buildEvent, commonFields, decisionFields, failed, flatten, int, isPlainObject, maxSeverity, parsed, recordObject, str, transportOf, upper, type JsonObject, type LogType, type ParseResult, type RawRecord } from '../module-kit.js';
import { entryFields, entryTime, gcpResource, pubsubContext, resourceLabels } from './log-entry.js';

const VPC_FLOWS = 'compute.googleapis.com/vpc_flows';
/** VPC Flow Logs configured through the Network Management API write under this log id. */
const VPC_FLOWS_NM = 'networkmanagement.googleapis.com/vpc_flows';
const FIREWALL = 'compute.googleapis.com/firewall';
const NLB_FLOWS = 'loadbalancing.googleapis.com/flows';

/** IANA number (as a number or digit text) or name → transport. */
function transport(protocol: unknown): string | undefined {
  return transportOf(typeof protocol === 'string' && /^\d+$/.test(protocol) ? Number(protocol) : protocol);
}

function end(ip: unknown, port: unknown): string {
  return `${str(ip) ?? '?'}${typeof port === 'number' ? `:${port}` : ''}`;
}

/** Nested objects of the payload that describe the two ends (instances, VPCs, locations), flattened. */
function ends(p: JsonObject, keys: readonly string[]): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const key of keys) if (isPlainObject(p[key])) nested[key] = p[key];
  return flatten(nested);
}

/** A flow-like entry: the LogEntry, its jsonPayload and its `connection` 5-tuple are all required. */
function parseConnectionEntry(type: string, record: RawRecord, read: (e: JsonObject, p: JsonObject, c: JsonObject) => Record<string, unknown>): ParseResult {
  const json = recordObject(record);
  if (!json.ok) return failed(`${type}: ${json.reason}`);
  const e = json.value;
  const p = e.jsonPayload;
  if (!isPlainObject(p)) return failed(`${type}: jsonPayload is required`);
  const c = p.connection;
  if (!isPlainObject(c)) return failed(`${type}: jsonPayload.connection is required`);
  return parsed(type, read(e, p, c), entryTime(e));
}

function subnetAsset(f: Readonly<Record<string, unknown>>, labels: Readonly<Record<string, unknown>>): string | undefined {
  const project = str(f.project_id);
  const subnet = str(labels.subnetwork_name);
  const region = str(f.location);
  return project && subnet && region ? `//compute.googleapis.com/projects/${project}/regions/${region}/subnetworks/${subnet}` : undefined;
}

/** VPC Flow Logs: sampled 5-tuples of a subnet, reported by the source or destination VM. */
export const gcpVpcflow: LogType = {
  type: 'gcp_vpcflow',
  cloud: 'gcp',
  title: 'GCP VPC flow log',
  delivery: [{ trigger: 'pubsub', pattern: `LogEntry log id \`${VPC_FLOWS}\` (resource.type \`gce_subnetwork\`)` }],
  recognisedBy: `LogEntry log id \`${VPC_FLOWS}\` or \`${VPC_FLOWS_NM}\``,
  fields: ['src_ip', 'src_port', 'dest_ip', 'dest_port', 'protocol', 'reporter', 'bytes_sent', 'packets_sent', 'rtt_msec', 'start_time', 'end_time', 'src_instance.*', 'dest_instance.*', 'src_vpc.*', 'dest_vpc.*'],
  commonFields: ['source.ip', 'source.port', 'destination.ip', 'destination.port', 'network.transport', 'network.bytes', 'network.packets'],
  recordKeys: [`log:${VPC_FLOWS}`, `log:${VPC_FLOWS_NM}`],
  context: pubsubContext,
  matches: () => false,
  parse: (record) =>
    parseConnectionEntry('gcp_vpcflow', record, (e, p, c) => {
      const labels = resourceLabels(e);
      return {
        ...entryFields(e),
        subnetwork_name: str(labels.subnetwork_name),
        src_ip: str(c.src_ip),
        src_port: int(c.src_port),
        dest_ip: str(c.dest_ip),
        dest_port: int(c.dest_port),
        protocol: int(c.protocol) ?? str(c.protocol),
        reporter: str(p.reporter),
        bytes_sent: int(p.bytes_sent),
        packets_sent: int(p.packets_sent),
        rtt_msec: int(p.rtt_msec),
        start_time: str(p.start_time),
        end_time: str(p.end_time),
        ...ends(p, ['src_instance', 'dest_instance', 'src_vpc', 'dest_vpc', 'src_location', 'dest_location', 'src_gke_details', 'dest_gke_details', 'network_service']),
      };
    }),
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const asset = subnetAsset(f, { subnetwork_name: f.subnetwork_name });
    return buildEvent('gcp_vpcflow', parsedRecord, ctx, {
      severity: 'INFO',
      title: `VPC flow ${transport(f.protocol) ?? ''} ${end(f.src_ip, f.src_port)} -> ${end(f.dest_ip, f.dest_port)}${str(f.reporter) === undefined ? '' : ` (reported by ${str(f.reporter)}`}${typeof f.bytes_sent === 'number' ? `, ${f.bytes_sent} bytes)` : str(f.reporter) === undefined ? '' : ')'}`,
      resource: gcpResource(f, 'compute.googleapis.com', str(f.subnetwork_name), asset),
      asset,
      attributes: [f, commonFields({
          'source.ip': f.src_ip,
          'source.port': f.src_port,
          'destination.ip': f.dest_ip,
          'destination.port': f.dest_port,
          'network.transport': transport(f.protocol),
          'network.bytes': f.bytes_sent,
          'network.packets': f.packets_sent,
        })],
    });
  },
};

/** Firewall Rules Logging: one entry per connection a logged VPC firewall rule allowed or denied. DENIED → LOW. */
export const gcpFirewall: LogType = {
  type: 'gcp_firewall',
  cloud: 'gcp',
  title: 'GCP VPC firewall rules log',
  delivery: [{ trigger: 'pubsub', pattern: `LogEntry log id \`${FIREWALL}\` (resource.type \`gce_subnetwork\`)` }],
  recognisedBy: `LogEntry log id \`${FIREWALL}\``,
  fields: ['disposition', 'rule_reference', 'rule_action', 'rule_direction', 'rule_priority', 'src_ip', 'src_port', 'dest_ip', 'dest_port', 'protocol', 'instance.*', 'vpc.*', 'remote_instance.*', 'rule_details.*'],
  commonFields: ['source.ip', 'source.port', 'destination.ip', 'destination.port', 'network.transport', 'event.action', 'event.type', 'rule.name'],
  recordKeys: [`log:${FIREWALL}`],
  context: pubsubContext,
  matches: () => false,
  parse: (record) =>
    parseConnectionEntry('gcp_firewall', record, (e, p, c) => {
      const rule = at(p, 'rule_details');
      return {
        ...entryFields(e),
        disposition: upper(at(p, 'disposition')),
        rule_reference: str(at(rule, 'reference')),
        rule_action: upper(at(rule, 'action')),
        rule_direction: upper(at(rule, 'direction')),
        rule_priority: int(at(rule, 'priority')),
        src_ip: str(c.src_ip),
        src_port: int(c.src_port),
        dest_ip: str(c.dest_ip),
        dest_port: int(c.dest_port),
        protocol: int(c.protocol) ?? str(c.protocol),
        ...ends(p, ['instance', 'vpc', 'remote_instance', 'remote_vpc', 'remote_location', 'rule_details']),
      };
    }),
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const disposition = str(f.disposition);
    const rule = str(f.rule_reference);
    const project = str(f.project_id);
    const firewallName = rule === undefined ? undefined : /firewall:([^/]+)$/.exec(rule)?.[1];
    const asset = project && firewallName ? `//compute.googleapis.com/projects/${project}/global/firewalls/${firewallName}` : undefined;
    return buildEvent('gcp_firewall', parsedRecord, ctx, {
      severity: maxSeverity(disposition === 'DENIED' ? 'LOW' : undefined),
      title: `GCP firewall ${disposition ?? 'verdict'} ${transport(f.protocol) ?? ''} ${end(f.src_ip, f.src_port)} -> ${end(f.dest_ip, f.dest_port)} ${str(f.rule_direction) ?? ''}${rule === undefined ? '' : ` (rule ${rule})`}`,
      resource: gcpResource(f, 'compute.googleapis.com', firewallName, asset),
      asset,
      attributes: [f, commonFields({
          'source.ip': f.src_ip,
          'source.port': f.src_port,
          'destination.ip': f.dest_ip,
          'destination.port': f.dest_port,
          'network.transport': transport(f.protocol),
          'rule.name': rule,
        }), decisionFields(disposition)],
    });
  },
};

/** Passthrough Network Load Balancer flow logs (external and internal): one entry per sampled connection. */
export const gcpNlbFlow: LogType = {
  type: 'gcp_nlb_flow',
  cloud: 'gcp',
  title: 'GCP passthrough Network Load Balancer flow log',
  delivery: [{ trigger: 'pubsub', pattern: `LogEntry log id \`${NLB_FLOWS}\` (resource.type \`loadbalancing.googleapis.com/{External,Internal}NetworkLoadBalancerRule\`)` }],
  recognisedBy: `LogEntry log id \`${NLB_FLOWS}\``,
  fields: ['client_ip', 'client_port', 'server_ip', 'server_port', 'protocol', 'bytes_sent', 'bytes_received', 'packets_sent', 'packets_received', 'rtt_ms', 'start_time', 'end_time', 'forwarding_rule', 'backend_service'],
  commonFields: ['source.ip', 'source.port', 'destination.ip', 'destination.port', 'network.transport', 'network.bytes', 'network.packets'],
  recordKeys: [`log:${NLB_FLOWS}`],
  context: pubsubContext,
  matches: () => false,
  parse: (record) =>
    parseConnectionEntry('gcp_nlb_flow', record, (e, p, c) => {
      const labels = resourceLabels(e);
      return {
        ...entryFields(e),
        client_ip: str(c.clientIp),
        client_port: int(c.clientPort),
        server_ip: str(c.serverIp),
        server_port: int(c.serverPort),
        protocol: int(c.protocol) ?? str(c.protocol),
        bytes_sent: int(p.bytesSent),
        bytes_received: int(p.bytesReceived),
        packets_sent: int(p.packetsSent),
        packets_received: int(p.packetsReceived),
        rtt: str(p.rtt),
        start_time: str(p.startTime),
        end_time: str(p.endTime),
        forwarding_rule: str(labels.forwarding_rule_name),
        backend_service: str(labels.backend_service_name),
        backend_group: str(labels.backend_group_name),
        backend_network: str(labels.backend_network_name),
      };
    }),
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const project = str(f.project_id);
    const rule = str(f.forwarding_rule);
    const region = str(f.location);
    const asset = project && rule && region ? `//compute.googleapis.com/projects/${project}/regions/${region}/forwardingRules/${rule}` : undefined;
    const total = (a: unknown, b: unknown) => (typeof a === 'number' || typeof b === 'number' ? (typeof a === 'number' ? a : 0) + (typeof b === 'number' ? b : 0) : undefined);
    return buildEvent('gcp_nlb_flow', parsedRecord, ctx, {
      severity: 'INFO',
      title: `NLB flow ${transport(f.protocol) ?? ''} ${end(f.client_ip, f.client_port)} -> ${end(f.server_ip, f.server_port)}${rule === undefined ? '' : ` via ${rule}`}`,
      resource: gcpResource(f, 'loadbalancing.googleapis.com', rule, asset),
      asset,
      attributes: [f, commonFields({
          'source.ip': f.client_ip,
          'source.port': f.client_port,
          'destination.ip': f.server_ip,
          'destination.port': f.server_port,
          'network.transport': transport(f.protocol),
          'network.bytes': total(f.bytes_sent, f.bytes_received),
          'network.packets': total(f.packets_sent, f.packets_received),
        })],
    });
  },
};
