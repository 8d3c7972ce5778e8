import type { TelemetrySummary } from '../schema/index.js';

/**
 * A batch's TelemetrySummary carried in its raw/ object's user metadata, so an invocation writes
 * one object instead of two (pipeline.summary_objects: metadata). One value: the compact JSON,
 * base64url-encoded (metadata values must be ASCII; base64url needs no escaping in a header).
 * The name is the one form every store keeps as given: S3 lower-cases names and Azure Blob wants
 * C# identifiers (no `-`), so `bridge_summary`.
 */
export const SUMMARY_METADATA_NAME = 'bridge_summary';

/**
 * The most an encoded summary may take: S3 caps all user metadata at 2 KB, and the rest is kept
 * for the name and whatever else an object carries. A bigger summary (many rules firing) goes to
 * its own summaries/ object instead.
 */
export const MAX_SUMMARY_METADATA_BYTES = 1536;

/** The summary as one metadata value, or undefined when it is too big to travel that way. */
export function encodeSummary(summary: TelemetrySummary): string | undefined {
  const value = Buffer.from(JSON.stringify(summary), 'utf8').toString('base64url');
  return value.length > MAX_SUMMARY_METADATA_BYTES ? undefined : value;
}

/**
 * The summary a metadata value holds, or undefined when it holds none (absent, not base64url,
 * not JSON, not summary-shaped). Never throws: a reader skips what it cannot read.
 */
export function decodeSummary(value: string | undefined): TelemetrySummary | undefined {
  if (value === undefined || value === '' || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const s = parsed as Partial<TelemetrySummary>;
  const window = s.window as Partial<TelemetrySummary['window']> | undefined;
  if (typeof s.batch_key !== 'string' || typeof window?.end !== 'string' || !Array.isArray(s.alerts)) return undefined;
  return parsed as TelemetrySummary;
}

/** The metadata a raw/ object carries for its batch's summary, or undefined when it does not fit. */
export function summaryMetadata(summary: TelemetrySummary): Record<string, string> | undefined {
  const value = encodeSummary(summary);
  return value === undefined ? undefined : { [SUMMARY_METADATA_NAME]: value };
}

/** The summary an object's metadata carries (from `head`), if any. */
export function summaryFromMetadata(metadata: Record<string, string> | undefined): TelemetrySummary | undefined {
  return decodeSummary(metadata?.[SUMMARY_METADATA_NAME]);
}
