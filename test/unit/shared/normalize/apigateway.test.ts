import { describe, expect, it } from 'vitest';
import { normalizeFixture } from './helpers.js';

const meta = { logGroup: '/aws/apigateway/shop-api', owner: '123456789012', region: 'eu-west-1' };
const access = normalizeFixture('apigateway', 'access-logs', { meta });
const app = normalizeFixture('apigateway', 'app-json', { meta });

describe('the apigateway normalizer', () => {
  it.each([
    ['REST access log', access, 0, 'INFO', 200, '2xx', 87, '2024-06-01T10:00:00.000Z', 'GET /orders/{id} 200 (87 ms)'],
    ['HTTP API access log (epoch seconds)', access, 1, 'HIGH', 502, '5xx', undefined, '2024-06-01T10:00:01.000Z', 'POST /payments 502'],
    ['CLF time with an offset', access, 2, 'LOW', 403, '4xx', 5, '2024-06-01T10:00:02.000Z', 'DELETE /orders/{id} 403 (5 ms)'],
    ['app log with latency in seconds', app, 0, 'INFO', 200, '2xx', 42, '2024-06-01T10:00:03.500Z', 'GET /api/cart 200 (42 ms)'],
    ['app log at level error', app, 1, 'HIGH', 504, '5xx', 30000.5, '2024-06-01T10:00:04.000Z', 'POST /api/pay 504 (30000.5 ms)'],
  ])('maps a %s', (_name, events, index, severity, status, statusClass, latency, timestamp, title) => {
    const event = events[index]!;
    expect(event).toMatchObject({ source_type: 'apigateway', severity, timestamp, title, attributes: { status, status_class: statusClass } });
    expect(event.attributes.latency_ms).toBe(latency);
    expect(event.attributes).not.toHaveProperty('latency');
  });

  it('names the API and stage as asset', () => {
    expect(access[1]).toMatchObject({ asset: 'a1b2c3d4e5/prod', resource: { cloud: 'aws', service: 'apigateway', name: 'a1b2c3d4e5', account: '123456789012', region: 'eu-west-1' } });
  });
});
