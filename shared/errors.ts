/**
 * One error family. Whether the platform should retry follows from the class, in one place:
 * `isRetryable(err)`. Messages never carry secret values or payload text.
 */
export interface BridgeErrorOptions {
  cause?: unknown;
  context?: Record<string, unknown>;
}

export class BridgeError extends Error {
  override name = 'BridgeError';
  readonly context: Record<string, unknown>;
  /** Transient failures (network, throttling, storage unavailable) are retryable. */
  readonly retryable: boolean = false;
  constructor(message: string, options: BridgeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.context = options.context ?? {};
  }
}

/** The config file or environment is invalid; fails at start, names the path. */
export class ConfigError extends BridgeError {
  override name = 'ConfigError';
}

/** A record could not be decoded, parsed, normalized or validated: it is quarantined, never thrown out of a batch. */
export class RecordError extends BridgeError {
  override name = 'RecordError';
}

/** Writing to the object store failed: the batch must be retried by the platform. */
export class PersistError extends BridgeError {
  override name = 'PersistError';
  override readonly retryable: boolean = true;
}

/** A conditional write lost its race (If-None-Match / If-Match). */
export class PreconditionFailedError extends BridgeError {
  override name = 'PreconditionFailedError';
}

/** A secret could not be resolved. The message names the reference, never the value. */
export class SecretError extends BridgeError {
  override name = 'SecretError';
  override readonly retryable: boolean = true;
}

/** A sink could not deliver; what it could not deliver goes to failed/. */
export class DeliveryError extends BridgeError {
  override name = 'DeliveryError';
  override readonly retryable: boolean = true;
}

export function isRetryable(err: unknown): boolean {
  return err instanceof BridgeError ? err.retryable : true;
}

/** A message safe to log: class name and message, never a stack of payload data. */
export function describeError(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Unknown', message: String(err) };
}
