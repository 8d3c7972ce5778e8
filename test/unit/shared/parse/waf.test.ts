import { describe, expect, it } from 'vitest';
import { waf } from '../../../../shared/parse/waf.js';
import { deepFreeze, fixtureRecords, valueRecord } from './fixtures.js';

describe('the waf parser', () => {
  describe.each(['value', 'text'] as const)('given the record as %s', (carrier) => {
    const records = fixtureRecords('waf', 'web-acl', { carrier });

    it.each([
      [0, { action: 'BLOCK', terminating_rule_id: 'AWS-AWSManagedRulesSQLiRuleSet', client_ip: '198.51.100.77', country: 'NL', uri: '/products', http_method: 'GET', host: 'shop.example.com', user_agent: 'sqlmap/1.7', labels: ['awswaf:managed:aws:sql-database:SQLi_QueryArguments'] }],
      [1, { action: 'ALLOW', terminating_rule_id: 'Default_Action', host: 'shop.example.com', user_agent: 'Mozilla/5.0', http_method: 'POST' }],
      [2, { action: 'COUNT', terminating_rule_type: 'RATE_BASED', http_source_name: 'CF' }],
    ])('reads record %i', (index, expected) => {
      const result = waf.parse(deepFreeze(records[index]!));
      if (!result.ok) throw new Error(result.reason);
      expect(result.parsed.fields).toMatchObject(expected);
      expect(typeof result.parsed.time).toBe('number');
      expect(waf.matches(records[index]!, undefined)).toBe(true);
    });
  });

  it('does not copy request headers wholesale (only host and user agent)', () => {
    const [record] = fixtureRecords('waf', 'web-acl');
    const result = waf.parse(record!);
    if (!result.ok) throw new Error(result.reason);
    expect(Object.keys(result.parsed.fields)).not.toContain('headers');
  });

  it('upper-cases the action', () => {
    const result = waf.parse(valueRecord({ action: 'block', httpRequest: {} }));
    expect(result).toMatchObject({ ok: true, parsed: { fields: { action: 'BLOCK' } } });
  });

  it('rejects a record without an action', () => {
    expect(waf.parse(valueRecord({ webaclId: 'arn', httpRequest: {} }))).toEqual({ ok: false, reason: 'waf: action is required' });
  });
});
