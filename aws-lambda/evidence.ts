import type { Context, LambdaFunctionURLEvent, LambdaFunctionURLEventWithIAMAuthorizer, LambdaFunctionURLResult } from 'aws-lambda';
import { evidenceCaller } from '../shared/evidence/caller.js';
import { serveEvidence } from '../shared/evidence/http.js';
import type { Runtime } from '../shared/runtime.js';
import { awsRuntime } from './runtime.js';

const LOG_CONTEXT = { cloud: 'aws', function: 'evidence' };

/**
 * Lambda Function URL → an evidence bundle. `GET ?since=1h&asset=app-1` (or POST with the same
 * fields as a JSON body) builds and signs a bundle under evidence/ and answers with the manifest
 * and where the bundle lies; 400 names what is wrong with the request; a failure is a 500 that
 * carries the request id, never an error message. Bundles go to BRIDGE_EVIDENCE_BUCKET when the
 * stack set a separate (object-locked) bucket; raw/ is read from the configured store. The caller
 * is the IAM principal that signed the request (the URL's AWS_IAM auth puts it in
 * requestContext.authorizer.iam); a request without one is refused with 401.
 */
export function makeEvidenceHandler(getRuntime: () => Promise<Runtime>, options: { evidenceBucket?: string | undefined } = { evidenceBucket: process.env.BRIDGE_EVIDENCE_BUCKET }) {
  return async function evidence(event: LambdaFunctionURLEvent | LambdaFunctionURLEventWithIAMAuthorizer, context?: Context): Promise<LambdaFunctionURLResult> {
    const method = event.requestContext?.http?.method ?? 'GET';
    // Function URLs join a repeated parameter with commas; it then fails as one value would.
    const query = event.queryStringParameters ?? {};
    const body = event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64') : event.body;
    const requestId = context?.awsRequestId ?? event.requestContext?.requestId;
    const iam = 'authorizer' in (event.requestContext ?? {}) ? (event as LambdaFunctionURLEventWithIAMAuthorizer).requestContext.authorizer?.iam : undefined;
    const caller = evidenceCaller('aws_iam', iam?.userArn ?? (iam?.userId && iam.accountId ? `${iam.accountId}:${iam.userId}` : undefined));
    const response = await serveEvidence(getRuntime, {
      method,
      query,
      body,
      ...(requestId ? { requestId } : {}),
      evidenceTarget: { bucket: options.evidenceBucket },
      logContext: LOG_CONTEXT,
      caller,
      requireCaller: true,
    });
    return { statusCode: response.status, headers: response.headers, body: JSON.stringify(response.body) };
  };
}

export const handler = makeEvidenceHandler(awsRuntime);
