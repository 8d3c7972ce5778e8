import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent, Context, S3Event, S3EventRecord, SQSEvent, SQSRecord } from 'aws-lambda';

/** The context object Lambda passes as the second argument. */
export function lambdaContext(functionName = 'bridge-handler'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/25/[$LATEST]abcdef0123456789',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A CloudWatch Logs subscription delivery: `awslogs.data` = base64(gzip(JSON)). */
export function cloudWatchLogsEvent(doc: Record<string, unknown>): CloudWatchLogsEvent {
  return { awslogs: { data: gzipSync(JSON.stringify(doc)).toString('base64') } };
}

export function dataMessage(messages: string[], over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/apigateway/orders-api',
    logStream: 'a1b2c3d4',
    subscriptionFilters: ['bridge'],
    logEvents: messages.map((message, i) => ({ id: `3719579860000000000000000000000000000000000000000000000${i}`, timestamp: Date.parse('2026-11-25T10:00:00Z') + i, message })),
    ...over,
  };
}

export const CONTROL_MESSAGE = {
  messageType: 'CONTROL_MESSAGE',
  owner: 'CloudwatchLogs',
  logGroup: '',
  logStream: '',
  subscriptionFilters: [],
  logEvents: [{ id: '', timestamp: 1764064800000, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }],
};

/** An API Gateway JSON access log line (with an email and IP the redactor must hash). */
export function accessLogLine(i: number, status = 200): string {
  return JSON.stringify({
    requestId: `req-${i}`,
    ip: `203.0.113.${i % 250}`,
    requestTime: '25/Nov/2026:10:00:00 +0000',
    httpMethod: 'GET',
    resourcePath: '/orders/{id}',
    status,
    protocol: 'HTTP/1.1',
    responseLength: 512,
    responseLatency: 40 + i,
    user: `user${i}@example.com`,
  });
}

export function s3Record(bucket: string, key: string, eventName = 'ObjectCreated:Put'): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'eu-west-1',
    eventTime: '2026-11-25T10:05:00.000Z',
    eventName,
    userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
    requestParameters: { sourceIPAddress: '198.51.100.7' },
    responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'bridge-ingest',
      bucket: { name: bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${bucket}` },
      object: { key, size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0055AED6DCD90281E5' },
    },
  };
}

export function s3Event(records: S3EventRecord[]): S3Event {
  return { Records: records };
}

export function sqsRecord(messageId: string, body: unknown, queue = 'bridge-ingest'): SQSRecord {
  return {
    messageId,
    receiptHandle: `AQEB${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1764064800000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1764064800001',
    },
    messageAttributes: {},
    md5OfBody: '00000000000000000000000000000000',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:eu-west-1:123456789012:${queue}`,
    awsRegion: 'eu-west-1',
  };
}

export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
