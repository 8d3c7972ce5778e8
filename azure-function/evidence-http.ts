import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { serveEvidence, type EvidenceQuery } from '../shared/evidence/http.js';
import type { Runtime } from '../shared/runtime.js';

const LOG_CONTEXT = { cloud: 'azure', function: 'evidenceHttp' };

function queryOf(params: URLSearchParams): EvidenceQuery {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    query[name] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

/**
 * HTTP trigger (v4 model) → an evidence bundle. Register with
 * `app.http('evidenceHttp', { methods: ['GET', 'POST'], authLevel: 'function', handler })`.
 * `?since=1h&asset=app-1` (or a POSTed JSON body with the same fields) builds and signs a bundle
 * under evidence/ and answers with the manifest and where the bundle lies; 400 names what is
 * wrong; a failure is a 500 that carries the invocation id, never an error message. Bundles go to
 * BRIDGE_EVIDENCE_CONTAINER when the stack set a separate (immutable) container.
 */
export function makeEvidenceHttpHandler(getRuntime: () => Promise<Runtime>, options: { evidenceContainer?: string | undefined } = { evidenceContainer: process.env.BRIDGE_EVIDENCE_CONTAINER }) {
  return async function evidenceHttp(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
    const body = request.method.toUpperCase() === 'POST' ? await request.text() : undefined;
    const response = await serveEvidence(getRuntime, {
      method: request.method,
      query: queryOf(request.query),
      body,
      requestId: context.invocationId,
      evidenceTarget: { container: options.evidenceContainer },
      logContext: LOG_CONTEXT,
    });
    return { status: response.status, headers: response.headers, jsonBody: response.body };
  };
}
