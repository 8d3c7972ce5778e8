import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makePubSubHandler, type MessagePublishedData } from '../../../gcp-function/pubsub.js';
import { LocalFolderStore } from '../../../shared/store/local-folder.js';
import { readAll } from '../../helpers/pipeline.js';
import { failingStore, tempDir, testRuntime, type TestRuntime } from '../aws-lambda/handler-runtime.js';
import { auditLogEntry, listen, messagePublished, postBinary, postStructured, structuredCloudEvent } from './cloud-events.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
  vi.restoreAllMocks();
});

/** Registers the handler under its deployed name and serves it the way the platform does, over HTTP. */
async function serve(t: TestRuntime): Promise<string> {
  functions.cloudEvent<MessagePublishedData>('ingestPubSub', makePubSubHandler(async () => t.runtime));
  const server = await listen(getTestServer('ingestPubSub'));
  close = server.close;
  return server.url;
}

describe('the Pub/Sub handler', () => {
  it.each([
    ['structured', postStructured],
    ['binary', postBinary],
  ])('writes the LogEntry of a %s-mode CloudEvent and acknowledges it', async (_mode, post) => {
    const t = await testRuntime();
    const url = await serve(t);
    const res = await post(url, structuredCloudEvent(messagePublished(JSON.stringify(auditLogEntry(1)))));

    expect(res.status).toBe(204);
    const raw = await readAll(t.store, 'raw/');
    expect(raw.size).toBe(1);
    expect([...raw.keys()][0]).toMatch(/^raw\/source=gcp\.pubsub\/dt=2026-11-25\/hour=10\//);
    expect([...raw.values()][0]).not.toContain('bob@acme.example');
    const line = t.lines.find((l) => l.message === 'batch ingested');
    expect(line?.context).toMatchObject({ cloud: 'gcp', function: 'ingestPubSub', received: 1, written: 1 });
    expect(t.metrics.sets).toHaveLength(1);
  });

  it('acknowledges a message it must quarantine (a bad record never fails the delivery)', async () => {
    const t = await testRuntime();
    const url = await serve(t);
    const res = await postStructured(url, structuredCloudEvent({ message: { data: '%%% not base64 %%%', messageId: '9' }, subscription: 'projects/p/subscriptions/s' }));

    expect(res.status).toBe(204);
    expect(t.lines.find((l) => l.message === 'batch ingested')?.context).toMatchObject({ received: 1, quarantined: 1 });
    expect((await readAll(t.store, 'quarantine/')).size).toBe(1);
  });

  it('answers 500 when the message cannot be persisted, so Pub/Sub redelivers it', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined); // the framework prints the error
    const t = await testRuntime(failingStore(new LocalFolderStore({ root: tempDir() })));
    const url = await serve(t);
    const res = await postStructured(url, structuredCloudEvent(messagePublished(JSON.stringify(auditLogEntry(2)))));

    expect(res.status).toBe(500);
    expect(t.lines.filter((l) => l.message === 'batch ingested')).toHaveLength(0);
    expect(t.lines.find((l) => l.level === 'error')?.context).toMatchObject({ cloud: 'gcp', event_id: '11223344556677', retryable: true });
    expect(t.metrics.sets.map((s) => s.values)).toEqual([{ Failed: 1 }]);
  });
});
