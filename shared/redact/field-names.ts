/**
 * Field-name rules. Names compare case-insensitively with `-` and `_` ignored (`X-Api-Key`,
 * `x_api_key` and `xApiKey` are one name). A deny name also matches any key ending in it
 * (`dbPassword`, `sessionToken`); allow and hash names match the whole key or its last words
 * (`endUser` for `user`, but not `superuser`). The longest matching name decides; on a tie deny
 * beats allow beats hash.
 */
export const DEFAULT_DENY_FIELDS: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'api_key',
  'apikey',
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'client_secret',
  'private_key',
  'access_token',
  'refresh_token',
  'secret_access_key',
  'account_key',
  'connection_string',
  'conn_str',
  'dsn',
  // Azure connection-string parts and SAS parameters (`AccountKey=`, `SharedAccessKey=`, `sig=`).
  'shared_access_key',
  'shared_access_signature',
  'sig',
  'x-amz-signature',
  'x-goog-signature',
  'x-hub-signature',
  'credential',
  'credentials',
  'private_key_id',
  'session_id',
  'sessid',
  'session_key',
  'session_secret',
  'client_assertion',
  'passcode',
  'otp',
]);

export const DEFAULT_HASH_FIELDS: readonly string[] = Object.freeze([
  'user',
  'username',
  'user_name',
  'userPrincipalName',
  'principalEmail',
  'caller',
  'email',
  'user_email',
  'user_id',
  'actor',
  'upn',
  // People's names: Entra sign-ins, Activity-log identity claims, SaaS user records.
  'userDisplayName',
  'user_display_name',
  'full_name',
  'claims_name',
  'givenname',
  'given_name',
  'family_name',
  'surname',
  'unique_name',
  'email_address',
  'mail',
  'phone_number',
]);

/**
 * Names of the people behind a token or sign-in: under an object named in CLAIM_PARENTS, these
 * keys are hashed too (`claims.name`, `identity.claims.name`), while `name` elsewhere (a resource,
 * an operation) stays readable.
 */
export const CLAIM_PARENTS: readonly string[] = Object.freeze(['claims', 'id_token_claims', 'token_claims', 'user_claims']);
export const CLAIM_NAME_FIELDS: readonly string[] = Object.freeze(['name', 'nickname', 'preferred_username', 'given_name', 'family_name']);

/**
 * Last words of a field name that hint at a secret (`signing_key`, `webhook_auth`): its string
 * value is removed when it looks like a generated secret (see isHighEntropySecret), kept otherwise
 * (`partition_key: "device-7"`, `object_key: "logs/2024/…"`).
 */
export const SECRET_HINT_WORDS: readonly string[] = Object.freeze(['key', 'keys', 'auth', 'pass', 'pin', 'salt', 'hmac', 'cred', 'creds', 'seed', 'signature']);

/**
 * Denied in free text only (`signature=…` in a query string), where no value shape tells a
 * status from a secret; as a field, `signature` is a secret hint (`resultSignature: "Succeeded."`
 * stays, a base64 signature goes).
 */
export const TEXT_DENY_FIELDS: readonly string[] = Object.freeze(['signature']);

export type FieldRule = 'deny' | 'allow' | 'hash' | 'none' | 'secret_hint' | 'claims';

export function normalizeFieldName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

const WORD = /[A-Z]{1,64}(?![a-z])|[A-Z]?[a-z]{1,64}|[0-9]{1,64}/g;

/** `userPrincipalName` → ['user', 'principal', 'name']; `X-API-Key` → ['x', 'api', 'key']. */
export function splitWords(name: string): string[] {
  const words: string[] = [];
  for (const m of name.matchAll(WORD)) words.push(m[0].toLowerCase());
  return words;
}

const RANK: Record<FieldRule, number> = { deny: 3, allow: 2, hash: 1, secret_hint: 0, claims: 0, none: 0 };
const HINTS = new Set(SECRET_HINT_WORDS);
const CLAIMS = new Set(CLAIM_PARENTS.map(normalizeFieldName));
const CACHE_LIMIT = 10_000;

export class FieldMatcher {
  private readonly deny: string[];
  private readonly allow: Set<string>;
  private readonly hash: Set<string>;
  private readonly cache = new Map<string, FieldRule>();

  constructor(lists: { denyFields: readonly string[]; allowFields: readonly string[]; hashFields: readonly string[] }) {
    this.deny = [...new Set(lists.denyFields.map(normalizeFieldName))].filter((n) => n.length > 0);
    this.allow = new Set(lists.allowFields.map(normalizeFieldName));
    this.hash = new Set(lists.hashFields.map(normalizeFieldName));
  }

  classify(key: string): FieldRule {
    let rule = this.cache.get(key);
    if (rule === undefined) {
      rule = this.compute(key);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, rule);
    }
    return rule;
  }

  private compute(key: string): FieldRule {
    const norm = normalizeFieldName(key);
    let best: FieldRule = 'none';
    let bestLen = 0;
    const consider = (rule: FieldRule, len: number): void => {
      if (len > bestLen || (len === bestLen && RANK[rule] > RANK[best])) {
        best = rule;
        bestLen = len;
      }
    };
    for (const name of this.deny) if (norm.endsWith(name)) consider('deny', name.length);
    if (this.allow.size > 0 || this.hash.size > 0) {
      const words = splitWords(key);
      let suffix = '';
      for (let i = words.length - 1; i >= 0; i--) {
        suffix = words[i] + suffix;
        if (this.allow.has(suffix)) consider('allow', suffix.length);
        if (this.hash.has(suffix)) consider('hash', suffix.length);
      }
      if (this.allow.has(norm)) consider('allow', norm.length);
      if (this.hash.has(norm)) consider('hash', norm.length);
    }
    if (best === 'none') {
      if (CLAIMS.has(norm)) return 'claims';
      const words = splitWords(key);
      // `key` alone is an S3 object key or a map key, not a secret.
      const last = words[words.length - 1]!;
      if ((words.length > 1 || last === 'signature') && HINTS.has(last)) return 'secret_hint';
    }
    return best;
  }
}
