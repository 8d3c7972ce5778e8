import type { Normalizer } from './types.js';
import type { Severity } from '../schema/index.js';
import { str } from '../parse/field-read.js';
import { buildEvent } from './build-event.js';
import { arnResourceName, parseArn } from './cloud-resource.js';

const ACTION_SEVERITY: Readonly<Record<string, Severity>> = { BLOCK: 'MEDIUM', CAPTCHA: 'LOW', CHALLENGE: 'LOW', COUNT: 'LOW', ALLOW: 'INFO' };

/** AWS WAF log record → event. BLOCK → MEDIUM, COUNT/CAPTCHA/CHALLENGE → LOW, ALLOW → INFO. */
export const waf: Normalizer = {
  sourceType: 'waf',
  normalize(parsed, ctx) {
    const f = parsed.fields;
    const action = str(f.action)?.toUpperCase() ?? 'UNKNOWN';
    const aclArn = str(f.webacl_id);
    const arn = parseArn(aclArn);
    const rule = str(f.terminating_rule_id);
    const target = `${str(f.host) ?? ''}${str(f.uri) ?? ''}`;
    return buildEvent('waf', parsed, ctx, {
      severity: ACTION_SEVERITY[action] ?? 'INFO',
      title: `WAF ${action} ${str(f.http_method) ?? ''} ${target || '/'} from ${str(f.client_ip) ?? 'unknown'}${rule === undefined || rule === 'Default_Action' ? '' : ` (rule ${rule})`}`,
      resource: { cloud: 'aws', account: arn?.account, region: arn?.region, service: arn?.service ?? 'wafv2', name: arn === undefined ? undefined : arnResourceName(arn), id: aclArn },
      asset: aclArn,
      attributes: [f, { action }],
    });
  },
};
