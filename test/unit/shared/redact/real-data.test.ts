import { describe, expect, it } from 'vitest';
import { scanText } from '../../../../shared/redact/index.js';

describe('card detection by issuer grouping', () => {
  it.each([
    ['4111 1111 1111 1111', true],
    ['4111-1111-1111-1111', true],
    ['3782 822463 10005', true],
    ['4111111111111111', true],
    ['2 123456789012 eni-1 10.0.0.1 10.0.0.2 443 49152 6 40 61544 1795252440 1795252500 ACCEPT OK', false],
    ['6 40 61544 1795252440', false],
    ['4111 1111-1111 1111', true],
    ['6 40 61544 1795252440 4 1111', false],
  ])('%s → card: %s', (text, isCard) => {
    expect(scanText(text).some((m) => m.rule === 'card')).toBe(isCard);
  });
});

describe('people’s names in identity fields', () => {
  it('hashes display names and name claims but keeps application names', async () => {
    const { createRedactor, policyFromConfig } = await import('../../../../shared/redact/index.js');
    const { loadConfig } = await import('../../../../shared/config/index.js');
    const r = createRedactor(policyFromConfig(loadConfig({ env: {} }).redaction), 'k');
    const out = r.redactValue({
      userDisplayName: 'J. Smith',
      appDisplayName: 'Azure Portal',
      claims: { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': 'J. Smith' },
    }).value;
    expect(JSON.stringify(out)).not.toContain('Smith');
    expect(out.appDisplayName).toBe('Azure Portal');
  });
});
