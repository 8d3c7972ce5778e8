import { DataResource } from 'cdktf';
import { Construct } from 'constructs';
import type { Cloudfunctions2Function } from '@cdktf/provider-google/lib/cloudfunctions2-function/index.js';
import { PubsubSubscription } from '@cdktf/provider-google/lib/pubsub-subscription/index.js';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic/index.js';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member/index.js';

/** Attaches the dead-letter policy to the subscription Eventarc created for the trigger. */
export const ATTACH_DEAD_LETTER_SCRIPT = [
  'set -eu',
  'SUB=$(gcloud eventarc triggers describe "$TRIGGER" --location="$REGION" --project="$PROJECT" --format="value(transport.pubsub.subscription)")',
  'gcloud pubsub subscriptions update "$SUB" --project="$PROJECT" --dead-letter-topic="$DEAD_LETTER_TOPIC" --max-delivery-attempts="$MAX_DELIVERY_ATTEMPTS" --min-retry-delay=10s --max-retry-delay=600s',
  'gcloud pubsub subscriptions add-iam-policy-binding "$SUB" --project="$PROJECT" --member="serviceAccount:$PUBSUB_AGENT" --role=roles/pubsub.subscriber',
].join('\n');

export interface DeadLetterProps {
  namePrefix: string;
  project: string;
  projectNumber: string;
  region: string;
  maxDeliveryAttempts: number;
  attachWithGcloud: boolean;
}

/**
 * The dead-letter topic for the ingest trigger, a subscription that keeps what lands there for
 * 7 days (inspect, then republish to replay), and the Pub/Sub service agent's right to publish
 * to it. `attach(fn)` wires it to the Eventarc subscription of an event-triggered function.
 */
export class DeadLetterTopic extends Construct {
  readonly topic: PubsubTopic;
  readonly hold: PubsubSubscription;
  readonly pubsubAgent: string;
  private readonly props: DeadLetterProps;

  constructor(scope: Construct, id: string, props: DeadLetterProps) {
    super(scope, id);
    this.props = props;
    this.pubsubAgent = `service-${props.projectNumber}@gcp-sa-pubsub.iam.gserviceaccount.com`;
    this.topic = new PubsubTopic(this, 'Topic', { name: `${props.namePrefix}-logs-dead-letter`, messageRetentionDuration: '604800s' });
    this.hold = new PubsubSubscription(this, 'Hold', {
      name: `${props.namePrefix}-logs-dead-letter-hold`,
      topic: this.topic.id,
      messageRetentionDuration: '604800s',
      ackDeadlineSeconds: 60,
      expirationPolicy: { ttl: '' },
    });
    new PubsubTopicIamMember(this, 'AgentPublishes', { topic: this.topic.id, role: 'roles/pubsub.publisher', member: `serviceAccount:${this.pubsubAgent}` });
  }

  /** Runs the gcloud step after `fn` (and again whenever its trigger is replaced). */
  attach(fn: Cloudfunctions2Function): DataResource | undefined {
    if (!this.props.attachWithGcloud) return undefined;
    return new DataResource(this, 'AttachToTrigger', {
      triggersReplace: { trigger: fn.eventTrigger.trigger, topic: this.topic.id, attempts: this.props.maxDeliveryAttempts },
      dependsOn: [fn, this.topic],
      provisioners: [
        {
          type: 'local-exec',
          interpreter: ['/bin/sh', '-c'],
          command: ATTACH_DEAD_LETTER_SCRIPT,
          environment: {
            TRIGGER: fn.eventTrigger.trigger,
            REGION: this.props.region,
            PROJECT: this.props.project,
            DEAD_LETTER_TOPIC: this.topic.id,
            MAX_DELIVERY_ATTEMPTS: String(this.props.maxDeliveryAttempts),
            PUBSUB_AGENT: this.pubsubAgent,
          },
        },
      ],
    });
  }
}
