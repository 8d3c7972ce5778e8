import type { Request, Response } from '@google-cloud/functions-framework';
import { isGzip } from '../shared/decode/inflate.js';
import { createHttpIngestHandler } from '../shared/http-ingest/index.js';
import type { Runtime } from '../shared/runtime.js';

/**
 * HTTP function (deployed without unauthenticated access: Cloud Run IAM checks the caller's
 * identity token) → the shared HTTP ingest handler. Register with
 * `functions.http('httpIngest', handler)`; paths `/ingest`, `/telemetry`, `/evidence`, `/health`.
 * The framework parses JSON bodies; the bytes as sent (gzip included) are in `rawBody`.
 */
export function makeHttpIngestHandler(getRuntime: () => Promise<Runtime>, options: { evidenceBucket?: string | undefined } = { evidenceBucket: process.env.BRIDGE_EVIDENCE_BUCKET }) {
  const handle = createHttpIngestHandler(getRuntime, { cloud: 'gcp', evidenceTarget: { bucket: options.evidenceBucket } });
  return async function httpIngest(req: Request, res: Response): Promise<void> {
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const body = req.rawBody ?? (Buffer.isBuffer(req.body) ? req.body : typeof req.body === 'string' ? Buffer.from(req.body) : Buffer.alloc(0));
    // The framework's body parser inflates a gzip body before rawBody is kept: the header no longer holds.
    if (headers['content-encoding'] !== undefined && !isGzip(body)) delete headers['content-encoding'];
    const requestId = req.executionId ?? req.get?.('function-execution-id');
    const response = await handle({
      method: req.method ?? 'GET',
      path: req.path ?? '/',
      headers,
      query: (req.query ?? {}) as Record<string, unknown>,
      body,
      clientId: req.ip ?? 'unknown',
      ...(requestId ? { requestId } : {}),
    });
    res.status(response.status).set(response.headers).send(response.body);
  };
}
