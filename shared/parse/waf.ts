import type { RawRecord } from '../decode/types.js';
import type { ParseResult, Parser } from './types.js';
import { mentionsKeys, recordObject } from './json-input.js';
import { at, failed, int, parsed, str, upper } from './field-read.js';

function header(headers: unknown, name: string): string | undefined {
  if (!Array.isArray(headers)) return undefined;
  const wanted = name.toLowerCase();
  for (const h of headers) {
    const n = str(at(h, 'name'));
    if (n !== undefined && n.toLowerCase() === wanted) return str(at(h, 'value'));
  }
  return undefined;
}

function labelNames(labels: unknown): string[] | undefined {
  if (!Array.isArray(labels)) return undefined;
  const names = labels.map((l) => str(at(l, 'name'))).filter((n): n is string => n !== undefined);
  return names.length > 0 ? names : undefined;
}

/** An AWS WAF (v2) web ACL log record. */
export const waf: Parser = {
  type: 'waf',
  matches(record: RawRecord, hint: string | undefined): boolean {
    if (hint === 'waf' && mentionsKeys(record, ['action'])) return true;
    return mentionsKeys(record, ['webaclId', 'action', 'httpRequest']);
  },
  parse(record: RawRecord): ParseResult {
    const json = recordObject(record);
    if (!json.ok) return failed(`waf: ${json.reason}`);
    const e = json.value;
    const action = upper(e.action);
    if (action === undefined) return failed('waf: action is required');
    const req = e.httpRequest;
    return parsed(
      'waf',
      {
        action,
        terminating_rule_id: str(e.terminatingRuleId),
        terminating_rule_type: str(e.terminatingRuleType),
        webacl_id: str(e.webaclId),
        http_source_name: str(e.httpSourceName),
        http_source_id: str(e.httpSourceId),
        client_ip: str(at(req, 'clientIp')),
        country: str(at(req, 'country')),
        uri: str(at(req, 'uri')),
        args: str(at(req, 'args')),
        http_method: upper(at(req, 'httpMethod')),
        http_version: str(at(req, 'httpVersion')),
        request_id: str(at(req, 'requestId')),
        host: header(at(req, 'headers'), 'host'),
        user_agent: header(at(req, 'headers'), 'user-agent'),
        labels: labelNames(e.labels),
        response_code_sent: int(e.responseCodeSent),
      },
      e.timestamp,
    );
  },
};
