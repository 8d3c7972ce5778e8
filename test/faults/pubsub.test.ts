import type { CloudEvent } from '@google-cloud/functions-framework';
import { afterAll } from 'vitest';
import { makePubSubHandler, type MessagePublishedData } from '../../gcp-function/pubsub.js';
import { auditLogEntry, messagePublished, structuredCloudEvent } from '../unit/gcp-function/cloud-events.js';
import { acknowledged, faultSuite, startHttpSinks, type HandlerPath } from './support/matrix.js';

const http = await startHttpSinks();
afterAll(() => http.close());

// One Cloud Audit Logs entry per message, as a Cloud Logging sink publishes it.
const event = structuredCloudEvent(messagePublished(JSON.stringify(auditLogEntry(7)))) as unknown as CloudEvent<MessagePublishedData>;

// Pub/Sub redelivers until acknowledged (then the dead-letter topic): 5 deliveries here.
const path: HandlerPath = {
  name: 'Pub/Sub',
  sinks: ['fixops', 'pubsub'],
  records: 1,
  maxAttempts: 5,
  async invoke(world) {
    return acknowledged(makePubSubHandler(async () => world.runtime)(event));
  },
};

await faultSuite(http, path);
