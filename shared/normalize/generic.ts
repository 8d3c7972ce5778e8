import type { Normalizer } from './types.js';
import { int, str } from '../parse/field-read.js';
import { buildEvent } from './build-event.js';
import { httpStatusSeverity, levelSeverity, maxSeverity, statusClass } from './severity.js';
import { durationToMs } from './time.js';

const SNAKE = /^[a-z][a-z0-9_]*$/;
const MAX_ATTRIBUTES = 100;
const MESSAGE_KEYS = ['message', 'msg', 'summary', 'title', 'event', 'description'] as const;
const LEVEL_KEYS = ['level', 'severity', 'log_level', 'levelname', 'loglevel'] as const;

function firstOf(f: Readonly<Record<string, unknown>>, keys: readonly string[]): unknown {
  for (const key of keys) if (Object.hasOwn(f, key) && f[key] !== undefined) return f[key];
  return undefined;
}

function scalarAttributes(f: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [key, value] of Object.entries(f)) {
    if (n >= MAX_ATTRIBUTES) break;
    if (key === '__proto__' || !(typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) continue;
    out[key] = value;
    n++;
  }
  return out;
}

/**
 * Fallback for any source_type without its own normalizer: scalar fields become attributes, a
 * level sets severity, an HTTP status gets status/status_class, a latency becomes latency_ms.
 */
export const generic: Normalizer = {
  sourceType: 'generic',
  normalize(parsed, ctx) {
    const f = parsed.fields;
    const sourceType = typeof parsed.sourceType === 'string' && SNAKE.test(parsed.sourceType) ? parsed.sourceType : 'generic';
    const rawStatus = int(firstOf(f, ['status', 'status_code', 'http_status']));
    const status = statusClass(rawStatus) === undefined ? undefined : rawStatus;
    const latencyMs = durationToMs(firstOf(f, ['latency_ms', 'latency', 'duration_ms', 'response_time_ms']));
    const message = str(firstOf(f, MESSAGE_KEYS));
    const level = firstOf(f, LEVEL_KEYS);
    const attributes = scalarAttributes(f);
    // Derived below from the record's own fields; a copied value would bypass the checks.
    delete attributes.status_class;
    delete attributes.latency_ms;
    if (status !== undefined) Object.assign(attributes, { status, status_class: statusClass(status) });
    if (latencyMs !== undefined) attributes.latency_ms = latencyMs;
    return buildEvent(sourceType, parsed, ctx, {
      severity: maxSeverity(levelSeverity(level), httpStatusSeverity(status)),
      title: message ?? `${sourceType} record from ${ctx.source}`,
      attributes,
    });
  },
};
