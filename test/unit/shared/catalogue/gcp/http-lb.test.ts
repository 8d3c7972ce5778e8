import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../../../shared/catalogue/index.js';
import { cloudArmor, httpLb } from '../../../../../shared/catalogue/gcp/http-lb.js';
import { cloudRun } from '../../../../../shared/catalogue/gcp/serverless.js';
import { fixtureRecords, valueRecord } from '../../parse/fixtures.js';
import { contextFor, runOne } from '../type-runner.js';

const ctx = contextFor(httpLb);
const records = fixtureRecords('http_lb', 'load-balancer');

describe('GCP request logs', () => {
  it.each([
    [0, 'http_lb'],
    [1, 'http_lb'],
    [2, 'cloud_armor'],
    [3, 'cloud_run'],
  ])('routes entry %i to %s', (index, type) => {
    expect(CATALOGUE.recognise(records[index]!, CATALOGUE.route(ctx), ctx).type).toBe(type);
  });

  it.each([
    [httpLb, 0, 'INFO', 200, '2xx', 123.456, '2024-06-01T10:00:00.250Z', 'GET shop.example.com/api/products 200 (123.456 ms)'],
    [httpLb, 1, 'HIGH', 502, '5xx', 30001, '2024-06-01T10:00:31.000Z', 'POST shop.example.com/api/checkout 502 (30001 ms)'],
    [cloudArmor, 2, 'MEDIUM', 403, '4xx', 2, '2024-06-01T10:00:40.000Z', 'Cloud Armor DENY GET shop.example.com/search 403 (2 ms) from 192.0.2.99 (policy shop-armor, priority 1000)'],
    [cloudRun, 3, 'INFO', 200, '2xx', 4.216, '2024-06-01T10:00:50.123Z', 'Cloud Run orders GET orders-abc123-ew.a.run.app/healthz 200 (4.216 ms)'],
  ])('maps entry %#', (type, index, severity, status, statusClass, latency, timestamp, title) => {
    const event = runOne(type, records[index]!);
    expect(event).toMatchObject({ severity, timestamp, attributes: { status, status_class: statusClass, latency_ms: latency, 'http.response.status_code': status } });
    expect(event.title.startsWith(title)).toBe(true);
  });

  it('reads the Cloud Armor verdict as a deny with the policy as rule', () => {
    expect(runOne(cloudArmor, records[2]!).attributes).toMatchObject({ security_policy: 'shop-armor', security_outcome: 'DENY', 'event.action': 'deny', 'event.type': 'denied' });
  });

  it.each([
    [0, '//compute.googleapis.com/projects/shop-prod/global/urlMaps/shop-url-map'],
  ])('names entry %i by its url map', (index, asset) => {
    expect(runOne(httpLb, records[index]!)).toMatchObject({ asset, resource: { cloud: 'gcp', account: 'shop-prod', id: asset } });
  });

  it('keeps a relative requestUrl as the path', () => {
    const result = httpLb.parse(valueRecord({ resource: { type: 'http_load_balancer' }, httpRequest: { requestMethod: 'GET', requestUrl: '/a/b?c=d', status: 200 } }), ctx);
    expect(result).toMatchObject({ ok: true, parsed: { fields: { path: '/a/b' } } });
  });
});
