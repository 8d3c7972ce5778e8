import { fingerprintValue, sha256Hex } from './fingerprint.js';
import { decodeBase64Strict, decodeUtf8Strict, inflateCapped } from './inflate.js';
import { failure, previewValue, recordTooLarge, textExceedsBytes } from './record-limits.js';
import { parseJsonSafe } from './safe-json.js';
import type { DecodeFailure, DecodeLimits, DecodedBatch, RawRecord } from './types.js';

/**
 * CloudWatch Logs subscription delivery to Lambda: `{ awslogs: { data } }` where data is
 * base64(gzip(JSON)) carrying `messageType`, `owner`, `logGroup`, `logStream`,
 * `subscriptionFilters` and `logEvents[{ id, timestamp, message }]`.
 */
const PAYLOAD_PATH = 'awslogs.data';

/** The parser's hint from a log group name; the first rule that matches wins. */
export function cloudWatchSourceTypeHint(logGroup: string): string | undefined {
  const name = logGroup.toLowerCase();
  if (name.includes('vpc') && name.includes('flow')) return 'vpcflow';
  if (name.includes('/aws/lambda/')) return 'lambda';
  if (name.includes('cloudtrail')) return 'cloudtrail';
  if (name.includes('aws-waf-logs')) return 'waf';
  if (name.includes('api-gateway') || name.includes('api-gateway-execution-logs')) return 'apigateway';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wholePayloadFailure(identity: string, reason: string, text: string): DecodedBatch {
  return { source: 'aws.cloudwatch', identity, records: [], failures: [failure(PAYLOAD_PATH, reason, text)], control: 0 };
}

/** Decode one Lambda invocation's CloudWatch Logs event. Never throws. */
export function decodeCloudWatchLogs(event: unknown, limits: DecodeLimits): DecodedBatch {
  const awslogs = isObject(event) ? event['awslogs'] : undefined;
  const data = isObject(awslogs) ? awslogs['data'] : undefined;
  if (typeof data !== 'string') {
    return wholePayloadFailure(fingerprintValue(event), 'missing awslogs.data string', '');
  }
  const payloadId = sha256Hex(data);
  const fail = (reason: string): DecodedBatch => wholePayloadFailure(payloadId, reason, data);

  const bytes = decodeBase64Strict(data);
  if (!bytes.ok) return fail(bytes.reason);
  const inflated = inflateCapped(bytes.value, limits.maxDecompressedBytes);
  if (!inflated.ok) return fail(inflated.reason);
  const text = decodeUtf8Strict(inflated.value);
  if (!text.ok) return fail(text.reason);
  const parsed = parseJsonSafe(text.value, limits);
  if (!parsed.ok) return fail(parsed.reason);
  const payload = parsed.value;
  if (!isObject(payload)) return fail('CloudWatch Logs payload is not a JSON object');

  const messageType = payload['messageType'];
  if (messageType === 'CONTROL_MESSAGE') {
    return { source: 'aws.cloudwatch', identity: `control|${payloadId}`, records: [], failures: [], control: 1 };
  }
  if (messageType !== 'DATA_MESSAGE') return fail('missing or unsupported messageType');
  const { logGroup, logStream, logEvents } = payload;
  if (typeof logGroup !== 'string' || logGroup === '') return fail('missing logGroup');
  if (typeof logStream !== 'string' || logStream === '') return fail('missing logStream');
  if (!Array.isArray(logEvents)) return fail('missing logEvents array');
  const owner = typeof payload['owner'] === 'string' ? payload['owner'] : '';

  const meta = Object.freeze({ logGroup, logStream, owner });
  const records: RawRecord[] = [];
  const failures: DecodeFailure[] = [];
  logEvents.forEach((logEvent: unknown, i) => {
    const piece = decodeLogEvent(logEvent, i, meta, limits);
    if ('reason' in piece) failures.push(piece);
    else records.push(piece);
  });

  const first: unknown = logEvents[0];
  const firstId = isObject(first) && typeof first['id'] === 'string' ? first['id'] : '';
  const firstTime = isObject(first) ? first['timestamp'] : undefined;
  const hint = cloudWatchSourceTypeHint(logGroup);
  return {
    source: 'aws.cloudwatch',
    identity: `${logGroup}|${logStream}|${firstId}`,
    ...(typeof firstTime === 'number' && Number.isFinite(firstTime) ? { deliveryTime: firstTime } : {}),
    ...(hint === undefined ? {} : { sourceTypeHint: hint }),
    records,
    failures,
    control: 0,
  };
}

function decodeLogEvent(
  logEvent: unknown,
  i: number,
  meta: Readonly<Record<string, string>>,
  limits: DecodeLimits,
): RawRecord | DecodeFailure {
  const path = `logEvents[${i}].message`;
  if (!isObject(logEvent)) return failure(`logEvents[${i}]`, 'log event is not an object', previewValue(logEvent));
  const message = logEvent['message'];
  if (typeof message !== 'string') return failure(path, 'log event has no message string', previewValue(message));
  if (textExceedsBytes(message, limits.maxRecordBytes)) return recordTooLarge(path, message, limits.maxRecordBytes);
  const { id, timestamp } = logEvent;
  // Built by assignment, not conditional spreads: this runs once per log event (issue 15).
  const record: { path: string; text: string; recordId?: string; transportTime?: number; meta: RawRecord['meta'] } = { path, text: message, meta };
  if (typeof id === 'string' && id !== '') record.recordId = id;
  if (typeof timestamp === 'number' && Number.isFinite(timestamp)) record.transportTime = timestamp;
  return record;
}
