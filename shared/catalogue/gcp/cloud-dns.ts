import { at, bool, buildEvent, commonFields, failed, int, isPlainObject, maxSeverity, num, parsed, recordObject, str, upper, type LogType } from '../module-kit.js';
import { entryFields, entryTime, gcpResource, pubsubContext } from './log-entry.js';

const LOG_ID = 'dns.googleapis.com/dns_queries';
const MAX_ANSWERS = 32;

/** `rdata`: one answer per line, `name<TAB>ttl<TAB>IN<TAB>type<TAB>data` → the data column (a truncated last line is dropped). */
export function dnsAnswers(rdata: string | undefined): string[] | undefined {
  if (rdata === undefined) return undefined;
  const out: string[] = [];
  for (const line of rdata.split('\n')) {
    const cols = line.split('\t');
    const data = cols.length >= 5 ? cols.slice(4).join('\t').trim() : undefined;
    if (data !== undefined && data !== '' && !data.endsWith('...')) out.push(data);
    if (out.length >= MAX_ANSWERS) break;
  }
  return out.length === 0 ? undefined : out;
}

/** Cloud DNS query logs (private zones, forwarding, response policies): one entry per query. SERVFAIL/REFUSED → LOW. */
export const cloudDns: LogType = {
  type: 'cloud_dns',
  cloud: 'gcp',
  title: 'GCP Cloud DNS query log',
  delivery: [{ trigger: 'pubsub', pattern: `LogEntry log id \`${LOG_ID}\` (resource.type \`dns_query\`)` }],
  recognisedBy: `LogEntry log id \`${LOG_ID}\``,
  fields: ['query_name', 'query_type', 'response_code', 'rdata', 'source_ip', 'source_network', 'protocol', 'auth_answer', 'server_latency', 'vm_instance_name', 'vm_project_id', 'target_type', 'egress_error'],
  commonFields: ['dns.question.name', 'dns.question.type', 'dns.answers', 'dns.response_code', 'source.ip', 'network.transport'],
  recordKeys: [`log:${LOG_ID}`],
  context: pubsubContext,
  matches: () => false,
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`cloud_dns: ${json.reason}`);
    const e = json.value;
    const p = e.jsonPayload;
    if (!isPlainObject(p)) return failed('cloud_dns: jsonPayload is required');
    const queryName = str(p.queryName);
    if (queryName === undefined) return failed('cloud_dns: jsonPayload.queryName is required');
    return parsed(
      'cloud_dns',
      {
        ...entryFields(e),
        query_name: queryName,
        query_type: upper(p.queryType),
        response_code: upper(p.responseCode),
        rdata: str(p.rdata),
        source_ip: str(p.sourceIP),
        destination_ip: str(p.destinationIP),
        source_network: str(p.sourceNetwork),
        protocol: str(p.protocol),
        auth_answer: bool(p.authAnswer),
        dns64_translated: bool(p.dns64Translated),
        server_latency: num(p.serverLatency),
        vm_instance_name: str(p.vmInstanceName),
        vm_instance_id: str(p.vmInstanceIdString) ?? str(p.vmInstanceId),
        vm_project_id: str(p.vmProjectId),
        vm_zone: str(p.vmZoneName),
        alias_query_response_code: upper(p.aliasQueryResponseCode),
        egress_error: str(p.egressError),
        target_type: str(at(e, 'resource', 'labels', 'target_type')),
        target_name: str(at(e, 'resource', 'labels', 'target_name')),
      },
      entryTime(e),
    );
  },
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const rcode = str(f.response_code);
    const answers = dnsAnswers(str(f.rdata));
    return buildEvent('cloud_dns', parsedRecord, ctx, {
      severity: maxSeverity(rcode === 'SERVFAIL' || rcode === 'REFUSED' ? 'LOW' : undefined, int(f.server_latency) !== undefined && str(f.egress_error) !== undefined ? 'LOW' : undefined),
      title: `DNS ${str(f.query_type) ?? ''} ${str(f.query_name) ?? ''} → ${rcode ?? '?'}${answers === undefined ? '' : ` (${answers.length} answer${answers.length === 1 ? '' : 's'})`}${str(f.vm_instance_name) === undefined ? '' : ` from ${str(f.vm_instance_name)}`}`,
      resource: gcpResource(f, 'dns.googleapis.com', str(f.source_network), undefined),
      asset: str(f.project_id) === undefined || str(f.source_network) === undefined ? undefined : `//compute.googleapis.com/projects/${str(f.project_id)}/global/networks/${str(f.source_network)}`,
      attributes: [f, commonFields({
          'dns.question.name': f.query_name,
          'dns.question.type': f.query_type,
          'dns.answers': answers,
          'dns.response_code': rcode,
          'source.ip': f.source_ip,
          'network.transport': str(f.protocol)?.toLowerCase(),
        })],
    });
  },
};
