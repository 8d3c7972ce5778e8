import { describe, expect, it } from 'vitest';
import { apigateway } from '../../../../shared/parse/apigateway.js';
import { deepFreeze, fixtureRecords, textRecord, valueRecord } from './fixtures.js';

describe('the apigateway parser', () => {
  describe.each(['value', 'text'] as const)('given the record as %s', (carrier) => {
    const access = fixtureRecords('apigateway', 'access-logs', { carrier });
    const app = fixtureRecords('apigateway', 'app-json', { carrier });

    it.each([
      ['REST access log', access, 0, { http_method: 'GET', path: '/orders/{id}', status: 200, latency: '87', integration_latency_ms: 80, source_ip: '198.51.100.10', response_length: 512 }, '01/Jun/2024:10:00:00 +0000'],
      ['HTTP API access log', access, 1, { http_method: 'POST', route_key: 'POST /payments', path: '/payments', status: 502, api_id: 'a1b2c3d4e5', stage: 'prod', error_message: 'The Lambda function returned an invalid response' }, 1717236001],
      ['numeric status and latency', access, 2, { status: 403, latency: 5 }, '01/Jun/2024:12:00:02 +0200'],
      ['JSON app log (latency in seconds)', app, 0, { http_method: 'GET', path: '/api/cart', status: 200, latency: '0.042s', level: 'INFO', service: 'checkout' }, '2024-06-01T10:00:03.500Z'],
      ['JSON app log (latency_ms)', app, 1, { status: 504, latency: 30000.5, level: 'ERROR', message: 'upstream timeout' }, '2024-06-01T10:00:04.000Z'],
    ])('reads a %s', (_name, records, index, expected, time) => {
      const record = records[index]!;
      expect(apigateway.matches(record, undefined)).toBe(true);
      const result = apigateway.parse(deepFreeze(record));
      if (!result.ok) throw new Error(result.reason);
      expect(result.parsed.fields).toMatchObject(expected);
      expect(result.parsed.time).toBe(time);
    });
  });

  it("treats '-' as absent, not as a value", () => {
    const result = apigateway.parse(valueRecord({ requestId: 'r', httpMethod: 'GET', status: '200', caller: '-', requestTimeEpoch: '-', requestTime: '01/Jun/2024:10:00:00 +0000' }));
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.fields).not.toHaveProperty('caller');
    expect(result.parsed.time).toBe('01/Jun/2024:10:00:00 +0000');
  });

  it('drops a status outside 100-599', () => {
    const result = apigateway.parse(valueRecord({ requestId: 'r', httpMethod: 'GET', status: 42 }));
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.fields).not.toHaveProperty('status');
  });

  it.each([
    ['any JSON record with the apigateway hint', true, valueRecord({ x: 1 }), 'apigateway'],
    ['JSON in an API-Gateway-Execution-Logs group', true, textRecord('{"x":1}', { meta: { logGroup: 'API-Gateway-Execution-Logs_abc/prod' } }), undefined],
    ['an execution-log text line', false, textRecord('(c6af9ac6) Method completed with status: 200'), 'apigateway'],
    ['JSON with status but no path or latency', false, valueRecord({ status: 200, message: 'ok' }), undefined],
  ])('claims %s: %s', (_name, expected, record, hint) => {
    expect(apigateway.matches(record, hint)).toBe(expected);
  });
});
