import { gzipSync } from 'node:zlib';

/** Small payloads in each trigger's wire shape, for the CLI tests (no secrets beyond documentation values). */
export function cloudWatchEvent(lines: string[]): unknown {
  const data = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/lambda/orders',
    logStream: '2026/11/21/[$LATEST]0123456789abcdef0123456789abcdef',
    subscriptionFilters: ['to-bridge'],
    logEvents: lines.map((message, i) => ({ id: `3795252681100${String(i).padStart(43, '0')}`, timestamp: Date.UTC(2026, 10, 21, 9, 0, i), message })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } };
}

export const LAMBDA_LINES = [
  'START RequestId: 0f1e2d3c-4b5a-4697-8877-665544332211 Version: $LATEST\n',
  '2026-11-21T09:00:01.000Z\t0f1e2d3c-4b5a-4697-8877-665544332211\tINFO\torder placed by someone@example.com\n',
  'END RequestId: 0f1e2d3c-4b5a-4697-8877-665544332211\n',
  'REPORT RequestId: 0f1e2d3c-4b5a-4697-8877-665544332211\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t\n',
];

export const ACTIVITY_RECORD = {
  time: '2026-11-21T09:10:00.1234567Z',
  resourceId: '/SUBSCRIPTIONS/0F1E2D3C-4B5A-4697-8877-665544332211/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.STORAGE/STORAGEACCOUNTS/SA1',
  operationName: 'MICROSOFT.STORAGE/STORAGEACCOUNTS/WRITE',
  category: 'Administrative',
  resultType: 'Success',
  callerIpAddress: '192.0.2.1',
  correlationId: '11111111-2222-4333-8444-555555555555',
  level: 'Information',
  properties: { statusCode: 'OK' },
};

export const FIREWALL_RECORD = {
  category: 'AzureFirewallNetworkRule',
  time: '2026-11-21T09:11:00.1234567Z',
  resourceId: '/SUBSCRIPTIONS/0F1E2D3C-4B5A-4697-8877-665544332211/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/AZUREFIREWALLS/FW1',
  operationName: 'AzureFirewallNetworkRuleLog',
  properties: { msg: 'TCP request from 192.0.2.3:51234 to 198.51.100.3:3389. Action: Deny. ' },
};

export function auditLogEntry(): Record<string, unknown> {
  return {
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      status: { code: 7, message: 'PERMISSION_DENIED' },
      authenticationInfo: { principalEmail: 'someone@example.com' },
      requestMetadata: { callerIp: '192.0.2.2' },
      serviceName: 'storage.googleapis.com',
      methodName: 'storage.buckets.delete',
      resourceName: 'projects/_/buckets/b1',
    },
    insertId: 'abc123',
    resource: { type: 'gcs_bucket', labels: { project_id: 'p1', bucket_name: 'b1' } },
    timestamp: '2026-11-21T09:20:00.123456Z',
    severity: 'ERROR',
    logName: 'projects/p1/logs/cloudaudit.googleapis.com%2Factivity',
  };
}

export function pubSubCloudEvent(entry: unknown, messageId = '1234567890'): Record<string, unknown> {
  const message = { data: Buffer.from(JSON.stringify(entry)).toString('base64'), messageId, publishTime: '2026-11-21T09:20:01.000Z', attributes: {} };
  return {
    specversion: '1.0',
    id: messageId,
    source: '//pubsub.googleapis.com/projects/p1/topics/t1',
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    datacontenttype: 'application/json',
    time: '2026-11-21T09:20:01.000Z',
    data: { message, subscription: 'projects/p1/subscriptions/s1' },
  };
}

export const APP_NDJSON = [
  { ts: '2026-11-21T09:30:00.000Z', level: 'info', msg: 'order created', user: 'someone@example.com', latency_ms: 12 },
  { ts: '2026-11-21T09:30:01.000Z', level: 'error', msg: 'upstream failed', latency_ms: 900, status: 502 },
  { ts: '2026-11-21T09:30:02.000Z', level: 'info', msg: 'order fetched', latency_ms: 5 },
]
  .map((l) => JSON.stringify(l))
  .join('\n');
