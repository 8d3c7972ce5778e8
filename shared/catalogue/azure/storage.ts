import { at, buildEvent, commonFields, failed, httpStatusSeverity, int, maxSeverity, num, parsed, recordObject, str, type LogType } from '../module-kit.js';
import { azureResource, azureTime, propertiesOf, resourceLogRouting } from './diagnostic.js';
import { splitEndpoint } from './firewall-message.js';
import { splitRequestUri } from './http-request.js';

const CATEGORIES = ['StorageRead', 'StorageWrite', 'StorageDelete'];
const DENIED = /AuthorizationFailure|AuthenticationFailure|AuthorizationPermissionMismatch|Forbidden|SASAuthorizationError|NetworkAuthorizationError/i;

/** Azure Storage resource logs (blob, file, queue, table): one record per request. */
export const storage: LogType = {
  type: 'azure_storage',
  cloud: 'azure',
  title: 'Azure Storage resource log (StorageRead/StorageWrite/StorageDelete)',
  ...resourceLogRouting(CATEGORIES),
  recognisedBy: 'category `StorageRead` / `StorageWrite` / `StorageDelete`',
  fields: ['operation_name', 'status_code', 'status_text', 'caller_ip', 'auth_type', 'requester_upn', 'account_name', 'service_type', 'object_key', 'uri', 'duration_ms', 'server_latency_ms'],
  commonFields: ['event.action', 'event.outcome', 'source.ip', 'source.port', 'user.name', 'http.response.status_code', 'url.path', 'url.domain', 'user_agent.original', 'latency_ms'],
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`azure_storage: ${json.reason}`);
    const e = json.value;
    const operation = str(e.operationName);
    if (operation === undefined) return failed('azure_storage: operationName is required');
    const p = propertiesOf(e);
    const caller = str(e.callerIpAddress);
    const callerEndpoint = caller === undefined ? undefined : splitEndpoint(caller);
    return parsed(
      'azure_storage',
      {
        category: str(e.category),
        operation_name: operation,
        status_code: int(e.statusCode),
        status_text: str(e.statusText),
        duration_ms: num(e.durationMs),
        caller_ip: callerEndpoint?.host,
        caller_port: callerEndpoint?.port,
        correlation_id: str(e.correlationId),
        auth_type: str(at(e.identity, 'type')),
        requester_upn: str(at(e.identity, 'requester', 'upn')),
        requester_app_id: str(at(e.identity, 'requester', 'appId')),
        requester_object_id: str(at(e.identity, 'requester', 'objectId')),
        location: str(e.location),
        uri: str(e.uri),
        protocol: str(e.protocol),
        resource_type: str(e.resourceType),
        account_name: str(at(p, 'accountName')),
        service_type: str(at(p, 'serviceType')),
        object_key: str(at(p, 'objectKey')),
        user_agent: str(at(p, 'userAgentHeader')),
        server_latency_ms: num(at(p, 'serverLatencyMs')),
        response_body_size: int(at(p, 'responseBodySize')),
        request_body_size: int(at(p, 'requestBodySize')),
        tls_version: str(at(p, 'tlsVersion')),
        resource_id: str(e.resourceId),
      },
      azureTime(e),
    );
  },
  /** Authorization / authentication failures → MEDIUM; 5xx → HIGH; other 4xx → LOW. */
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const status = int(f.status_code);
    const denied = DENIED.test(str(f.status_text) ?? '') || status === 403;
    const { resource, rid } = azureResource(f.resource_id);
    const { host, path } = splitRequestUri(str(f.uri));
    const operation = str(f.operation_name) ?? 'request';
    const ok = status !== undefined && status < 400;
    return buildEvent('azure_storage', parsedRecord, ctx, {
      severity: maxSeverity(httpStatusSeverity(status), denied ? 'MEDIUM' : undefined),
      title: `Storage ${operation} ${str(f.account_name) ?? rid?.name ?? ''}${str(f.object_key) === undefined ? '' : ` ${str(f.object_key)}`} ${status ?? ''} ${str(f.status_text) ?? ''}`,
      resource,
      asset: rid?.id,
      attributes: [f, commonFields({
          'event.action': operation,
          'event.outcome': status === undefined ? undefined : ok ? 'success' : 'failure',
          'source.ip': f.caller_ip,
          'source.port': f.caller_port,
          'user.name': str(f.requester_upn) ?? str(f.requester_app_id),
          'http.response.status_code': status,
          'url.path': path,
          'url.domain': host,
          'user_agent.original': f.user_agent,
          latency_ms: f.duration_ms,
        })],
    });
  },
};
