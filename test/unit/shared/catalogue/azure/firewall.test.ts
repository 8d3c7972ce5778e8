import { describe, expect, it } from 'vitest';
import { firewall } from '../../../../../shared/catalogue/azure/firewall.js';
import { parseFirewallMessage } from '../../../../../shared/catalogue/azure/firewall-message.js';
import { deepFreeze, fixtureRecords, textRecord, valueRecord } from '../../parse/fixtures.js';
import { contextFor, runOne } from '../type-runner.js';

const ctx = contextFor(firewall);

describe('the Azure Firewall log type', () => {
  describe.each(['value', 'text'] as const)('given the record as %s', (carrier) => {
    const legacy = fixtureRecords('firewall', 'azure-diagnostics', { carrier });
    const structured = fixtureRecords('firewall', 'resource-specific', { carrier });

    it.each([
      ['a network rule deny', legacy, 0, { rule_type: 'network', protocol: 'TCP', src_ip: '10.0.0.4', src_port: 1234, dst_host: '1.2.3.4', dst_port: 443, action: 'Deny' }],
      ['a network rule allow with policy details', legacy, 1, { protocol: 'UDP', action: 'Allow', policy: 'fw-policy', rule_collection_group: 'DefaultNetworkRuleCollectionGroup', rule_collection: 'allow-dns', rule: 'dns-out' }],
      ['an application rule default deny', legacy, 2, { rule_type: 'application', protocol: 'HTTPS', dst_host: 'malware.example.net', dst_port: 443, action: 'Deny', action_reason: 'No rule matched' }],
      ['a DNAT', legacy, 3, { rule_type: 'nat', action: 'Dnat', translated_ip: '10.0.2.10', translated_port: 3389, dst_port: 3389 }],
      ['an ICMP deny', legacy, 4, { protocol: 'ICMP', icmp_type: 8, src_ip: '10.0.0.4', dst_host: '8.8.8.8', action: 'Deny' }],
      ['an AZFWNetworkRule', structured, 0, { rule_type: 'network', protocol: 'TCP', src_ip: '10.0.3.4', src_port: 49822, dst_host: '203.0.113.5', dst_port: 22, action: 'Deny', rule: 'ssh' }],
      ['an AZFWApplicationRule', structured, 1, { rule_type: 'application', fqdn: 'api.github.com', action: 'Allow', is_tls_inspected: false, web_category: 'ComputersAndTechnology' }],
      ['an AZFWThreatIntel hit (lower-case action)', structured, 2, { rule_type: 'threat_intel', action: 'Deny', threat_description: 'This is a known malicious IP address' }],
    ])('reads %s', (_name, records, index, expected) => {
      const record = records[index]!;
      expect(firewall.matches(record, ctx)).toBe(true);
      const result = firewall.parse(deepFreeze(record), ctx);
      if (!result.ok) throw new Error(result.reason);
      expect(result.parsed.fields).toMatchObject(expected);
      expect(result.parsed.fields.resource_id).toMatch(/AZUREFIREWALLS\/FW-HUB$/);
    });
  });

  it.each([
    ['an application rule without a target (no SNI)', 'HTTPS request from 10.0.0.1:6065. Action: Deny. Reason: SNI TLS extension was missing.', { protocol: 'HTTPS', src_ip: '10.0.0.1', src_port: 6065, action: 'Deny', action_reason: 'SNI TLS extension was missing' }],
    ['a doubled full stop after the action', 'TCP request from 10.0.0.2:5000 to 10.1.0.2:3389. Action: Allow.. Rule Collection: rfc1918. Rule: rfc1918', { action: 'Allow', rule_collection: 'rfc1918', rule: 'rfc1918', dst_port: 3389 }],
    ['a URL and web category', 'HTTP  request from 10.0.0.1:50776 to ocsp.example.com:80. Url: ocsp.example.com/MFQ=. Action: Allow. Rule: web, HTTP', { protocol: 'HTTP', target_url: 'ocsp.example.com/MFQ=', action: 'Allow', rule: 'web, HTTP' }],
    ['an IDPS drop', 'TCP request from 10.0.0.3:51890 to 203.0.113.1:443. Action: drop. Signature: 2028816. IDS: JA3 Hash - [Abuse.ch] Possible trojan. Priority: 3. Classification: Unknown Traffic', { action: 'Drop', signature_id: '2028816', idps_priority: 3, idps_classification: 'Unknown Traffic' }],
    ['a threat-intel deny', 'HTTP request from 10.0.0.4:54314 to bad.example.net:80. Url: bad.example.net. Action: Deny. ThreatIntel: Bot Networks', { action: 'Deny', threat_intel: 'Bot Networks', dst_host: 'bad.example.net' }],
  ])('reads %s', (_name, msg, expected) => {
    expect(parseFirewallMessage(msg)).toMatchObject(expected);
  });

  it('stores the message without a target, titled from what it has', () => {
    const event = runOne(firewall, valueRecord({ category: 'AzureFirewallApplicationRule', time: '2024-06-01T10:00:00Z', properties: { msg: 'HTTPS request from 10.0.0.1:6065. Action: Deny. Reason: SNI TLS extension was missing.' } }));
    expect(event).toMatchObject({ severity: 'LOW', title: 'Firewall Deny HTTPS 10.0.0.1:6065: SNI TLS extension was missing', attributes: { 'event.action': 'deny', 'event.type': 'denied', 'source.ip': '10.0.0.1' } });
    expect(event.attributes).not.toHaveProperty('dst_host');
  });

  it.each([
    ['legacy network deny', 'azure-diagnostics', 0, 'LOW', 'Firewall Deny TCP 10.0.0.4:1234 -> 1.2.3.4:443'],
    ['legacy ICMP deny', 'azure-diagnostics', 4, 'LOW', 'Firewall Deny ICMP 10.0.0.4 -> 8.8.8.8'],
    ['AZFWApplicationRule allow', 'resource-specific', 1, 'INFO', 'Firewall Allow HTTPS 10.0.3.4:50110 -> api.github.com (rule github)'],
    ['AZFWThreatIntel deny', 'resource-specific', 2, 'HIGH', 'Firewall Deny TCP 10.0.3.9:51000 -> 192.0.2.66:443 [threat intel: This is a known malicious IP address]'],
  ])('rates and titles a %s', (_name, variant, index, severity, title) => {
    expect(runOne(firewall, fixtureRecords('firewall', variant)[index]!)).toMatchObject({ source_type: 'firewall', severity, title });
  });

  it('fills the common fields and names the firewall as resource and asset', () => {
    const event = runOne(firewall, fixtureRecords('firewall', 'azure-diagnostics')[0]!);
    expect(event).toMatchObject({
      timestamp: '2024-06-01T10:00:00.500Z',
      resource: { cloud: 'azure', account: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', service: 'microsoft.network', name: 'fw-hub' },
      asset: '/subscriptions/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/resourcegroups/rg-hub/providers/microsoft.network/azurefirewalls/fw-hub',
      attributes: { 'source.ip': '10.0.0.4', 'source.port': 1234, 'destination.ip': '1.2.3.4', 'destination.port': 443, 'network.transport': 'tcp', 'event.type': 'denied' },
    });
  });

  it('rejects a msg that is not a rule message, naming the type and field', () => {
    expect(firewall.parse(valueRecord({ category: 'AzureFirewallNetworkRule', properties: { msg: 'Firewall started' } }), ctx)).toEqual({ ok: false, reason: 'firewall: properties.msg is not a firewall rule message' });
  });

  it('reads a very long msg quickly (no catastrophic backtracking)', () => {
    const msg = `TCP request from ${'1'.repeat(100_000)} to ${'2.'.repeat(50_000)}`;
    const started = performance.now();
    firewall.parse(valueRecord({ category: 'AzureFirewallNetworkRule', properties: { msg } }), ctx);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.each([
    ['an Activity record', false, valueRecord({ category: 'Administrative', operationName: 'X', properties: {} })],
    ['a structured record as text', true, textRecord('{"category":"AZFWNetworkRule","properties":{}}')],
  ])('claims %s: %s', (_name, expected, record) => {
    expect(firewall.matches(record, ctx)).toBe(expected);
  });
});
