import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAll } from '../../../scripts/build.js';
import { startS3rver, type S3rverInstance } from '../../helpers/s3rver.js';
import { tempDir } from '../../unit/aws-lambda/handler-runtime.js';

const run = promisify(execFile);
const out = tempDir();
let s3: S3rverInstance;

beforeAll(async () => {
  [s3] = await Promise.all([startS3rver({ buckets: ['lake'] }), buildAll(out)]);
}, 90_000);
afterAll(async () => s3?.stop());

describe('the bundled CloudWatch Logs handler with S3 as its store', () => {
  // Regression: inside an esbuild bundle a lazy import() of the (CommonJS) AWS SDK exposed only
  // `default`, so every bundled handler failed with "S3Client is not a constructor".
  it('loads the SDK lazily and writes its batch to S3 over the wire', async () => {
    const payload = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: '/aws/lambda/app',
      logStream: '2026/11/25/[$LATEST]abc',
      subscriptionFilters: ['bridge'],
      logEvents: [{ id: '1', timestamp: Date.parse('2026-11-25T10:00:00Z'), message: 'START RequestId: 8f5e Version: $LATEST' }],
    };
    const event = { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
    const entry = pathToFileURL(join(out, 'aws', 'cloudwatch-logs', 'index.mjs')).href;
    const script = `const m = await import(${JSON.stringify(entry)}); const r = await m.handler(${JSON.stringify(event)}); console.log('RESULT ' + JSON.stringify(r));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: join(out, 'aws', 'cloudwatch-logs'),
      timeout: 30_000,
      env: {
        PATH: process.env.PATH ?? '',
        BRIDGE__STORE__TYPE: 's3',
        BRIDGE__STORE__BUCKET: 'lake',
        BRIDGE__STORE__ENDPOINT: s3.endpoint,
        BRIDGE__STORE__REGION: 'us-east-1',
        BRIDGE__REDACTION__HMAC_KEY_SECRET_REF: 'env:BRIDGE_HMAC',
        BRIDGE__SINKS__FIXOPS__ENABLED: 'false',
        BRIDGE_HMAC: 'test-hmac-key',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
      },
    });
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '))!;
    expect(JSON.parse(line.slice(7))).toMatchObject({ received: 1, written: 1 });
    const listed = await new S3Client(s3.clientConfig).send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'raw/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([expect.stringMatching(/^raw\/source=aws\.cloudwatch\/dt=2026-11-25\/hour=10\//)]);
  });
});
