import { at, digits, gzip, hexId, iso, jsonFile, type SampleFile, uuid } from './encode.js';
import { AWS_KEY, BEARER, EMAIL, IP, JWT, PASSWORD } from './fake-secrets.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

interface LogLine {
  timestamp: number;
  message: string;
}

/** The Lambda event a CloudWatch Logs subscription filter delivers: base64 of gzipped JSON. */
function subscriptionEvent(path: string, logGroup: string, logStream: string, lines: LogLine[], messageType = 'DATA_MESSAGE'): SampleFile {
  const data = {
    messageType,
    owner: messageType === 'DATA_MESSAGE' ? ACCOUNT : 'CloudwatchLogs',
    logGroup,
    logStream,
    subscriptionFilters: messageType === 'DATA_MESSAGE' ? ['to-telemetry-bridge'] : [],
    logEvents: lines.map((line, i) => ({
      id: messageType === 'DATA_MESSAGE' ? `${line.timestamp}${digits(`${logGroup}|${logStream}|${i}`, 43)}` : '',
      timestamp: line.timestamp,
      message: line.message,
    })),
  };
  return jsonFile(path, { awslogs: { data: gzip(JSON.stringify(data)).toString('base64') } });
}

function vpcFlow(): SampleFile {
  const eni = 'eni-0a1b2c3d4e5f60718';
  const start = Math.floor(at(9, 14, 0) / 1000);
  const end = start + 60;
  const rows = [
    `2 ${ACCOUNT} ${eni} ${IP.appServer} ${IP.natPeer} 49761 443 6 20 4249 ${start} ${end} ACCEPT OK`,
    `2 ${ACCOUNT} ${eni} ${IP.natPeer} ${IP.appServer} 443 49761 6 18 11823 ${start} ${end} ACCEPT OK`,
    `2 ${ACCOUNT} ${eni} ${IP.scanner} ${IP.appServer} 51515 22 6 3 180 ${start} ${end} REJECT OK`,
    `2 ${ACCOUNT} ${eni} ${IP.scanner} ${IP.appServer} 51516 3389 6 3 180 ${start} ${end} REJECT OK`,
    `2 ${ACCOUNT} ${eni} ${IP.scanner} ${IP.appServer} 51517 5432 6 2 120 ${start} ${end} REJECT OK`,
    `2 ${ACCOUNT} ${eni} ${IP.appServer} ${IP.dbServer} 40222 5432 6 42 9120 ${start} ${end} ACCEPT OK`,
    `2 ${ACCOUNT} ${eni} ${IP.dbServer} ${IP.appServer} 5432 40222 6 40 61544 ${start} ${end} ACCEPT OK`,
    `2 ${ACCOUNT} eni-0f9e8d7c6b5a40312 - - - - - - - ${start} ${end} - NODATA`,
  ];
  return subscriptionEvent(
    'aws/cloudwatch/vpc-flow-logs.json',
    '/aws/vpc/flow-logs/prod',
    `${eni}-all`,
    rows.map((message, i) => ({ timestamp: at(9, 15, 10, i * 7), message })),
  );
}

function cloudTrailRecord(name: string, ms: number, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    eventTime: iso(ms).replace('.000Z', 'Z'),
    eventSource: 'signin.amazonaws.com',
    eventName: name,
    awsRegion: REGION,
    requestParameters: null,
    responseElements: null,
    requestID: uuid(`ct-req-${name}-${ms}`),
    eventID: uuid(`ct-evt-${name}-${ms}`),
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...extra,
  };
}

function cloudTrail(): SampleFile {
  const ssoSession = {
    type: 'AssumedRole',
    principalId: `AROA3EXAMPLEDEMO0001:${EMAIL.jane}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_5f3c1e2d/${EMAIL.jane}`,
    accountId: ACCOUNT,
    accessKeyId: AWS_KEY.sessionKeyId,
    sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROA3EXAMPLEDEMO0001', arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_5f3c1e2d`, accountId: ACCOUNT, userName: 'AWSReservedSSO_AdministratorAccess_5f3c1e2d' }, attributes: { creationDate: '2026-11-21T08:58:12Z', mfaAuthenticated: 'false' } },
  };
  const records = [
    cloudTrailRecord('ConsoleLogin', at(9, 14, 31), {
      userIdentity: { type: 'IAMUser', principalId: 'AIDA3EXAMPLEDEMO0002', arn: `arn:aws:iam::${ACCOUNT}:user/ops-breakglass`, accountId: ACCOUNT, userName: 'ops-breakglass' },
      sourceIPAddress: IP.scanner,
      userAgent: CHROME,
      errorMessage: 'Failed authentication',
      responseElements: { ConsoleLogin: 'Failure' },
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
      eventType: 'AwsConsoleSignIn',
      readOnly: false,
    }),
    cloudTrailRecord('CreateAccessKey', at(9, 15, 2), {
      eventSource: 'iam.amazonaws.com',
      userIdentity: ssoSession,
      sourceIPAddress: IP.office,
      userAgent: 'aws-cli/2.17.40 md/awscrt#0.21.2 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.11.9 cmd/iam.create-access-key',
      requestParameters: { userName: 'svc-reporting' },
      responseElements: { accessKey: { userName: 'svc-reporting', accessKeyId: AWS_KEY.userKeyId, status: 'Active', createDate: 'Nov 21, 2026 9:15:02 AM' } },
    }),
    cloudTrailRecord('PutBucketPolicy', at(9, 15, 40), {
      eventSource: 's3.amazonaws.com',
      userIdentity: ssoSession,
      sourceIPAddress: IP.office,
      userAgent: '[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750]',
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
      requestParameters: { bucketName: 'demo-prod-exports', Host: 'demo-prod-exports.s3.amazonaws.com', policy: '' },
      resources: [{ ARN: 'arn:aws:s3:::demo-prod-exports', accountId: ACCOUNT, type: 'AWS::S3::Bucket' }],
    }),
    cloudTrailRecord('AssumeRole', at(9, 16, 5), {
      eventSource: 'sts.amazonaws.com',
      userIdentity: { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' },
      sourceIPAddress: 'lambda.amazonaws.com',
      userAgent: 'lambda.amazonaws.com',
      readOnly: true,
      requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/checkout-api-role`, roleSessionName: 'checkout-api', durationSeconds: 43200 },
      responseElements: { credentials: { accessKeyId: AWS_KEY.sessionKeyId, sessionToken: 'IQoJb3JpZ2luX2VjEDEMO-not-a-real-session-token', expiration: 'Nov 21, 2026 9:16:05 PM' } },
    }),
  ];
  return subscriptionEvent(
    'aws/cloudwatch/cloudtrail.json',
    `aws-cloudtrail-logs-${ACCOUNT}-demo`,
    `${ACCOUNT}_CloudTrail_${REGION}`,
    records.map((r, i) => ({ timestamp: at(9, 17, 0, i * 11), message: JSON.stringify(r) })),
  );
}

function lambda(): SampleFile {
  const first = uuid('lambda-req-1');
  const second = uuid('lambda-req-2');
  const tab = (ms: number, req: string, level: string, text: string) => `${iso(ms)}\t${req}\t${level}\t${text}\n`;
  const powertools = {
    level: 'INFO',
    message: 'order placed',
    timestamp: iso(at(9, 18, 2, 640)),
    service: 'checkout-api',
    cold_start: false,
    function_name: 'checkout-api',
    function_request_id: second,
    xray_trace_id: `1-673f0a1a-${hexId('xray', 24)}`,
    order_id: 'ord_7731',
    customer_email: EMAIL.oncall,
    client_ip: IP.mobileUser,
  };
  const lines: LogLine[] = [
    { timestamp: at(9, 18, 1, 100), message: `INIT_START Runtime Version: nodejs:20.v41\tRuntime Version ARN: arn:aws:lambda:${REGION}::runtime:${hexId('rt', 64)}\n` },
    { timestamp: at(9, 18, 1, 512), message: `START RequestId: ${first} Version: $LATEST\n` },
    { timestamp: at(9, 18, 1, 540), message: tab(at(9, 18, 1, 540), first, 'INFO', `checkout started for ${EMAIL.jane} from ${IP.customer}`) },
    { timestamp: at(9, 18, 1, 610), message: tab(at(9, 18, 1, 610), first, 'ERROR', `payment provider rejected call (401) Authorization: Bearer ${BEARER.payments}`) },
    { timestamp: at(9, 18, 1, 650), message: tab(at(9, 18, 1, 650), first, 'WARN', `db login failed for user=checkout password=${PASSWORD.checkoutDb} host=${IP.dbServer}`) },
    { timestamp: at(9, 18, 1, 660), message: tab(at(9, 18, 1, 660), first, 'DEBUG', `env AWS_ACCESS_KEY_ID=${AWS_KEY.leakedKeyId} AWS_SECRET_ACCESS_KEY=${AWS_KEY.secretKey}`) },
    { timestamp: at(9, 18, 1, 700), message: `END RequestId: ${first}\n` },
    { timestamp: at(9, 18, 1, 700), message: `REPORT RequestId: ${first}\tDuration: 187.34 ms\tBilled Duration: 188 ms\tMemory Size: 512 MB\tMax Memory Used: 143 MB\tInit Duration: 412.08 ms\t\n` },
    { timestamp: at(9, 18, 2, 600), message: `START RequestId: ${second} Version: $LATEST\n` },
    { timestamp: at(9, 18, 2, 640), message: `${JSON.stringify(powertools)}\n` },
    { timestamp: at(9, 18, 2, 655), message: tab(at(9, 18, 2, 655), second, 'INFO', `partner callback token=${JWT.partner}`) },
    { timestamp: at(9, 18, 2, 690), message: `END RequestId: ${second}\n` },
    { timestamp: at(9, 18, 2, 690), message: `REPORT RequestId: ${second}\tDuration: 61.02 ms\tBilled Duration: 62 ms\tMemory Size: 512 MB\tMax Memory Used: 146 MB\t\n` },
  ];
  return subscriptionEvent('aws/cloudwatch/lambda-checkout-api.json', '/aws/lambda/checkout-api', `2026/11/21/[$LATEST]${hexId('stream', 32)}`, lines);
}

function apiGateway(): SampleFile {
  const rows = [
    { ip: IP.partner, method: 'POST', route: 'POST /orders', status: '201', latency: 95, integration: 87, principal: EMAIL.jane },
    { ip: IP.customer, method: 'GET', route: 'GET /orders/{id}', status: '200', latency: 31, integration: 24, principal: EMAIL.oncall },
    { ip: IP.partner, method: 'POST', route: 'POST /orders', status: '502', latency: 29004, integration: 29000, principal: EMAIL.jane },
    { ip: IP.mobileUser, method: 'GET', route: 'GET /health', status: '200', latency: 4, integration: 2, principal: '-' },
    { ip: IP.scanner, method: 'GET', route: 'GET /admin', status: '403', latency: 3, integration: '-', principal: '-' },
  ];
  const lines = rows.map((r, i) => {
    const ms = at(9, 19, 4 + i * 3, 250);
    const d = new Date(ms);
    const clf = `21/Nov/2026:${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')} +0000`;
    const entry = {
      requestId: Buffer.from(hexId(`apigw-${i}`, 12), 'hex').toString('base64'),
      ip: r.ip,
      requestTime: clf,
      requestTimeEpoch: ms,
      httpMethod: r.method,
      routeKey: r.route,
      status: r.status,
      protocol: 'HTTP/1.1',
      responseLength: String(200 + i * 97),
      integrationLatency: String(r.integration),
      responseLatency: String(r.latency),
      userAgent: i === 2 ? 'okhttp/4.12.0' : CHROME,
      authorizerPrincipalId: r.principal,
    };
    return { timestamp: ms + 5, message: JSON.stringify(entry) };
  });
  return subscriptionEvent('aws/cloudwatch/api-gateway-access.json', '/aws/apigateway/orders-api/access-logs', '8a3f9c2d1e0b4a7f6c5d4e3f2a1b0c9d', lines);
}

function waf(): SampleFile {
  const acl = `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/prod-web-acl/${uuid('acl')}`;
  const request = (ip: string, uri: string, args: string, headers: Array<[string, string]>, id: string) => ({
    clientIp: ip,
    country: ip === IP.scanner ? 'NL' : 'US',
    headers: headers.map(([name, value]) => ({ name, value })),
    uri,
    args,
    httpVersion: 'HTTP/1.1',
    httpMethod: 'GET',
    requestId: `1-673f0a2b-${hexId(id, 24)}`,
  });
  const base = (ms: number, action: string, rule: string, ruleType: string) => ({
    timestamp: ms,
    formatVersion: 1,
    webaclId: acl,
    terminatingRuleId: rule,
    terminatingRuleType: ruleType,
    action,
    terminatingRuleMatchDetails: [],
    httpSourceName: 'ALB',
    httpSourceId: `${ACCOUNT}-app/prod-alb/${hexId('alb', 16)}`,
    ruleGroupList: [],
    rateBasedRuleList: [],
    nonTerminatingMatchingRules: [],
    requestHeadersInserted: null,
    responseCodeSent: null,
  });
  const records = [
    {
      ...base(at(9, 20, 11, 5), 'BLOCK', 'AWS-AWSManagedRulesSQLiRuleSet', 'MANAGED_RULE_GROUP'),
      terminatingRuleMatchDetails: [{ conditionType: 'SQL_INJECTION', location: 'QUERY_STRING', matchedData: ['1', 'OR', '1=1'], sensitivityLevel: 'LOW' }],
      httpRequest: request(IP.scanner, '/products', 'id=1%20OR%201%3D1', [['Host', 'shop.example.com'], ['User-Agent', 'sqlmap/1.8.4#stable'], ['Authorization', `Bearer ${BEARER.internal}`]], 'waf-1'),
      labels: [{ name: 'awswaf:managed:aws:sql-database:SQLi_QueryArguments' }],
    },
    {
      ...base(at(9, 20, 12, 80), 'BLOCK', 'rate-limit-login', 'RATE_BASED'),
      httpRequest: request(IP.scanner, '/login', `user=${encodeURIComponent(EMAIL.jane)}`, [['Host', 'shop.example.com'], ['User-Agent', 'python-requests/2.32.3']], 'waf-2'),
    },
    {
      ...base(at(9, 20, 13, 400), 'ALLOW', 'Default_Action', 'REGULAR'),
      httpRequest: request(IP.customer, '/api/cart', '', [['Host', 'shop.example.com'], ['User-Agent', CHROME], ['Authorization', `Bearer ${JWT.checkout}`]], 'waf-3'),
    },
  ];
  return subscriptionEvent(
    'aws/cloudwatch/waf.json',
    'aws-waf-logs-prod-web-acl',
    `${REGION}_prod-web-acl_0`,
    records.map((r) => ({ timestamp: r.timestamp + 900, message: JSON.stringify(r) })),
  );
}

/** CloudWatch checks a new subscription with a control message: acknowledged, counted as filtered. */
function controlMessage(): SampleFile {
  return subscriptionEvent('aws/cloudwatch/control-message.json', '', '', [{ timestamp: at(9, 13, 58, 12), message: 'CWL CONTROL MESSAGE: Checking health of destination Lambda function.' }], 'CONTROL_MESSAGE');
}

export function cloudWatchSamples(): SampleFile[] {
  return [vpcFlow(), cloudTrail(), lambda(), apiGateway(), waf(), controlMessage()];
}
