import { afterAll } from 'vitest';
import { EVENT_HUB_RETRY, makeEventHubHandler } from '../../azure-function/event-hub.js';
import { activityRecord, invocationContext, triggerMetadata } from '../unit/azure-function/event-hub-messages.js';
import { acknowledged, faultSuite, startHttpSinks, type HandlerPath } from './support/matrix.js';

const http = await startHttpSinks();
afterAll(() => http.close());

// Four Activity log records in three messages; one is not JSON (quarantined).
const messages: unknown[] = [JSON.stringify({ records: [activityRecord(0), activityRecord(1)] }), { records: [activityRecord(2, 'Failure')] }, '{"records": [ not json'];
const metadata = triggerMetadata(messages.length);

// The host retries in-process with EVENT_HUB_RETRY; the last attempt dead-letters the batch.
const path: HandlerPath = {
  name: 'Event Hubs (retry policy and dead letter)',
  sinks: ['fixops', 'event_hubs'],
  records: 4,
  maxAttempts: EVENT_HUB_RETRY.maxRetryCount + 1,
  async invoke(world, attempt) {
    const handler = makeEventHubHandler(async () => world.runtime);
    const context = invocationContext({ triggerMetadata: metadata, retryContext: { retryCount: attempt - 1, maxRetryCount: EVENT_HUB_RETRY.maxRetryCount } });
    return acknowledged(handler(messages, context));
  },
};

await faultSuite(http, path);
