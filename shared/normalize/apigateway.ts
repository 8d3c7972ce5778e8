import type { Normalizer } from './types.js';
import { int, str } from '../parse/field-read.js';
import { buildEvent } from './build-event.js';
import { httpStatusSeverity, levelSeverity, maxSeverity, statusClass } from './severity.js';
import { durationToMs } from './time.js';

/** API Gateway access log / JSON app log → event. 5xx → HIGH, 4xx → LOW; latency → latency_ms. */
export const apigateway: Normalizer = {
  sourceType: 'apigateway',
  normalize(parsed, ctx) {
    const { latency, ...f } = parsed.fields;
    const status = int(f.status);
    const latencyMs = durationToMs(latency);
    const apiId = str(f.api_id);
    const stage = str(f.stage);
    const asset = apiId === undefined ? str(f.service) : stage === undefined ? apiId : `${apiId}/${stage}`;
    const meta = ctx.record.meta;
    return buildEvent('apigateway', parsed, ctx, {
      severity: maxSeverity(httpStatusSeverity(status), levelSeverity(f.level)),
      title: `${str(f.http_method) ?? ''} ${str(f.path) ?? str(f.route_key) ?? '/'} ${status ?? ''}${latencyMs === undefined ? '' : ` (${latencyMs} ms)`}`,
      resource: { cloud: 'aws', account: meta.owner, region: meta.region, service: 'apigateway', name: apiId ?? str(f.service), id: asset },
      asset,
      attributes: [f, { status, status_class: statusClass(status), latency_ms: latencyMs }],
    });
  },
};
