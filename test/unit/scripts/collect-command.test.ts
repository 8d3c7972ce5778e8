import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main.js';
import { LocalFolderStore } from '../../../shared/store/index.js';
import { captureIo } from './capture-io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-collect-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function manifests(): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of new LocalFolderStore({ root: join(dir, 'store') }).list('manifests/')) keys.push(info.key);
  return keys;
}

describe('bridge collect', () => {
  it('runs once with no connectors enabled, says so and records a run manifest', async () => {
    const io = captureIo(dir);
    expect(await main(['collect', '--once', '--data', 'store'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/no connectors enabled/);
    expect(await manifests()).toHaveLength(1);
  });

  it('with --every, runs until stopped (here: already stopped after the first run)', async () => {
    const stop = new AbortController();
    stop.abort();
    const io = captureIo(dir, {}, stop.signal);
    expect(await main(['collect', '--every', '1s', '--data', 'store'], io)).toBe(0);
    expect(await manifests()).toHaveLength(1);
  });

  it('is 2 for a connector the build does not know, naming it', async () => {
    const config = join(dir, 'bridge.yaml');
    await writeFile(config, 'connectors:\n  nagios:\n    enabled: true\n');
    const io = captureIo(dir);
    expect(await main(['collect', '--config', config, '--data', 'store'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/connectors\.nagios/);
  });

  it('is 2 for an interval it cannot read', async () => {
    const io = captureIo(dir);
    expect(await main(['collect', '--every', 'often', '--data', 'store'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/invalid duration/);
  });
});
