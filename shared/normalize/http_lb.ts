import type { Normalizer } from './types.js';
import { int, str } from '../parse/field-read.js';
import { buildEvent } from './build-event.js';
import { httpStatusSeverity, maxSeverity, statusClass } from './severity.js';
import { durationToMs } from './time.js';

function gcpAsset(f: Readonly<Record<string, unknown>>): string | undefined {
  const project = str(f.project_id);
  if (project === undefined) return undefined;
  const urlMap = str(f.url_map);
  if (urlMap !== undefined) return `//compute.googleapis.com/projects/${project}/global/urlMaps/${urlMap}`;
  const service = str(f.service_name);
  const location = str(f.location);
  if (service !== undefined && location !== undefined) return `//run.googleapis.com/projects/${project}/locations/${location}/services/${service}`;
  const backend = str(f.backend_service);
  return backend === undefined ? undefined : `//compute.googleapis.com/projects/${project}/global/backendServices/${backend}`;
}

/** GCP LogEntry with httpRequest → event. 5xx → HIGH, 4xx → LOW, Cloud Armor DENY → MEDIUM; latency "0.123s" → latency_ms 123. */
export const http_lb: Normalizer = {
  sourceType: 'http_lb',
  normalize(parsed, ctx) {
    const { latency, ...f } = parsed.fields;
    const status = int(f.status);
    const latencyMs = durationToMs(latency);
    const denied = str(f.security_outcome)?.toUpperCase() === 'DENY';
    const asset = gcpAsset(f);
    return buildEvent('http_lb', parsed, ctx, {
      severity: maxSeverity(httpStatusSeverity(status), denied ? 'MEDIUM' : undefined),
      title: `${str(f.http_method) ?? ''} ${str(f.host) ?? ''}${str(f.path) ?? ''} ${status ?? ''}${latencyMs === undefined ? '' : ` (${latencyMs} ms)`}`,
      resource: {
        cloud: 'gcp',
        account: str(f.project_id),
        region: str(f.location),
        service: str(f.resource_type),
        name: str(f.url_map) ?? str(f.service_name) ?? str(f.backend_service) ?? str(f.forwarding_rule),
        id: asset,
      },
      asset,
      attributes: [f, { status, status_class: statusClass(status), latency_ms: latencyMs }],
    });
  },
};
