import { audit as auditParser } from '../../parse/audit.js';
import { http_lb as httpLbParser } from '../../parse/http_lb.js';
import { audit as auditNormalizer } from '../../normalize/audit.js';
import { http_lb as httpLbNormalizer } from '../../normalize/http_lb.js';
import { legacyLogType } from '../legacy-type.js';
import type { LogType } from '../types.js';

/** GCP log types (owned by the Azure/GCP catalogue work; append modules here). */
export const GCP_LOG_TYPES: readonly LogType[] = [
  legacyLogType(auditParser, auditNormalizer, {
    cloud: 'gcp',
    title: 'Cloud Audit Logs',
    delivery: [{ trigger: 'pubsub', pattern: 'LogEntry logName `…/logs/cloudaudit.googleapis.com%2F*`' }],
    recognisedBy: 'LogEntry log id `cloudaudit.googleapis.com/*` (protoPayload AuditLog)',
    fields: ['method_name', 'service_name', 'status_code', 'outcome', 'principal_email'],
    commonFields: [],
    recordKeys: ['log:cloudaudit.googleapis.com/activity', 'log:cloudaudit.googleapis.com/data_access', 'log:cloudaudit.googleapis.com/system_event', 'log:cloudaudit.googleapis.com/policy'],
  }),
  legacyLogType(httpLbParser, httpLbNormalizer, {
    cloud: 'gcp',
    title: 'Cloud Load Balancing request log',
    delivery: [{ trigger: 'pubsub', pattern: 'LogEntry resource.type `http_load_balancer`' }],
    recognisedBy: 'LogEntry `resource.type` `http_load_balancer` with `httpRequest`',
    fields: ['status', 'latency_ms', 'request_method', 'request_url'],
    commonFields: [],
    recordKeys: ['resource:http_load_balancer'],
  }),
];
