import { randomUUID } from 'node:crypto';
import type { Context, S3Event } from 'aws-lambda';
import type { InvocationContext, TriggerMetadata } from '@azure/functions';
import type { Logger } from '../../shared/ports.js';

/** What the Lambda runtime passes as `context`, for a local invocation. */
export function lambdaContext(functionName: string): Context {
  const awsRequestId = randomUUID();
  const deadline = Date.now() + 15 * 60_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${awsRequestId.replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** S3 notification keys are URL-encoded with '+' for spaces. */
function encodeKey(key: string): string {
  return key
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%20/g, '+'))
    .join('/');
}

/** The `ObjectCreated:Put` notification S3 sends for one object. */
export function s3PutEvent(bucket: string, key: string, size: number, eventTime: Date): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'local',
        eventTime: eventTime.toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'bridge-cli' },
        requestParameters: { sourceIPAddress: 'local' },
        responseElements: { 'x-amz-request-id': 'bridge-cli', 'x-amz-id-2': 'bridge-cli' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'bridge-cli',
          bucket: { name: bucket, ownerIdentity: { principalId: 'bridge-cli' }, arn: `arn:aws:s3:::${bucket}` },
          // The etag is left out: the handler takes the one the store reports for the bytes it reads.
          object: { key: encodeKey(key), size, sequencer: eventTime.getTime().toString(16).toUpperCase() },
        },
      },
    ],
  } as S3Event;
}

/** An @azure/functions InvocationContext in test mode (outside the host), its log routed to our logger. */
export async function azureInvocationContext(functionName: string, triggerMetadata: Record<string, unknown>, logger: Logger): Promise<InvocationContext> {
  // In plain Node ESM the class is not a named export of this CommonJS package (only the default
  // has it); under tsx it is a named export and there is no default. Take whichever exists.
  type Ctor = (typeof import('@azure/functions'))['InvocationContext'];
  const azure = (await import('@azure/functions')) as unknown as { InvocationContext?: Ctor; default?: { InvocationContext?: Ctor } };
  const InvocationContextClass = azure.InvocationContext ?? azure.default?.InvocationContext;
  if (!InvocationContextClass) throw new Error('@azure/functions has no InvocationContext');
  return new InvocationContextClass({
    invocationId: randomUUID(),
    functionName,
    triggerMetadata: triggerMetadata as TriggerMetadata,
    logHandler: (level, ...args) => logger.debug('function context log', { level, args: args.map(String) }),
  });
}
