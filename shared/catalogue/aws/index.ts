import { apigateway as apigatewayParser } from '../../parse/apigateway.js';
import { cloudtrail as cloudtrailParser } from '../../parse/cloudtrail.js';
import { lambda as lambdaParser } from '../../parse/lambda.js';
import { waf as wafParser } from '../../parse/waf.js';
import { apigateway as apigatewayNormalizer } from '../../normalize/apigateway.js';
import { cloudtrail as cloudtrailNormalizer } from '../../normalize/cloudtrail.js';
import { lambda as lambdaNormalizer } from '../../normalize/lambda.js';
import { waf as wafNormalizer } from '../../normalize/waf.js';
import { commonFields, decisionFields } from '../common-fields.js';
import { legacyLogType } from '../legacy-type.js';
import { cloudfront } from './cloudfront.js';
import { alb } from './elb-alb.js';
import { clb } from './elb-classic.js';
import { nlb } from './elb-nlb.js';
import { s3_access } from './s3-access.js';
import { network_firewall } from './network-firewall.js';
import { route53_public } from './route53-public.js';
import { route53_resolver } from './route53-resolver.js';
import { cloudtrail_digest } from './cloudtrail-digest.js';
import { cloudtrail_insight } from './cloudtrail-insight.js';
import { eks_audit } from './eks-audit.js';
import { guardduty } from './guardduty.js';
import { rds_mysql } from './rds-mysql.js';
import { rds_postgresql } from './rds-postgresql.js';
import { securityhub } from './security-hub.js';
import { stepfunctions } from './step-functions.js';
import { syslog } from './syslog.js';
import { tgw_flow } from './tgw-flow.js';
import { vpcflow } from './vpcflow.js';
import type { DeliveryContext, LogType } from '../types.js';

const group = (ctx: DeliveryContext) => (ctx.trigger === 'cloudwatch' ? (ctx.logGroup ?? '').toLowerCase() : '');
const key = (ctx: DeliveryContext) => (ctx.trigger === 's3' ? (ctx.key ?? '').toLowerCase() : '');

/** AWS log types, most specific first. */
export const AWS_LOG_TYPES: readonly LogType[] = [
  alb,
  nlb,
  clb,
  cloudfront,
  s3_access,
  network_firewall,
  route53_resolver,
  route53_public,
  guardduty,
  securityhub,
  cloudtrail_digest,
  cloudtrail_insight,
  stepfunctions,
  eks_audit,
  rds_postgresql,
  rds_mysql,
  legacyLogType(cloudtrailParser, cloudtrailNormalizer, {
    cloud: 'aws',
    title: 'CloudTrail event',
    delivery: [
      { trigger: 's3', pattern: 'AWSLogs/<acct>/CloudTrail/<region>/…json.gz' },
      { trigger: 'cloudwatch', pattern: 'log group containing `cloudtrail`' },
    ],
    recognisedBy: 'S3 key `/CloudTrail/` or log group `*cloudtrail*`, else `eventVersion` + `eventSource` + `eventName`',
    fields: ['event_source', 'event_name', 'outcome', 'error_code', 'read_only', 'resource_arns'],
    commonFields: ['source.ip', 'user.name', 'event.action', 'event.outcome', 'user_agent.original', 'cloud.region'],
    context: (ctx) => (group(ctx).includes('cloudtrail') || /\/cloudtrail\//.test(key(ctx)) ? 'owns' : 'no'),
  }, (a) => commonFields({
    'source.ip': a.source_ip,
    'user.name': a.user_name ?? a.user_arn,
    'event.action': a.event_name,
    'event.outcome': a.outcome === 'success' ? 'success' : a.outcome === undefined ? undefined : 'failure',
    'user_agent.original': a.user_agent,
    'cloud.region': a.aws_region,
  })),
  legacyLogType(wafParser, wafNormalizer, {
    cloud: 'aws',
    title: 'AWS WAF log',
    delivery: [
      { trigger: 's3', pattern: 'AWSLogs/<acct>/WAFLogs/<region>/<acl>/…' },
      { trigger: 'cloudwatch', pattern: 'log group `aws-waf-logs-*`' },
    ],
    recognisedBy: 'S3 key `WAFLogs/` or log group `aws-waf-logs-*`, else `webaclId` + `action`',
    fields: ['action', 'terminating_rule_id', 'client_ip', 'uri', 'http_method', 'labels'],
    commonFields: ['source.ip', 'url.path', 'http.request.method', 'rule.name', 'http.response.status_code', 'event.action', 'event.type'],
    context: (ctx) => (group(ctx).includes('aws-waf-logs') || /(?:^|[^a-z])waf/.test(key(ctx)) ? 'owns' : 'no'),
  }, (a) => ({
    ...commonFields({ 'source.ip': a.client_ip, 'url.path': a.uri, 'http.request.method': a.http_method, 'rule.name': a.terminating_rule_id, 'http.response.status_code': a.response_code_sent }),
    ...decisionFields(a.action),
  })),
  legacyLogType(lambdaParser, lambdaNormalizer, {
    cloud: 'aws',
    title: 'Lambda function log',
    delivery: [{ trigger: 'cloudwatch', pattern: 'log group `/aws/lambda/<function>`' }],
    recognisedBy: 'log group `/aws/lambda/…`',
    fields: ['kind', 'request_id', 'level', 'duration_ms', 'billed_duration_ms', 'max_memory_used_mb', 'timed_out'],
    commonFields: ['event.outcome', 'latency_ms'],
    context: (ctx) => (group(ctx).includes('/aws/lambda/') ? 'owns' : 'no'),
  }, (a) => commonFields({ 'event.outcome': a.timed_out === true || a.runtime_error === true ? 'failure' : undefined })),
  legacyLogType(apigatewayParser, apigatewayNormalizer, {
    cloud: 'aws',
    title: 'API Gateway access log',
    delivery: [{ trigger: 'cloudwatch', pattern: 'log group containing `api-gateway`' }],
    recognisedBy: 'log group `*api-gateway*`, else JSON with `requestId` + `httpMethod`/`routeKey`',
    fields: ['request_id', 'http_method', 'path', 'status', 'latency_ms', 'integration_latency_ms'],
    commonFields: ['source.ip', 'http.request.method', 'http.response.status_code', 'url.path', 'url.domain', 'user_agent.original', 'latency_ms'],
    context: (ctx) => (group(ctx).includes('api-gateway') ? 'owns' : 'no'),
  }, (a) => commonFields({
    'source.ip': a.source_ip,
    'http.request.method': a.http_method,
    'http.response.status_code': a.status,
    'url.path': a.path,
    'url.domain': a.domain_name,
    'user_agent.original': a.user_agent,
  })),
  tgw_flow,
  vpcflow,
  syslog,
];
