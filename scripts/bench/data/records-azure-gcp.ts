import type { Prng } from '../prng.js';

/** Record factories for Azure diagnostic settings exports (Activity log) and GCP LogEntries (audit, HTTP LB). */

const SUBSCRIPTION = '0f1e2d3c-4b5a-4697-8877-665544332211';
const TENANT = 'aa11bb22-cc33-4d44-8e55-ff6677889900';
const OPERATIONS = [
  'MICROSOFT.KEYVAULT/VAULTS/WRITE',
  'MICROSOFT.COMPUTE/VIRTUALMACHINES/START/ACTION',
  'MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION',
  'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE',
  'MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE',
  'MICROSOFT.WEB/SITES/CONFIG/WRITE',
];

/** Azure's seven-digit fraction time. */
function azureTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(ms % 1000).padStart(3, '0')}0000Z`;
}

/** An Activity log record as diagnostic settings export it, ~0.9–1.2 KB. */
export function azureActivityRecord(rng: Prng, timeMs: number): Record<string, unknown> {
  const operation = rng.pick(OPERATIONS);
  const group = rng.pick(['RG-PROD', 'RG-DATA', 'RG-EDGE']);
  const name = `${operation.split('/')[1]}-${rng.alnum(6)}`.toUpperCase();
  const resourceId = `/SUBSCRIPTIONS/${SUBSCRIPTION.toUpperCase()}/RESOURCEGROUPS/${group}/PROVIDERS/${operation.split('/').slice(0, 2).join('/')}/${name}`;
  const ip = rng.ip();
  const upn = rng.email();
  const failed = rng.chance(0.1);
  return {
    time: azureTime(timeMs),
    resourceId,
    operationName: operation,
    category: 'Administrative',
    resultType: failed ? 'Failure' : 'Success',
    resultSignature: failed ? 'Failed.Forbidden' : 'Succeeded.OK',
    durationMs: String(rng.int(20, 4000)),
    callerIpAddress: ip,
    correlationId: rng.uuid(),
    identity: {
      authorization: {
        action: operation,
        evidence: { role: rng.pick(['Contributor', 'Owner', 'Reader']), principalType: 'User' },
      },
      claims: {
        aud: 'https://management.core.windows.net/',
        iss: `https://sts.windows.net/${TENANT}/`,
        name: upn.split('@')[0],
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': upn,
        ipaddr: ip,
        appid: rng.uuid(),
      },
    },
    level: failed ? 'Error' : 'Information',
    location: 'global',
    properties: {
      statusCode: failed ? 'Forbidden' : 'OK',
      eventCategory: 'Administrative',
      message: operation,
      ...(rng.chance(0.25) ? { requestbody: `{"properties":{"callbackUrl":"https://hooks.example.net/azure?sig=${rng.alnum(40)}","contact":"${rng.email()}"}}` } : {}),
      ...(failed ? { statusMessage: '{"error":{"code":"AuthorizationFailed","message":"The client does not have authorization to perform the action."}}' } : {}),
    },
  };
}

const PROJECT = 'bench-project-4711';
const METHODS = [
  ['storage.googleapis.com', 'storage.objects.get'],
  ['iam.googleapis.com', 'google.iam.admin.v1.CreateServiceAccountKey'],
  ['compute.googleapis.com', 'v1.compute.instances.insert'],
  ['cloudresourcemanager.googleapis.com', 'SetIamPolicy'],
  ['bigquery.googleapis.com', 'google.cloud.bigquery.v2.JobService.InsertJob'],
] as const;

/** A Cloud Audit Logs LogEntry, ~0.8–1.1 KB. */
function auditEntry(rng: Prng, timeMs: number): Record<string, unknown> {
  const [service, method] = rng.pick(METHODS);
  const email = rng.chance(0.3) ? `svc-${rng.alnum(6).toLowerCase()}@${PROJECT}.iam.gserviceaccount.com` : rng.email();
  const resourceName = `projects/_/buckets/prod-exports/objects/finance/${rng.alnum(10)}.csv`;
  const denied = rng.chance(0.08);
  const log = rng.chance(0.6) ? 'data_access' : 'activity';
  return {
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      status: denied ? { code: 7, message: 'PERMISSION_DENIED' } : {},
      authenticationInfo: { principalEmail: email, principalSubject: `user:${email}` },
      requestMetadata: {
        callerIp: rng.ip(),
        callerSuppliedUserAgent: 'google-cloud-sdk gcloud/497.0.0 command/gcloud.storage.cp,gzip(gfe)',
        requestAttributes: { time: new Date(timeMs - 200).toISOString(), auth: {} },
        destinationAttributes: {},
      },
      serviceName: service,
      methodName: method,
      authorizationInfo: [{ resource: resourceName, permission: method, granted: !denied, resourceAttributes: {} }],
      resourceName,
    },
    insertId: rng.alnum(12).toLowerCase(),
    resource: { type: 'gcs_bucket', labels: { project_id: PROJECT, bucket_name: 'prod-exports', location: 'europe-west4' } },
    timestamp: new Date(timeMs).toISOString(),
    severity: denied ? 'ERROR' : 'INFO',
    logName: `projects/${PROJECT}/logs/cloudaudit.googleapis.com%2F${log}`,
    receiveTimestamp: new Date(timeMs + 350).toISOString(),
  };
}

/** An external HTTP(S) load balancer request LogEntry, ~0.8–1 KB: URLs with tokens in the query. */
function httpLbEntry(rng: Prng, timeMs: number): Record<string, unknown> {
  const status = rng.pick([200, 200, 200, 201, 204, 301, 404, 502, 503]);
  const path = rng.pick(['/api/orders', '/api/login', '/oauth/callback', '/static/app.js', '/api/users/me']);
  const query = rng.chance(0.4) ? `?access_token=${rng.alnum(40)}&email=${encodeURIComponent(rng.email())}` : `?page=${rng.int(1, 40)}`;
  return {
    httpRequest: {
      requestMethod: rng.pick(['GET', 'GET', 'POST', 'PUT']),
      requestUrl: `https://shop.example.com${path}${query}`,
      requestSize: String(rng.int(200, 4000)),
      status,
      responseSize: String(rng.int(100, 90000)),
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      remoteIp: rng.ip(),
      serverIp: '10.128.0.17',
      referer: 'https://shop.example.com/',
      latency: `${(rng.int(2, 3000) / 1000).toFixed(3)}s`,
    },
    insertId: rng.alnum(14).toLowerCase(),
    jsonPayload: {
      '@type': 'type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry',
      statusDetails: status >= 500 ? 'backend_connection_closed_before_data_sent_to_client' : 'response_sent_by_backend',
    },
    resource: {
      type: 'http_load_balancer',
      labels: { project_id: PROJECT, forwarding_rule_name: 'shop-fr', url_map_name: 'shop-um', target_proxy_name: 'shop-proxy', backend_service_name: 'shop-be', zone: 'global' },
    },
    timestamp: new Date(timeMs).toISOString(),
    severity: status >= 500 ? 'ERROR' : status >= 400 ? 'WARNING' : 'INFO',
    logName: `projects/${PROJECT}/logs/requests`,
    trace: `projects/${PROJECT}/traces/${rng.hex(32)}`,
    receiveTimestamp: new Date(timeMs + 420).toISOString(),
  };
}

/** A LogEntry as a Cloud Logging sink publishes it: audit and load-balancer requests, half each. */
export function gcpLogEntry(rng: Prng, timeMs: number): Record<string, unknown> {
  return rng.chance(0.5) ? auditEntry(rng, timeMs) : httpLbEntry(rng, timeMs);
}
