import { BridgeError, type BridgeErrorOptions } from '../errors.js';

export interface ConnectorErrorOptions extends BridgeErrorOptions {
  /** HTTP status when the error came from a response. */
  status?: number;
  /** Overrides the class default (a 5xx is retryable, a 4xx is not). */
  retryable?: boolean;
  /** The wait the vendor asked for (Retry-After, rate-limit reset), in ms. */
  retryAfterMs?: number;
}

/** Anything a connector cannot do. Context names the connector and the request path, never a secret or payload. */
export class ConnectorError extends BridgeError {
  override name = 'ConnectorError';
  override readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super(message, options);
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The vendor could not be reached: DNS, refused connection, reset, timeout, or an open circuit. Retryable. */
export class ConnectorConnectionError extends ConnectorError {
  override name = 'ConnectorConnectionError';
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super(message, { ...options, retryable: options.retryable ?? true });
  }
}

/** Credentials were refused (401, or 403 without a rate-limit signal). Never retried: a retry will not fix a token. */
export class ConnectorAuthError extends ConnectorError {
  override name = 'ConnectorAuthError';
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super(message, { ...options, retryable: false });
  }
}

/** The vendor throttled us (429, or GitHub's 403 with an exhausted quota). Carries the wait the vendor asked for. */
export class ConnectorRateLimitError extends ConnectorError {
  override name = 'ConnectorRateLimitError';
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super(message, { ...options, retryable: true });
  }
}

/** A page did not have the shape the vendor documents (not JSON, a missing array). Not retried; the run is partial. */
export class ConnectorResponseError extends ConnectorError {
  override name = 'ConnectorResponseError';
}
