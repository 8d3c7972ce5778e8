import { at, gzip, hexId, iso, type SampleFile, uuid } from './encode.js';
import { AWS_KEY, BEARER, EMAIL, IP, JWT, PASSWORD } from './fake-secrets.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

/** Objects are laid out as `aws/s3/<bucket>/<key>`: the demo sends an S3 notification per object. */
const TRAIL_BUCKET = 'demo-org-trail-123456789012';
const APP_BUCKET = 'demo-app-logs-123456789012';

function trailEvent(name: string, source: string, ms: number, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    eventVersion: '1.10',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDA3EXAMPLEDEMO0003',
      arn: `arn:aws:iam::${ACCOUNT}:user/svc-reporting`,
      accountId: ACCOUNT,
      accessKeyId: AWS_KEY.userKeyId,
      userName: 'svc-reporting',
    },
    eventTime: iso(ms).replace('.000Z', 'Z'),
    eventSource: source,
    eventName: name,
    awsRegion: REGION,
    sourceIPAddress: IP.vpn,
    userAgent: 'aws-sdk-js/3.700.0 ua/2.1 os/linux#6.1.0 lang/js md/nodejs#20.18.0 api/s3#3.700.0',
    requestParameters: null,
    responseElements: null,
    requestID: hexId(`s3-req-${name}-${ms}`, 16).toUpperCase(),
    eventID: uuid(`s3-evt-${name}-${ms}`),
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `s3.${REGION}.amazonaws.com` },
    ...extra,
  };
}

/** A CloudTrail log file as CloudTrail delivers it to S3: gzipped `{"Records":[...]}`. */
function cloudTrailObject(): SampleFile {
  const records = [
    trailEvent('ListBuckets', 's3.amazonaws.com', at(9, 20, 3), { requestParameters: { Host: `s3.${REGION}.amazonaws.com` } }),
    trailEvent('GetObject', 's3.amazonaws.com', at(9, 20, 9), {
      managementEvent: false,
      eventCategory: 'Data',
      requestParameters: { bucketName: 'demo-prod-exports', key: 'finance/2026-11.csv' },
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
      resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::demo-prod-exports/finance/2026-11.csv' }],
    }),
    trailEvent('DescribeInstances', 'ec2.amazonaws.com', at(9, 20, 17), {
      userIdentity: {
        type: 'AssumedRole',
        principalId: `AROA3EXAMPLEDEMO0004:${EMAIL.analyst}`,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ReadOnlyAnalyst/${EMAIL.analyst}`,
        accountId: ACCOUNT,
        accessKeyId: AWS_KEY.sessionKeyId,
      },
      sourceIPAddress: IP.office,
      requestParameters: { maxResults: 200, instancesSet: {}, filterSet: {} },
    }),
    trailEvent('UpdateFunctionConfiguration20150331v2', 'lambda.amazonaws.com', at(9, 21, 40), {
      readOnly: false,
      requestParameters: { functionName: 'checkout-api', environment: { variables: { DB_PASSWORD: '****' } } },
      responseElements: { functionName: 'checkout-api', runtime: 'nodejs20.x', lastUpdateStatus: 'InProgress' },
    }),
  ];
  return { path: `aws/s3/${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2026/11/21/${ACCOUNT}_CloudTrail_${REGION}_20261121T0920Z_Xq3L0fA9nB2cD4eF.json.gz`, body: gzip(JSON.stringify({ Records: records })) };
}

function appLine(ms: number, level: string, msg: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ts: iso(ms), level, service: 'orders-api', msg, ...extra });
}

/** An application log shipped to S3 as NDJSON (one JSON object per line). */
function appLog(): SampleFile {
  const lines = [
    appLine(at(9, 21, 1, 120), 'info', 'order created', { order_id: 'ord_7731', user: EMAIL.jane, client_ip: IP.customer, latency_ms: 42, status: 201 }),
    appLine(at(9, 21, 2, 310), 'info', 'order fetched', { order_id: 'ord_7731', user: EMAIL.jane, client_ip: IP.customer, latency_ms: 12, status: 200 }),
    appLine(at(9, 21, 3, 990), 'error', 'upstream rejected request', {
      request_headers: { authorization: `Bearer ${JWT.checkout}`, 'user-agent': 'okhttp/4.12.0' },
      latency_ms: 1530,
      status: 502,
    }),
    appLine(at(9, 21, 5, 5), 'warn', `config reload picked up aws_access_key_id=${AWS_KEY.sessionKeyId} aws_secret_access_key=${AWS_KEY.secretKey}`, { latency_ms: 3 }),
    appLine(at(9, 21, 6, 480), 'info', 'partner sync done', { partner: 'acme', records: 118, latency_ms: 260, status: 200 }),
    appLine(at(9, 21, 7, 15), 'error', `sftp upload failed: login ftp-orders password=${PASSWORD.ftp} from ${IP.appServer}`, { latency_ms: 5012, status: 500 }),
  ];
  return { path: `aws/s3/${APP_BUCKET}/app/orders-api/2026/11/21/09/orders-api-0921.ndjson`, body: Buffer.from(`${lines.join('\n')}\n`, 'utf8') };
}

/** A gzipped log cut short mid-stream (an interrupted upload): hostile, must be quarantined. */
function truncatedAppLog(): SampleFile {
  const lines = Array.from({ length: 40 }, (_, i) =>
    appLine(at(9, 22, i % 60, i * 13), i % 7 === 0 ? 'error' : 'info', i % 7 === 0 ? `token refresh failed: Authorization: Bearer ${BEARER.internal}` : 'cart updated', {
      user: i % 2 === 0 ? EMAIL.oncall : EMAIL.jane,
      client_ip: i % 3 === 0 ? IP.mobileUser : IP.customer,
      latency_ms: 10 + ((i * 37) % 90),
    }),
  );
  const whole = gzip(`${lines.join('\n')}\n`);
  return { path: `aws/s3/${APP_BUCKET}/app/orders-api/2026/11/21/09/orders-api-0922-partial.ndjson.gz`, body: whole.subarray(0, Math.floor(whole.length * 0.6)) };
}

export function s3Samples(): SampleFile[] {
  return [cloudTrailObject(), appLog(), truncatedAppLog()];
}
