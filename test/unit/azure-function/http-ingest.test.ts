import azureFunctions from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { makeHttpIngestHandler } from '../../../azure-function/http-ingest.js';
import { fixtureRecords, vectorRequest } from '../../helpers/edge-agents.js';
import { testRuntime } from '../aws-lambda/handler-runtime.js';

// In plain Node ESM, the classes are not named exports of the CommonJS package.
const { HttpRequest, InvocationContext } = azureFunctions;

describe('azure-function httpIngest', () => {
  it('ingests a gzipped Vector NDJSON batch posted to /api/edge/ingest', async () => {
    const { runtime } = await testRuntime();
    const handler = makeHttpIngestHandler(() => Promise.resolve(runtime), { evidenceContainer: undefined });
    const agent = vectorRequest(fixtureRecords('vector-ndjson'), { framing: 'newline_delimited', gzip: true });
    const request = new HttpRequest({ method: 'POST', url: 'http://127.0.0.1:7071/api/edge/ingest', headers: agent.headers, body: { bytes: agent.body }, params: { path: 'ingest' } });
    const res = await handler(request, new InvocationContext({ invocationId: 'inv-1', functionName: 'httpIngest', logHandler: () => undefined }));
    expect(res.status).toBe(200);
    expect(JSON.parse(String(res.body))).toMatchObject({ received: 2, written: 2, quarantined: 0 });
  });
});
