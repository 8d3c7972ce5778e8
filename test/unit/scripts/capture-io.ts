import type { CliIo } from '../../../scripts/cli/io.js';

export interface CapturedIo extends CliIo {
  stdout: string[];
  stderr: string[];
  /** stdout joined, parsed as JSON (for --json runs). */
  json<T = unknown>(): T;
}

/** A CliIo that keeps what a command prints, with its own environment and working directory. */
export function captureIo(cwd: string, env: Record<string, string | undefined> = {}, stopSignal?: AbortSignal): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    cwd,
    env,
    ...(stopSignal ? { stopSignal } : {}),
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    json: <T,>() => JSON.parse(stdout.join('\n')) as T,
  };
}
