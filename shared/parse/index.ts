import type { RawRecord } from '../decode/types.js';
import type { ParseResult, Parser } from './types.js';
import { apigateway } from './apigateway.js';
import { cloudtrail } from './cloudtrail.js';
import { generic } from './generic.js';
import { lambda } from './lambda.js';
import { waf } from './waf.js';

export type { ParsedRecord, ParseResult, Parser } from './types.js';
export { parseJsonText, recordObject, recordText } from './json-input.js';
export { snakeCase } from './snake-case.js';

/**
 * The parsers of the log types the catalogue still wraps (`legacyLogType`: CloudTrail, WAF,
 * Lambda, API Gateway, generic), most specific first; the others are catalogue modules
 * (shared/catalogue/<cloud>/). Every parser, most specific first: `matches` is tried in this order when the hint does not
 * decide. `generic` is not listed; it takes whatever nothing else claims.
 */
export const PARSERS: readonly Parser[] = [cloudtrail, waf, lambda, apigateway];

const BY_TYPE = new Map<string, Parser>([...PARSERS, generic].map((p) => [p.type, p]));

export function parserFor(type: string): Parser | undefined {
  return BY_TYPE.get(type);
}

function run(parser: Parser, record: RawRecord): ParseResult {
  try {
    return parser.parse(record);
  } catch (err) {
    return { ok: false, reason: `${parser.type}: parser failed (${err instanceof Error ? err.name : 'unknown error'})` };
  }
}

function claims(parser: Parser, record: RawRecord, hint: string | undefined): boolean {
  try {
    return parser.matches(record, hint);
  } catch {
    return false;
  }
}

/**
 * Picks the parser for one record: the hinted one when it accepts the record, else the first whose
 * cheap `matches` says yes, else `generic`. The chosen parser's verdict stands (a record a parser
 * claims but cannot read is quarantined with its reason, not re-read as generic).
 */
export function parseRecord(record: RawRecord, hint?: string): ParseResult {
  const hinted = hint === undefined ? undefined : BY_TYPE.get(hint);
  if (hinted !== undefined && claims(hinted, record, hint)) return run(hinted, record);
  for (const parser of PARSERS) if (parser !== hinted && claims(parser, record, hint)) return run(parser, record);
  return run(generic, record);
}
