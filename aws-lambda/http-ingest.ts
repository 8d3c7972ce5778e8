import type { Context, LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { createHttpIngestHandler, type HttpIngestHandler } from '../shared/http-ingest/index.js';
import type { Runtime } from '../shared/runtime.js';
import { awsRuntime } from './runtime.js';

/**
 * Lambda Function URL (AuthType AWS_IAM: the agents sign with SigV4, the platform authenticates)
 * → the shared HTTP ingest handler: POST /ingest[/<log type>], POST /telemetry, GET /evidence,
 * GET /health. The rate limit keys on the signed caller, else the source address. A body the
 * platform base64-encoded (gzip) is decoded back to its bytes first.
 */
export function makeHttpIngestHandler(getRuntime: () => Promise<Runtime>, options: { evidenceBucket?: string | undefined } = { evidenceBucket: process.env.BRIDGE_EVIDENCE_BUCKET }) {
  const handle: HttpIngestHandler = createHttpIngestHandler(getRuntime, { cloud: 'aws', evidenceTarget: { bucket: options.evidenceBucket } });
  return async function httpIngest(event: LambdaFunctionURLEvent, context?: Context): Promise<LambdaFunctionURLResult> {
    const http = event.requestContext?.http;
    const iam = (event.requestContext as { authorizer?: { iam?: { userArn?: string } } } | undefined)?.authorizer?.iam;
    const body = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
    const response = await handle({
      method: http?.method ?? 'GET',
      path: event.rawPath ?? http?.path ?? '/',
      headers: lowerCase(event.headers ?? {}),
      query: event.queryStringParameters ?? {},
      body,
      clientId: iam?.userArn ?? http?.sourceIp ?? 'unknown',
      requestId: context?.awsRequestId ?? event.requestContext?.requestId,
    });
    return { statusCode: response.status, headers: response.headers, body: response.body };
  };
}

function lowerCase(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

export const handler = makeHttpIngestHandler(awsRuntime);
