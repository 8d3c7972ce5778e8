import { snakeCase } from '../parse/snake-case.js';
import type { BronzeEventDraft } from '../schema/index.js';

/** Top-level event keys a rule may name directly. */
const EVENT_KEYS = new Set(['event_id', 'source', 'source_type', 'timestamp', 'ingested_at', 'severity', 'title', 'description', 'asset']);

/**
 * Common (ECS-style) names and the per-type attribute names that carry the same value today.
 * The catalogue's common fields (source.ip, …) are tried first, as written; these aliases let a
 * rule written with common names match a type whose normalizer keeps its own names.
 */
const COMMON_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'source.ip': ['source_ip', 'src_addr', 'src_ip', 'srcaddr', 'client_ip', 'caller_ip_address', 'caller_ip', 'ip_address', 'source_ip_address', 'remote_ip', 'sourceIPAddress', 'callerIpAddress', 'ipAddress'],
  'destination.ip': ['destination_ip', 'dst_addr', 'dst_ip', 'dstaddr', 'server_ip', 'target_ip'],
  'source.port': ['source_port', 'src_port', 'srcport'],
  'destination.port': ['destination_port', 'dst_port', 'dstport', 'port'],
  'user.name': ['user_name', 'user', 'user_principal_name', 'principal_email', 'caller', 'username', 'userName', 'principal'],
  'event.action': ['action', 'event_name', 'operation_name', 'method_name', 'eventName', 'operationName'],
  'event.outcome': ['outcome'],
  'network.protocol': ['protocol'],
  'http.response.status_code': ['status', 'status_code', 'http_status'],
  'http.request.method': ['method', 'http_method', 'request_method'],
  'url.full': ['url', 'request_url', 'uri'],
  'dns.question.name': ['query_name', 'qname', 'domain', 'query'],
  // Sigma's generic firewall / dns category names.
  src_ip: ['src_addr', 'srcaddr', 'source_ip', 'client_ip', 'caller_ip', 'ip_address', 'remote_ip'],
  dst_ip: ['dst_addr', 'dstaddr', 'destination_ip', 'server_ip'],
  src_port: ['srcport', 'source_port'],
  dst_port: ['dstport', 'destination_port'],
  query: ['query_name', 'qname'],
};

/** Vendor prefixes some Sigma rules put before a log's own field names (`gcp.audit.method_name`). */
const FIELD_PREFIXES = ['gcp.audit.', 'azure.signinlogs.', 'azure.activitylogs.', 'azure.auditlogs.', 'aws.cloudtrail.', 'kubernetes.audit.'];

/** The candidate paths a Sigma field name resolves to, in order (a path is a list of keys from the event root). */
export function candidatePaths(field: string): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  const add = (path: string[]) => {
    const id = path.join('\u0000');
    if (!seen.has(id)) {
      seen.add(id);
      out.push(path);
    }
  };
  if (EVENT_KEYS.has(field)) add([field]);
  const segments = field.split('.');
  if (segments[0] === 'resource' || segments[0] === 'attributes' || segments[0] === 'raw_data') add(segments);
  for (const root of ['attributes', 'raw_data']) {
    add([root, field]);
    if (segments.length > 1) add([root, ...segments]);
    const snake = snakeCase(field);
    if (snake !== '') add([root, snake]);
    if (segments.length > 1) add([root, ...segments.map(snakeCase)]);
  }
  for (const alias of COMMON_ALIASES[field] ?? []) add(['attributes', alias]);
  for (const alias of COMMON_ALIASES[field] ?? []) add(['raw_data', alias]);
  // Log Analytics flattens a diagnostic record's `properties`: Sigma's Azure rules name them bare.
  add(['raw_data', 'properties', ...segments]);
  const prefix = FIELD_PREFIXES.find((p) => field.startsWith(p));
  if (prefix) for (const path of candidatePaths(field.slice(prefix.length))) add(path);
  return out;
}

const cache = new Map<string, string[][]>();

function cachedPaths(field: string): string[][] {
  let paths = cache.get(field);
  if (!paths) {
    paths = candidatePaths(field);
    if (cache.size < 4096) cache.set(field, paths);
  }
  return paths;
}

/** A key as written, else the one key that equals it ignoring case (`ResultType` → `resultType`). */
const lowerKeys = new WeakMap<object, Map<string, string>>();

function childOf(node: Record<string, unknown>, key: string, fold: boolean): unknown {
  if (Object.hasOwn(node, key)) return node[key];
  if (!fold) return undefined;
  let keys = lowerKeys.get(node);
  if (!keys) {
    keys = new Map();
    for (const k of Object.keys(node)) keys.set(k.toLowerCase(), k);
    lowerKeys.set(node, keys);
  }
  const actual = keys.get(key.toLowerCase());
  return actual === undefined ? undefined : node[actual];
}

function walk(root: unknown, path: readonly string[], fold: boolean): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = childOf(node as Record<string, unknown>, key, fold);
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * The event's value for a rule field: the first candidate path that is present as written, else
 * the first that is present ignoring the case of its keys (undefined when none is).
 */
export function resolveField(event: BronzeEventDraft, field: string): unknown {
  const root = event as unknown as Record<string, unknown>;
  const paths = cachedPaths(field);
  for (const path of paths) {
    const value = walk(root, path, false);
    if (value !== undefined) return value;
  }
  for (const path of paths) {
    const value = walk(root, path, true);
    if (value !== undefined) return value;
  }
  return undefined;
}
