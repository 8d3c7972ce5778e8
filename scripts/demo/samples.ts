import { cloudWatchSamples } from './aws-cloudwatch-samples.js';
import { s3Samples } from './aws-s3-samples.js';
import { eventHubSamples } from './azure-eventhub-samples.js';
import type { SampleFile } from './encode.js';
import { pubSubSamples } from './gcp-pubsub-samples.js';

export type { SampleFile } from './encode.js';
export { SAMPLE_SECRETS, type SecretKind } from './fake-secrets.js';

/** Where the checked-in samples live (scripts/demo/samples/). */
export const SAMPLES_DIR = new URL('./samples/', import.meta.url);

/** Every demo payload, in a stable order. Pure and deterministic: same bytes on every run. */
export function buildSamples(): SampleFile[] {
  return [...cloudWatchSamples(), ...s3Samples(), ...eventHubSamples(), ...pubSubSamples()];
}
