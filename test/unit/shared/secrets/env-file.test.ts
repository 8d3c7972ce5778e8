import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretError } from '../../../../shared/errors.js';
import { EnvFileSecretSource } from '../../../../shared/secrets/env-file.js';

describe('EnvFileSecretSource', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'secrets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('env:NAME', () => {
    const source = new EnvFileSecretSource({ env: { FIXOPS_API_KEY: 'key-123', EMPTY: '' } });

    it('reads the environment variable', async () => {
      expect(await source.get('env:FIXOPS_API_KEY')).toBe('key-123');
    });

    it.each([
      ['env:MISSING', 'secret env:MISSING is not set'],
      ['env:EMPTY', 'secret env:EMPTY is not set'],
      ['env:', 'secret env: does not name an environment variable'],
      ['env:A-B', 'secret env:A-B does not name an environment variable'],
    ])('refuses %s with a SecretError naming the ref', async (ref, message) => {
      const err = await source.get(ref).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SecretError);
      expect((err as SecretError).message).toBe(message);
      expect((err as SecretError).context).toEqual({ ref });
    });

    it('reads process.env when no env is given', async () => {
      process.env.BRIDGE_TEST_SECRET_ENV_FILE = 'from-process';
      try {
        expect(await new EnvFileSecretSource().get('env:BRIDGE_TEST_SECRET_ENV_FILE')).toBe('from-process');
      } finally {
        delete process.env.BRIDGE_TEST_SECRET_ENV_FILE;
      }
    });
  });

  describe('file:PATH', () => {
    it.each([
      ['value\n', 'value'],
      ['value\r\n', 'value'],
      ['value', 'value'],
      ['line1\nline2\n\n', 'line1\nline2\n'],
      ['-----BEGIN PRIVATE \u004BEY-----\nabc\n-----END PRIVATE KEY-----\n', '-----BEGIN PRIVATE \u004BEY-----\nabc\n-----END PRIVATE KEY-----'],
    ])('reads %j as %j, dropping one trailing newline', async (content, expected) => {
      const path = join(dir, 'secret.txt');
      await writeFile(path, content);
      expect(await new EnvFileSecretSource().get(`file:${path}`)).toBe(expected);
    });

    it('resolves a relative path against baseDir', async () => {
      await writeFile(join(dir, 'relative.txt'), 'rel\n');
      expect(await new EnvFileSecretSource({ baseDir: dir }).get('file:relative.txt')).toBe('rel');
    });

    it.each([
      ['a missing file', () => `file:${join(dir, 'nope.txt')}`, 'could not be read'],
      ['an empty file', () => `file:${join(dir, 'empty.txt')}`, 'is empty'],
      ['no path', () => 'file:', 'does not name a file'],
    ])('refuses %s with a SecretError naming the ref', async (_case, refOf, what) => {
      await writeFile(join(dir, 'empty.txt'), '\n');
      const ref = refOf();
      const err = await new EnvFileSecretSource().get(ref).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SecretError);
      expect((err as SecretError).message).toBe(`secret ${ref} ${what}`);
    });
  });

  it.each(['fixops-api-key', 'ENV:X', 'https://vault/secret'])('refuses %j, which is neither env: nor file:', async (ref) => {
    await expect(new EnvFileSecretSource().get(ref)).rejects.toThrow(`secret ${ref} is not an env:NAME or file:PATH reference`);
  });
});
