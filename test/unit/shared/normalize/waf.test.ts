import { describe, expect, it } from 'vitest';
import { normalizeFixture } from './helpers.js';

const events = normalizeFixture('waf', 'web-acl');

describe('the waf normalizer', () => {
  it.each([
    [0, 'MEDIUM', 'BLOCK', '2024-06-01T10:00:00.123Z', 'WAF BLOCK GET shop.example.com/products from 198.51.100.77 (rule AWS-AWSManagedRulesSQLiRuleSet)'],
    [1, 'INFO', 'ALLOW', '2024-06-01T10:00:01.456Z', 'WAF ALLOW POST shop.example.com/checkout from 203.0.113.9'],
    [2, 'LOW', 'COUNT', '2024-06-01T10:00:02.789Z', 'WAF COUNT POST www.example.com/login from 192.0.2.44 (rule rate-limit-login)'],
  ])('maps record %i to severity %s with action %s', (index, severity, action, timestamp, title) => {
    const event = events[index]!;
    expect(event).toMatchObject({ source_type: 'waf', severity, timestamp, title, attributes: { action } });
  });

  it('names the web ACL as resource and asset', () => {
    expect(events[0]).toMatchObject({
      resource: { cloud: 'aws', account: '123456789012', region: 'eu-west-1', service: 'wafv2', name: 'shop-acl' },
      asset: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop-acl/4a1b2c3d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
    });
  });
});
