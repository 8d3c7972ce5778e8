import { SecretError } from '../errors.js';

/**
 * A cloud secret reference: `name`, optionally with `#field` to pick one field of a secret
 * stored as a JSON object (the AWS console's key/value secrets). No secret manager allows `#`
 * in a name, so the split is unambiguous.
 */
export interface SecretName {
  name: string;
  field?: string;
}

export function parseSecretRef(ref: string): SecretName {
  const hash = ref.indexOf('#');
  const name = hash === -1 ? ref : ref.slice(0, hash);
  const field = hash === -1 ? undefined : ref.slice(hash + 1);
  if (name === '' || field === '') throw new SecretError(`secret reference ${ref} is malformed`, { context: { ref } });
  return field === undefined ? { name } : { name, field };
}

/** The secret's value, or one field of it. Errors name the ref and the field, never any content. */
export function selectField(ref: string, value: string, field: string | undefined): string {
  if (field === undefined) return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new SecretError(`secret ${ref} is not a JSON object, so it has no field ${field}`, { context: { ref } });
  }
  const picked = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>)[field] : undefined;
  if (typeof picked === 'string' && picked !== '') return picked;
  if (typeof picked === 'number' || typeof picked === 'boolean') return String(picked);
  throw new SecretError(`secret ${ref} has no non-empty field ${field}`, { context: { ref } });
}

/** Every source's failure, in one form: the ref and what went wrong, the SDK error as cause. */
export function secretFailure(ref: string, what: string, cause?: unknown): SecretError {
  return new SecretError(`secret ${ref} ${what}`, { cause, context: { ref } });
}
