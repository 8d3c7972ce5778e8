import * as z from 'zod';

/**
 * Who asked for a bundle, as the platform authenticated them — never what the request says:
 * the IAM principal of a SigV4-signed Function URL call, the Entra object id App Service
 * authentication put in front of the function, or the Google identity of the ID token Cloud Run
 * checked. The manifest records it (signed) apart from the request's filters.
 */
export const EvidenceCallerV1 = z.strictObject({
  kind: z.enum(['aws_iam', 'entra', 'google', 'local']),
  /** IAM principal ARN, Entra object id, Google e-mail (or subject), or the local user. */
  id: z.string().min(1).max(512),
  /** A display name when the platform gives one (Entra UPN). */
  name: z.string().min(1).max(512).optional(),
});
export type EvidenceCaller = z.infer<typeof EvidenceCallerV1>;

const PRINTABLE = /^[^\u0000-\u001f\u007f]{1,512}$/;

/** A caller from platform-supplied text, or undefined when the text is missing or not a plain identifier. */
export function evidenceCaller(kind: EvidenceCaller['kind'], id: unknown, name?: unknown): EvidenceCaller | undefined {
  if (typeof id !== 'string' || !PRINTABLE.test(id.trim())) return undefined;
  const display = typeof name === 'string' && PRINTABLE.test(name.trim()) ? name.trim() : undefined;
  return { kind, id: id.trim(), ...(display ? { name: display } : {}) };
}

/** The rate limiter's key: one bucket per authenticated principal. */
export function callerKey(caller: EvidenceCaller | undefined): string {
  return caller ? `${caller.kind}:${caller.id}` : 'anonymous';
}
