import { BridgeError } from '../errors.js';

/** An operation did not finish in time. Retryable: the next attempt may be faster. */
export class TimeoutError extends BridgeError {
  override name = 'TimeoutError';
  override readonly retryable = true;
}

export interface Deadline {
  /** Aborts after the timeout (reason: TimeoutError) or when the parent aborts (its reason). */
  signal: AbortSignal;
  /** Stops the timer; call when the operation is over. */
  clear(): void;
}

/** A signal that aborts after `ms` or when `parent` aborts, whichever comes first. */
export function deadline(ms: number, operation: string, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutError(`${operation} timed out after ${ms} ms`, { context: { timeoutMs: ms } })), ms);
  const onParentAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}

/** Runs `fn` with a signal that aborts after `ms`; rejects with TimeoutError if `fn` outlives it. */
export async function withTimeout<T>(ms: number, operation: string, fn: (signal: AbortSignal) => Promise<T>, parent?: AbortSignal): Promise<T> {
  const { signal, clear } = deadline(ms, operation, parent);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    return await Promise.race([fn(signal), aborted]);
  } finally {
    clear();
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
