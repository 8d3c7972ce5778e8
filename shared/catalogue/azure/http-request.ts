import { commonFields, num, statusClass, str, type CommonFieldValues } from '../module-kit.js';

/** `https://host/path?q` or `/path?q` → host and path (query dropped). */
export function splitRequestUri(uri: string | undefined): { host?: string; path?: string } {
  if (uri === undefined) return {};
  if (uri.startsWith('/')) return { path: uri.split('?')[0] };
  try {
    const u = new URL(uri);
    return { host: u.host || undefined, path: u.pathname };
  } catch {
    return {};
  }
}

/** Seconds (a number or numeric text) → ms, rounded to µs. */
export function secondsToMs(value: unknown): number | undefined {
  const n = num(value);
  return n === undefined || n < 0 ? undefined : Math.round(n * 1e6) / 1e3;
}

export interface HttpParts {
  method?: unknown;
  status?: unknown;
  path?: unknown;
  host?: unknown;
  userAgent?: unknown;
  clientIp?: unknown;
  clientPort?: unknown;
  latencyMs?: number;
}

/** The HTTP common fields (plus `status_class`) of one request. */
export function httpCommonFields(h: HttpParts): CommonFieldValues & { status_class?: string } {
  const status = num(h.status);
  const cls = statusClass(status);
  return {
    ...commonFields({
      'http.request.method': str(h.method)?.toUpperCase(),
      'http.response.status_code': cls === undefined ? undefined : status,
      'url.path': h.path,
      'url.domain': h.host,
      'user_agent.original': h.userAgent,
      'source.ip': h.clientIp,
      'source.port': num(h.clientPort),
      latency_ms: h.latencyMs,
    }),
    ...(cls === undefined ? {} : { status_class: cls }),
  };
}
