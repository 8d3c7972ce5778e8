import { describe, expect, it } from 'vitest';
import { makeCloudWatchLogsHandler } from '../../../aws-lambda/cloudwatch-logs.js';
import { LocalFolderStore } from '../../../shared/store/local-folder.js';
import { jsonLines, readAll } from '../../helpers/pipeline.js';
import { failingStore, tempDir, testRuntime } from './handler-runtime.js';
import { accessLogLine, cloudWatchLogsEvent, CONTROL_MESSAGE, dataMessage, lambdaContext } from './lambda-events.js';

describe('the CloudWatch Logs handler', () => {
  it('writes the events of a subscription delivery and returns the accounting', async () => {
    const t = await testRuntime();
    const handler = makeCloudWatchLogsHandler(async () => t.runtime);
    const result = await handler(cloudWatchLogsEvent(dataMessage([0, 1, 2].map((i) => accessLogLine(i)))), lambdaContext('cwl-ingest'));

    expect(result.received).toBe(3);
    expect(result.received).toBe(result.written + result.quarantined + result.filtered);
    expect(result.written).toBeGreaterThan(0);
    const raw = await readAll(t.store, 'raw/');
    expect([...raw.keys()].every((k) => k.startsWith('raw/source=aws.cloudwatch/'))).toBe(true);
    expect(raw.size).toBeGreaterThan(0);
    const stored = [...raw.values()].join('\n');
    expect(jsonLines(stored)).toHaveLength(result.written);
    expect(stored).not.toContain('user1@example.com');
    for (const key of result.objects) expect(await t.store.get(key)).not.toBeNull();
  });

  it('logs one line and emits one metric set with the cloud and function dimensions', async () => {
    const t = await testRuntime();
    const handler = makeCloudWatchLogsHandler(async () => t.runtime);
    const result = await handler(cloudWatchLogsEvent(dataMessage([accessLogLine(1)])), lambdaContext());

    const ingested = t.lines.filter((l) => l.message === 'batch ingested');
    expect(ingested).toHaveLength(1);
    expect(ingested[0]!.context).toMatchObject({ cloud: 'aws', function: 'cloudwatch-logs', batch_key: result.batchKey, received: 1 });
    expect(t.metrics.sets).toHaveLength(1);
    expect(t.metrics.sets[0]!.dimensions).toEqual({ cloud: 'aws', function: 'cloudwatch-logs', source: 'aws.cloudwatch' });
    expect(t.metrics.sets[0]!.values).toMatchObject({ Received: 1, Written: result.written });
  });

  it('acknowledges a control message without storing an event', async () => {
    const t = await testRuntime();
    const handler = makeCloudWatchLogsHandler(async () => t.runtime);
    const result = await handler(cloudWatchLogsEvent(CONTROL_MESSAGE), lambdaContext());

    expect(result).toMatchObject({ received: 1, written: 0, quarantined: 0, filtered: 1 });
    expect((await readAll(t.store, 'raw/')).size).toBe(0);
  });

  it('overwrites its own objects when the same delivery is redelivered', async () => {
    const t = await testRuntime();
    const handler = makeCloudWatchLogsHandler(async () => t.runtime);
    const event = cloudWatchLogsEvent(dataMessage([accessLogLine(1), accessLogLine(2)]));
    const first = await handler(event, lambdaContext());
    const second = await handler(event, lambdaContext());

    expect(second.objects).toEqual(first.objects);
    expect((await readAll(t.store, 'raw/')).size).toBe(first.objects.filter((k) => k.startsWith('raw/')).length);
  });

  it('throws when the batch cannot be persisted, and reports the failure rather than success', async () => {
    const t = await testRuntime(failingStore(new LocalFolderStore({ root: tempDir() })));
    const handler = makeCloudWatchLogsHandler(async () => t.runtime);

    await expect(handler(cloudWatchLogsEvent(dataMessage([accessLogLine(1)])), lambdaContext())).rejects.toMatchObject({ name: 'PersistError' });
    expect(t.lines.filter((l) => l.message === 'batch ingested')).toHaveLength(0);
    expect(t.lines.find((l) => l.level === 'error')?.context).toMatchObject({ cloud: 'aws', retryable: true, request_id: lambdaContext().awsRequestId });
    expect(t.metrics.sets.map((s) => s.values)).toEqual([{ Failed: 1 }]);
  });
});
