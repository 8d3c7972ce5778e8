import { describe, expect, it } from 'vitest';
import { cloudTrailOutcome } from '../../../../shared/normalize/cloudtrail.js';
import { normalizeFixture } from './helpers.js';

const events = normalizeFixture('cloudtrail', 'management-events');

describe('the cloudtrail normalizer', () => {
  it.each([
    [0, 'MEDIUM', 'denied', 's3 DeleteBucket failed (AccessDenied)'],
    [1, 'MEDIUM', 'denied', 'ec2 RunInstances failed (Client.UnauthorizedOperation)'],
    [2, 'INFO', 'success', 'dynamodb DescribeTable'],
    [3, 'HIGH', 'failure', 'signin ConsoleLogin by root failed (Failure)'],
  ])('maps event %i to severity %s and outcome %s', (index, severity, outcome, title) => {
    const event = events[index]!;
    expect(event.source_type).toBe('cloudtrail');
    expect(event.severity).toBe(severity);
    expect(event.attributes.outcome).toBe(outcome);
    expect(event.title).toBe(title);
  });

  it.each([
    ['AccessDenied', undefined, 'denied'],
    ['AccessDeniedException', undefined, 'denied'],
    ['UnauthorizedOperation', undefined, 'denied'],
    ['ThrottlingException', undefined, 'failure'],
    [undefined, 'Failure', 'failure'],
    [undefined, 'Success', 'success'],
    [undefined, undefined, 'success'],
  ])('reads errorCode %s / ConsoleLogin %s as %s', (code, login, expected) => {
    expect(cloudTrailOutcome(code, login)).toBe(expected);
  });

  it('takes eventTime as the event time', () => {
    expect(events.map((e) => e.timestamp)).toEqual(['2024-06-01T10:00:00.000Z', '2024-06-01T10:05:12.000Z', '2024-06-01T10:06:00.000Z', '2024-06-01T10:07:00.000Z']);
  });

  it('names the first resource ARN as resource and asset', () => {
    expect(events[2]).toMatchObject({
      resource: { cloud: 'aws', account: '123456789012', region: 'eu-west-1', service: 'dynamodb', name: 'orders', id: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders' },
      asset: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders',
    });
    expect(events[1]).not.toHaveProperty('asset');
  });
});
