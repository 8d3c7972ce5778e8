import { at, digits, hexId, iso, isoFraction, jsonFile, type SampleFile } from './encode.js';
import { EMAIL, EMAIL_URL_ENCODED, IP, JWT } from './fake-secrets.js';

const PROJECT = 'demo-project-4711';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/**
 * A structured-mode CloudEvent as Eventarc delivers a Pub/Sub message from a log sink: the
 * LogEntry JSON is base64 in `data.message.data`.
 */
function cloudEvent(path: string, entry: Record<string, unknown>, publishMs: number): SampleFile {
  const messageId = digits(`msg-${path}`, 16);
  const publishTime = iso(publishMs);
  return jsonFile(path, {
    specversion: '1.0',
    id: messageId,
    source: `//pubsub.googleapis.com/projects/${PROJECT}/topics/log-sink-bridge`,
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    datacontenttype: 'application/json',
    time: publishTime,
    data: {
      message: {
        attributes: { 'logging.googleapis.com/timestamp': entry.timestamp },
        data: Buffer.from(JSON.stringify(entry), 'utf8').toString('base64'),
        messageId,
        message_id: messageId,
        publishTime,
        publish_time: publishTime,
      },
      subscription: `projects/${PROJECT}/subscriptions/eventarc-europe-west4-bridge-pubsub-sub-412`,
    },
  });
}

function audit(ms: number, opts: { principal: string; callerIp: string; service: string; method: string; resourceName: string; resource: Record<string, unknown>; permission: string; granted: boolean; request?: Record<string, unknown>; severity: string; activity?: boolean }): Record<string, unknown> {
  return {
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      status: opts.granted ? {} : { code: 7, message: 'PERMISSION_DENIED' },
      authenticationInfo: { principalEmail: opts.principal },
      requestMetadata: {
        callerIp: opts.callerIp,
        callerSuppliedUserAgent: 'google-cloud-sdk gcloud/497.0.0 command/gcloud.projects.add-iam-policy-binding invocation-id/3c4d9e0f1a2b4c5d environment/None,gzip(gfe)',
        requestAttributes: { time: isoFraction(ms, '112233'), auth: {} },
        destinationAttributes: {},
      },
      serviceName: opts.service,
      methodName: opts.method,
      authorizationInfo: [{ resource: opts.resourceName, permission: opts.permission, granted: opts.granted, resourceAttributes: {} }],
      resourceName: opts.resourceName,
      ...(opts.request ? { request: opts.request } : {}),
    },
    insertId: hexId(`insert-${ms}`, 12),
    resource: opts.resource,
    timestamp: isoFraction(ms, '345678'),
    severity: opts.severity,
    logName: `projects/${PROJECT}/logs/cloudaudit.googleapis.com%2F${opts.activity === false ? 'data_access' : 'activity'}`,
    receiveTimestamp: isoFraction(ms + 650, '012345678'),
  };
}

function loadBalancer(ms: number, opts: { url: string; status: number; latency: string; ip: string; details: string; severity: string; referer?: string }): Record<string, unknown> {
  return {
    insertId: hexId(`lb-${ms}`, 14),
    jsonPayload: {
      '@type': 'type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry',
      statusDetails: opts.details,
      backendTargetProjectNumber: 'projects/987654321098',
      cacheDecision: ['RESPONSE_HAS_CONTENT_TYPE', 'CACHE_MODE_USE_ORIGIN_HEADERS'],
      remoteIp: opts.ip,
    },
    httpRequest: {
      requestMethod: 'GET',
      requestUrl: opts.url,
      requestSize: '312',
      status: opts.status,
      responseSize: opts.status >= 500 ? '210' : '1841',
      userAgent: CHROME,
      remoteIp: opts.ip,
      serverIp: IP.lbBackend,
      ...(opts.referer ? { referer: opts.referer } : {}),
      latency: opts.latency,
      protocol: 'HTTP/1.1',
    },
    resource: {
      type: 'http_load_balancer',
      labels: { project_id: PROJECT, url_map_name: 'shop-url-map', forwarding_rule_name: 'shop-https-fr', target_proxy_name: 'shop-https-proxy', backend_service_name: 'shop-backend', zone: 'global' },
    },
    timestamp: isoFraction(ms, '482910'),
    severity: opts.severity,
    logName: `projects/${PROJECT}/logs/requests`,
    trace: `projects/${PROJECT}/traces/${hexId(`trace-${ms}`, 32)}`,
    spanId: hexId(`span-${ms}`, 16),
    receiveTimestamp: isoFraction(ms + 1200, '774411209'),
  };
}

export function pubSubSamples(): SampleFile[] {
  const bucket = { type: 'gcs_bucket', labels: { project_id: PROJECT, bucket_name: 'demo-prod-exports', location: 'europe-west4' } };
  const project = { type: 'project', labels: { project_id: PROJECT } };
  return [
    cloudEvent('gcp/pubsub/audit-set-iam-policy.json', audit(at(9, 27, 3, 120), {
      principal: EMAIL.jane, callerIp: IP.office, service: 'cloudresourcemanager.googleapis.com', method: 'SetIamPolicy',
      resourceName: `projects/${PROJECT}`, resource: project, permission: 'resourcemanager.projects.setIamPolicy', granted: true, severity: 'NOTICE',
      request: { '@type': 'type.googleapis.com/google.iam.v1.SetIamPolicyRequest', resource: PROJECT, policy: { bindings: [{ role: 'roles/viewer', members: [`user:${EMAIL.analyst}`] }] } },
    }), at(9, 27, 4)),
    cloudEvent('gcp/pubsub/audit-permission-denied.json', audit(at(9, 27, 12, 640), {
      principal: EMAIL.deployer, callerIp: IP.gcloudUser, service: 'storage.googleapis.com', method: 'storage.setIamPermissions',
      resourceName: 'projects/_/buckets/demo-prod-exports', resource: bucket, permission: 'storage.buckets.setIamPolicy', granted: false, severity: 'ERROR',
    }), at(9, 27, 13)),
    cloudEvent('gcp/pubsub/audit-data-access.json', audit(at(9, 27, 20, 5), {
      principal: EMAIL.oncall, callerIp: IP.vpn, service: 'storage.googleapis.com', method: 'storage.objects.get',
      resourceName: 'projects/_/buckets/demo-prod-exports/objects/finance/2026-11.csv', resource: bucket, permission: 'storage.objects.get', granted: true, severity: 'INFO', activity: false,
    }), at(9, 27, 21)),
    cloudEvent('gcp/pubsub/http-lb-ok.json', loadBalancer(at(9, 28, 1, 0), {
      url: `https://shop.example.com/api/orders?email=${EMAIL_URL_ENCODED}`, status: 200, latency: '0.123s', ip: IP.customer, details: 'response_sent_by_backend', severity: 'INFO',
    }), at(9, 28, 2)),
    cloudEvent('gcp/pubsub/http-lb-slow.json', loadBalancer(at(9, 28, 3, 500), {
      url: 'https://shop.example.com/api/search?q=boots', status: 200, latency: '0.871s', ip: IP.mobileUser, details: 'response_sent_by_backend', severity: 'INFO',
      referer: `https://shop.example.com/account?access_token=${JWT.checkout}`,
    }), at(9, 28, 4)),
    cloudEvent('gcp/pubsub/http-lb-502.json', loadBalancer(at(9, 28, 9, 250), {
      url: 'https://shop.example.com/api/checkout', status: 502, latency: '2.004s', ip: IP.partner, details: 'failed_to_connect_to_backend', severity: 'WARNING',
    }), at(9, 28, 10)),
  ];
}
