import type { RawRecord } from '../decode/types.js';
import type { ParseResult, Parser } from './types.js';
import { mentionsKeys, recordObject } from './json-input.js';
import { at, bool, failed, parsed, str } from './field-read.js';

/** An AWS CloudTrail event (one element of a trail file's `Records`, or an EventBridge/CloudWatch copy). */
export const cloudtrail: Parser = {
  type: 'cloudtrail',
  matches(record: RawRecord, hint: string | undefined): boolean {
    if (hint === 'cloudtrail' && mentionsKeys(record, ['eventName'])) return true;
    return mentionsKeys(record, ['eventVersion', 'eventSource', 'eventName']);
  },
  parse(record: RawRecord): ParseResult {
    const json = recordObject(record);
    if (!json.ok) return failed(`cloudtrail: ${json.reason}`);
    const e = json.value;
    const eventName = str(e.eventName);
    const eventSource = str(e.eventSource);
    if (eventName === undefined || eventSource === undefined) return failed('cloudtrail: eventName and eventSource are required');
    const identity = e.userIdentity;
    const resources = Array.isArray(e.resources) ? e.resources.map((r) => str(at(r, 'ARN'))).filter((a): a is string => a !== undefined) : [];
    return parsed(
      'cloudtrail',
      {
        event_version: str(e.eventVersion),
        event_source: eventSource,
        event_name: eventName,
        event_type: str(e.eventType),
        event_category: str(e.eventCategory),
        aws_region: str(e.awsRegion),
        source_ip: str(e.sourceIPAddress),
        user_agent: str(e.userAgent),
        user_type: str(at(identity, 'type')),
        user_arn: str(at(identity, 'arn')),
        principal_id: str(at(identity, 'principalId')),
        user_name: str(at(identity, 'userName')) ?? str(at(identity, 'sessionContext', 'sessionIssuer', 'userName')),
        access_key_id: str(at(identity, 'accessKeyId')),
        invoked_by: str(at(identity, 'invokedBy')),
        mfa_authenticated: bool(at(identity, 'sessionContext', 'attributes', 'mfaAuthenticated')),
        account_id: str(e.recipientAccountId) ?? str(at(identity, 'accountId')),
        error_code: str(e.errorCode),
        error_message: str(e.errorMessage),
        read_only: bool(e.readOnly),
        management_event: bool(e.managementEvent),
        cloudtrail_event_id: str(e.eventID),
        request_id: str(e.requestID),
        resource_arns: resources.length > 0 ? resources : undefined,
        console_login: str(at(e.responseElements, 'ConsoleLogin')),
      },
      e.eventTime,
    );
  },
};
