import type { CloudWatchLogsEvent } from 'aws-lambda';
import type { CloudEvent } from '@google-cloud/functions-framework';
import type { MessagePublishedData } from '../../gcp-function/pubsub.js';
import { describeError } from '../../shared/errors.js';
import type { Runtime } from '../../shared/runtime.js';
import type { CliTrigger, Invocation } from './deliveries.js';
import { FileSourceBuckets } from './file-source-store.js';
import { azureInvocationContext, lambdaContext, s3PutEvent } from './platform-context.js';

export interface InvocationOutcome {
  trigger: CliTrigger;
  file: string;
  ok: boolean;
  /** Why the invocation failed (class and message, never payload text). */
  error?: { name: string; message: string };
}

type Invoke = (invocation: Invocation) => Promise<void>;

/**
 * Calls the same handler entry points the clouds call (Lambda, Azure Functions, Cloud Functions),
 * each built once with the CLI's runtime. A handler module is imported only when its trigger is used.
 */
export class HandlerSet {
  private readonly invokers = new Map<CliTrigger, Promise<Invoke>>();
  private readonly sources = new FileSourceBuckets();

  constructor(private readonly runtime: Runtime, private readonly clock: () => number = Date.now) {}

  async invoke(invocation: Invocation): Promise<InvocationOutcome> {
    const base = { trigger: invocation.trigger, file: invocation.file };
    try {
      const invoke = await this.invokerFor(invocation.trigger);
      await invoke(invocation);
      return { ...base, ok: true };
    } catch (err) {
      return { ...base, ok: false, error: describeError(err) };
    }
  }

  private invokerFor(trigger: CliTrigger): Promise<Invoke> {
    let invoker = this.invokers.get(trigger);
    if (!invoker) {
      invoker = this.build(trigger);
      this.invokers.set(trigger, invoker);
    }
    return invoker;
  }

  private async build(trigger: CliTrigger): Promise<Invoke> {
    const getRuntime = async () => this.runtime;
    switch (trigger) {
      case 'cloudwatch': {
        const { makeCloudWatchLogsHandler } = await import('../../aws-lambda/cloudwatch-logs.js');
        const handler = makeCloudWatchLogsHandler(getRuntime);
        return async (inv) => {
          if (inv.trigger !== 'cloudwatch') return;
          await handler(inv.event as CloudWatchLogsEvent, lambdaContext('cloudwatch-logs'));
        };
      }
      case 's3': {
        const { makeS3ObjectsHandler } = await import('../../aws-lambda/s3-objects.js');
        const handler = makeS3ObjectsHandler(getRuntime, { sourceStore: async (bucket) => this.sources.bucket(bucket) });
        return async (inv) => {
          if (inv.trigger !== 's3') return;
          this.sources.bucket(inv.bucket).add(inv.key, inv.file);
          const result = await handler(s3PutEvent(inv.bucket, inv.key, inv.size, new Date(this.clock())), lambdaContext('s3-objects'));
          if ('batchItemFailures' in result && result.batchItemFailures.length > 0) throw new Error(`${result.batchItemFailures.length} SQS messages failed`);
        };
      }
      case 'eventhub': {
        const { makeEventHubHandler } = await import('../../azure-function/event-hub.js');
        const handler = makeEventHubHandler(getRuntime);
        return async (inv) => {
          if (inv.trigger !== 'eventhub') return;
          await handler(inv.messages, await azureInvocationContext('ingestEventHub', inv.triggerMetadata, this.runtime.logger));
        };
      }
      case 'pubsub': {
        const { makePubSubHandler } = await import('../../gcp-function/pubsub.js');
        const handler = makePubSubHandler(getRuntime);
        return async (inv) => {
          if (inv.trigger !== 'pubsub') return;
          await handler(inv.cloudEvent as CloudEvent<MessagePublishedData>);
        };
      }
    }
  }
}
