import type { Prng } from '../prng.js';

/** Record factories for the AWS shapes: VPC flow log lines and CloudTrail events (as real as the parsers read them). */

const ACCOUNTS = ['123456789012', '210987654321', '555500001111'];
const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const PORTS = [443, 80, 22, 3389, 5432, 6379, 8080, 53, 123, 9092];

/** A default-format (version 2) VPC flow log line, ~110–130 bytes: IPs but no emails (the format has none). */
export function vpcFlowLine(rng: Prng, timeMs: number, eni: string): string {
  const start = Math.floor(timeMs / 1000) - 60;
  const nodata = rng.chance(0.02);
  if (nodata) return `2 ${ACCOUNTS[0]} ${eni} - - - - - - - ${start} ${start + 60} - NODATA`;
  const proto = rng.pick([6, 6, 6, 17, 1]);
  const action = rng.chance(0.15) ? 'REJECT' : 'ACCEPT';
  const packets = rng.int(1, 900);
  return [
    2,
    ACCOUNTS[0],
    eni,
    rng.ip(),
    rng.ip(),
    rng.int(1024, 65535),
    rng.pick(PORTS),
    proto,
    packets,
    packets * rng.int(40, 1500),
    start,
    start + 60,
    action,
    'OK',
  ].join(' ');
}

const EVENTS = [
  { source: 's3.amazonaws.com', name: 'GetObject', readOnly: true },
  { source: 's3.amazonaws.com', name: 'PutObject', readOnly: false },
  { source: 'sts.amazonaws.com', name: 'AssumeRoleWithWebIdentity', readOnly: true },
  { source: 'signin.amazonaws.com', name: 'ConsoleLogin', readOnly: false },
  { source: 'iam.amazonaws.com', name: 'CreateAccessKey', readOnly: false },
  { source: 'ec2.amazonaws.com', name: 'DescribeInstances', readOnly: true },
  { source: 'lambda.amazonaws.com', name: 'UpdateFunctionConfiguration20150331v2', readOnly: false },
  { source: 'kms.amazonaws.com', name: 'Decrypt', readOnly: true },
] as const;

const AGENTS = [
  'aws-cli/2.17.12 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'aws-sdk-js/3.600.0 ua/2.1 os/linux#5.10 lang/js md/nodejs#20.15.0 api/s3#3.600.0',
  'Boto3/1.34.140 md/Botocore#1.34.140 ua/2.0 os/linux#5.10.219 md/arch#x86_64 lang/python#3.12.4',
];

function requestParameters(rng: Prng, name: string, email: string): Record<string, unknown> | null {
  switch (name) {
    case 'GetObject':
    case 'PutObject':
      return { bucketName: `prod-exports-${rng.int(1, 9)}`, Host: `prod-exports.s3.eu-west-1.amazonaws.com`, key: `reports/${rng.alnum(8)}/2026-11.csv` };
    case 'AssumeRoleWithWebIdentity':
      return { roleArn: `arn:aws:iam::${ACCOUNTS[1]}:role/ci-deployer`, roleSessionName: email, webIdentityToken: rng.jwt(), durationSeconds: 3600 };
    case 'CreateAccessKey':
      return { userName: `svc-${rng.alnum(6).toLowerCase()}` };
    case 'DescribeInstances':
      return { instancesSet: { items: [{ instanceId: `i-0${rng.hex(16)}` }] }, filterSet: {} };
    case 'UpdateFunctionConfiguration20150331v2':
      return { functionName: `checkout-api-${rng.int(1, 4)}`, environment: { variables: { CALLBACK_URL: `https://hooks.example.com/cb?token=${rng.alnum(32)}` } } };
    case 'Decrypt':
      return { encryptionAlgorithm: 'SYMMETRIC_DEFAULT', keyId: `arn:aws:kms:eu-west-1:${ACCOUNTS[0]}:key/${rng.uuid()}` };
    default:
      return null;
  }
}

/** A CloudTrail management/data event, ~0.8–1.1 KB: emails, IPs, access key ids, a URL or token now and then. */
export function cloudTrailEvent(rng: Prng, timeMs: number): Record<string, unknown> {
  const ev = rng.pick(EVENTS);
  const email = rng.email();
  const account = rng.pick(ACCOUNTS);
  const region = rng.pick(REGIONS);
  const failed = rng.chance(0.08);
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROA${rng.alnum(16).toUpperCase()}:${email}`,
      arn: `arn:aws:sts::${account}:assumed-role/PowerUser/${email}`,
      accountId: account,
      accessKeyId: `ASIA${rng.alnum(16).toUpperCase()}`,
      sessionContext: {
        attributes: { creationDate: new Date(timeMs - 3_600_000).toISOString().replace(/\.\d{3}/, ''), mfaAuthenticated: 'true' },
      },
    },
    eventTime: new Date(timeMs).toISOString().replace(/\.\d{3}/, ''),
    eventSource: ev.source,
    eventName: ev.name,
    awsRegion: region,
    sourceIPAddress: rng.ip(),
    userAgent: rng.pick(AGENTS),
    ...(failed ? { errorCode: 'AccessDenied', errorMessage: `User: ${email} is not authorized to perform: ${ev.name}` } : {}),
    requestParameters: requestParameters(rng, ev.name, email),
    responseElements: null,
    requestID: rng.uuid(),
    eventID: rng.uuid(),
    readOnly: ev.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: ev.source !== 's3.amazonaws.com',
    recipientAccountId: account,
    eventCategory: ev.source === 's3.amazonaws.com' ? 'Data' : 'Management',
  };
}

const ALB_PATHS = ['/', '/api/orders', '/api/orders/42', '/static/app.js', '/health', '/login'];
const ALB_AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36', 'curl/8.5.0', 'okhttp/4.12.0'];

/** An Application Load Balancer access log entry (all documented fields through conn_trace_id), ~520 bytes. */
export function albLogLine(rng: Prng, timeMs: number): string {
  const status = rng.chance(0.03) ? 503 : rng.chance(0.08) ? 404 : 200;
  const received = new Date(timeMs - rng.int(1, 400)).toISOString().replace('Z', '000Z');
  const time = new Date(timeMs).toISOString().replace('Z', '123Z');
  const path = rng.pick(ALB_PATHS);
  const target = `10.0.${rng.int(0, 3)}.${rng.int(2, 250)}:8080`;
  return [
    rng.pick(['https', 'https', 'h2', 'http']),
    time,
    'app/bench-alb/50dc6c495c0c9188',
    `${rng.ip()}:${rng.int(1024, 65535)}`,
    status === 503 ? '-' : target,
    (rng.int(0, 20) / 10000).toFixed(3),
    status === 503 ? '-1' : (rng.int(1, 900) / 1000).toFixed(3),
    '0.000',
    status,
    status === 503 ? '-' : status,
    rng.int(100, 2000),
    rng.int(200, 90000),
    `"${rng.pick(['GET', 'GET', 'POST'])} https://shop.example.com:443${path} HTTP/1.1"`,
    `"${rng.pick(ALB_AGENTS)}"`,
    'ECDHE-RSA-AES128-GCM-SHA256',
    'TLSv1.2',
    'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/bench/73e2d6bc24d8a067',
    `"Root=1-${rng.hex(8)}-${rng.hex(24)}"`,
    '"shop.example.com"',
    '"arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"',
    rng.int(0, 5),
    received,
    '"forward"',
    '"-"',
    status === 503 ? '"TargetConnectionErrorCode"' : '"-"',
    `"${status === 503 ? '-' : target}"`,
    `"${status === 503 ? '-' : status}"`,
    '"-"',
    '"-"',
    `TID_${rng.hex(32)}`,
  ].join(' ');
}
