import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeScheduledHandler } from '../../../gcp-function/scheduled.js';
import { LocalFolderStore } from '../../../shared/store/local-folder.js';
import { readAll } from '../../helpers/pipeline.js';
import { failingStore, tempDir, testRuntime, type TestRuntime } from '../aws-lambda/handler-runtime.js';
import { listen, messagePublished, postStructured, structuredCloudEvent } from './cloud-events.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
  vi.restoreAllMocks();
});

async function serve(t: TestRuntime): Promise<string> {
  functions.cloudEvent<unknown>('scheduledCollect', makeScheduledHandler(async () => t.runtime));
  const server = await listen(getTestServer('scheduledCollect'));
  close = server.close;
  return server.url;
}

/** Cloud Scheduler publishing to the collection topic. */
const tick = { ...structuredCloudEvent(messagePublished('collect'), 'sched-1'), time: '2026-11-24T23:45:00.000Z' };

describe('the scheduled collection function', () => {
  it('runs the connector registry and records a run manifest dated by the schedule', async () => {
    const t = await testRuntime();
    const res = await postStructured(await serve(t), tick);

    expect(res.status).toBe(204);
    const line = t.lines.find((l) => l.message === 'collection finished');
    expect(line?.context).toMatchObject({ cloud: 'gcp', function: 'scheduledCollect' });
    expect(line!.context.manifest).toContain('dt=2026-11-24');
    expect((await readAll(t.store, 'manifests/')).has(line!.context.manifest as string)).toBe(true);
  });

  it('answers 500 when the run manifest cannot be written', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const t = await testRuntime(failingStore(new LocalFolderStore({ root: tempDir() })));
    expect((await postStructured(await serve(t), tick)).status).toBe(500);
    expect(t.metrics.sets.map((s) => s.values)).toEqual([{ Failed: 1 }]);
  });
});
