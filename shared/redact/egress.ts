import { decodeSummary, encodeSummary, SUMMARY_METADATA_NAME } from '../pipeline/summary-metadata.js';
import type { Logger, MetricSet, Metrics, ObjectStore, PutOptions } from '../ports.js';
import type { Redactor } from './types.js';

/**
 * What may leave the process. Everything written, logged, counted or sent goes through `egress`:
 *
 * - `payload` (records, dead-lettered messages, their metadata): field rules and detectors, as
 *   for stored events (`redactValue`);
 * - `report` (the bridge's own documents: log contexts, metric dimensions, quarantine reasons,
 *   manifests, failed/ entries, summaries): every string and every key through the detectors
 *   only, so counts such as `redactions: { email: 3 }` keep their meaning.
 *
 * Redaction is idempotent (markers are left alone), so a value that was redacted upstream passes
 * unchanged. Never throws: what cannot be redacted does not leave.
 */
export type EgressKind = 'payload' | 'report';

export const UNREDACTABLE = '[REDACTED:unredactable]';
const MAX_DEPTH = 64;

export function egress<T>(redactor: Redactor, value: T, kind: EgressKind = 'report'): T {
  try {
    if (kind === 'payload') return redactor.redactValue(value).value;
    return report(redactor, value, 0, []) as T;
  } catch {
    return UNREDACTABLE as T;
  }
}

function report(redactor: Redactor, v: unknown, depth: number, path: object[]): unknown {
  if (typeof v === 'string') return redactor.redactText(v).value;
  if (typeof v !== 'object' || v === null) return v;
  if (depth >= MAX_DEPTH || path.includes(v)) return '[REDACTED:depth]';
  if (v instanceof Error) return { name: v.name, message: redactor.redactText(v.message).value };
  if (v instanceof Uint8Array) return '[REDACTED:binary]';
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return report(redactor, toJSON.call(v), depth, path);
  path.push(v);
  let out: unknown;
  if (Array.isArray(v)) {
    out = v.map((x) => report(redactor, x, depth + 1, path));
  } else {
    const o: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(v)) {
      const k = redactor.redactText(key).value;
      const value = report(redactor, child, depth + 1, path);
      if (k === '__proto__') Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });
      else o[k] = value;
    }
    out = o;
  }
  path.pop();
  return out;
}

/** A logger whose every context passes `egress` first (messages are constants). */
export function egressLogger(logger: Logger, redactor: Redactor): Logger {
  const wrap =
    (level: keyof Logger) =>
    (message: string, context?: Record<string, unknown>): void =>
      logger[level](message, context === undefined ? undefined : egress(redactor, context));
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

/** Metric sets with their dimensions through `egress` (values are numbers). */
export function egressMetrics(metrics: Metrics, redactor: Redactor): Metrics {
  return { emit: (set: MetricSet) => metrics.emit({ ...set, dimensions: egress(redactor, set.dimensions) }) };
}

/**
 * Prefixes whose objects the pipeline has already redacted record by record (gzip JSONL of
 * redacted events and quarantine records), or that are signed as built (evidence), or that hold
 * only the bridge's own cursors: passed through as they are.
 */
const REDACTED_UPSTREAM = ['raw/', 'quarantine/', 'evidence/', 'state/'];

/**
 * A store whose JSON documents outside those prefixes (failed/, manifests/, summaries/,
 * alerts/, …) go through `egress` before they are written. A document that is not JSON is
 * scanned as text. Object metadata leaves the process too, under every prefix (raw/ objects
 * carry their batch's summary): see `egressMetadata`.
 */
export function egressStore<S extends ObjectStore>(store: S, redactor: Redactor): S {
  const gated = Object.create(store) as S;
  const put = store.put.bind(store);
  gated.put = (key: string, body: Uint8Array | string, options?: PutOptions) =>
    put(key, REDACTED_UPSTREAM.some((p) => key.startsWith(p)) ? body : egressDocument(redactor, body, options), egressMetadata(redactor, options));
  if (store.putFile) {
    const putFile = store.putFile.bind(store);
    gated.putFile = (key: string, path: string, options?: PutOptions) => putFile(key, path, egressMetadata(redactor, options));
  }
  return gated;
}

/**
 * Metadata values through the detectors, like a report. The batch summary (`bridge_summary`)
 * is base64url JSON, opaque to a text scan: it is decoded, gated as the summaries/ document it
 * stands for, and encoded again (it holds rule names, counts, p95, window, source and batch key:
 * the bridge's own values, so in practice nothing changes). A value that is no longer small
 * enough after redaction, or that will not decode, does not leave.
 */
export function egressMetadata(redactor: Redactor, options: PutOptions | undefined): PutOptions | undefined {
  if (options?.metadata === undefined) return options;
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.metadata)) {
    if (name === SUMMARY_METADATA_NAME) {
      const summary = decodeSummary(value);
      const gated = summary === undefined ? undefined : egress(redactor, summary);
      const encoded = gated === undefined || (gated as unknown) === UNREDACTABLE ? undefined : encodeSummary(gated);
      if (encoded !== undefined) metadata[name] = encoded;
    } else {
      metadata[name] = egress(redactor, value);
    }
  }
  return { ...options, metadata };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function egressDocument(redactor: Redactor, body: Uint8Array | string, options?: PutOptions): Uint8Array | string {
  if (options?.contentEncoding === 'gzip') return body; // only the pipeline writes gzip, after redaction
  let text: string;
  try {
    text = typeof body === 'string' ? body : utf8.decode(body);
  } catch {
    return body; // binary: not a document the bridge writes outside the redacted prefixes
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return egress(redactor, text);
  }
  const redacted = egress(redactor, parsed);
  if (redacted === UNREDACTABLE) return UNREDACTABLE;
  const out = JSON.stringify(redacted, null, /^[[{]\n {2}/.test(text) ? 2 : undefined);
  return text.endsWith('\n') ? `${out}\n` : out;
}
