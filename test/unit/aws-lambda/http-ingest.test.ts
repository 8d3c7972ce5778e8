import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeHttpIngestHandler } from '../../../aws-lambda/http-ingest.js';
import { fixtureRecords, fluentBitRequest } from '../../helpers/edge-agents.js';
import { testRuntime } from './handler-runtime.js';

/** A Function URL event (payload format 2.0) as Lambda delivers it for an IAM-signed POST. */
function urlEvent(path: string, headers: Record<string, string>, body: Buffer, method = 'POST'): LambdaFunctionURLEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { ...headers, host: 'abc.lambda-url.eu-west-1.on.aws' },
    isBase64Encoded: true,
    body: body.toString('base64'),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc',
      domainName: 'abc.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'abc',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: headers['user-agent'] ?? '' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '01/Dec/2026:10:00:00 +0000',
      timeEpoch: 1_796_000_000_000,
      authorizer: { iam: { accessKey: 'AKIDEXAMPLE', accountId: '123456789012', callerId: 'AIDEXAMPLE', userArn: 'arn:aws:iam::123456789012:role/fluent-bit', userId: 'AIDEXAMPLE' } },
    },
  } as unknown as LambdaFunctionURLEvent;
}

describe('aws-lambda http-ingest (Function URL)', () => {
  it('ingests a gzipped Fluent Bit batch the platform base64-encoded, and answers the accounting', async () => {
    const { runtime } = await testRuntime();
    const handler = makeHttpIngestHandler(() => Promise.resolve(runtime), { evidenceBucket: undefined });
    const agent = fluentBitRequest(fixtureRecords('fluent-bit-json-lines'), { format: 'json', gzip: true });
    const res = (await handler(urlEvent('/ingest', { 'Content-Type': agent.headers['content-type']!, 'Content-Encoding': 'gzip', 'User-Agent': 'Fluent-Bit' }, agent.body))) as Exclude<LambdaFunctionURLResult, string>;
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body as string)).toMatchObject({ received: 3, written: 3 });
    const health = (await handler(urlEvent('/health', {}, Buffer.alloc(0), 'GET'))) as Exclude<LambdaFunctionURLResult, string>;
    expect(health.statusCode).toBe(200);
  });
});
