import { BridgeError } from '../errors.js';

/** S3's cap on all user metadata of an object (names + values, in bytes); held everywhere so a lake moves between clouds. */
export const MAX_METADATA_BYTES = 2048;

const NAME = /^[a-z][a-z0-9_]*$/;
const VALUE = /^[\x20-\x7e]*$/;

/**
 * The PutOptions.metadata contract, checked the same way by every adapter before anything is
 * sent: a name every store keeps as given (S3 lower-cases names, Blob wants C# identifiers) and
 * ASCII values (HTTP headers). A breach is a bug in the caller, so it is not retryable.
 */
export function checkMetadata(key: string, metadata: Record<string, string> | undefined): Record<string, string> | undefined {
  if (metadata === undefined) return undefined;
  let bytes = 0;
  for (const [name, value] of Object.entries(metadata)) {
    if (!NAME.test(name)) throw new BridgeError(`metadata name ${JSON.stringify(name.slice(0, 64))} of ${key} must be lower-case ASCII letters, digits and _`, { context: { key } });
    if (typeof value !== 'string' || !VALUE.test(value)) throw new BridgeError(`metadata ${name} of ${key} must be printable ASCII`, { context: { key } });
    bytes += name.length + value.length;
  }
  if (bytes > MAX_METADATA_BYTES) throw new BridgeError(`metadata of ${key} is ${bytes} bytes, more than ${MAX_METADATA_BYTES}`, { context: { key, bytes } });
  return Object.keys(metadata).length === 0 ? undefined : metadata;
}

/** Metadata as a store answered it: string values only (GCS may hold numbers or null), names lower-cased. */
export function metadataOf(raw: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === null || value === undefined) continue;
    out[name.toLowerCase()] = String(value);
  }
  return out;
}
