import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { createHttpIngestHandler } from '../shared/http-ingest/index.js';
import type { Runtime } from '../shared/runtime.js';

/**
 * HTTP trigger (v4 model, authLevel function: the host checks the function key) → the shared HTTP
 * ingest handler. Register with `app.http('httpIngest', { methods: ['GET', 'POST'], route:
 * 'edge/{*path}', handler })`: `/api/edge/ingest`, `/api/edge/telemetry`, `/api/edge/health`, ….
 */
export function makeHttpIngestHandler(getRuntime: () => Promise<Runtime>, options: { evidenceContainer?: string | undefined } = { evidenceContainer: process.env.BRIDGE_EVIDENCE_CONTAINER }) {
  const handle = createHttpIngestHandler(getRuntime, { cloud: 'azure', evidenceTarget: { container: options.evidenceContainer } });
  return async function httpIngest(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    const query: Record<string, string | string[]> = {};
    for (const name of new Set(request.query.keys())) {
      const values = request.query.getAll(name);
      query[name] = values.length === 1 ? values[0]! : values;
    }
    const response = await handle({
      method: request.method,
      path: `/${request.params.path ?? url.pathname.replace(/^\/api\/edge\/?/, '')}`,
      headers,
      query,
      body: Buffer.from(await request.arrayBuffer()),
      clientId: headers['x-forwarded-for']?.split(',')[0]?.trim() ?? 'unknown',
      requestId: context.invocationId,
    });
    return { status: response.status, headers: response.headers, body: response.body };
  };
}
