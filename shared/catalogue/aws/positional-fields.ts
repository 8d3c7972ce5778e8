import { toUtcIso } from '../event-time.js';

/**
 * Positional access-log columns (ELB, S3 server access, Route 53, CloudFront): each column's
 * attribute name and how its text is read. `endpoint` splits `ip:port` / `[v6]:port` into
 * `<name>_ip` + `<name>_port`; `-` is absent everywhere.
 */
export type ColumnKind = 'str' | 'int' | 'num' | 'time' | 'endpoint';
export type Column = readonly [name: string, kind: ColumnKind];

export type ColumnsResult = { ok: true; fields: Record<string, unknown> } | { ok: false; reason: string };

const INT = /^-?\d+$/;
const NUM = /^-?\d+(?:\.\d+)?$/;

/** `10.0.0.1:80` → ['10.0.0.1', 80]; `[2001:db8::1]:80` → ['2001:db8::1', 80]; `10.0.0.1` → ['10.0.0.1']. */
export function splitEndpoint(text: string): [string, number?] | undefined {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return undefined;
    const ip = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest === '') return [ip];
    return rest.startsWith(':') && INT.test(rest.slice(1)) ? [ip, Number(rest.slice(1))] : undefined;
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0 || text.indexOf(':') !== colon) return [text];
  const port = text.slice(colon + 1);
  return INT.test(port) ? [text.slice(0, colon), Number(port)] : undefined;
}

/** Why column `i` cannot be read (built only when it cannot: no closure per column and record). */
function notA(type: string, i: number, name: string, what: string): ColumnsResult {
  return { ok: false, reason: `${type}: field ${i + 1} (${name}) is not ${what}` };
}

/**
 * Reads `values` against `columns` (extra trailing values are kept as `field_<n>`, so a newer
 * format with more columns still parses). At least `required` columns must be present.
 */
export function readColumns(type: string, columns: readonly Column[], values: readonly string[], required: number): ColumnsResult {
  if (values.length < required) return { ok: false, reason: `${type}: line has ${values.length} fields, expected at least ${required}` };
  const fields: Record<string, unknown> = {};
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const column = columns[i];
    if (column === undefined) {
      if (value !== '-' && value !== '') fields[`field_${i + 1}`] = value;
      continue;
    }
    const [name, kind] = column;
    if (value === '-' || value === '') continue;
    switch (kind) {
      case 'str':
        fields[name] = value;
        break;
      case 'int':
        if (!INT.test(value)) return notA(type, i, name, 'an integer');
        fields[name] = Number(value);
        break;
      case 'num':
        if (!NUM.test(value)) return notA(type, i, name, 'a number');
        fields[name] = Number(value);
        break;
      case 'time':
        if (toUtcIso(value) === undefined) return notA(type, i, name, 'a time');
        fields[name] = value;
        break;
      case 'endpoint': {
        const endpoint = splitEndpoint(value);
        if (endpoint === undefined) return notA(type, i, name, 'an address:port');
        fields[`${name}_ip`] = endpoint[0];
        if (endpoint[1] !== undefined) fields[`${name}_port`] = endpoint[1];
        break;
      }
    }
  }
  return { ok: true, fields };
}

/** `"GET https://host:443/path?q HTTP/1.1"` → method, url, path, protocol (ELB and S3 `request` columns). */
export function requestLine(request: unknown): { method?: string; url?: string; path?: string; domain?: string; protocol?: string } {
  if (typeof request !== 'string') return {};
  const [method, url, protocol] = request.split(' ');
  const out: { method?: string; url?: string; path?: string; domain?: string; protocol?: string } = {};
  if (method !== undefined && method !== '-' && /^[A-Z]+$/.test(method)) out.method = method;
  if (protocol !== undefined && protocol !== '-') out.protocol = protocol;
  if (url !== undefined && url !== '-' && url !== '') {
    out.url = url;
    const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)(?::\d+)?([^?#]*)/i.exec(url);
    if (m) {
      out.domain = m[1]!;
      out.path = m[2] === '' ? '/' : m[2]!;
    } else if (url.startsWith('/')) out.path = url.split('?')[0]!;
  }
  return out;
}
