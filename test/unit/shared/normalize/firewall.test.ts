import { describe, expect, it } from 'vitest';
import { normalizeFixture } from './helpers.js';

const legacy = normalizeFixture('firewall', 'azure-diagnostics');
const structured = normalizeFixture('firewall', 'resource-specific');

describe('the firewall normalizer', () => {
  it.each([
    ['legacy network deny', legacy, 0, 'LOW', 'Deny', 'Firewall Deny TCP 10.0.0.4:1234 -> 1.2.3.4:443'],
    ['legacy network allow', legacy, 1, 'INFO', 'Allow', 'Firewall Allow UDP 10.0.1.5:53211 -> 168.63.129.16:53 (rule dns-out)'],
    ['legacy application deny', legacy, 2, 'LOW', 'Deny', 'Firewall Deny HTTPS 10.1.0.5:55640 -> malware.example.net:443'],
    ['legacy DNAT', legacy, 3, 'INFO', 'Dnat', 'Firewall Dnat TCP 198.51.100.8:50432 -> 20.1.2.3:3389'],
    ['legacy ICMP deny', legacy, 4, 'LOW', 'Deny', 'Firewall Deny ICMP 10.0.0.4 -> 8.8.8.8'],
    ['AZFWNetworkRule deny', structured, 0, 'LOW', 'Deny', 'Firewall Deny TCP 10.0.3.4:49822 -> 203.0.113.5:22 (rule ssh)'],
    ['AZFWApplicationRule allow', structured, 1, 'INFO', 'Allow', 'Firewall Allow HTTPS 10.0.3.4:50110 -> api.github.com (rule github)'],
    ['AZFWThreatIntel deny', structured, 2, 'HIGH', 'Deny', 'Firewall Deny TCP 10.0.3.9:51000 -> 192.0.2.66:443'],
  ])('maps a %s', (_name, events, index, severity, action, title) => {
    expect(events[index]).toMatchObject({ source_type: 'firewall', severity, title, attributes: { action } });
  });

  it('takes the record time', () => {
    expect(legacy[0]!.timestamp).toBe('2024-06-01T10:00:00.500Z');
    expect(structured[2]!.timestamp).toBe('2024-06-01T10:00:07.000Z');
  });

  it('names the firewall as resource and asset', () => {
    expect(legacy[0]).toMatchObject({
      resource: { cloud: 'azure', account: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', service: 'microsoft.network', name: 'fw-hub' },
      asset: '/subscriptions/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/resourcegroups/rg-hub/providers/microsoft.network/azurefirewalls/fw-hub',
    });
  });
});
