import type { CloudEvent } from '@google-cloud/functions-framework';
import { configuredBudget } from '../shared/cloud-runtime.js';
import { runDelivery } from '../shared/pipeline/index.js';
import type { Runtime } from '../shared/runtime.js';
import { reportFailure } from '../shared/pipeline/report.js';

/** `google.cloud.pubsub.topic.v1.messagePublished` data. */
export interface MessagePublishedData {
  message: { data?: string; attributes?: Record<string, string>; messageId?: string; publishTime?: string };
  subscription?: string;
}

const DIMENSIONS = { cloud: 'gcp', function: 'ingestPubSub' };

/**
 * Pub/Sub (a Cloud Logging sink's topic) → pipeline. Resolving acknowledges the message; a batch
 * that could not be persisted throws, the framework answers 500, and Pub/Sub redelivers (the
 * trigger must have retry enabled; a dead-letter topic takes what keeps failing).
 */
export function makePubSubHandler(getRuntime: () => Promise<Runtime>) {
  return async function ingestPubSub(ce: CloudEvent<MessagePublishedData>): Promise<void> {
    const runtime = await getRuntime();
    try {
      await runDelivery({ trigger: 'pubsub', cloudEvent: ce }, runtime, DIMENSIONS, configuredBudget(runtime.config, 'gcp', runtime.clock));
    } catch (err) {
      reportFailure(runtime, DIMENSIONS, err, { event_id: ce.id, message_id: ce.data?.message?.messageId });
      throw err;
    }
  };
}
