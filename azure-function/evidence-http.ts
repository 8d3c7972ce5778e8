import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { evidenceCaller, type EvidenceCaller } from '../shared/evidence/caller.js';
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
 * The Entra object id App Service authentication (Easy Auth) put in front of the function: it sets
 * x-ms-client-principal-id / -name and strips those headers from what clients send. Trusted only
 * when authentication is on (the platform sets WEBSITE_AUTH_ENABLED); otherwise anyone could send them.
 */
export function entraCaller(headers: { get(name: string): string | null }, trusted: boolean): EvidenceCaller | undefined {
  if (!trusted) return undefined;
  return evidenceCaller('entra', headers.get('x-ms-client-principal-id'), headers.get('x-ms-client-principal-name'));
}

const AUTH_ON = (process.env.WEBSITE_AUTH_ENABLED ?? '').toLowerCase() === 'true';

/**
 * HTTP trigger (v4 model) → an evidence bundle. Register with
 * `app.http('evidenceHttp', { methods: ['GET', 'POST'], authLevel: 'function', handler })`.
 * `?since=1h&asset=app-1` (or a POSTed JSON body with the same fields) builds and signs a bundle
 * under evidence/ and answers with the manifest and where the bundle lies; 400 names what is
 * wrong; a failure is a 500 that carries the invocation id, never an error message. Bundles go to
 * BRIDGE_EVIDENCE_CONTAINER when the stack set a separate (immutable) container. A request
 * without an Entra caller (see entraCaller) is refused with 401.
 */
export function makeEvidenceHttpHandler(
  getRuntime: () => Promise<Runtime>,
  options: { evidenceContainer?: string | undefined; trustPrincipalHeaders?: boolean } = { evidenceContainer: process.env.BRIDGE_EVIDENCE_CONTAINER },
) {
  const trusted = options.trustPrincipalHeaders ?? AUTH_ON;
  return async function evidenceHttp(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
    const body = request.method.toUpperCase() === 'POST' ? await request.text() : undefined;
    const response = await serveEvidence(getRuntime, {
      method: request.method,
      query: queryOf(request.query),
      body,
      requestId: context.invocationId,
      evidenceTarget: { container: options.evidenceContainer },
      logContext: LOG_CONTEXT,
      caller: entraCaller(request.headers, trusted),
      requireCaller: true,
    });
    return { status: response.status, headers: response.headers, jsonBody: response.body };
  };
}
