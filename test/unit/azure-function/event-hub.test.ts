import { describe, expect, it } from 'vitest';
import { deadLetterKey } from '../../../azure-function/dead-letter.js';
import { EVENT_HUB_RETRY, makeEventHubHandler } from '../../../azure-function/event-hub.js';
import { LocalFolderStore } from '../../../shared/store/local-folder.js';
import { readAll } from '../../helpers/pipeline.js';
import { failingStore, tempDir, testRuntime } from '../aws-lambda/handler-runtime.js';
import { activityRecord, invocationContext, triggerMetadata } from './event-hub-messages.js';

/** Three messages as the host hands them over: a string, a Buffer and an already-parsed object. */
function batch() {
  const messages: unknown[] = [
    JSON.stringify({ records: [activityRecord(0), activityRecord(1)] }),
    Buffer.from(JSON.stringify({ records: [activityRecord(2)] })),
    { records: [activityRecord(3, 'Failure')] },
  ];
  return { messages, metadata: triggerMetadata(messages.length) };
}

const lastAttempt = { retryCount: EVENT_HUB_RETRY.maxRetryCount, maxRetryCount: EVENT_HUB_RETRY.maxRetryCount };
const rawFails = (key: string) => !key.startsWith('failed/');

describe('the Event Hubs handler', () => {
  it('declares an exponential-backoff retry policy, since the checkpoint advances even on failure', () => {
    expect(EVENT_HUB_RETRY).toMatchObject({ strategy: 'exponentialBackoff' });
    expect(EVENT_HUB_RETRY.maxRetryCount).toBeGreaterThan(0);
  });

  it('writes the records of a batch (strings, Buffers and parsed objects) with one log line and one metric set', async () => {
    const t = await testRuntime();
    const { messages, metadata } = batch();
    await makeEventHubHandler(async () => t.runtime)(messages, invocationContext({ triggerMetadata: metadata }));

    const raw = await readAll(t.store, 'raw/');
    expect([...raw.keys()].length).toBeGreaterThan(0);
    expect([...raw.keys()].every((k) => k.startsWith('raw/source=azure.eventhub/'))).toBe(true);
    expect([...raw.values()].join('')).not.toContain('alice@contoso.com');
    const line = t.lines.filter((l) => l.message === 'batch ingested');
    expect(line).toHaveLength(1);
    const { received, written, quarantined, filtered } = line[0]!.context as Record<string, number>;
    expect(received).toBe(4);
    expect(received).toBe(written! + quarantined! + filtered!);
    expect(written).toBeGreaterThan(0);
    expect(t.metrics.sets).toEqual([expect.objectContaining({ dimensions: { cloud: 'azure', function: 'ingestEventHub', source: 'azure.eventhub' } })]);
  });

  it('acknowledges an empty diagnostic export as a control message', async () => {
    const t = await testRuntime();
    await makeEventHubHandler(async () => t.runtime)([{ records: [] }], invocationContext({ triggerMetadata: triggerMetadata(1) }));
    expect(t.lines.find((l) => l.message === 'batch ingested')?.context).toMatchObject({ received: 1, written: 0, filtered: 1 });
    expect((await readAll(t.store, 'raw/')).size).toBe(0);
  });

  it.each([
    ['without a retry context', undefined],
    ['on an attempt before the last', { retryCount: 2, maxRetryCount: 5 }],
    ['when the policy retries forever', { retryCount: 99, maxRetryCount: -1 }],
  ])('throws when the batch cannot be persisted %s, so the retry policy runs again', async (_name, retryContext) => {
    const t = await testRuntime(failingStore(new LocalFolderStore({ root: tempDir() })));
    const { messages, metadata } = batch();
    const context = invocationContext({ triggerMetadata: metadata, ...(retryContext ? { retryContext } : {}) });
    await expect(makeEventHubHandler(async () => t.runtime)(messages, context)).rejects.toMatchObject({ name: 'PersistError' });
    expect(t.lines.filter((l) => l.message === 'batch ingested')).toHaveLength(0);
    expect(t.lines.some((l) => l.level === 'error')).toBe(true);
    expect(t.metrics.sets.map((s) => s.values)).toEqual([{ Failed: 1 }]);
  });

  it('dead-letters the redacted batch on the last attempt, logs it as an error and returns', async () => {
    const inner = new LocalFolderStore({ root: tempDir() });
    const t = await testRuntime(failingStore(inner, rawFails));
    const { messages, metadata } = batch();
    await makeEventHubHandler(async () => t.runtime)(messages, invocationContext({ triggerMetadata: metadata, retryContext: lastAttempt }));

    const stored = await readAll(inner, 'failed/');
    expect(stored.size).toBe(1);
    const [key, text] = [...stored.entries()][0]!;
    expect(key).toMatch(/^failed\/eventhub-deadletter\/dt=2026-11-25\/[0-9a-f]{32}\.json$/);
    const doc = JSON.parse(text) as { messages: unknown[]; triggerMetadata: unknown; reason: { name: string }; attempts: number };
    // Redacted like the lake (keyed hashes for emails and IPs): Buffers decoded and JSON bodies
    // parsed, so the field rules reach them (the UPN claim is hashed as a field).
    expect(text).not.toMatch(/alice@contoso\.com|203\.0\.113\.9/);
    expect(text).toContain('[HASH:field_hash:');
    expect(doc.messages[1]).toEqual(t.runtime.deps.redactor.redactValue(JSON.parse((messages[1] as Buffer).toString('utf8'))).value);
    expect(doc.messages).toHaveLength(3);
    expect(doc.triggerMetadata).toEqual(t.runtime.deps.redactor.redactValue(metadata).value);
    expect(doc).toMatchObject({ reason: { name: 'PersistError' }, attempts: EVENT_HUB_RETRY.maxRetryCount + 1 });
    const logged = t.lines.find((l) => l.message === 'batch dead-lettered after the last retry');
    expect(logged).toMatchObject({ level: 'error', context: { dead_letter_key: key, messages: 3 } });
    expect(t.metrics.sets.map((s) => s.values)).toEqual([{ Failed: 1 }, { DeadLettered: 3 }]);
  });

  it('uses the same batch key for the same delivery, so a repeated dead letter overwrites', async () => {
    const inner = new LocalFolderStore({ root: tempDir() });
    const t = await testRuntime(failingStore(inner, rawFails));
    const handler = makeEventHubHandler(async () => t.runtime);
    const { messages, metadata } = batch();
    await handler(messages, invocationContext({ triggerMetadata: metadata, retryContext: lastAttempt }));
    await handler(messages, invocationContext({ triggerMetadata: metadata, retryContext: lastAttempt }));
    await handler(messages, invocationContext({ triggerMetadata: triggerMetadata(3, 2048), retryContext: lastAttempt }));
    expect((await readAll(inner, 'failed/')).size).toBe(2);
  });

  it('throws when even the dead letter cannot be written', async () => {
    const t = await testRuntime(failingStore(new LocalFolderStore({ root: tempDir() })));
    const { messages, metadata } = batch();
    const context = invocationContext({ triggerMetadata: metadata, retryContext: lastAttempt });
    await expect(makeEventHubHandler(async () => t.runtime)(messages, context)).rejects.toMatchObject({ name: 'PersistError' });
    expect(t.lines.filter((l) => l.level === 'error')).toHaveLength(2);
  });

  it('names dead letters by day and batch key', () => {
    expect(deadLetterKey(Date.parse('2026-11-25T23:59:59Z'), 'abc')).toBe('failed/eventhub-deadletter/dt=2026-11-25/abc.json');
  });
});
