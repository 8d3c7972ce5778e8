import { describe, expect, it } from 'vitest';
import { normalizeFixture } from './helpers.js';

const logs = normalizeFixture('signin', 'signin-logs');
const graph = normalizeFixture('signin', 'graph-signin');

describe('the signin normalizer', () => {
  it.each([
    ['a wrong password', logs, 0, 'MEDIUM', 'failure', 50126, '2024-06-01T09:59:58.654Z', 'Sign-in to Azure Portal failed (50126)'],
    ['a success', logs, 1, 'INFO', 'success', 0, '2024-06-01T10:04:59.100Z', 'Sign-in to Microsoft Teams succeeded'],
    ['a high-risk conditional-access block', logs, 2, 'HIGH', 'failure', 53003, '2024-06-01T10:05:59.000Z', 'Sign-in to Office 365 Exchange Online failed (53003)'],
    ['a Graph success', graph, 0, 'INFO', 'success', 0, '2024-06-01T10:07:00.000Z', 'Sign-in to Graph Explorer succeeded'],
  ])('maps %s', (_name, events, index, severity, outcome, errorCode, timestamp, title) => {
    expect(events[index]).toMatchObject({ source_type: 'signin', severity, timestamp, title, attributes: { outcome, error_code: errorCode } });
  });

  it('keeps the user out of the title (field rules redact attributes)', () => {
    expect(logs[0]!.title).not.toContain('jane.doe');
    expect(logs[0]!.attributes.user_principal_name).toBe('jane.doe@contoso.example');
  });

  it('names the tenant as account and asset', () => {
    expect(logs[0]).toMatchObject({
      resource: { cloud: 'azure', account: '72f988bf-86f1-41af-91ab-2d7cd011db47', service: 'microsoft.aadiam', name: 'Azure Portal' },
      asset: '/tenants/72f988bf-86f1-41af-91ab-2d7cd011db47/providers/microsoft.aadiam',
    });
  });
});
