import { describe, expect, it } from 'vitest';
import { normalizeFixture } from './helpers.js';

const events = normalizeFixture('http_lb', 'load-balancer');

describe('the http_lb normalizer', () => {
  it.each([
    [0, 'INFO', 200, '2xx', 123.456, '2024-06-01T10:00:00.250Z', 'GET shop.example.com/api/products 200 (123.456 ms)'],
    [1, 'HIGH', 502, '5xx', 30001, '2024-06-01T10:00:31.000Z', 'POST shop.example.com/api/checkout 502 (30001 ms)'],
    [2, 'MEDIUM', 403, '4xx', 2, '2024-06-01T10:00:40.000Z', 'GET shop.example.com/search 403 (2 ms)'],
    [3, 'INFO', 200, '2xx', 4.216, '2024-06-01T10:00:50.123Z', 'GET orders-abc123-ew.a.run.app/healthz 200 (4.216 ms)'],
  ])('maps entry %i to severity %s', (index, severity, status, statusClass, latency, timestamp, title) => {
    const event = events[index]!;
    expect(event).toMatchObject({ source_type: 'http_lb', severity, timestamp, title, attributes: { status, status_class: statusClass, latency_ms: latency } });
    expect(event.attributes).not.toHaveProperty('latency');
  });

  it.each([
    [0, '//compute.googleapis.com/projects/shop-prod/global/urlMaps/shop-url-map'],
    [3, '//run.googleapis.com/projects/shop-prod/locations/europe-west1/services/orders'],
  ])('names entry %i by its resource', (index, asset) => {
    expect(events[index]).toMatchObject({ asset, resource: { cloud: 'gcp', account: 'shop-prod', id: asset } });
  });
});
