import { describe, expect, it } from 'vitest';
import { http_lb } from '../../../../shared/parse/http_lb.js';
import { deepFreeze, fixtureRecords, valueRecord } from './fixtures.js';

describe('the http_lb parser', () => {
  describe.each(['value', 'text'] as const)('given the LogEntry as %s', (carrier) => {
    const records = fixtureRecords('http_lb', 'load-balancer', { carrier });

    it.each([
      [0, { http_method: 'GET', url: 'https://shop.example.com/api/products?page=2', host: 'shop.example.com', path: '/api/products', status: 200, latency: '0.123456s', remote_ip: '198.51.100.3', request_size: 312, response_size: 10240, project_id: 'shop-prod', url_map: 'shop-url-map', backend_service: 'shop-backend', status_details: 'response_sent_by_backend' }],
      [1, { http_method: 'POST', status: 502, latency: '30.001s', status_details: 'backend_timeout' }],
      [2, { status: 403, security_policy: 'shop-armor', security_outcome: 'DENY' }],
      [3, { resource_type: 'cloud_run_revision', service_name: 'orders', location: 'europe-west1', path: '/healthz' }],
    ])('reads entry %i', (index, expected) => {
      const record = records[index]!;
      expect(http_lb.matches(record, undefined)).toBe(true);
      const result = http_lb.parse(deepFreeze(record));
      if (!result.ok) throw new Error(result.reason);
      expect(result.parsed.fields).toMatchObject(expected);
      expect(result.parsed.time).toMatch(/^2024-06-01T10:00:/);
    });
  });

  it('keeps a relative requestUrl as the path', () => {
    const result = http_lb.parse(valueRecord({ httpRequest: { requestMethod: 'GET', requestUrl: '/a/b?c=d', status: 200 } }));
    expect(result).toMatchObject({ ok: true, parsed: { fields: { path: '/a/b' } } });
  });

  it('does not claim a WAF record (its httpRequest has no requestMethod)', () => {
    expect(http_lb.matches(valueRecord({ action: 'BLOCK', httpRequest: { httpMethod: 'GET', clientIp: '1.2.3.4' } }), undefined)).toBe(false);
  });
});
