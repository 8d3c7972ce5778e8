import { BridgeError } from '../../shared/errors.js';

/** Where a command writes and what it reads from its surroundings: injectable, so tests run commands in-process. */
export interface CliIo {
  /** A line (or block) of the command's output, on stdout. */
  out(text: string): void;
  /** Diagnostics and log lines, on stderr. */
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted when the user asks to stop; `collect --every` listens to SIGINT/SIGTERM when absent. */
  stopSignal?: AbortSignal;
}

export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(`${text}\n`),
    err: (text) => void process.stderr.write(`${text}\n`),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** An AbortSignal for Ctrl-C / SIGTERM; only long-running commands install it (it replaces Node's default exit). */
export function processStopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}

/** Bad usage: unknown command or flag, a missing or unreadable file. Exit code 2. */
export class UsageError extends BridgeError {
  override name = 'UsageError';
}

/** Exit codes: 0 ok; 1 something could not be persisted (or failed unexpectedly); 2 bad usage or config. */
export const EXIT = { ok: 0, notPersisted: 1, usage: 2 } as const;
