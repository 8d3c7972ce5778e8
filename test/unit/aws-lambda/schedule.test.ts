import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeScheduleHandler } from '../../../aws-lambda/schedule.js';
import { LocalFolderStore } from '../../../shared/store/local-folder.js';
import { readAll } from '../../helpers/pipeline.js';
import { failingStore, tempDir, testRuntime } from './handler-runtime.js';
import { lambdaContext } from './lambda-events.js';

const scheduledEvent: ScheduledEvent = {
  version: '0',
  id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-11-24T23:55:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:123456789012:rule/bridge-collect'],
  detail: {},
};

describe('the scheduled collection handler', () => {
  it('runs the connector registry and records a run manifest dated by the schedule', async () => {
    const t = await testRuntime();
    const result = await makeScheduleHandler(async () => t.runtime)(scheduledEvent, lambdaContext('collect'));

    expect(result.ok).toBe(true);
    expect(result.manifestKey).toContain('dt=2026-11-24');
    const manifests = await readAll(t.store, 'manifests/');
    expect(manifests.has(result.manifestKey)).toBe(true);
    expect(t.lines.find((l) => l.message === 'collection finished')?.context).toMatchObject({ cloud: 'aws', function: 'schedule', run_id: result.runId });
    expect(t.metrics.sets.at(-1)).toMatchObject({ dimensions: { cloud: 'aws', function: 'schedule' }, values: { ConnectorsRun: 0, ConnectorsFailed: 0 } });
  });

  it('throws when the run manifest cannot be written', async () => {
    const t = await testRuntime(failingStore(new LocalFolderStore({ root: tempDir() })));
    await expect(makeScheduleHandler(async () => t.runtime)(scheduledEvent, lambdaContext('collect'))).rejects.toMatchObject({ name: 'PersistError' });
    expect(t.lines.some((l) => l.level === 'error' && l.context.function === 'schedule')).toBe(true);
    expect(t.metrics.sets.map((s) => s.values)).toEqual([{ Failed: 1 }]);
  });
});
