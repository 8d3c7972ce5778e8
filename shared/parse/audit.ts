import type { RawRecord } from '../decode/types.js';
import type { ParseResult, Parser } from './types.js';
import { isPlainObject, mentionsKeys, recordObject, recordText } from './json-input.js';
import { at, failed, int, parsed, str, upper } from './field-read.js';

const AUDIT_TYPE = 'type.googleapis.com/google.cloud.audit.AuditLog';

/** `projects/p/logs/cloudaudit.googleapis.com%2Fdata_access` → project `p`, log type `data_access`. */
export function parseLogName(logName: string | undefined): { project?: string; logId?: string } {
  const m = logName === undefined ? null : /^(?:projects|organizations|folders|billingAccounts)\/([^/]+)\/logs\/(.+)$/.exec(logName);
  if (!m) return {};
  let logId = m[2]!;
  try {
    logId = decodeURIComponent(logId);
  } catch {
    // keep the encoded form
  }
  return logName!.startsWith('projects/') ? { project: m[1], logId } : { logId };
}

function firstAuthorization(info: unknown): { permission?: string; granted?: boolean } {
  if (!Array.isArray(info) || info.length === 0) return {};
  const first: unknown = info[0];
  const granted = at(first, 'granted');
  return { permission: str(at(first, 'permission')), granted: typeof granted === 'boolean' ? granted : undefined };
}

/** A GCP Cloud Audit Logs LogEntry (protoPayload of type AuditLog), e.g. from a Pub/Sub log sink. */
export const audit: Parser = {
  type: 'audit',
  matches(record: RawRecord, hint: string | undefined): boolean {
    if (!mentionsKeys(record, ['protoPayload'])) return false;
    if (hint === 'audit') return true;
    if (isPlainObject(record.value)) return at(record.value, 'protoPayload', '@type') === AUDIT_TYPE;
    return (recordText(record) ?? '').includes('google.cloud.audit.AuditLog');
  },
  parse(record: RawRecord): ParseResult {
    const json = recordObject(record);
    if (!json.ok) return failed(`audit: ${json.reason}`);
    const e = json.value;
    const p = e.protoPayload;
    if (!isPlainObject(p)) return failed('audit: protoPayload is required');
    const { project, logId } = parseLogName(str(e.logName));
    const authz = firstAuthorization(p.authorizationInfo);
    const labels = at(e, 'resource', 'labels');
    return parsed(
      'audit',
      {
        method_name: str(p.methodName),
        service_name: str(p.serviceName),
        resource_name: str(p.resourceName),
        principal_email: str(at(p, 'authenticationInfo', 'principalEmail')),
        principal_subject: str(at(p, 'authenticationInfo', 'principalSubject')),
        caller_ip: str(at(p, 'requestMetadata', 'callerIp')),
        user_agent: str(at(p, 'requestMetadata', 'callerSuppliedUserAgent')),
        status_code: int(at(p, 'status', 'code')) ?? 0,
        status_message: str(at(p, 'status', 'message')),
        permission: authz.permission,
        granted: authz.granted,
        resource_type: str(at(e, 'resource', 'type')),
        project_id: str(at(labels, 'project_id')) ?? project,
        location: str(at(labels, 'location')) ?? str(at(labels, 'zone')) ?? str(at(labels, 'region')),
        log_name: str(e.logName),
        log_type: logId?.startsWith('cloudaudit.googleapis.com/') ? logId.slice('cloudaudit.googleapis.com/'.length) : logId,
        gcp_severity: upper(e.severity),
        insert_id: str(e.insertId),
      },
      e.timestamp ?? e.receiveTimestamp,
    );
  },
};
