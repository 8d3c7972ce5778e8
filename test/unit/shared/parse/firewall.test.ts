import { describe, expect, it } from 'vitest';
import { firewall } from '../../../../shared/parse/firewall.js';
import { deepFreeze, fixtureRecords, textRecord, valueRecord } from './fixtures.js';

describe('the firewall parser', () => {
  describe.each(['value', 'text'] as const)('given the record as %s', (carrier) => {
    const legacy = fixtureRecords('firewall', 'azure-diagnostics', { carrier });
    const structured = fixtureRecords('firewall', 'resource-specific', { carrier });

    it.each([
      ['a network rule deny', legacy, 0, { rule_type: 'network', protocol: 'TCP', src_ip: '10.0.0.4', src_port: 1234, dst_host: '1.2.3.4', dst_port: 443, action: 'Deny' }],
      ['a network rule allow with policy details', legacy, 1, { protocol: 'UDP', action: 'Allow', policy: 'fw-policy', rule_collection_group: 'DefaultNetworkRuleCollectionGroup', rule_collection: 'allow-dns', rule: 'dns-out' }],
      ['an application rule default deny', legacy, 2, { rule_type: 'application', protocol: 'HTTPS', dst_host: 'malware.example.net', dst_port: 443, action: 'Deny', action_reason: 'No rule matched' }],
      ['a DNAT', legacy, 3, { action: 'Dnat', translated_ip: '10.0.2.10', translated_port: 3389, dst_port: 3389 }],
      ['an ICMP deny', legacy, 4, { protocol: 'ICMP', icmp_type: 8, src_ip: '10.0.0.4', dst_host: '8.8.8.8', action: 'Deny' }],
      ['an AZFWNetworkRule', structured, 0, { rule_type: 'network', protocol: 'TCP', src_ip: '10.0.3.4', src_port: 49822, dst_host: '203.0.113.5', dst_port: 22, action: 'Deny', rule: 'ssh' }],
      ['an AZFWApplicationRule', structured, 1, { rule_type: 'application', fqdn: 'api.github.com', action: 'Allow', is_tls_inspected: false, web_category: 'ComputersAndTechnology' }],
      ['an AZFWThreatIntel hit (lower-case action)', structured, 2, { rule_type: 'threat_intel', action: 'Deny', threat_description: 'This is a known malicious IP address' }],
    ])('reads %s', (_name, records, index, expected) => {
      const record = records[index]!;
      expect(firewall.matches(record, undefined)).toBe(true);
      const result = firewall.parse(deepFreeze(record));
      if (!result.ok) throw new Error(result.reason);
      expect(result.parsed.fields).toMatchObject(expected);
      expect(result.parsed.fields.resource_id).toMatch(/AZUREFIREWALLS\/FW-HUB$/);
      expect(typeof result.parsed.time).toBe('string');
    });
  });

  it('rejects a msg that is not a rule message', () => {
    const result = firewall.parse(valueRecord({ category: 'AzureFirewallNetworkRule', time: '2024-06-01T10:00:00Z', properties: { msg: 'Firewall started' } }));
    expect(result).toEqual({ ok: false, reason: 'firewall: properties.msg is not a firewall rule message' });
  });

  it('reads a very long msg quickly (no catastrophic backtracking)', () => {
    const msg = `TCP request from ${'1'.repeat(100_000)} to ${'2.'.repeat(50_000)}`;
    const started = performance.now();
    firewall.parse(valueRecord({ category: 'AzureFirewallNetworkRule', properties: { msg } }));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.each([
    ['an Activity record', false, valueRecord({ category: 'Administrative', operationName: 'X', properties: {} })],
    ['a record without properties', false, textRecord('{"category":"AZFWNetworkRule"}')],
  ])('claims %s: %s', (_name, expected, record) => {
    expect(firewall.matches(record, undefined)).toBe(expected);
  });
});
