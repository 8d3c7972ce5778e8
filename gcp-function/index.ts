/**
 * The Cloud Functions entry point (package.json "main"): registers each function with the
 * Functions Framework, which the platform starts with `--target=<name>`.
 */
import * as functions from '@google-cloud/functions-framework';
import { makeEvidenceHttpHandler } from './evidence-http.js';
import { makeHttpIngestHandler } from './http-ingest.js';
import { makePubSubHandler, type MessagePublishedData } from './pubsub.js';
import { gcpRuntime } from './runtime.js';
import { makeScheduledHandler } from './scheduled.js';

functions.cloudEvent<MessagePublishedData>('ingestPubSub', makePubSubHandler(gcpRuntime));
functions.cloudEvent<unknown>('scheduledCollect', makeScheduledHandler(gcpRuntime));
functions.http('evidenceHttp', makeEvidenceHttpHandler(gcpRuntime));
functions.http('httpIngest', makeHttpIngestHandler(gcpRuntime));
