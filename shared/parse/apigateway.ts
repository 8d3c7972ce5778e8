import type { RawRecord } from '../decode/types.js';
import type { ParseResult, Parser } from './types.js';
import { mentionsKeys, recordObject } from './json-input.js';
import { at, failed, int, num, parsed, str, upper } from './field-read.js';

/** The first value that is present ('-' and '' mean absent in access logs). */
function first(...values: unknown[]): unknown {
  return values.find((v) => v !== undefined && v !== null && v !== '' && v !== '-');
}

function isApiGatewayGroup(logGroup: string | undefined): boolean {
  return logGroup !== undefined && /api-?gateway/i.test(logGroup);
}

function hasLatencyKey(record: RawRecord): boolean {
  return ['latency', 'latency_ms', 'latencyMs', 'responseLatency', 'duration_ms'].some((k) => mentionsKeys(record, [k]));
}

/** API Gateway access logs (REST and HTTP APIs, JSON format) and JSON app logs carrying status, latency and path. */
export const apigateway: Parser = {
  type: 'apigateway',
  matches(record: RawRecord, hint: string | undefined): boolean {
    if ((hint === 'apigateway' || isApiGatewayGroup(record.meta.logGroup)) && mentionsKeys(record, [])) return true;
    if (mentionsKeys(record, ['requestId', 'status']) && (mentionsKeys(record, ['httpMethod']) || mentionsKeys(record, ['routeKey']))) return true;
    return mentionsKeys(record, ['status']) && (mentionsKeys(record, ['path']) || mentionsKeys(record, ['resourcePath'])) && hasLatencyKey(record);
  },
  parse(record: RawRecord): ParseResult {
    const json = recordObject(record);
    if (!json.ok) return failed(`apigateway: ${json.reason}`);
    const e = json.value;
    const routeKey = str(e.routeKey);
    const routePath = routeKey?.includes(' ') ? routeKey.slice(routeKey.indexOf(' ') + 1) : undefined;
    const status = int(first(e.status, e.statusCode, e.status_code, e.httpStatus));
    return parsed(
      'apigateway',
      {
        request_id: str(first(e.requestId, e.request_id)),
        extended_request_id: str(e.extendedRequestId),
        api_id: str(e.apiId),
        stage: str(e.stage),
        domain_name: str(e.domainName),
        http_method: upper(first(e.httpMethod, e.method, e.http_method)),
        route_key: routeKey,
        path: str(first(e.path, e.resourcePath, e.requestPath, e.uri)) ?? routePath,
        status: status !== undefined && status >= 100 && status <= 599 ? status : undefined,
        latency: first(e.responseLatency, e.latency, e.latency_ms, e.latencyMs, e.duration_ms),
        integration_latency_ms: num(first(e.integrationLatency, e.integration_latency)),
        integration_status: int(e.integrationStatus),
        source_ip: str(first(e.ip, e.sourceIp, e.clientIp, e.client_ip)),
        user_agent: str(first(e.userAgent, e.user_agent)),
        protocol: str(e.protocol),
        response_length: int(e.responseLength),
        caller: str(e.caller),
        user: str(e.user),
        error_message: str(first(e.errorMessage, at(e.error, 'message'), e.integrationErrorMessage)),
        level: upper(first(e.level, e.severity)),
        message: str(first(e.message, e.msg)),
        service: str(e.service),
      },
      first(e.requestTimeEpoch, e.requestTime, e.timestamp, e.time),
    );
  },
};
