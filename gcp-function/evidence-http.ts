import type { Request, Response } from '@google-cloud/functions-framework';
import { evidenceCaller, type EvidenceCaller } from '../shared/evidence/caller.js';
import { serveEvidence } from '../shared/evidence/http.js';
import type { Runtime } from '../shared/runtime.js';

const LOG_CONTEXT = { cloud: 'gcp', function: 'evidenceHttp' };

/**
 * The Google identity of the ID token Cloud Run verified before the request reached the function
 * (the service has no allUsers invoker, so every request carries a checked token; Cloud Run
 * replaces its signature, so the claims are read, not re-verified). `email`, else `sub`.
 */
export function googleCaller(authorization: string | undefined): EvidenceCaller | undefined {
  const token = /^Bearer\s+([\w-]+)\.([\w-]+)\.[\w-]*$/i.exec(authorization ?? '');
  if (!token) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(token[2]!, 'base64url').toString('utf8')) as { email?: unknown; sub?: unknown };
    return evidenceCaller('google', typeof claims.email === 'string' ? claims.email : claims.sub);
  } catch {
    return undefined;
  }
}

/**
 * HTTP function → an evidence bundle. Register with `functions.http('evidenceHttp', handler)`.
 * `?since=1h&asset=app-1` (or a POSTed JSON body with the same fields) builds and signs a bundle
 * under evidence/ and answers with the manifest and where the bundle lies; 400 names what is
 * wrong; a failure is a 500 that carries the execution id, never an error message. Bundles go to
 * BRIDGE_EVIDENCE_BUCKET when the stack set a separate (retention-locked) bucket. A request
 * without a Google identity (see googleCaller) is refused with 401.
 */
export function makeEvidenceHttpHandler(getRuntime: () => Promise<Runtime>, options: { evidenceBucket?: string | undefined } = { evidenceBucket: process.env.BRIDGE_EVIDENCE_BUCKET }) {
  return async function evidenceHttp(req: Request, res: Response): Promise<void> {
    const method = req.method ?? 'GET';
    // The framework has parsed a JSON body already (req.body); rawBody is kept for other types.
    const body = method.toUpperCase() === 'POST' ? (isParsed(req.body) ? req.body : req.rawBody) : undefined;
    // The framework's execution id (from the function-execution-id header, or generated).
    const requestId = req.executionId ?? req.get?.('function-execution-id');
    const response = await serveEvidence(getRuntime, {
      method,
      query: req.query ?? {},
      body,
      ...(requestId ? { requestId } : {}),
      evidenceTarget: { bucket: options.evidenceBucket },
      logContext: LOG_CONTEXT,
      caller: googleCaller(req.get?.('authorization')),
      requireCaller: true,
    });
    res.status(response.status).set(response.headers).send(JSON.stringify(response.body));
  };
}

function isParsed(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && Object.keys(body).length > 0;
}
