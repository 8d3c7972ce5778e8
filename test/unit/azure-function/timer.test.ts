import type { Timer } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { makeTimerHandler } from '../../../azure-function/timer.js';
import { LocalFolderStore } from '../../../shared/store/local-folder.js';
import { readAll } from '../../helpers/pipeline.js';
import { failingStore, tempDir, testRuntime } from '../aws-lambda/handler-runtime.js';
import { invocationContext } from './event-hub-messages.js';

const timer: Timer = {
  isPastDue: false,
  schedule: { adjustForDST: false },
  scheduleStatus: { last: '2026-11-25T11:00:00.000Z', next: '2026-11-25T12:15:00.000Z', lastUpdated: '2026-11-25T11:00:00.000Z' },
};

describe('the timer handler', () => {
  it('runs the connector registry and records a run manifest', async () => {
    const t = await testRuntime();
    await makeTimerHandler(async () => t.runtime)(timer, invocationContext({ functionName: 'scheduledCollect' }));
    const line = t.lines.find((l) => l.message === 'collection finished');
    expect(line?.context).toMatchObject({ cloud: 'azure', function: 'scheduledCollect' });
    expect((await readAll(t.store, 'manifests/')).has(line!.context.manifest as string)).toBe(true);
  });

  it('fails the invocation when the run manifest cannot be written', async () => {
    const t = await testRuntime(failingStore(new LocalFolderStore({ root: tempDir() })));
    await expect(makeTimerHandler(async () => t.runtime)(timer, invocationContext({ functionName: 'scheduledCollect' }))).rejects.toThrow();
    expect(t.metrics.sets.map((s) => s.values)).toEqual([{ Failed: 1 }]);
  });
});
