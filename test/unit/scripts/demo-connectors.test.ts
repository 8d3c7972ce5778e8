import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main.js';
import type { CollectionResult } from '../../../shared/connectors/run.js';
import { postgresAnswers } from '../../helpers/vendors/postgres-db.js';
import { captureIo } from './capture-io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-demo-connectors-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bridge demo --with-connectors', () => {
  it('collects from the five loopback vendors and shows each manifest', async () => {
    const io = captureIo(dir);
    expect(await main(['demo', '--with-connectors', '--data', join(dir, 'data')], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/Connectors \(loopback vendors\), run /);
    for (const name of ['dynatrace', 'splunk', 'servicenow', 'pagerduty', 'github', 'kubernetes', 'github_app']) expect(text).toMatch(new RegExp(`^${name}\\s+\\S+\\s+\\d+\\s+[1-9]\\d*\\s+0\\s+ok`, 'm'));
  });

  it('puts the collection result in --json output', async () => {
    const io = captureIo(dir);
    expect(await main(['demo', '--with-connectors', '--json', '--data', join(dir, 'data')], io)).toBe(0);
    const { connectors } = io.json<{ connectors: CollectionResult }>();
    expect(connectors.ok).toBe(true);
    const names = connectors.manifests.map((m) => m.connector).sort();
    // PostgreSQL joins when the machine's server answers (seed 003); the loopback ones always run.
    expect(names.filter((n) => n !== 'postgres')).toEqual(['dynatrace', 'github', 'github_app', 'kubernetes', 'pagerduty', 'servicenow', 'splunk']);
    expect(names.includes('postgres')).toBe(await postgresAnswers());
  });
});
