import { bool, commonFields, durationToMs, int, str, statusClass, upper, type CommonFieldValues, type JsonObject } from '../module-kit.js';

/** `https://host/path?q` → host and path; a bare path keeps its path. */
export function splitUrl(url: string | undefined): { host?: string; path?: string } {
  if (url === undefined) return {};
  try {
    const u = new URL(url);
    return { host: u.host || undefined, path: u.pathname };
  } catch {
    return url.startsWith('/') ? { path: url.split('?')[0] } : {};
  }
}

/** The LogEntry `httpRequest` (google.logging.type.HttpRequest) as fields; latency "0.123s" → latency_ms. */
export function httpRequestFields(r: JsonObject): Record<string, unknown> {
  const url = str(r.requestUrl);
  const { host, path } = splitUrl(url);
  const status = int(r.status);
  return {
    http_method: upper(r.requestMethod),
    url,
    host,
    path,
    status: statusClass(status) === undefined ? undefined : status,
    status_class: statusClass(status),
    latency_ms: durationToMs(r.latency),
    remote_ip: str(r.remoteIp),
    server_ip: str(r.serverIp),
    user_agent: str(r.userAgent),
    referer: str(r.referer),
    protocol: str(r.protocol),
    request_size: int(r.requestSize),
    response_size: int(r.responseSize),
    cache_hit: bool(r.cacheHit),
  };
}

/** The HTTP common fields of `httpRequestFields`. */
export function httpCommon(f: Readonly<Record<string, unknown>>): CommonFieldValues {
  return commonFields({
    'http.request.method': f.http_method,
    'http.response.status_code': f.status,
    'url.path': f.path,
    'url.domain': f.host,
    'user_agent.original': f.user_agent,
    'source.ip': f.remote_ip,
    'destination.ip': f.server_ip,
    latency_ms: f.latency_ms,
  });
}

/** `GET host/path 503 (1.9 ms)`. */
export function httpTitle(f: Readonly<Record<string, unknown>>): string {
  const latency = typeof f.latency_ms === 'number' ? ` (${f.latency_ms} ms)` : '';
  return `${str(f.http_method) ?? ''} ${str(f.host) ?? ''}${str(f.path) ?? ''} ${typeof f.status === 'number' ? f.status : ''}${latency}`;
}
