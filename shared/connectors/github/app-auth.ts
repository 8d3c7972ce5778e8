import { createSign } from 'node:crypto';
import { ConnectorAuthError } from '../errors.js';
import type { HttpClient } from '../http-base.js';

/**
 * GitHub App auth (seed 003 GH-001): an RS256 JWT signed with `node:crypto` (iat 60 s in the
 * past for clock drift, exp 9 minutes on, iss the app or client id), exchanged for an
 * installation token that is cached until shortly before its `expires_at` and renewed on a 401.
 * The private key and tokens stay in memory; nothing is logged.
 */

const b64url = (v: string | Buffer): string => Buffer.from(v).toString('base64url');

export function appJwt(appId: string, privateKeyPem: string, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000) - 60;
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ iat, exp: iat + 600 - 60, iss: appId }));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKeyPem);
  return `${header}.${payload}.${b64url(signature)}`;
}

export interface AppAuthOptions {
  appId: string;
  installationId: number;
  privateKey: () => Promise<string>;
  clock: () => number;
  apiVersion: string;
}

export class InstallationTokens {
  private cached: { token: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly options: AppAuthOptions,
  ) {}

  /** A valid installation token: the cached one until 5 minutes before it expires. */
  token(): Promise<string> {
    if (this.cached && this.options.clock() < this.cached.expiresAt - 5 * 60_000) return Promise.resolve(this.cached.token);
    this.pending ??= this.exchange().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** After a 401: forget the token; the next call exchanges a fresh one. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async exchange(): Promise<string> {
    const jwt = appJwt(this.options.appId, await this.options.privateKey(), this.options.clock());
    const res = await this.http.request<{ token?: unknown; expires_at?: unknown }>({
      method: 'POST',
      path: `/app/installations/${this.options.installationId}/access_tokens`,
      anonymous: true,
      headers: { authorization: `Bearer ${jwt}`, accept: 'application/vnd.github+json', 'x-github-api-version': this.options.apiVersion },
    });
    const token = res.body?.token;
    const expiresAt = typeof res.body?.expires_at === 'string' ? Date.parse(res.body.expires_at) : Number.NaN;
    if (typeof token !== 'string' || token === '') throw new ConnectorAuthError('github: the installation token answer carried no token');
    // An unreadable expiry: use it for one minute rather than assume a length.
    this.cached = { token, expiresAt: Number.isFinite(expiresAt) ? expiresAt : this.options.clock() + 6 * 60_000 };
    return token;
  }
}
