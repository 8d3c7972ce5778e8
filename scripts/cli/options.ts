import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { BridgeConfig } from '../../shared/config/index.js';
import { UsageError, type CliIo } from './io.js';

/** Flags every command that touches the store understands. */
export const COMMON_OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', short: 'v', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export interface CommonFlags {
  data?: string | undefined;
  config?: string | undefined;
  json?: boolean | undefined;
  verbose?: boolean | undefined;
  help?: boolean | undefined;
}

/** node:util parseArgs with its errors turned into a UsageError naming the command. */
export function parseFlags<const O extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: O, allowPositionals: boolean) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (cause) {
    throw new UsageError(`${command}: ${(cause as Error).message.split('\n')[0]} (see \`bridge ${command} --help\`)`, { cause });
  }
}

/** The local store folder: --data, else BRIDGE_DATA_DIR, else config store.path, else ./.bridge-data. */
export function resolveDataDir(flags: CommonFlags, io: CliIo, config?: BridgeConfig): string {
  const chosen = flags.data ?? io.env.BRIDGE_DATA_DIR ?? config?.store.path ?? '.bridge-data';
  if (chosen.trim() === '') throw new UsageError('--data needs a folder');
  return resolve(io.cwd, chosen);
}

/** The config file: --config, else BRIDGE_CONFIG, else none (defaults + BRIDGE__* overrides). */
export function resolveConfigPath(flags: CommonFlags, io: CliIo): string | undefined {
  const chosen = flags.config ?? io.env.BRIDGE_CONFIG;
  return chosen === undefined || chosen === '' ? undefined : resolve(io.cwd, chosen);
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `60s`, `5m`, `1h`, `500ms` or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match) throw new UsageError(`invalid duration ${JSON.stringify(text)} (use e.g. 30s, 5m, 1h)`);
  const ms = Number(match[1]) * UNITS[match[2] ?? 's']!;
  if (!Number.isFinite(ms) || ms < 1000) throw new UsageError(`duration ${JSON.stringify(text)} is too short (at least 1s)`);
  return ms;
}
