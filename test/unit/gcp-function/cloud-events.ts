import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/** A Cloud Audit Logs entry as a Cloud Logging sink publishes it. */
export function auditLogEntry(i: number): Record<string, unknown> {
  return {
    insertId: `1x2y3z${i}`,
    logName: 'projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity',
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      status: {},
      authenticationInfo: { principalEmail: 'bob@acme.example' },
      requestMetadata: { callerIp: '198.51.100.23', callerSuppliedUserAgent: 'google-cloud-sdk gcloud/480.0.0' },
      serviceName: 'storage.googleapis.com',
      methodName: 'storage.buckets.create',
      resourceName: `projects/_/buckets/acme-logs-${i}`,
    },
    resource: { type: 'gcs_bucket', labels: { project_id: 'acme-prod', bucket_name: `acme-logs-${i}`, location: 'us' } },
    timestamp: '2026-11-25T10:00:00.123456Z',
    severity: 'NOTICE',
    receiveTimestamp: '2026-11-25T10:00:01.000000Z',
  };
}

/** The `data` of a `google.cloud.pubsub.topic.v1.messagePublished` CloudEvent. */
export function messagePublished(payload: string, messageId = '11223344556677'): Record<string, unknown> {
  return {
    message: {
      data: Buffer.from(payload).toString('base64'),
      attributes: { 'logging.googleapis.com/timestamp': '2026-11-25T10:00:00.123456Z' },
      messageId,
      publishTime: '2026-11-25T10:00:02.000Z',
    },
    subscription: 'projects/acme-prod/subscriptions/eventarc-bridge-sub',
  };
}

/** A structured-mode CloudEvent body, as Eventarc pushes it. */
export function structuredCloudEvent(data: unknown, id = '11223344556677'): Record<string, unknown> {
  return {
    specversion: '1.0',
    id,
    source: '//pubsub.googleapis.com/projects/acme-prod/topics/bridge-logs',
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    datacontenttype: 'application/json',
    time: '2026-11-25T10:00:02.000Z',
    data,
  };
}

/** Starts a functions-framework test server on loopback; returns its URL and a stop function. */
export async function listen(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function postStructured(url: string, event: Record<string, unknown>): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(event) });
}

export async function postBinary(url: string, event: Record<string, unknown>): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [k, v] of Object.entries(event)) if (k !== 'data' && k !== 'datacontenttype') headers[`ce-${k}`] = String(v);
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(event.data) });
}
