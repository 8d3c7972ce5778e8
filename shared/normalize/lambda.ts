import type { Normalizer } from './types.js';
import type { Severity } from '../schema/index.js';
import { num, str } from '../parse/field-read.js';
import { buildEvent } from './build-event.js';
import { levelSeverity, maxSeverity } from './severity.js';

function functionName(logGroup: string | undefined, fallback: string | undefined): string | undefined {
  return logGroup?.startsWith('/aws/lambda/') ? logGroup.slice('/aws/lambda/'.length) : fallback;
}

function lambdaSeverity(f: Readonly<Record<string, unknown>>): Severity {
  const status = str(f.invoke_status);
  const failed = f.timed_out === true || f.runtime_error === true || status === 'timeout' || status === 'error' || status === 'failure';
  return maxSeverity(levelSeverity(f.level), failed ? 'HIGH' : undefined);
}

function title(name: string, f: Readonly<Record<string, unknown>>): string {
  const kind = str(f.kind);
  if (kind === 'report') {
    const status = str(f.invoke_status);
    const memory = num(f.max_memory_used_mb) !== undefined ? `, ${num(f.max_memory_used_mb)}/${num(f.memory_size_mb) ?? '?'} MB` : '';
    return `${name} REPORT ${num(f.duration_ms) ?? '?'} ms${memory}${status !== undefined && status !== 'success' ? ` (${status})` : ''}`;
  }
  if (f.timed_out === true) return `${name} timed out: ${str(f.message) ?? ''}`;
  if (kind === 'start' || kind === 'end' || kind === 'init_start') return `${name} ${kind.toUpperCase()} ${str(f.request_id) ?? ''}`;
  const level = str(f.level);
  const message = str(f.message) ?? str(f.platform_type) ?? kind ?? 'log line';
  return `${name}${level === undefined ? '' : ` ${level}`}: ${message}`;
}

/** Lambda log line → event. ERROR, timeouts and runtime exits → HIGH, FATAL → CRITICAL, WARN → LOW. REPORT duration → latency_ms. */
export const lambda: Normalizer = {
  sourceType: 'lambda',
  normalize(parsed, ctx) {
    const f = parsed.fields;
    const meta = ctx.record.meta;
    const name = functionName(meta.logGroup, str(f.function_name));
    const account = meta.owner;
    const region = meta.region;
    const arn = name !== undefined && account !== undefined && region !== undefined ? `arn:aws:lambda:${region}:${account}:function:${name}` : undefined;
    const isReport = str(f.kind) === 'report';
    return buildEvent('lambda', parsed, ctx, {
      severity: lambdaSeverity(f),
      title: title(name ?? 'lambda', f),
      resource: { cloud: 'aws', account, region, service: 'lambda', name, id: arn },
      asset: arn ?? (name === undefined ? undefined : `/aws/lambda/${name}`),
      attributes: [f, { function_name: name, latency_ms: isReport ? num(f.duration_ms) : undefined }],
    });
  },
};
