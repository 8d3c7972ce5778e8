import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SecretSource } from '../ports.js';
import { secretFailure } from './secret-ref.js';

export interface EnvFileSecretSourceOptions {
  /** Default process.env. */
  env?: Record<string, string | undefined>;
  /** Relative `file:` paths resolve against this folder (default: the working directory). */
  baseDir?: string;
}

/**
 * Local secrets: `env:NAME` reads an environment variable, `file:/path` a file (one trailing
 * newline is dropped, as editors and `echo` add one). An unset or empty secret is an error.
 */
export class EnvFileSecretSource implements SecretSource {
  private readonly env: Record<string, string | undefined>;
  private readonly baseDir: string | undefined;

  constructor(options: EnvFileSecretSourceOptions = {}) {
    this.env = options.env ?? process.env;
    this.baseDir = options.baseDir;
  }

  async get(ref: string): Promise<string> {
    if (ref.startsWith('env:')) return this.fromEnv(ref, ref.slice('env:'.length));
    if (ref.startsWith('file:')) return this.fromFile(ref, ref.slice('file:'.length));
    throw secretFailure(ref, 'is not an env:NAME or file:PATH reference');
  }

  private fromEnv(ref: string, name: string): string {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw secretFailure(ref, 'does not name an environment variable');
    const value = this.env[name];
    if (value === undefined || value === '') throw secretFailure(ref, 'is not set');
    return value;
  }

  private async fromFile(ref: string, path: string): Promise<string> {
    if (path === '') throw secretFailure(ref, 'does not name a file');
    let text: string;
    try {
      text = await readFile(this.baseDir === undefined ? resolve(path) : resolve(this.baseDir, path), 'utf8');
    } catch (cause) {
      throw secretFailure(ref, 'could not be read', cause);
    }
    const value = text.replace(/\r?\n$/, '');
    if (value === '') throw secretFailure(ref, 'is empty');
    return value;
  }
}
