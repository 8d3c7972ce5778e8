import { describe, expect, it } from 'vitest';
import { parseIndicators, ThreatIntel } from '../../../../shared/detect/threat-intel.js';
import { createDetector } from '../../../../shared/detect/stream-detector.js';
import { storedFormsFrom } from '../../../../shared/detect/lake-detect.js';
import { createRedactor, policyFromConfig } from '../../../../shared/redact/index.js';
import { loadConfig } from '../../../../shared/config/index.js';
import { draft } from './drafts.js';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const LIST = `# our own list
198.51.100.66
203.0.113.0/24
evil.example
https://files.example.net/payload.bin
d41d8cd98f00b204e9800998ecf8427e
192.0.2.9,2026-11-01T00:00:00Z
not an indicator
`;

describe('threat intel', () => {
  const { indicators, rejected } = parseIndicators(LIST);
  const intel = new ThreatIntel([{ name: 'blocklist', severity: 'HIGH', indicators }], NOW);

  it('reads one indicator per line with its type, and drops expired ones', () => {
    expect(indicators.map((i) => i.type)).toEqual(['ip', 'cidr', 'domain', 'url', 'hash', 'ip']);
    expect(rejected).toBe(1);
    expect(intel.size).toBe(5);
  });

  it.each([
    ['an address', { caller_ip: '198.51.100.66' }, 'ip'],
    ['an address in a range', { src: '203.0.113.200' }, 'cidr'],
    ['a subdomain', { query_name: 'c2.evil.example.' }, 'domain'],
    ['a URL', { url: 'https://files.example.net/payload.bin' }, 'url'],
    ['a hash', { md5: 'D41D8CD98F00B204E9800998ECF8427E' }, 'hash'],
  ])('matches %s in the stream, naming the field', (_name, attributes, type) => {
    const hits = intel.match(draft({ attributes }));
    expect(hits).toEqual([{ list: 'blocklist', type, severity: 'HIGH', fields: [`attributes.${Object.keys(attributes)[0]}`] }]);
  });

  it('ignores an expired indicator and unrelated values', () => {
    expect(intel.match(draft({ attributes: { ip: '192.0.2.9', host: 'notevil.example' } }))).toEqual([]);
  });

  it('raises a threat_intel alert in the stream, and gives the lake forms as keyed hashes', () => {
    const redactor = createRedactor(policyFromConfig(loadConfig({ env: {} }).redaction), 'k'.repeat(32));
    const batch = createDetector({ detections: [], correlations: [] }, redactor, intel).batch();
    batch.inspect(draft({ attributes: { caller_ip: '198.51.100.66' } }));
    const [alert] = batch.alerts('2026-11-21T12:00:00.000Z');
    expect(alert).toMatchObject({ rule_id: 'intel:blocklist', rule_kind: 'threat_intel', count: 1, priority: 80 });
    expect(JSON.stringify(alert)).not.toContain('198.51.100.66');
    const marker = intel.lakeMarkers(redactor).find((m) => m.type === 'ip')!.marker;
    expect(marker).toMatch(/^\[HASH:ipv4:[0-9a-f]{16}\]$/);
    expect(storedFormsFrom(redactor)('source.ip', '198.51.100.66')).toContain(marker);
  });
});
