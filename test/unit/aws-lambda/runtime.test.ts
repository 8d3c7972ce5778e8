import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from './handler-runtime.js';

const saved = { ...process.env };

/** The runtime module afresh (a new cold start) under the given environment. */
async function coldStart(env: Record<string, string>) {
  vi.resetModules();
  for (const key of Object.keys(process.env)) if (key.startsWith('BRIDGE')) delete process.env[key];
  Object.assign(process.env, { BRIDGE_LOG_LEVEL: 'error', ...env });
  return import('../../../aws-lambda/runtime.js');
}

afterEach(() => {
  process.env = { ...saved };
});

describe('the Lambda runtime', () => {
  it('is built once per cold start, from the BRIDGE__ environment', async () => {
    const data = tempDir();
    const { awsRuntime } = await coldStart({ BRIDGE__STORE__PATH: data, BRIDGE_ALLOW_DEV_KEYS: '1', BRIDGE_DATA_DIR: tempDir() });
    const first = awsRuntime();
    expect(awsRuntime()).toBe(first);
    const runtime = await first;
    expect(runtime.store.location).toBe(`file://${data}`);
    expect(runtime.metrics).toBeDefined();
  });

  it('refuses to start without an HMAC key unless dev keys are allowed, and tries again next time', async () => {
    const { awsRuntime } = await coldStart({ BRIDGE__STORE__PATH: tempDir(), BRIDGE_DATA_DIR: tempDir() });
    await expect(awsRuntime()).rejects.toMatchObject({ name: 'ConfigError' });
    process.env.BRIDGE_ALLOW_DEV_KEYS = '1';
    await expect(awsRuntime()).resolves.toBeDefined();
  });

  it('fails the start on an invalid config, naming the path', async () => {
    const { awsRuntime } = await coldStart({ BRIDGE__PIPELINE__MAX_DEPTH: 'deep', BRIDGE_ALLOW_DEV_KEYS: '1' });
    await expect(awsRuntime()).rejects.toThrow(/pipeline\.max_depth/);
  });
});
