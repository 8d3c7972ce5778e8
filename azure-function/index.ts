/**
 * The Function App's entry point (package.json "main"): registers each trigger with the
 * @azure/functions v4 programming model. Outside the Functions host the library runs in test
 * mode and skips these registrations; tests call the handlers directly.
 */
import { app } from '@azure/functions';
import { EVENT_HUB_RETRY, makeEventHubHandler } from './event-hub.js';
import { makeEvidenceHttpHandler } from './evidence-http.js';
import { makeHttpIngestHandler } from './http-ingest.js';
import { azureRuntime } from './runtime.js';
import { makeTimerHandler } from './timer.js';

app.eventHub('ingestEventHub', {
  connection: 'EVENTHUB_CONNECTION',
  eventHubName: '%EVENTHUB_NAME%',
  consumerGroup: '%EVENTHUB_CONSUMER_GROUP%',
  cardinality: 'many',
  retry: EVENT_HUB_RETRY,
  handler: makeEventHubHandler(azureRuntime),
});

app.timer('scheduledCollect', {
  schedule: '%COLLECT_SCHEDULE%',
  handler: makeTimerHandler(azureRuntime),
});

app.http('evidenceHttp', {
  methods: ['GET', 'POST'],
  authLevel: 'function',
  route: 'evidence',
  handler: makeEvidenceHttpHandler(azureRuntime),
});

app.http('httpIngest', {
  methods: ['GET', 'POST'],
  authLevel: 'function',
  route: 'edge/{*path}',
  handler: makeHttpIngestHandler(azureRuntime),
});
