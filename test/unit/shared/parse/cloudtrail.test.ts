import { describe, expect, it } from 'vitest';
import { cloudtrail } from '../../../../shared/parse/cloudtrail.js';
import { deepFreeze, fixtureRecords, textRecord, valueRecord } from './fixtures.js';

describe('the cloudtrail parser', () => {
  describe.each(['value', 'text'] as const)('given the event as %s', (carrier) => {
    const records = fixtureRecords('cloudtrail', 'management-events', { carrier });

    it.each([
      [0, { event_source: 's3.amazonaws.com', event_name: 'DeleteBucket', error_code: 'AccessDenied', user_name: 'deploy-role', user_type: 'AssumedRole', resource_arns: ['arn:aws:s3:::prod-invoices'], read_only: false, mfa_authenticated: false }],
      [1, { event_source: 'ec2.amazonaws.com', event_name: 'RunInstances', error_code: 'Client.UnauthorizedOperation', user_name: 'alice', aws_region: 'us-east-1' }],
      [2, { event_name: 'DescribeTable', read_only: true, source_ip: 'lambda.amazonaws.com', account_id: '123456789012' }],
      [3, { event_name: 'ConsoleLogin', user_type: 'Root', console_login: 'Failure' }],
    ])('reads event %i', (index, expected) => {
      const result = cloudtrail.parse(deepFreeze(records[index]!));
      if (!result.ok) throw new Error(result.reason);
      expect(result.parsed.sourceType).toBe('cloudtrail');
      expect(result.parsed.fields).toMatchObject(expected);
      expect(typeof result.parsed.time).toBe('string');
    });

    it('is claimed by matches', () => {
      expect(records.every((r) => cloudtrail.matches(r, undefined))).toBe(true);
    });
  });

  it('keeps the eventTime as found for the normalizer', () => {
    const [record] = fixtureRecords('cloudtrail', 'management-events');
    const result = cloudtrail.parse(record!);
    expect(result).toMatchObject({ ok: true, parsed: { time: '2024-06-01T10:00:00Z' } });
  });

  it.each([
    ['broken JSON text', textRecord('{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":'), /invalid JSON/],
    ['an event without eventName', valueRecord({ eventVersion: '1.08', eventSource: 's3.amazonaws.com', eventName: { nested: true } }), /eventName and eventSource/],
    ['JSON nested past the depth guard', textRecord(`{"eventName":${'['.repeat(500)}${']'.repeat(500)}}`), /nesting deeper than 64/],
  ])('rejects %s with a reason', (_name, record, reason) => {
    const result = cloudtrail.parse(record);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each([
    ['a WAF record', false, valueRecord({ action: 'BLOCK', webaclId: 'x', httpRequest: {} })],
    ['a plain line mentioning eventName', false, textRecord('eventVersion eventSource eventName')],
  ])('does not claim %s: %s', (_name, expected, record) => {
    expect(cloudtrail.matches(record, undefined)).toBe(expected);
  });
});
