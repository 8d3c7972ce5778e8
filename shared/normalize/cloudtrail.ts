import type { Normalizer } from './types.js';
import type { Severity } from '../schema/index.js';
import { str } from '../parse/field-read.js';
import { buildEvent } from './build-event.js';
import { arnResourceName, parseArn } from './cloud-resource.js';
import { maxSeverity } from './severity.js';

/** Error codes that mean "not allowed" (the audit-permission-denied rule counts these). */
export const CLOUDTRAIL_DENIED = /AccessDenied|UnauthorizedOperation|UnauthorizedAccess/i;

export function cloudTrailOutcome(errorCode: string | undefined, consoleLogin: string | undefined): 'success' | 'failure' | 'denied' {
  if (errorCode !== undefined && CLOUDTRAIL_DENIED.test(errorCode)) return 'denied';
  if (errorCode !== undefined || consoleLogin === 'Failure') return 'failure';
  return 'success';
}

/** CloudTrail event → event. Denied → MEDIUM, failed console login → MEDIUM, root activity → HIGH, other errors → LOW. */
export const cloudtrail: Normalizer = {
  sourceType: 'cloudtrail',
  normalize(parsed, ctx) {
    const f = parsed.fields;
    const errorCode = str(f.error_code);
    const outcome = cloudTrailOutcome(errorCode, str(f.console_login));
    const eventSource = str(f.event_source) ?? 'unknown';
    const service = eventSource.replace(/\.amazonaws\.com$/, '');
    const isRoot = str(f.user_type) === 'Root';
    const severity: Severity = maxSeverity(
      outcome === 'denied' || (outcome === 'failure' && str(f.event_name) === 'ConsoleLogin') ? 'MEDIUM' : outcome === 'failure' ? 'LOW' : undefined,
      isRoot ? 'HIGH' : undefined,
    );
    const firstArn = Array.isArray(f.resource_arns) ? str(f.resource_arns[0]) : undefined;
    const arn = parseArn(firstArn);
    const suffix = outcome === 'success' ? '' : ` failed (${errorCode ?? 'Failure'})`;
    return buildEvent('cloudtrail', parsed, ctx, {
      severity,
      title: `${service} ${str(f.event_name) ?? 'event'}${isRoot ? ' by root' : ''}${suffix}`,
      resource: {
        cloud: 'aws',
        account: str(f.account_id) ?? ctx.record.meta.owner,
        region: str(f.aws_region),
        service,
        name: arn === undefined ? undefined : arnResourceName(arn),
        id: firstArn,
      },
      asset: firstArn,
      attributes: [f, { outcome }],
    });
  },
};
