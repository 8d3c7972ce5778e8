import type { LogLevel, Logger } from '../ports.js';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLoggerOptions {
  /** Fields on every line (service, cloud, function name, invocation id). */
  base?: Record<string, unknown>;
  level?: LogLevel;
  /** Where lines go; default stdout (warn/error to stderr). */
  write?: (line: string, level: LogLevel) => void;
  clock?: () => number;
}

/** One JSON object per line: the form CloudWatch, Application Insights and Cloud Logging index. */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? ((process.env.BRIDGE_LOG_LEVEL as LogLevel | undefined) ?? 'info')] ?? ORDER.info;
  const clock = options.clock ?? Date.now;
  const write =
    options.write ??
    ((line: string, level: LogLevel) => (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(`${line}\n`));
  const log = (level: LogLevel) => (message: string, context: Record<string, unknown> = {}) => {
    if (ORDER[level] < min) return;
    const severity = level.toUpperCase();
    write(JSON.stringify({ time: new Date(clock()).toISOString(), level: severity, severity, message, ...options.base, ...context }, errorReplacer), level);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that keeps nothing: for tests and the CLI's quiet mode. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
