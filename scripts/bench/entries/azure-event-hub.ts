/**
 * The Azure Event Hubs handler as a callable export (the Function App entry only registers it
 * with the host, which cannot be reached outside the host): the first-invocation bench bundles
 * this with the Function App's build settings.
 */
import { makeEventHubHandler } from '../../../azure-function/event-hub.js';
import { azureRuntime } from '../../../azure-function/runtime.js';

export const handler = makeEventHubHandler(azureRuntime);
