import type { RawRecord } from '../decode/types.js';
import type { ParseResult, Parser } from './types.js';
import { isPlainObject, mentionsKeys, parseJsonText, recordText, type JsonObject } from './json-input.js';
import { at, bool, failed, num, parsed, str, upper } from './field-read.js';
import { flatten } from '../catalogue/flatten.js';

const PLATFORM_LINE = /^(START|END|REPORT|INIT_START|INIT_REPORT|RESTORE_START|RESTORE_REPORT|EXTENSION|TELEMETRY) /;
/** Node.js: `ts\treqid\tLEVEL\tmessage`. */
const NODE_LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)\t(\S+)\t([A-Z]+)\t([\s\S]*)$/;
/** Python: `[LEVEL]\tts\treqid\tmessage`. */
const PYTHON_LINE = /^\[([A-Z]+)\]\t(\S+)\t(\S+)\t([\s\S]*)$/;
/** Runtime lines without a level: `ts reqid Task timed out after 3.00 seconds`. */
/** Python without tabs: `[ERROR] Runtime.ImportModuleError: …`. */
const PYTHON_BARE = /^\[(CRITICAL|ERROR|WARNING|WARN|INFO|DEBUG)\] ([\s\S]*)$/;
const RUNTIME_LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)[ \t]+([0-9a-fA-F]{8}-[0-9a-fA-F-]{27})[ \t]+([\s\S]*)$/;
/** `RequestId: … Error: Runtime exited with error: signal: killed`. */
const RUNTIME_EXIT = /^RequestId: \S+ Error: /;
const TIMEOUT = /Task timed out after [\d.]+ seconds/;
const RUNTIME_ERROR = /Runtime exited with error|Runtime\.ExitError|Process exited before completing request|Runtime\.OutOfMemory/;

const REPORT_METRICS: ReadonlyArray<readonly [string, RegExp]> = [
  ['duration_ms', /(?<![A-Za-z] )Duration: ([\d.]+) ms/],
  ['billed_duration_ms', /Billed Duration: ([\d.]+) ms/],
  ['memory_size_mb', /Memory Size: (\d+) MB/],
  ['max_memory_used_mb', /Max Memory Used: (\d+) MB/],
  ['init_duration_ms', /Init Duration: ([\d.]+) ms/],
  ['restore_duration_ms', /Restore Duration: ([\d.]+) ms/],
];

function platformLine(text: string): Record<string, unknown> {
  const kind = text.slice(0, text.indexOf(' ')).toLowerCase();
  const fields: Record<string, unknown> = {
    kind,
    request_id: /RequestId: (\S+)/.exec(text)?.[1],
    version: /Version: (\S+)/.exec(text)?.[1],
    runtime_version: /Runtime Version: (\S+)/.exec(text)?.[1],
    invoke_status: /Status: (\w+)/.exec(text)?.[1]?.toLowerCase(),
    error_type: /Error Type: (\S+)/.exec(text)?.[1],
    xray_trace_id: /XRAY TraceId: (\S+)/.exec(text)?.[1],
  };
  for (const [name, pattern] of REPORT_METRICS) fields[name] = num(pattern.exec(text)?.[1]);
  if (fields.invoke_status === 'timeout') fields.timed_out = true;
  return fields;
}

function textLine(text: string): { fields: Record<string, unknown>; time?: string } {
  if (PLATFORM_LINE.test(text)) return { fields: platformLine(text) };
  const node = NODE_LINE.exec(text);
  if (node) return { fields: appFields(node[3], node[2], node[4]!), time: node[1] };
  const python = PYTHON_LINE.exec(text);
  if (python) return { fields: appFields(python[1], python[3], python[4]!), time: python[2] };
  const bare = PYTHON_BARE.exec(text);
  if (bare) return { fields: appFields(bare[1], undefined, text) };
  const runtime = RUNTIME_LINE.exec(text);
  if (runtime) return { fields: appFields(undefined, runtime[2], runtime[3]!), time: runtime[1] };
  const requestId = /^RequestId: (\S+)/.exec(text)?.[1];
  return { fields: appFields(undefined, requestId, text) };
}

function appFields(level: string | undefined, requestId: string | undefined, message: string): Record<string, unknown> {
  return {
    kind: 'app',
    level,
    request_id: requestId,
    message,
    timed_out: TIMEOUT.test(message) || undefined,
    runtime_error: RUNTIME_ERROR.test(message) || undefined,
  };
}

/** Names the lambda attribute schema types: an app's own field of that name would fail validation. */
const DERIVED = new Set(['kind', 'duration_ms', 'billed_duration_ms', 'init_duration_ms', 'memory_size_mb', 'max_memory_used_mb', 'latency_ms', 'timed_out', 'runtime_error', 'time_source']);

function ownFields(e: JsonObject): Record<string, unknown> {
  const out = flatten(e);
  for (const key of DERIVED) delete out[key];
  return out;
}

function jsonLine(e: JsonObject): { fields: Record<string, unknown>; time: unknown } {
  const type = str(e.type);
  if (type?.startsWith('platform.')) {
    const r = e.record;
    const metrics = at(r, 'metrics');
    const status = str(at(r, 'status'))?.toLowerCase();
    return {
      fields: {
        kind: type === 'platform.report' ? 'report' : type === 'platform.start' ? 'start' : 'platform',
        platform_type: type,
        request_id: str(at(r, 'requestId')),
        version: str(at(r, 'version')),
        invoke_status: status,
        error_type: str(at(r, 'errorType')),
        duration_ms: num(at(metrics, 'durationMs')),
        billed_duration_ms: num(at(metrics, 'billedDurationMs')),
        memory_size_mb: num(at(metrics, 'memorySizeMB')),
        max_memory_used_mb: num(at(metrics, 'maxMemoryUsedMB')),
        init_duration_ms: num(at(metrics, 'initDurationMs')),
        timed_out: status === 'timeout' || undefined,
      },
      time: e.time,
    };
  }
  const message = str(e.message) ?? str(e.msg) ?? str(e.errorMessage);
  return {
    fields: {
      // An application's own JSON (ECS logging, Powertools, …): every field, nested ones flattened.
      ...ownFields(e),
      ...appFields(upper(e.level) ?? upper(e.levelname) ?? upper(e.severity) ?? upper(e['log.level']), str(e.requestId) ?? str(e.AWSRequestId) ?? str(e.function_request_id) ?? str(e.aws_request_id), message ?? ''),
      message,
      error_type: str(e.errorType),
      error_message: str(e.errorMessage),
      service: str(e.service),
      function_name: str(e.function_name),
      cold_start: bool(e.cold_start),
      xray_trace_id: str(e.xray_trace_id),
    },
    time: e.timestamp ?? e.time ?? e['@timestamp'],
  };
}

/** AWS Lambda function logs: platform lines (START/END/REPORT), runtime app lines, JSON-format logs. */
export const lambda: Parser = {
  type: 'lambda',
  matches(record: RawRecord, hint: string | undefined): boolean {
    if (hint === 'lambda' || record.meta.logGroup?.startsWith('/aws/lambda/') === true) return true;
    if (mentionsKeys(record, ['type', 'record'])) {
      const type = isPlainObject(record.value) ? record.value.type : undefined;
      return typeof type === 'string' ? type.startsWith('platform.') : (recordText(record) ?? '').includes('"platform.');
    }
    const text = recordText(record);
    if (text === undefined) return false;
    return PLATFORM_LINE.test(text) || NODE_LINE.test(text) || PYTHON_LINE.test(text) || RUNTIME_LINE.test(text) || RUNTIME_EXIT.test(text);
  },
  parse(record: RawRecord): ParseResult {
    if (isPlainObject(record.value)) {
      const { fields, time } = jsonLine(record.value);
      return parsed('lambda', fields, time);
    }
    const text = recordText(record);
    if (text === undefined) return failed('lambda: record has no text');
    const trimmed = text.trim();
    if (trimmed.startsWith('{')) {
      const json = parseJsonText(trimmed);
      if (!json.ok && json.tooDeep) return failed(`lambda: ${json.reason}`);
      if (json.ok && isPlainObject(json.value)) {
        const { fields, time } = jsonLine(json.value);
        return parsed('lambda', fields, time);
      }
    }
    const { fields, time } = textLine(trimmed);
    return parsed('lambda', fields, time);
  },
};
