import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { describe, expect, it } from 'vitest';
import { makeHttpIngestHandler } from '../../../gcp-function/http-ingest.js';
import { fixtureRecords, fluentBitRequest, vectorRequest } from '../../helpers/edge-agents.js';
import { testRuntime } from '../aws-lambda/handler-runtime.js';
import { listen } from './cloud-events.js';

describe('gcp-function httpIngest', () => {
  it('ingests agent batches through the Functions Framework (its body parser in front)', async () => {
    const { runtime } = await testRuntime();
    functions.http('httpIngestUnderTest', makeHttpIngestHandler(() => Promise.resolve(runtime), { evidenceBucket: undefined }));
    const server = await listen(getTestServer('httpIngestUnderTest'));
    try {
      const vector = vectorRequest(fixtureRecords('vector-ndjson'), { framing: 'newline_delimited', gzip: true });
      const a = await fetch(`${server.url}ingest`, { method: 'POST', headers: vector.headers, body: vector.body });
      expect(a.status).toBe(200);
      expect(await a.json()).toMatchObject({ received: 2, written: 2 });
      // Fluent Bit `format json` (one array, application/json), gzip: the framework inflates and parses it first.
      const fluent = fluentBitRequest(fixtureRecords('fluent-bit-json-lines'), { format: 'json', gzip: true });
      const b = await fetch(`${server.url}ingest`, { method: 'POST', headers: fluent.headers, body: fluent.body });
      expect(b.status).toBe(200);
      expect(await b.json()).toMatchObject({ received: 3, written: 3 });
    } finally {
      await server.close();
    }
  });
});
